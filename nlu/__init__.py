"""Custom NLU components used by config.yml.

Rasa imports this package whenever it loads the assistant's model, so the
fixes for the Rasa server's per-turn waste (nlu/speedups.py) are installed
here, before the first message.
"""

from nlu import speedups

speedups.install()
