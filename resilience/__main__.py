"""Starts the assistant's servers (resilience/launcher.py):

    python -m resilience rasa       # the Rasa server, from settings
    python -m resilience actions    # the action server
    python -m resilience run ...    # any `rasa` command line, with the safeguards

Run from the project folder so that `actions`, `nlu` and `locales/` are found.
"""

import sys

from resilience import launcher

if __name__ == "__main__":
    sys.exit(launcher.main())
