"""Starts the action server, on the loopback interface unless told otherwise.

`rasa run actions` always listens on every interface; the action server only
ever talks to the Rasa server, so by default it is not reachable from outside.
Usage: python -m actions.server [--host 127.0.0.1] [--port 5055]
"""

import argparse
import logging
import sys

from rasa_sdk.endpoint import create_app

from assistant import dialogue, settings


def main() -> None:
    try:  # a bad value stops the start, naming the variable
        s = settings.load()
    except settings.SettingsError as error:
        print(f"[settings] cannot start: {error}", file=sys.stderr)
        sys.exit(2)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=s.action_host)
    parser.add_argument("--port", type=int, default=s.action_port)
    args = parser.parse_args()
    logging.basicConfig(level=s.log_level or "INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app("actions.actions", cors_origins=None)
    dialogue.warm_up()
    app.run(host=args.host, port=args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
