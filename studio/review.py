"""What a translator needs when one language changed since the pair was last
confirmed: that language's text as it was then (found in the git history by
the fingerprint the translation state recorded) and as it is now, with the
words that changed marked."""

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from staff import translations
from studio import history
from studio.editing import TextPair

_WORDS = re.compile(r"(\s+)")


@dataclass
class ChangeSinceReview:
    lang: str                            # the language that changed
    segments: List[Tuple[str, str]]      # ("same" | "removed" | "added", text), in reading order


def word_diff(old: str, new: str) -> List[Tuple[str, str]]:
    """The two texts as runs of unchanged, removed and added words."""
    before, after = _WORDS.split(old), _WORDS.split(new)
    segments: List[Tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("same", "".join(before[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("removed", "".join(before[i1:i2])))
        if j2 > j1:
            segments.append(("added", "".join(after[j1:j2])))
    return segments


def change_since_review(repo: Path, locales_dir: Path, pair: TextPair) -> Optional[ChangeSinceReview]:
    """How the changed language's text differs from the one last confirmed,
    when exactly one language changed and that earlier text is in the history."""
    pending = pair.pending_review
    if pending is None or len(pending.changed) != 1:
        return None
    lang = pending.changed[0]
    recorded = translations.read_state(locales_dir, translations.other(lang)).get(pending.unit.id)
    if not recorded:
        return None
    for version in history.versions(repo, pair.key, pair.files, limit=200, section=pair.section):
        text = version.entries[lang].get("text")
        if isinstance(text, str) and translations.fingerprint(text) == recorded:
            return ChangeSinceReview(lang, word_diff(translations.comparable_text(text), pending.unit.texts[lang]))
    return None
