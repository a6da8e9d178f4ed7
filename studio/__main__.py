"""Starts the staff studio: python -m studio [--host HOST] [--port PORT].

Settings come from the environment (STUDIO_* in .env.example); the studio
listens on the loopback interface unless told otherwise.
"""

import argparse
import logging
import socket
import sys

from studio import settings as studio_settings


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio", description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="interface to listen on (default: STUDIO_HOST, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default: STUDIO_PORT, 5090)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = studio_settings.load()
    except studio_settings.SettingError as error:
        print(f"studio: {error}", file=sys.stderr)
        return 2
    host, port = args.host or settings.host, args.port or settings.port
    if not _port_free(host, port):
        print(f"studio: port {port} on {host} is already in use: is the studio already running "
              f"(make run starts it)? Stop it, or set STUDIO_PORT to a free port.", file=sys.stderr)
        return 2
    from studio.web import create_app  # after the settings: a wrong value is named before anything loads

    app = create_app(settings)
    if not settings.accounts_file.exists():
        logging.warning("no staff account yet: create one with make studio-account NAME=... ROLE=editor "
                        "(.venv/bin/python -m studio.accounts add NAME --role editor)")
    logging.info("studio on http://%s:%d/ (repository %s)", host, port, settings.repo)
    app.run(host=host, port=port, access_log=False, workers=1, motd=False)
    return 0


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        # As the server itself binds: a port still in TIME_WAIT from a studio
        # just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


if __name__ == "__main__":
    sys.exit(main())
