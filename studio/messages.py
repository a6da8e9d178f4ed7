"""Short messages (locales/<lang>/messages.yml) as the studio shows and
changes them: the clarifying questions and their choices, the fallback,
"language switched", the reasons an office was chosen, the labels of the
offices' cards... Listed in the file's groups, both languages side by side;
a draft is checked with `make check`'s own rules before anything is written,
and written keeping the file's comments and layout.

The file's comments give the groups: a comment after a blank line names
the group of messages below it; a comment right above a message, with no
blank line between, says what that message is for (the studio shows it).

The assistant's code fills in each {placeholder}, so an edit keeps exactly
the placeholders of the published text, in both languages.
"""

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Dict, List, Mapping, Optional, Sequence, Tuple

from assistant.catalog import read_catalog
from assistant.language import SUPPORTED
from staff import content_check, translations
from studio import editing
from studio.editing import Refused, TextPair, rewrite_catalog

FILE_NAME = "messages.yml"


@dataclass
class MessagePair(TextPair):
    """One short message, in both languages (entries: lang -> {"text": ...})."""

    section: ClassVar[str] = "messages"

    notes: Dict[str, str] = field(default_factory=dict)    # lang -> what it is for, from the comment above it
    group: Dict[str, str] = field(default_factory=dict)    # lang -> the heading of its group ("" before the first)


@dataclass
class Group:
    titles: Dict[str, str]        # lang -> its heading in that language's file ("" for the messages before the first)
    pairs: List[MessagePair]


@dataclass
class _Layout:
    """One language's messages.yml, as its comments arrange it."""

    order: List[str] = field(default_factory=list)             # keys, in the file's order
    group_of: Dict[str, int] = field(default_factory=dict)     # key -> index in `headings`
    headings: List[str] = field(default_factory=lambda: [""])
    notes: Dict[str, str] = field(default_factory=dict)


def _comment(lines: Sequence[str]) -> str:
    """Comment lines as one sentence: '# ----- Office names -----' -> 'Office names'."""
    return " ".join(line.strip().lstrip("#").strip() for line in lines).strip("-=* ")


def _layout(path: Path) -> _Layout:
    """The keys of the file's `messages:` section with their groups and notes.
    Raises ruamel's YAMLError when the file cannot be read."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    messages = (translations.yaml_round_trip().load(text) or {}).get("messages") or {}
    layout = _Layout()
    for key in messages:
        row, column = messages.lc.key(key)
        # The comments and blank lines right above the key, at its own
        # indentation (deeper lines belong to the text above).
        start = row
        while start > 0 and (not lines[start - 1].strip() or (lines[start - 1].strip().startswith("#") and
                             len(lines[start - 1]) - len(lines[start - 1].lstrip()) == column)):
            start -= 1
        paragraphs: List[Tuple[List[str], bool]] = []   # (comment lines, after a blank line)
        blank = False
        for line in lines[start:row]:
            if not line.strip():
                blank = True
            elif paragraphs and not blank:
                paragraphs[-1][0].append(line)
            else:
                paragraphs.append(([line], blank))
                blank = False
        if paragraphs and not blank and not paragraphs[-1][1]:
            layout.notes[key] = _comment(paragraphs.pop()[0])
        if paragraphs:
            layout.headings.append(_comment(paragraphs[-1][0]))
        layout.order.append(key)
        layout.group_of[key] = len(layout.headings) - 1
    return layout


def _layouts(locales_dir: Path) -> Dict[str, _Layout]:
    return {lang: _layout(Path(locales_dir) / lang / FILE_NAME) for lang in SUPPORTED}


def _pair(key: str, catalogs: Dict[str, Dict[str, dict]], layouts: Dict[str, _Layout]) -> MessagePair:
    entries = {lang: ({"text": catalogs[lang]["messages"][key]} if key in layouts[lang].group_of else {})
               for lang in SUPPORTED}
    files = {lang: f"locales/{lang}/{FILE_NAME}" for lang in SUPPORTED}
    return MessagePair(key, entries, files,
                       notes={lang: layouts[lang].notes.get(key, "") for lang in SUPPORTED},
                       group={lang: layouts[lang].headings[layouts[lang].group_of[key]]
                              if key in layouts[lang].group_of else "" for lang in SUPPORTED})


def groups(locales_dir: Path) -> List[Group]:
    """Every short message, in the English file's groups and order (then any
    found only in French), each with its translation review state but
    without the checks (for the list). Raises CatalogError when a catalog
    cannot be read."""
    catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    layouts = _layouts(locales_dir)
    waiting = {p.unit.key: p for p in translations.pending(locales_dir, catalogs) if p.unit.section == "messages"}
    found: List[Group] = []
    last = None
    for key in dict.fromkeys([*layouts["en"].order, *layouts["fr"].order]):
        pair = _pair(key, catalogs, layouts)
        pair.pending_review = waiting.get(key)
        lang = "en" if key in layouts["en"].group_of else "fr"
        if (lang, layouts[lang].group_of[key]) != last:
            found.append(Group(dict(pair.group), []))
            last = (lang, layouts[lang].group_of[key])
        found[-1].pairs.append(pair)
    return found


def read_pair(locales_dir: Path, key: str, root: Path) -> Optional[MessagePair]:
    """The message as published now, with its problems; None if messages.yml has no such key."""
    catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    layouts = _layouts(locales_dir)
    if not any(key in layouts[lang].group_of for lang in SUPPORTED):
        return None
    pair = _pair(key, catalogs, layouts)
    check_draft(pair, pair, locales_dir, root)
    pair.pending_review = editing.pending_reviews(locales_dir, catalogs, "messages", key).get(None)
    return pair


def draft_from_form(current: MessagePair, form: Mapping[str, str]) -> MessagePair:
    """The message with the form's texts, not yet checked. Spaces at either
    end are kept (" and " joins two opening hours)."""
    entries = {}
    for lang in SUPPORTED:
        text = editing.form_text(form, f"text_{lang}").strip("\n")
        # A text written as a block in the file stays one.
        entries[lang] = {"text": text + "\n" if text and current.text(lang).endswith("\n") else text}
    return MessagePair(current.key, entries, current.files, notes=current.notes, group=current.group)


def _texts(pair: TextPair) -> Dict[str, str]:
    return {lang: pair.text(lang) for lang in SUPPORTED if pair.entries[lang]}


def check_draft(draft: MessagePair, current: MessagePair, locales_dir: Path, root: Path) -> MessagePair:
    """`draft` with the problems make check would report, and a change of
    the placeholders the published `current` has."""
    draft.problems = content_check.check_message(draft.key, _texts(draft), _texts(current), locales_dir, root)
    return draft


def write_pair(draft: MessagePair, current: MessagePair, locales_dir: Path, root: Path,
               translation_checked: bool = False) -> List[Path]:
    """Checks the draft, then writes it into both languages' messages.yml,
    keeping their comments and layout; returns the files changed. Raises
    Refused, writing nothing, when a blocking problem remains."""
    check_draft(draft, current, locales_dir, root)
    if draft.blocking:
        raise Refused(draft.blocking)
    written = []
    for lang in SUPPORTED:
        path = Path(locales_dir).parent / draft.files[lang]
        text = draft.text(lang)

        def change(document, text=text) -> None:
            messages = document["messages"]
            old = messages.get(draft.key)
            if old is None or translations.comparable_text(str(old)) != translations.comparable_text(text):
                messages[draft.key] = translations.with_style(old, text.rstrip("\n"))

        def lost(content: dict, text=text) -> Optional[str]:
            reread = (content.get("messages") or {}).get(draft.key)
            same = isinstance(reread, str) and translations.comparable_text(reread) == translations.comparable_text(text)
            return None if same else f"the message '{draft.key}'"

        if rewrite_catalog(path, change, lost):
            written.append(path)
    if translation_checked:
        translations.clear(locales_dir, [f"messages.{draft.key}"])
        written += [translations.state_path(locales_dir, lang) for lang in SUPPORTED]
    return written
