"""Answers as the studio shows and changes them: both languages of one key
side by side, a draft checked with `make check`'s own rules before anything
is written, and a write that keeps each catalog file's layout and comments.

Staff change an answer's text, sources, review date and the titles of its
buttons. A button's payload (the question it asks) is shown in plain words
and never read from the form, so an edit cannot break it.

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
from typing import Any, Callable, ClassVar, Dict, Iterable, List, Mapping, Optional, Tuple

from ruamel.yaml.comments import CommentedMap

from assistant.catalog import CatalogError, key_files, load_yaml, read_catalog
from assistant.language import SUPPORTED
from staff import content_check, translations
from staff.content_check import Problem
from studio import intents

# The fields of an answer the studio edits, and restores from an earlier
# version; `conversational` stays as it is.
EDITED_FIELDS = ("text", "sources", "reviewed", "buttons")


@dataclass
class TextPair:
    """One key of a catalog section, in both languages."""

    section: ClassVar[str] = "answers"

    key: str
    entries: Dict[str, dict]          # lang -> the catalog entry ({} when missing); a message is {"text": ...}
    files: Dict[str, str]             # lang -> 'locales/en/answers.yml'
    problems: List[Problem] = field(default_factory=list)
    pending_review: Optional[translations.Pending] = None   # of the text

    def text(self, lang: str) -> str:
        return str(self.entries[lang].get("text") or "")

    def placeholders(self) -> List[str]:
        names = set()
        for lang in SUPPORTED:
            names |= content_check.placeholders(self.text(lang))
        return sorted(names)

    @property
    def blocking(self) -> List[Problem]:
        return [p for p in self.problems if p.blocking]


@dataclass
class AnswerPair(TextPair):
    """One answer key, in both languages."""

    # The translations of its button titles waiting for review, by 1-based position.
    button_reviews: Dict[int, translations.Pending] = field(default_factory=dict)

    def sources(self, lang: str) -> List[str]:
        sources = self.entries[lang].get("sources") or []
        return [str(url) for url in sources] if isinstance(sources, list) else [str(sources)]

    def reviewed(self, lang: str) -> str:
        value = self.entries[lang].get("reviewed")
        return value.isoformat() if isinstance(value, date) else str(value or "")

    def buttons(self, lang: str) -> List[dict]:
        """The buttons as the catalog has them; anything that is not one
        (laid out by hand) is left out here and reported by the check."""
        buttons = self.entries[lang].get("buttons") or []
        return [b for b in buttons if isinstance(b, dict)] if isinstance(buttons, list) else []


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
    waiting = pending_reviews(locales_dir, catalogs, "answers", key)
    pair.pending_review = waiting.pop(None, None)
    pair.button_reviews = {position: p for position, p in waiting.items() if position is not None}
    return pair


def pending_reviews(locales_dir: Path, catalogs: Dict[str, Dict[str, dict]], section: str,
                    key: str) -> Dict[Optional[int], translations.Pending]:
    """The translations of one key waiting for review: None -> its text, n -> its n-th button's title."""
    return {p.unit.button: p for p in translations.pending(locales_dir, catalogs)
            if p.unit.section == section and p.unit.key == key}


def all_pairs(locales_dir: Path, broken: Optional[List[CatalogError]] = None) -> List[AnswerPair]:
    """Every answer, both languages, without the checks (for the list). Given
    a `broken` list, a catalog file that cannot be read is left out and added
    to it, so the list still shows the rest."""
    catalogs = {lang: read_catalog(locales_dir, lang, broken)["answers"] for lang in SUPPORTED}
    files = key_files(locales_dir)
    return [AnswerPair(key, {lang: dict(catalogs[lang].get(key) or {}) for lang in SUPPORTED},
                       {lang: files.get((lang, "answers", key), "") for lang in SUPPORTED})
            for key in dict.fromkeys([*catalogs["en"], *catalogs["fr"]])]


def _files(locales_dir: Path, key: str) -> Dict[str, str]:
    files = key_files(locales_dir)
    return {lang: content_check.file_of(files, lang, "answers", key) for lang in SUPPORTED}


def form_text(form: Mapping[str, str], name: str) -> str:
    """A text area's value with the line breaks browsers send (CR LF) made plain."""
    return str(form.get(name, "")).replace("\r\n", "\n").replace("\r", "\n")


def draft_from_form(current: AnswerPair, form: Mapping[str, str]) -> AnswerPair:
    """The answer with the form's texts, sources, review dates and button
    titles, not yet checked. A button keeps its payload; a title the form
    does not send stays as it is."""
    entries = {}
    for lang in SUPPORTED:
        entry = dict(current.entries[lang])
        text = form_text(form, f"text_{lang}")
        # A catalog text is a block ending in one line break, as staff write them.
        entry["text"] = text.strip("\n") + "\n" if text.strip() else ""
        entry["sources"] = [line.strip() for line in str(form.get(f"sources_{lang}", "")).splitlines()
                            if line.strip()]
        reviewed = str(form.get(f"reviewed_{lang}", "")).strip()
        try:
            entry["reviewed"] = date.fromisoformat(reviewed)
        except ValueError:
            entry["reviewed"] = reviewed or None  # the check explains what a date looks like
        if isinstance(entry.get("buttons"), list):
            entry["buttons"] = _titled(entry["buttons"], form, lang)
        entries[lang] = entry
    return AnswerPair(current.key, entries, current.files)


def _titled(buttons: List[Any], form: Mapping[str, str], lang: str) -> List[Any]:
    """The buttons with the titles of the form's fields button_<lang>_<n>
    (one line each); the payloads as they are."""
    titled = []
    for position, button in enumerate(buttons, start=1):
        name = f"button_{lang}_{position}"
        if isinstance(button, dict) and name in form:
            button = {**button, "title": " ".join(str(form[name]).split())}
        titled.append(button)
    return titled


def check_draft(draft: AnswerPair, locales_dir: Path, root: Path) -> AnswerPair:
    draft.problems = content_check.check_answer(draft.key, draft.entries, locales_dir, root)
    return draft


@dataclass(frozen=True)
class Asked:
    """What a button asks, for staff: the topic's name residents see, and the intent."""

    question: str   # "Which office to contact", or the first way residents ask it
    intent: str     # "find_office"


def asked_by_buttons(locales_dir: Path, root: Path, lang: str, payloads: Iterable[object]) -> Dict[str, Asked]:
    """payload -> what the button asks, in plain words of `lang`: the name
    residents see for its topic ("Which office to contact"), else the first
    way residents ask it in the training data ("what can you do?"), else
    the intent's name."""
    topics = read_catalog(locales_dir, lang)["messages"]
    examples: Optional[Dict[str, str]] = None
    found = {}
    for payload in dict.fromkeys(str(p) for p in payloads):
        intent = content_check.payload_intent(payload)
        question = topics.get(f"topic_{intent}")
        if not isinstance(question, str):
            examples = intents.first_examples(root, lang) if examples is None else examples
            question = examples.get(intent, intent)
        found[payload] = Asked(question.strip(), intent)
    return found


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
    a node kept is a blank line kept; a changed text keeps its quoting."""
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
    if old == new:
        return old
    return translations.with_style(old, new) if isinstance(old, str) and isinstance(new, str) else new


def _write_entry(path: Path, key: str, values: Dict[str, object]) -> bool:
    """Sets fields of one answer in one catalog file, keeping its comments and
    layout; whether the file changed."""
    def change(document) -> None:
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
                    entry[name] = translations.with_style(entry.get(name), str(value).rstrip("\n")) \
                        if str(value).strip() else ""
            else:
                merged = _merged(entry.get(name), value)
                if merged is not entry.get(name):
                    entry[name] = merged

    def lost(content: dict) -> Optional[str]:
        reread = content["answers"][key]
        return next((name for name, value in values.items()
                     if value not in (None, [], "") and reread.get(name) != value and name != "text"), None)

    return rewrite_catalog(path, change, lost)


def rewrite_catalog(path: Path, change: Callable[[Any], None], lost: Callable[[dict], Optional[str]]) -> bool:
    """Applies `change` to the YAML document of one catalog file (ruamel's
    round trip: its comments and layout stay) and replaces the file at once,
    so a reader never sees half of it. `lost(content read back)` names what
    the write did not keep, if anything: then ValueError, the file untouched.
    Returns whether the file changed."""
    rt = translations.yaml_round_trip()
    original = path.read_text(encoding="utf-8")
    document = rt.load(original)
    change(document)
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
        missing = lost(load_yaml(Path(temporary)) or {})
        if missing:
            raise ValueError(f"{path}: {missing} did not survive the write")
        os.chmod(temporary, os.stat(path).st_mode & 0o777)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return True


def button_changes(current: AnswerPair, draft: AnswerPair, lang: str) -> List[Tuple[int, str, str]]:
    """(position, title now, title in the draft) for each button whose title the draft changes."""
    now = {position: str(b.get("title") or "") for position, b in enumerate(current.buttons(lang), start=1)}
    return [(position, now.get(position, ""), str(b.get("title") or ""))
            for position, b in enumerate(draft.buttons(lang), start=1)
            if str(b.get("title") or "") != now.get(position, "")]
