"""Keeps the English and French catalogs saying the same thing.

Every translatable text (an answer, each of its button titles, each message)
is a *unit*, named like `answers.consent_biometrics`,
`answers.greet.buttons.1` or `messages.fallback`. When a translator confirms
that the two languages of a unit match, each language's state file
(locales/<lang>/translation-state.yml) records a fingerprint of the *other*
language's text at that moment. Later:

  the English text changed  -> the French one needs review;
  the French text changed   -> the English one needs review;
  a unit never confirmed    -> both need review.

`make check` fails while any unit needs review. Translators clear units in
one of two ways (docs/STAFF.md, "Translate"):

  make translations          exports one gettext .po file per direction
                             (var/translations/en-to-fr.po, fr-to-en.po),
                             with units needing review flagged `fuzzy`;
                             edit them in Poedit or any .po editor, then
  make translations-import   writes the translations back into locales/ and
                             clears every entry that is no longer fuzzy;
or, after editing locales/ directly,
  make translations-clear KEY=consent_biometrics

Usage: python -m staff.translations [--lang fr] [status | export | import [FILE.po ...]
                                                  | clear KEY... | clear --all]
Its messages are in English or French (staff/messages.py): --lang, else the
system's language.
"""

import argparse
import hashlib
import io
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po, write_po

from assistant import settings
from assistant.catalog import (
    LOCALES_DIR,
    SECTIONS,
    TRANSLATION_STATE,
    CatalogError,
    catalog_files,
    file_of,
    key_files,
    load_yaml,
    read_catalog,
)
from assistant.language import NAMES as LANGUAGE_NAMES
from assistant.language import SUPPORTED, other
from staff.messages import Message, add_language_option, in_language, language_name, reader_language, say

PO_DIR = settings.ROOT / settings.current().translations_dir  # TRANSLATIONS_DIR
_UNIT_ID = re.compile(r"^(answers|messages)\.(.+?)(?:\.buttons\.(\d+))?$")


def po_name(source: str, target: str) -> str:
    return f"{source}-to-{target}.po"


def comparable_text(text: str) -> str:
    """The text as translation review compares and hashes it."""
    # Block scalars end in a newline that no resident sees (Catalog.message
    # strips it too); inner and edge spaces (" and ") are part of the text.
    return text.replace("\r\n", "\n").strip("\n")


def fingerprint(text: str) -> str:
    return hashlib.sha256(comparable_text(text).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Unit:
    """One text that exists in both languages."""

    section: str
    key: str
    button: Optional[int]  # 1-based position of a button title, else None
    texts: Dict[str, str] = field(hash=False, compare=False)

    @property
    def id(self) -> str:
        suffix = f".buttons.{self.button}" if self.button else ""
        return f"{self.section}.{self.key}{suffix}"

    @property
    def label(self) -> str:
        """How the check names it: the key, and which button."""
        return f"{self.key} (button {self.button})" if self.button else self.key


def units(catalogs: Dict[str, Dict[str, dict]]) -> List[Unit]:
    """Every text present in both languages (gaps are the content check's job)."""
    found = []
    for section in SECTIONS:
        entries = {lang: catalogs[lang][section] for lang in SUPPORTED}
        for key in [k for k in entries["en"] if k in entries["fr"]]:  # the English file's order
            pair = {lang: entries[lang][key] for lang in SUPPORTED}
            if section == "messages":
                if all(isinstance(v, str) for v in pair.values()):
                    found.append(Unit(section, key, None, {k: comparable_text(v) for k, v in pair.items()}))
                continue
            if not all(isinstance(v, dict) for v in pair.values()):
                continue
            texts = {lang: pair[lang].get("text") for lang in SUPPORTED}
            if all(isinstance(v, str) for v in texts.values()):
                found.append(Unit(section, key, None, {k: comparable_text(v) for k, v in texts.items()}))
            buttons = {lang: pair[lang].get("buttons") or [] for lang in SUPPORTED}
            for position, titles in enumerate(zip(buttons["en"], buttons["fr"]), start=1):
                if all(isinstance(b, dict) and isinstance(b.get("title"), str) for b in titles):
                    found.append(Unit(section, key, position,
                                      {lang: comparable_text(b["title"]) for lang, b in zip(SUPPORTED, titles)}))
    return found


# ----- state files -------------------------------------------------------

_STATE_HEADER = """\
# Translation review state of the {name} catalog: for each text, a fingerprint
# of the {other_name} text it was last checked against. `make check` compares
# them with the {other_name} catalog to find translations that need review.
# Written by `make translations-import` and `make translations-clear`; do not
# edit by hand (docs/STAFF.md, "Translate").
"""


def state_path(locales_dir: Path, lang: str) -> Path:
    return Path(locales_dir) / lang / TRANSLATION_STATE


def read_state(locales_dir: Path, lang: str) -> Dict[str, str]:
    """Unit id -> fingerprint of the other language's text when last reviewed."""
    path = state_path(locales_dir, lang)
    if not path.exists():
        return {}
    try:
        content = load_yaml(path) or {}
    except yaml.YAMLError as error:
        raise CatalogError(f"{path}: not valid YAML: {error}") from error
    reviewed = content.get(f"reviewed_against_{other(lang)}") if isinstance(content, dict) else None
    if not isinstance(reviewed, dict):
        raise CatalogError(f"{path}: expected a 'reviewed_against_{other(lang)}:' section")
    return {str(k): str(v) for k, v in reviewed.items()}


def write_state(locales_dir: Path, lang: str, reviewed: Dict[str, str]) -> None:
    body = yaml.safe_dump({f"reviewed_against_{other(lang)}": dict(sorted(reviewed.items()))},
                          allow_unicode=True, sort_keys=False, width=1000)
    header = _STATE_HEADER.format(name=LANGUAGE_NAMES[lang], other_name=LANGUAGE_NAMES[other(lang)])
    state_path(locales_dir, lang).write_text(header + body, encoding="utf-8")


@dataclass(frozen=True)
class Pending:
    """A unit whose translation is not confirmed for its current texts."""

    unit: Unit
    changed: Tuple[str, ...]  # languages whose text changed since review; () if never reviewed

    @property
    def to_review(self) -> Tuple[str, ...]:
        """The language(s) a translator must check."""
        if len(self.changed) == 1:
            return (other(self.changed[0]),)
        return tuple(SUPPORTED)

    @property
    def review_lang(self) -> str:
        """The language to point staff to: the one to review (French when both are)."""
        return self.to_review[-1]

    def reason(self) -> Message:
        """What changed and what to check (English as a string; .text(lang) in another language)."""
        if not self.changed:
            return Message("translation_new")
        if len(self.changed) == 2:
            return Message("translation_both_changed")
        return Message("translation_one_changed", changed=language_name(self.changed[0]),
                       review=language_name(self.to_review[0]))

    def advice(self) -> Message:
        """The reason, and how to mark the text reviewed once checked."""
        return Message("translation_pending", reason=self.reason(), key=self.unit.key)


def pending(locales_dir: Path, catalogs: Optional[Dict[str, Dict[str, dict]]] = None) -> List[Pending]:
    """Every unit whose translation needs review, in catalog order."""
    catalogs = catalogs or {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    states = {lang: read_state(locales_dir, lang) for lang in SUPPORTED}
    found = []
    for unit in units(catalogs):
        recorded = {lang: states[other(lang)].get(unit.id) for lang in SUPPORTED}
        if not any(recorded.values()):
            found.append(Pending(unit, ()))
            continue
        changed = tuple(lang for lang in SUPPORTED if recorded[lang] != fingerprint(unit.texts[lang]))
        if changed:
            found.append(Pending(unit, changed))
    return found


def mark_reviewed(locales_dir: Path, reviewed_units: Iterable[Unit],
                  catalogs: Optional[Dict[str, Dict[str, dict]]] = None) -> None:
    """Record that these units' two languages match, as they are now."""
    catalogs = catalogs or {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    current = {unit.id for unit in units(catalogs)}
    states = {lang: read_state(locales_dir, lang) for lang in SUPPORTED}
    for unit in reviewed_units:
        for lang in SUPPORTED:
            states[lang][unit.id] = fingerprint(unit.texts[other(lang)])
    for lang in SUPPORTED:
        # Texts removed from the catalogs leave nothing behind.
        write_state(locales_dir, lang, {k: v for k, v in states[lang].items() if k in current})


def clear(locales_dir: Path, names: Sequence[str], everything: bool = False) -> List[Unit]:
    """Mark units reviewed, by key ('greet': text and buttons) or unit id.

    Raises ValueError naming what does not exist in both languages.
    """
    catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    every = units(catalogs)
    chosen = list(every) if everything else []
    unknown = []
    for name in names:
        matching = [u for u in every if name in (u.id, u.key)]
        if not matching:
            unknown.append(name)
        chosen += matching
    if unknown:
        raise ValueError(Message("translations_unknown_key", names=", ".join(repr(n) for n in unknown)))
    mark_reviewed(locales_dir, chosen, catalogs)
    return chosen


# ----- gettext files for translators ---------------------------------------

def export_po(locales_dir: Path, source: str, out_dir: Path) -> Tuple[Path, int, int]:
    """One .po file for translating `source` into the other language.

    msgctxt is the unit id, msgid the source text, msgstr the translation;
    units needing review in the target language are flagged fuzzy.
    Returns the file, the number of entries and of fuzzy entries.
    """
    target = other(source)
    catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    files = key_files(Path(locales_dir))
    to_review = {p.unit.id: p for p in pending(locales_dir, catalogs) if target in p.to_review}
    po = PoCatalog(locale=target, project="Biometric privacy assistant", version=str(date.today()),
                   fuzzy=False, language_team=LANGUAGE_NAMES[target],
                   header_comment=(f"# {LANGUAGE_NAMES[target]} translation of the "
                                   f"{LANGUAGE_NAMES[source]} catalog in locales/{source}/.\n"
                                   "# Entries marked fuzzy need review. Remove the fuzzy mark once the\n"
                                   "# translation says the same as the original, then run\n"
                                   "# `make translations-import`. Keep every {placeholder} unchanged."))
    fuzzy = 0
    for unit in units(catalogs):
        if not unit.texts[source].strip():
            continue  # an empty msgid would be the .po header; the check reports empty texts
        notes = [f"key: {unit.label}"]
        flags = []
        if unit.id in to_review:
            flags.append("fuzzy")
            fuzzy += 1
            notes.append(to_review[unit.id].reason())
        if unit.section == "answers" and not unit.button:
            entry = catalogs[source]["answers"][unit.key]
            # One URL per comment line: .po editors wrap long comments at spaces.
            urls = [str(url) for url in entry.get("sources") or []]
            notes += ["official source(s):", *urls] if urls else []
        po.add(unit.texts[source], unit.texts[target], context=unit.id, flags=flags,
               auto_comments=notes, locations=[(file_of(files, source, unit.section, unit.key), None)])
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / po_name(source, target)
    buffer = io.BytesIO()
    write_po(buffer, po, width=76, sort_output=False)
    path.write_bytes(buffer.getvalue())
    return path, len(po), fuzzy


@dataclass
class ImportResult:
    updated: List[str] = field(default_factory=list)   # unit ids whose translation changed
    cleared: List[str] = field(default_factory=list)   # unit ids marked reviewed
    fuzzy: List[str] = field(default_factory=list)     # still flagged by the translator
    skipped: List[str] = field(default_factory=list)   # plain-words reasons (Message)


def yaml_round_trip():
    from ruamel.yaml import YAML  # comments and layout of the catalogs survive
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 100000
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def with_style(old, new: str):
    """The new text, written in the YAML style of the old one."""
    from ruamel.yaml.scalarstring import LiteralScalarString, ScalarString
    if isinstance(old, str) and old.endswith("\n"):
        new += "\n"
    if isinstance(old, LiteralScalarString) or (isinstance(old, ScalarString) and "\n" not in new.strip("\n")):
        return type(old)(new)
    return LiteralScalarString(new) if "\n" in new else new


def write_translations(locales_dir: Path, lang: str, changes: Dict[str, str]) -> None:
    """Set texts of `lang` by unit id, keeping the files' comments and layout."""
    rt = yaml_round_trip()
    remaining = dict(changes)
    for path in catalog_files(Path(locales_dir), lang):
        document = rt.load(path.read_text(encoding="utf-8"))
        touched = False
        for unit_id in list(remaining):
            section, key, button = _UNIT_ID.match(unit_id).groups()
            entries = (document or {}).get(section) or {}
            if key not in entries:
                continue
            new = remaining.pop(unit_id)
            if section == "messages":
                entries[key] = with_style(entries[key], new)
            elif button:
                title = entries[key]["buttons"][int(button) - 1]
                title["title"] = with_style(title["title"], new)
            else:
                entries[key]["text"] = with_style(entries[key]["text"], new)
            touched = True
        if touched:
            out = io.StringIO()
            rt.dump(document, out)
            path.write_text(out.getvalue(), encoding="utf-8")
    if remaining:
        raise CatalogError(f"locales/{lang}/: no place for {sorted(remaining)}")


def import_po(locales_dir: Path, po_path: Path) -> ImportResult:
    """Write a translator's .po file back into the catalogs and clear its reviewed entries."""
    try:
        with open(po_path, "rb") as handle:
            po = read_po(handle)
    except (OSError, ValueError) as error:
        raise ValueError(Message("translations_not_po", path=po_path, error=error)) from error
    target = str(po.locale.language) if po.locale else None
    if target not in SUPPORTED:
        raise ValueError(Message("translations_wrong_language", path=po_path, found=repr(target)))
    source = other(target)
    catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    by_id = {unit.id: unit for unit in units(catalogs)}
    result = ImportResult()
    changes: Dict[str, str] = {}
    confirmed: List[str] = []
    for message in po:
        if not message.id:
            continue  # the header
        unit = by_id.get(message.context or "")
        if unit is None:
            result.skipped.append(Message("translations_skipped_gone", label=message.context))
            continue
        if comparable_text(message.id) != unit.texts[source]:
            result.skipped.append(Message("translations_skipped_outdated", label=unit.label,
                                          language=language_name(source)))
            continue
        translation = comparable_text(message.string or "")
        if not translation.strip():
            result.skipped.append(Message("translations_skipped_empty", label=unit.label))
            continue
        if translation != unit.texts[target]:
            changes[unit.id] = translation
            result.updated.append(unit.id)
        if message.fuzzy:
            result.fuzzy.append(unit.id)
        else:
            confirmed.append(unit.id)
    if changes:
        write_translations(locales_dir, target, changes)
    if confirmed:
        catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
        by_id = {unit.id: unit for unit in units(catalogs)}
        mark_reviewed(locales_dir, [by_id[i] for i in confirmed], catalogs)
        result.cleared = confirmed
    return result


# ----- command line ----------------------------------------------------------

def _status(locales_dir: Path, lang: str) -> int:
    waiting = pending(locales_dir)
    files = key_files(Path(locales_dir))
    if not waiting:
        print(say(lang, "translations_ok"))
        return 0
    for code in SUPPORTED:
        mine = [p for p in waiting if code in p.to_review]
        if mine:
            print(say(lang, "translations_to_review", language=language_name(code), count=len(mine)))
            for item in mine:
                print(f"  {file_of(files, code, item.unit.section, item.unit.key)}: '{item.unit.label}'")
    print("\n" + say(lang, "translations_how_to_clear"))
    return 1


def _export(locales_dir: Path, out_dir: Path, lang: str) -> int:
    for source in SUPPORTED:
        path, total, fuzzy = export_po(locales_dir, source, out_dir)
        print(say(lang, "translations_exported", path=path, total=total, language=language_name(other(source)),
                  fuzzy=fuzzy))
    print("\n" + say(lang, "translations_export_next"))
    return 0


def _import(locales_dir: Path, files: List[Path], lang: str) -> int:
    if not files:
        print(say(lang, "translations_no_po", folder=PO_DIR))
        return 1
    failed = False
    for path in files:
        try:
            result = import_po(locales_dir, path)
        except (ValueError, CatalogError) as error:
            print(_error_text(error, lang))
            failed = True
            continue
        print(say(lang, "translations_imported", path=path, updated=len(result.updated),
                  cleared=len(result.cleared), fuzzy=len(result.fuzzy)))
        for reason in result.skipped:
            print(f"  - {in_language(reason, lang)}")
    print("\n" + say(lang, "translations_now_check"))
    return 1 if failed else 0


def _error_text(error: Exception, lang: str) -> str:
    """An error raised with a Message, said in `lang`; any other as it is."""
    return in_language(error.args[0], lang) if error.args and isinstance(error.args[0], Message) else str(error)


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff.translations",
                                     description="Translation review between locales/en and locales/fr.")
    parser.add_argument("--locales", type=Path, default=LOCALES_DIR,
                        help="catalog folder (default: %(default)s)")
    add_language_option(parser)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("status", help="list the texts whose translation needs review (default)")
    export = commands.add_parser("export", help="write one .po file per direction")
    export.add_argument("--out", type=Path, default=PO_DIR, help="folder (default: %(default)s)")
    imported = commands.add_parser("import", help="write .po files back into locales/")
    imported.add_argument("files", nargs="*", type=Path)
    cleared = commands.add_parser("clear", help="mark texts reviewed after editing locales/ directly")
    cleared.add_argument("keys", nargs="*", help="keys (e.g. consent_biometrics) or unit ids")
    cleared.add_argument("--all", action="store_true",
                         help="mark every text reviewed (only when both catalogs were checked in full)")
    args = parser.parse_args(list(argv))
    lang = reader_language(args.lang)
    try:
        if args.command == "export":
            return _export(args.locales, args.out, lang)
        if args.command == "import":
            exported = (PO_DIR / po_name(source, other(source)) for source in SUPPORTED)
            files = args.files or [path for path in exported if path.exists()]
            return _import(args.locales, files, lang)
        if args.command == "clear":
            if not args.keys and not args.all:
                print(say(lang, "translations_say_which"))
                return 2
            done = clear(args.locales, args.keys, everything=args.all)
            keys = sorted({u.key for u in done})
            if len(keys) <= 10:
                print(say(lang, "translations_cleared_keys", texts=len(done), count=len(keys), keys=", ".join(keys)))
            else:
                print(say(lang, "translations_cleared", texts=len(done), count=len(keys)))
            return 0
        return _status(args.locales, lang)
    except (ValueError, CatalogError) as error:
        print(_error_text(error, lang))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
