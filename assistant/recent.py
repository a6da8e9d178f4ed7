"""A dict that forgets its oldest entries beyond a size: what a process
remembers of recent conversations (their language, their app's locale)
without growing with every resident it ever saw."""

from collections import OrderedDict
from typing import Any

# Conversations remembered by default: far more than are active at once.
CAPACITY = 10_000


class Recent(OrderedDict):
    def __init__(self, capacity: int = CAPACITY):
        super().__init__()
        self.capacity = capacity

    def remember(self, key: str, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)
