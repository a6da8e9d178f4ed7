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
from typing import List, Mapping, Optional, Sequence

from assistant import settings
from assistant.settings import Settings


def access_args(s: Settings, cors: Optional[Sequence[str]] = None) -> List[str]:
    """CORS origins, and Rasa's HTTP API (trackers, model, training) only when a
    token or a JWT secret protects it: the chat channels never need it."""
    args = ["--cors", *(s.cors_origin_list if cors is None else cors)]
    if s.rasa_auth_token or s.rasa_jwt_secret:
        args.append("--enable-api")
    if s.rasa_auth_token:
        args += ["--auth-token", s.rasa_auth_token]
    if s.rasa_jwt_secret:
        args += ["--jwt-secret", s.rasa_jwt_secret, "--jwt-method", s.rasa_jwt_method or "HS256"]
    return args


def rasa_args(s: Settings, credentials: str, extra: Sequence[str] = ()) -> List[str]:
    """`rasa run ...` for these settings."""
    return ["run", "--model", s.model, "--interface", s.rasa_host, "--port", str(s.rasa_port),
            "--credentials", credentials, "--endpoints", s.endpoints, *access_args(s), *extra]


def action_args(s: Settings) -> List[str]:
    """The action server's options: loopback and 5055 unless told otherwise."""
    return ["--host", s.action_host, "--port", str(s.action_port)]


def _export(s: Settings) -> None:
    """Every setting into this process's environment: endpoints.yml reads
    ${ACTION_SERVER_URL} and ${TRACKER_DB}, Sanic SANIC_REQUEST_MAX_SIZE."""
    os.environ.update(s.exports())


def run_rasa(argv: Sequence[str]) -> None:
    """`rasa <argv>` in this process, with the safeguards installed first."""
    import rasa_patches

    rasa_patches.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv]
    rasa_main()


def run_actions(s: Settings) -> None:
    from actions import server

    sys.argv = ["actions.server", *action_args(s)]
    server.main()


def main(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:  # read once, here: a bad value stops the start, naming the variable
        s = settings.load() if env is None else settings.read(env, strict=True)
    except settings.SettingsError as error:
        print(f"[settings] cannot start: {error}", file=sys.stderr)
        return 2
    if env is None:
        _export(s)
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
        run_actions(s)
        return 0
    credentials = args.credentials
    if credentials is None:
        from channels import credentials as channel_credentials

        code = channel_credentials.main(["--out", args.credentials_out], env=s.exports())
        if code:
            return code
        credentials = args.credentials_out
    run_rasa(rasa_args(s, credentials, extra))
    return 0
