"""The message catalogs in locales/: every sentence a resident reads.

Layout: locales/<lang>/*.yml, each file holding one or both sections:
  answers:   replies to questions, with `text`, `sources`, `reviewed`,
             optional `buttons` ([{title, payload}]) and `conversational`;
  messages:  short texts the actions assemble (labels, questions, notes),
             with {placeholders} filled in by the code.

Staff edit these files on a running assistant: the catalog notices a changed
file on the next reply and reloads it. A file that fails to parse is reported
in the log and the last good version keeps serving, so a typo never takes
the assistant down.
"""

import logging
import string
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

import yaml

from assistant import language, settings
from assistant.language import SUPPORTED

logger = logging.getLogger(__name__)

LOCALES_DIR = settings.current().locales_path()
SECTIONS = ("answers", "messages")
# Translators' bookkeeping beside each catalog (staff/translations.py):
# which texts were checked against the other language. Not resident text.
TRANSLATION_STATE = "translation-state.yml"
# PyYAML's C parser when built: the same result, over ten times faster, which
# keeps reloads and `make check` quick.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(Exception):
    """A catalog file that cannot be used as it is: `path`, and the `line`
    (from 1) where YAML stopped reading it when it knows."""

    def __init__(self, message: str, path: Optional[Path] = None, line: Optional[int] = None):
        super().__init__(message)
        self.path = path
        self.line = line


def load_yaml(path: Path):
    """A YAML file's content, read safely (plain data only)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


def catalog_files(directory: Path, lang: str) -> List[Path]:
    """The catalog files of one language, in a stable order."""
    return [path for path in sorted((Path(directory) / lang).glob("*.yml"))
            if path.name != TRANSLATION_STATE]


def catalog_sections(text: str, path: Path) -> Dict[str, dict]:
    """The sections of one catalog file's `text`; raises CatalogError when it cannot be used."""
    try:
        content = yaml.load(text, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CatalogError(f"{path}: not valid YAML: {error}", path,
                           mark.line + 1 if mark is not None else None) from error
    if not isinstance(content, dict):
        raise CatalogError(f"{path}: expected sections {SECTIONS}", path)
    for section, entries in content.items():
        if section not in SECTIONS or not isinstance(entries, dict):
            raise CatalogError(f"{path}: unknown section '{section}'", path)
    return content


def read_catalog(directory: Path, lang: str, broken: Optional[List[CatalogError]] = None) -> Dict[str, dict]:
    """All sections of one language, merged across its files. A file that
    cannot be used raises CatalogError, or, given a `broken` list, is left
    out and its error added to the list (so the rest can still be shown)."""
    merged: Dict[str, dict] = {section: {} for section in SECTIONS}
    for path in catalog_files(directory, lang):
        try:
            content = catalog_sections(path.read_text(encoding="utf-8"), path)
            for section, entries in content.items():
                duplicated = merged[section].keys() & entries.keys()
                if duplicated:
                    raise CatalogError(f"{path}: keys defined twice: {sorted(duplicated)}", path)
        except CatalogError as error:
            if broken is None:
                raise
            broken.append(error)
            continue
        for section, entries in content.items():
            merged[section].update(entries)
    return merged


def key_files(directory: Path) -> Dict[Tuple[str, str, str], str]:
    """(lang, section, key) -> the file that defines it, e.g. 'locales/en/privacy.yml',
    so staff are sent to the right file whatever its name."""
    found = {}
    for lang in SUPPORTED:
        for path in catalog_files(directory, lang):
            try:
                content = load_yaml(path) or {}
            except yaml.YAMLError:
                continue  # read_catalog reports it
            for section, entries in (content.items() if isinstance(content, dict) else ()):
                for key in (entries if isinstance(entries, dict) else ()):
                    found[(lang, section, key)] = f"locales/{lang}/{path.name}"
    return found


def file_of(files: Dict[Tuple[str, str, str], str], lang: str, section: str, key: str) -> str:
    """Where `key` is in `lang` or, when missing, where it belongs: beside its twin."""
    if (lang, section, key) in files:
        return files[(lang, section, key)]
    for other in SUPPORTED:
        if (other, section, key) in files:
            return files[(other, section, key)].replace(f"locales/{other}/", f"locales/{lang}/", 1)
    return f"locales/{lang}/{section}.yml"


def placeholder_names(template: object) -> Optional[FrozenSet[str]]:
    """The {names} the code fills in a message: "Source: {url}" -> {"url"};
    None when they cannot be read (an unclosed "{url", or not a text)."""
    if not isinstance(template, str):
        return None
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
    except ValueError:
        return None


def _filled(template: str, params: Dict[str, object]) -> str:
    # Block scalars end in a newline; inner spacing (" and ") is kept.
    return string.Formatter().vformat(template, (), params).strip("\n")


class Catalog:
    """Both languages' catalogs, reloaded when a file changes."""

    def __init__(self, directory: Path = LOCALES_DIR):
        self.directory = Path(directory)
        self._stamp: Optional[Tuple] = None
        self._data: Dict[str, Dict[str, dict]] = {}
        self._within_turn = 0

    def _files_stamp(self) -> Tuple:
        return tuple(
            (str(path), path.stat().st_mtime_ns, path.stat().st_size)
            for lang in SUPPORTED for path in catalog_files(self.directory, lang)
        )

    @contextmanager
    def one_turn(self) -> Iterator["Catalog"]:
        """Within the block the files are checked once, on entry: a reply built
        from many messages (an office card uses a dozen) costs one look at the
        files instead of one per message, and reads one version of them."""
        self.refresh()
        self._within_turn += 1
        try:
            yield self
        finally:
            self._within_turn -= 1

    def refresh(self) -> None:
        """Reload when any catalog file changed since the last load."""
        if self._within_turn and self._data:
            return
        stamp = self._files_stamp()
        if stamp == self._stamp:
            return
        try:
            data = {lang: read_catalog(self.directory, lang) for lang in SUPPORTED}
        except (CatalogError, OSError) as error:
            if not self._data:
                raise
            logger.error("Catalog not reloaded, still serving the previous version: %s", error)
        else:
            self._data = self._keeping_last_good_messages(data)
            logger.info("Catalogs loaded from %s", self.directory)
        self._stamp = stamp

    def _keeping_last_good_messages(self, data: Dict[str, Dict[str, dict]]) -> Dict[str, Dict[str, dict]]:
        """`data`, where a malformed message is replaced by the version served
        until now, so residents keep getting the last good text: one whose
        placeholders cannot be read (an unclosed "{"; make check names it),
        or one naming a placeholder its served version did not have, which
        the running code does not fill in ({link} typed for {url})."""
        for lang, catalog in data.items():
            messages = catalog.get("messages") or {}
            for key, template in list(messages.items()):
                previous = ((self._data.get(lang) or {}).get("messages") or {}).get(key)
                names = placeholder_names(template)
                if names is None:
                    problem = "has a broken placeholder"
                elif previous is not None and not names <= (placeholder_names(previous) or frozenset()):
                    problem = f"names placeholders the running code does not fill in ({', '.join(sorted(names))})"
                else:
                    continue
                logger.error("Message '%s' in the '%s' catalog %s; %s", key, lang, problem,
                             "still serving the previous text" if previous is not None else "leaving it out")
                if previous is not None:
                    messages[key] = previous
                else:
                    del messages[key]
        return data

    def answer(self, lang: str, key: str) -> Optional[dict]:
        self.refresh()
        return self._data[lang]["answers"].get(key)

    def template(self, lang: str, key: str) -> Optional[str]:
        """A message as the catalog has it, its {placeholders} unfilled; None if there is none."""
        self.refresh()
        return self._data[lang]["messages"].get(key)

    def has_message(self, lang: str, key: str) -> bool:
        return self.template(lang, key) is not None

    def message(self, lang: str, key: str, /, **params) -> str:
        """A message with its placeholders filled in (any name, `key` too).

        A key missing in one language, or naming a placeholder the caller
        does not fill in, falls back to the other language so the resident
        still gets a reply; the content check reports the gap to staff.
        Raises KeyError only when neither language can be filled in.
        """
        template = self.template(lang, key)
        if template is None:
            logger.error("Message '%s' missing in the '%s' catalog", key, lang)
            template = self.template(language.other(lang), key) or ""
        try:
            return _filled(template, params)
        except (KeyError, IndexError) as error:
            logger.error("Message '%s' in the '%s' catalog names the placeholder %s, which is not filled "
                         "in here; answering in the other language", key, lang, error)
            return _filled(self.template(language.other(lang), key) or "", params)

    def keys(self, lang: str, section: str):
        self.refresh()
        return self._data[lang][section].keys()
