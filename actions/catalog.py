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
import os
import string
from pathlib import Path
from typing import Dict, Optional, Tuple

import yaml

from actions.language import SUPPORTED

logger = logging.getLogger(__name__)

LOCALES_DIR = Path(os.environ.get("LOCALES_DIR", Path(__file__).parent.parent / "locales"))
SECTIONS = ("answers", "messages")


class CatalogError(Exception):
    """A catalog file that cannot be used as it is."""


def read_catalog(directory: Path, lang: str) -> Dict[str, dict]:
    """All sections of one language, merged across its files."""
    merged: Dict[str, dict] = {section: {} for section in SECTIONS}
    for path in sorted((directory / lang).glob("*.yml")):
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise CatalogError(f"{path}: not valid YAML: {error}") from error
        if not isinstance(content, dict):
            raise CatalogError(f"{path}: expected sections {SECTIONS}")
        for section, entries in content.items():
            if section not in SECTIONS or not isinstance(entries, dict):
                raise CatalogError(f"{path}: unknown section '{section}'")
            duplicated = merged[section].keys() & entries.keys()
            if duplicated:
                raise CatalogError(f"{path}: keys defined twice: {sorted(duplicated)}")
            merged[section].update(entries)
    return merged


class Catalog:
    """Both languages' catalogs, reloaded when a file changes."""

    def __init__(self, directory: Path = LOCALES_DIR):
        self.directory = Path(directory)
        self._stamp: Optional[Tuple] = None
        self._data: Dict[str, Dict[str, dict]] = {}

    def _files_stamp(self) -> Tuple:
        return tuple(
            (str(path), path.stat().st_mtime_ns, path.stat().st_size)
            for path in sorted(self.directory.glob("*/*.yml"))
        )

    def refresh(self) -> None:
        """Reload when any catalog file changed since the last load."""
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
            self._data = data
            logger.info("Catalogs loaded from %s", self.directory)
        self._stamp = stamp

    def answer(self, lang: str, key: str) -> Optional[dict]:
        self.refresh()
        return self._data[lang]["answers"].get(key)

    def message(self, lang: str, key: str, **params) -> str:
        """A message with its placeholders filled in.

        A key missing in one language falls back to the other so the resident
        still gets a reply; the content check reports the gap to staff.
        """
        self.refresh()
        template = self._data[lang]["messages"].get(key)
        if template is None:
            logger.error("Message '%s' missing in the '%s' catalog", key, lang)
            other = "fr" if lang == "en" else "en"
            template = self._data[other]["messages"].get(key, "")
        # Block scalars end in a newline; inner spacing (" and ") is kept.
        return string.Formatter().vformat(template, (), params).strip("\n")

    def keys(self, lang: str, section: str):
        self.refresh()
        return self._data[lang][section].keys()
