"""`rasa` with the safeguards installed: python -m resilience run [options].

Takes exactly the options of the `rasa` command line (run from the project
folder so that `actions`, `nlu` and `locales/` are found).
"""

import sys

from resilience import rasa_hooks


def main() -> None:
    rasa_hooks.install()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
