"""Drafts kept for a staff member whose sign-in expired as they pressed
Save: the form is kept here, in memory, under a random token that only
their session cookie carries, and filled back in on the edit page once
they have signed in again. Never in an address or the log; a restart of
the studio forgets them.
"""

import secrets
import threading
import time
from typing import Dict, Mapping, Optional, Tuple

KEEP_SECONDS = 3600
# Enough for every staff member at once; an older draft gives way to a newer one.
MOST = 200


class Drafts:
    def __init__(self, keep_seconds: int = KEEP_SECONDS, most: int = MOST):
        self.keep_seconds = keep_seconds
        self.most = most
        self._kept: Dict[str, Tuple[float, str, Dict[str, str]]] = {}
        self._lock = threading.Lock()

    def put(self, page: str, form: Mapping[str, str]) -> str:
        """Keeps the form sent to `page` (an edit page's address without its
        language, '/answers/greet'); the token to take it back with."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._forget_old()
            while len(self._kept) >= self.most:
                del self._kept[next(iter(self._kept))]
            self._kept[token] = (time.monotonic(), page, dict(form))
        return token

    def take(self, token: str, page: str) -> Optional[Dict[str, str]]:
        """The form kept under `token` for `page`, once; None if there is none."""
        with self._lock:
            self._forget_old()
            kept = self._kept.get(token)
            if kept is None or kept[1] != page:
                return None
            del self._kept[token]
            return kept[2]

    def _forget_old(self) -> None:
        oldest = time.monotonic() - self.keep_seconds
        for token in [token for token, (when, _, _) in self._kept.items() if when < oldest]:
            del self._kept[token]
