"""Starts the action server, on the loopback interface unless told otherwise.

`rasa run actions` always listens on every interface; the action server only
ever talks to the Rasa server, so by default it is not reachable from outside.
Usage: python -m actions.server [--host 127.0.0.1] [--port 5055]
"""

import argparse
import logging
import os

from rasa_sdk.endpoint import create_app

from assistant import dialogue


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("ACTION_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT", "5055")))
    args = parser.parse_args()
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app("actions.actions", cors_origins=None)
    dialogue.warm_up()
    app.run(host=args.host, port=args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
