"""Changes waiting for a publisher, when the office turns that rule on
(STUDIO_REQUIRE_APPROVAL=true): an editor's or translator's save of an answer
is kept as a proposal, checked like any save, and reaches residents only
when a publisher approves it; the commit then names the proposer as author
and the publisher in its message. One proposal per answer; a newer one
replaces it.
"""

import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Dict, List, Optional

from assistant.language import SUPPORTED
from studio.editing import EDITED_FIELDS, AnswerPair


@dataclass
class Proposal:
    key: str
    entries: Dict[str, dict]      # lang -> {text, sources, reviewed (ISO date or text)}
    translation_checked: bool
    message: str
    author: str
    email: str
    created: str                  # ISO time, UTC

    def draft(self, current: AnswerPair) -> AnswerPair:
        """The answer as it would be once approved."""
        entries = {}
        for lang in SUPPORTED:
            entry = dict(current.entries[lang])
            entry.update(self.entries[lang])
            try:
                entry["reviewed"] = date.fromisoformat(str(entry.get("reviewed")))
            except ValueError:
                pass
            entries[lang] = entry
        return AnswerPair(current.key, entries, current.files)


def proposal_from(draft: AnswerPair, translation_checked: bool, message: str, author: str, email: str) -> Proposal:
    entries = {}
    for lang in SUPPORTED:
        values = {name: draft.entries[lang].get(name) for name in EDITED_FIELDS}
        if isinstance(values["reviewed"], date):
            values["reviewed"] = values["reviewed"].isoformat()
        entries[lang] = values
    return Proposal(draft.key, entries, translation_checked, message, author, email,
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
