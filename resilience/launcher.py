"""The one way the assistant's servers are started, from settings.

    python -m resilience rasa [--credentials FILE] [more `rasa run` options]
    python -m resilience actions
    python -m resilience models                            # the model file, for Rasa's pull
    python -m resilience run|shell|... [options]           # any `rasa` command, with the safeguards

`make run` (scripts/run.sh), the local cluster (deploy/local/cluster.py), the
container (deploy/docker/rasa-entrypoint.sh) and the tests (tests/stack.py)
all start Rasa with `python -m resilience rasa`, so every one of them serves
the same channels, the same HTTP API rules and the same safeguards.

Without --credentials, the channels are the website's plus each messaging app
whose variables are all set (channels/credentials.py), written to
--credentials-out; a half-configured app stops here, naming the variable.

With MODEL_SERVER_URL set, Rasa is given ENDPOINTS plus a `models:` section
(written to --endpoints-out): it loads the model from that URL and asks again
every MODEL_PULL_SECONDS, switching to a new one without a restart. Until the
URL answers, Rasa has no model and keeps asking.
"""

import argparse
import os
import sys
from pathlib import Path
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


def rasa_args(s: Settings, credentials: str, extra: Sequence[str] = (),
              endpoints: Optional[str] = None) -> List[str]:
    """`rasa run ...` for these settings (`endpoints`: a file in place of ENDPOINTS)."""
    return ["run", "--model", s.model, "--interface", s.rasa_host, "--port", str(s.rasa_port),
            "--credentials", credentials, "--endpoints", endpoints or s.endpoints, *access_args(s), *extra]


def models_section(s: Settings) -> str:
    """The `models:` section of Rasa's endpoints file for MODEL_SERVER_URL."""
    return (f"\n# Added by the launcher (MODEL_SERVER_URL): the model is pulled, not loaded once.\n"
            f"models:\n  url: {s.model_server_url}\n  wait_time_between_pulls: {s.model_pull_seconds}\n")


def write_endpoints(s: Settings, out: str) -> str:
    """ENDPOINTS with the `models:` section when MODEL_SERVER_URL is set,
    written to `out` (atomically: replicas may write it at the same time);
    the file Rasa is to read."""
    if not s.model_server_url:
        return s.endpoints
    text = Path(s.endpoints).read_text(encoding="utf-8")
    if any(line.startswith("models:") for line in text.splitlines()):
        return s.endpoints  # the file says where models come from itself
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text + models_section(s), encoding="utf-8")
    os.replace(temporary, path)
    return str(path)


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


def run_model_server(s: Settings) -> None:
    from resilience import model_server

    model_server.serve(Path(s.model), s.model_server_port)


def main(argv: Optional[Sequence[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:  # read once, here: a bad value stops the start, naming the variable
        s = settings.load() if env is None else settings.read(env, strict=True)
    except settings.SettingsError as error:
        print(f"[settings] cannot start: {error}", file=sys.stderr)
        return 2
    if env is None:
        _export(s)
    if argv and argv[0] not in ("rasa", "actions", "models", "-h", "--help"):  # a raw `rasa` command line
        run_rasa(argv)
        return 0
    parser = argparse.ArgumentParser(prog="python -m resilience", description=__doc__.splitlines()[0])
    parser.add_argument("server", choices=["rasa", "actions", "models"])
    parser.add_argument("--credentials", help="channels file to use as it is")
    parser.add_argument("--credentials-out", default="var/credentials.yml",
                        help="where to write the channels made from the settings")
    parser.add_argument("--endpoints-out", default="var/endpoints.yml",
                        help="where to write ENDPOINTS with the models: section (MODEL_SERVER_URL)")
    args, extra = parser.parse_known_args(argv)
    if args.server == "actions":
        run_actions(s)
        return 0
    if args.server == "models":
        run_model_server(s)
        return 0
    credentials = args.credentials
    if credentials is None:
        from channels import credentials as channel_credentials

        code = channel_credentials.main(["--out", args.credentials_out], env=s.exports())
        if code:
            return code
        credentials = args.credentials_out
    run_rasa(rasa_args(s, credentials, extra, endpoints=write_endpoints(s, args.endpoints_out)))
    return 0
