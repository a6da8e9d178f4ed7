"""Custom NLU components used by config.yml.

Rasa imports this package whenever it loads the assistant's model, so the
speedups of rasa_patches (the action-reply validator built once) are
installed here, before the first message, however the server is started.
"""

import rasa_patches

rasa_patches.install_speedups()
