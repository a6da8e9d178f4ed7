"""The one way the assistant's servers are started, from settings.

    python -m resilience rasa [--credentials FILE] [more `rasa run` options]
    python -m resilience actions
    python -m resilience run|shell|... [options]           # any `rasa` command, with the safeguards

`make run` (scripts/run.sh), the local cluster (deploy/local/cluster.py), the
container (deploy/docker/rasa-entrypoint.sh) and the tests (tests/stack.py)
all start Rasa with `python -m resilience rasa`, so every one of them serves
the same channels, the same HTTP API rules and the same safeguards.

Without --credentials, the channels are the website's plus each messaging app
whose variables are all set (channels/credentials.py), written to
--credentials-out; a half-configured app stops here, naming the variable.
"""

import argparse
import os
import sys
from pathlib import Path
from typing import List, Mapping, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent


def _setting(env: Mapping[str, str], name: str, default: str) -> str:
    return env.get(name) or default


def cors_origins(env: Mapping[str, str]) -> List[str]:
    web_port = _setting(env, "WEB_PORT", "8080")
    return _setting(env, "CORS_ORIGINS",
                    f"http://localhost:{web_port} http://127.0.0.1:{web_port}").split()


def access_args(env: Mapping[str, str], cors: Optional[Sequence[str]] = None) -> List[str]:
    """CORS origins, and Rasa's HTTP API (trackers, model, training) only when a
    token or a JWT secret protects it: the chat channels never need it."""
    args = ["--cors", *(cors_origins(env) if cors is None else cors)]
    if env.get("RASA_AUTH_TOKEN") or env.get("RASA_JWT_SECRET"):
        args.append("--enable-api")
    if env.get("RASA_AUTH_TOKEN"):
        args += ["--auth-token", env["RASA_AUTH_TOKEN"]]
    if env.get("RASA_JWT_SECRET"):
        args += ["--jwt-secret", env["RASA_JWT_SECRET"],
                 "--jwt-method", env.get("RASA_JWT_METHOD") or "HS256"]
    return args


def rasa_args(env: Mapping[str, str], credentials: str, extra: Sequence[str] = ()) -> List[str]:
    """`rasa run ...` for this environment's settings."""
    return ["run", "--model", _setting(env, "MODEL", "models/assistant.tar.gz"),
            "--interface", _setting(env, "RASA_HOST", "127.0.0.1"),
            "--port", _setting(env, "RASA_PORT", "5005"),
            "--credentials", credentials,
            "--endpoints", _setting(env, "ENDPOINTS", "endpoints.yml"),
            *access_args(env), *extra]


def action_args(env: Mapping[str, str]) -> List[str]:
    """The action server's options: loopback and 5055 unless told otherwise."""
    return ["--host", _setting(env, "ACTION_HOST", "127.0.0.1"),
            "--port", _setting(env, "ACTION_PORT", "5055")]


def run_rasa(argv: Sequence[str]) -> None:
    """`rasa <argv>` in this process, with the safeguards installed first."""
    import rasa_patches

    rasa_patches.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


def run_actions(env: Mapping[str, str]) -> None:
    from actions import server

    sys.argv = ["actions.server", *action_args(env)]
    server.main()


def main(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    if argv and argv[0] not in ("rasa", "actions", "-h", "--help"):  # a raw `rasa` command line
        run_rasa(argv)
        return 0
    parser = argparse.ArgumentParser(prog="python -m resilience", description=__doc__.splitlines()[0])
    parser.add_argument("server", choices=["rasa", "actions"])
    parser.add_argument("--credentials", help="channels file to use as it is")
    parser.add_argument("--credentials-out", default="var/credentials.yml",
                        help="where to write the channels made from the settings")
    args, extra = parser.parse_known_args(argv)
    if args.server == "actions":
        run_actions(env)
        return 0
    credentials = args.credentials
    if credentials is None:
        from channels import credentials as channel_credentials

        code = channel_credentials.main(["--out", args.credentials_out], env=env)
        if code:
            return code
        credentials = args.credentials_out
    run_rasa(rasa_args(env, credentials, extra))
    return 0
