"""Answers as the studio shows and changes them: both languages of one key
side by side, a draft checked with `make check`'s own rules before anything
is written, and a write that keeps each catalog file's layout and comments.

A draft with a blocking problem (an unclosed '{', a missing text, a link to
an unofficial site...) is never written: the running assistant keeps serving
the last good text.
"""

import io
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from ruamel.yaml.comments import CommentedMap

from assistant.catalog import key_files, load_yaml, read_catalog
from assistant.language import SUPPORTED
from staff import content_check, translations
from staff.content_check import Problem

# The fields of an answer the studio edits; buttons and `conversational`
# stay as they are, except when an earlier version is restored whole.
EDITED_FIELDS = ("text", "sources", "reviewed")
RESTORED_FIELDS = ("text", "sources", "reviewed", "buttons")


@dataclass
class AnswerPair:
    """One answer key, in both languages."""

    key: str
    entries: Dict[str, dict]          # lang -> the catalog entry ({} when missing)
    files: Dict[str, str]             # lang -> 'locales/en/answers.yml'
    problems: List[Problem] = field(default_factory=list)
    pending_review: Optional[translations.Pending] = None

    def text(self, lang: str) -> str:
        return str(self.entries[lang].get("text") or "")

    def sources(self, lang: str) -> List[str]:
        sources = self.entries[lang].get("sources") or []
        return [str(url) for url in sources] if isinstance(sources, list) else [str(sources)]

    def reviewed(self, lang: str) -> str:
        value = self.entries[lang].get("reviewed")
        return value.isoformat() if isinstance(value, date) else str(value or "")

    def placeholders(self) -> List[str]:
        names = set()
        for lang in SUPPORTED:
            names |= content_check.placeholders(self.text(lang))
        return sorted(names)

    @property
    def blocking(self) -> List[Problem]:
        return [p for p in self.problems if p.blocking]


def answer_keys(locales_dir: Path) -> List[str]:
    """Every answer key, in the English catalog's order, then keys found only in French."""
    catalogs = {lang: read_catalog(locales_dir, lang)["answers"] for lang in SUPPORTED}
    return list(dict.fromkeys([*catalogs["en"], *catalogs["fr"]]))


def read_pair(locales_dir: Path, key: str, root: Path) -> Optional[AnswerPair]:
    """The answer as it is in the catalogs now, with its problems; None if no such key."""
    catalogs = {lang: read_catalog(locales_dir, lang) for lang in SUPPORTED}
    if not any(key in catalogs[lang]["answers"] for lang in SUPPORTED):
        return None
    entries = {lang: dict(catalogs[lang]["answers"].get(key) or {}) for lang in SUPPORTED}
    pair = AnswerPair(key, entries, _files(locales_dir, key))
    pair.problems = content_check.check_answer(key, {lang: e for lang, e in entries.items() if e},
                                               locales_dir, root)
    pair.pending_review = next((p for p in translations.pending(locales_dir, catalogs)
                                if p.unit.key == key and p.unit.button is None), None)
    return pair


def all_pairs(locales_dir: Path) -> List[AnswerPair]:
    """Every answer, both languages, without the checks (for the list)."""
    catalogs = {lang: read_catalog(locales_dir, lang)["answers"] for lang in SUPPORTED}
    files = key_files(locales_dir)
    return [AnswerPair(key, {lang: dict(catalogs[lang].get(key) or {}) for lang in SUPPORTED},
                       {lang: files.get((lang, "answers", key), "") for lang in SUPPORTED})
            for key in dict.fromkeys([*catalogs["en"], *catalogs["fr"]])]


def _files(locales_dir: Path, key: str) -> Dict[str, str]:
    files = key_files(locales_dir)
    return {lang: content_check.file_of(files, lang, "answers", key) for lang in SUPPORTED}


def draft_from_form(current: AnswerPair, form: Mapping[str, str]) -> AnswerPair:
    """The answer with the form's texts, sources and review dates, not yet checked."""
    entries = {}
    for lang in SUPPORTED:
        entry = dict(current.entries[lang])
        text = str(form.get(f"text_{lang}", "")).replace("\r\n", "\n").replace("\r", "\n")
        # A catalog text is a block ending in one line break, as staff write them.
        entry["text"] = text.strip("\n") + "\n" if text.strip() else ""
        entry["sources"] = [line.strip() for line in str(form.get(f"sources_{lang}", "")).splitlines()
                            if line.strip()]
        reviewed = str(form.get(f"reviewed_{lang}", "")).strip()
        try:
            entry["reviewed"] = date.fromisoformat(reviewed)
        except ValueError:
            entry["reviewed"] = reviewed or None  # the check explains what a date looks like
        entries[lang] = entry
    return AnswerPair(current.key, entries, current.files)


def check_draft(draft: AnswerPair, locales_dir: Path, root: Path) -> AnswerPair:
    draft.problems = content_check.check_answer(draft.key, draft.entries, locales_dir, root)
    return draft


class Refused(Exception):
    """The draft was not written; `problems` says why, as `make check` would."""

    def __init__(self, problems: List[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def write_pair(draft: AnswerPair, locales_dir: Path, root: Path,
               fields=EDITED_FIELDS, translation_checked: bool = False) -> List[Path]:
    """Checks the draft, then writes it into both catalogs; returns the files
    changed. Raises Refused, writing nothing, when a blocking problem remains."""
    check_draft(draft, locales_dir, root)
    if draft.blocking:
        raise Refused(draft.blocking)
    written = []
    for lang in SUPPORTED:
        path = locales_dir.parent / draft.files[lang]
        if _write_entry(path, draft.key, {name: draft.entries[lang].get(name) for name in fields}):
            written.append(path)
    if translation_checked:
        translations.clear(locales_dir, [draft.key])
        written += [translations.state_path(locales_dir, lang) for lang in SUPPORTED]
    return written


def _merged(old, new):
    """`new`, written into `old` in place where their shapes allow: ruamel
    keeps a file's blank lines and comments on the nodes that hold them, so
    a node kept is a blank line kept."""
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [name for name in old if name not in new]:
            del old[name]
        for name, value in new.items():
            merged = _merged(old[name], value) if name in old else value
            if name not in old or merged is not old[name]:
                old[name] = merged
        return old
    if isinstance(old, list) and isinstance(new, list):
        for position, value in enumerate(new[:len(old)]):
            merged = _merged(old[position], value)
            if merged is not old[position]:
                old[position] = merged
        del old[len(new):]
        old.extend(new[len(old):])
        return old
    return old if old == new else new


def _write_entry(path: Path, key: str, values: Dict[str, object]) -> bool:
    """Sets fields of one answer in one catalog file, keeping its comments and
    layout; the file is replaced at once, so a reader never sees half of it."""
    rt = translations.yaml_round_trip()
    original = path.read_text(encoding="utf-8")
    document = rt.load(original)
    if key not in document["answers"]:  # the translation of an answer that existed in one language only
        document["answers"][key] = CommentedMap()
    entry = document["answers"][key]
    for name, value in values.items():
        if value in (None, [], "") and name not in entry:
            continue
        if value is None:
            entry.pop(name, None)
        elif name == "text":
            if str(entry.get(name) or "") != str(value):
                entry[name] = translations.with_style(entry.get(name), str(value).rstrip("\n")) if str(value).strip() else ""
        else:
            merged = _merged(entry.get(name), value)
            if merged is not entry.get(name):
                entry[name] = merged
    out = io.StringIO()
    rt.dump(document, out)
    text = out.getvalue()
    if text == original:
        return False
    # What residents will be served must read back as the draft did.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as written:
        written.write(text)
    try:
        reread = (load_yaml(Path(temporary)) or {})["answers"][key]
        for name, value in values.items():
            if value not in (None, [], "") and reread.get(name) != value and name != "text":
                raise ValueError(f"{name} did not survive the write")
        os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return True
