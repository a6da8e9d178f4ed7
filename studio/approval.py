"""Changes waiting for a publisher, when the office turns that rule on
(STUDIO_REQUIRE_APPROVAL=true): an editor's or translator's save of an answer
or a short message is kept as a proposal, checked like any save, and reaches
residents only when a publisher approves it; the commit then names the
proposer as author and the publisher in its message. One proposal per text;
a newer one replaces it.
"""

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from assistant.language import SUPPORTED
from studio.editing import EDITED_FIELDS, TextPair


@dataclass
class Proposal:
    key: str                      # the answer's key; 'messages.<key>' for a short message
    entries: Dict[str, dict]      # lang -> {text, sources, reviewed (ISO date or text), buttons}; {text} for a message
    translation_checked: bool
    message: str
    author: str
    email: str
    created: str                  # ISO time, UTC

    def draft(self, current: TextPair) -> TextPair:
        """The text as it would be once approved (`current`: as published now)."""
        entries = {}
        for lang in SUPPORTED:
            entry = dict(current.entries[lang])
            entry.update(self.entries[lang])
            if "reviewed" in entry:
                try:
                    entry["reviewed"] = date.fromisoformat(str(entry.get("reviewed")))
                except ValueError:
                    pass
            entries[lang] = entry
        return replace(current, entries=entries, problems=[], pending_review=None)


def proposal_from(draft: TextPair, translation_checked: bool, message: str, author: str, email: str,
                  key: Optional[str] = None, fields: Sequence[str] = EDITED_FIELDS) -> Proposal:
    """The draft's `fields` in each language, kept under `key` (the draft's key unless given)."""
    entries = {}
    for lang in SUPPORTED:
        values = {name: draft.entries[lang].get(name) for name in fields}
        entries[lang] = {name: value.isoformat() if isinstance(value, date) else value
                         for name, value in values.items()}
    return Proposal(key or draft.key, entries, translation_checked, message, author, email,
                    datetime.now(timezone.utc).isoformat(timespec="seconds"))


class Proposals:
    """The waiting proposals, in a JSON file beside the accounts."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def _read(self) -> Dict[str, Proposal]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {item["key"]: Proposal(**item) for item in data.get("proposals", [])}

    def _write(self, proposals: Dict[str, Proposal]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".proposals-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"proposals": [asdict(p) for p in proposals.values()]}, out, ensure_ascii=False, indent=2)
        os.replace(temporary, self.path)

    def get(self, key: str) -> Optional[Proposal]:
        return self._read().get(key)

    def all(self) -> List[Proposal]:
        return sorted(self._read().values(), key=lambda p: p.created)

    def put(self, proposal: Proposal) -> None:
        with self._lock:
            proposals = self._read()
            proposals[proposal.key] = proposal
            self._write(proposals)

    def remove(self, key: str) -> Optional[Proposal]:
        with self._lock:
            proposals = self._read()
            removed = proposals.pop(key, None)
            self._write(proposals)
            return removed
