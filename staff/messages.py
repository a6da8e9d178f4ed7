"""The staff tools' own messages (`make check`, `make check-links`,
`make translations`, and the studio's check), in the reader's language.

They live in staff/locales/<lang>/*.yml, one catalog per language with the
same keys and {placeholders}, read by the assistant's own catalog code. Code
holds a message's key and values (a `Message`); the words are chosen when it
is shown: in the studio, in the page's language; at a terminal, in the
language `--lang` asks for, else the staff member's system language.
"""

import argparse
from pathlib import Path
from typing import Optional

from babel.core import default_locale

from assistant.catalog import Catalog
from assistant.language import DEFAULT, SUPPORTED, supported_code

MESSAGES_DIR = Path(__file__).resolve().parent / "locales"
_CATALOG = Catalog(MESSAGES_DIR)
# The variables gettext reads for the language of messages, in its order of
# precedence (babel looks at LC_CTYPE only when none of these is set).
SYSTEM_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class Message(str):
    """A message key with its values. Wherever a plain string is expected
    (an exception, a log line, an existing caller) it reads as its English
    text; `text(lang)` says it in another language."""

    key: str
    values: dict

    def __new__(cls, key: str, /, **values: object) -> "Message":
        message = super().__new__(cls, say("en", key, **values))
        message.key, message.values = key, values
        return message

    def text(self, lang: str) -> str:
        return say(lang, self.key, **self.values)


def say(lang: str, key: str, /, **values: object) -> str:
    """The message `key` in `lang`, its placeholders filled in; a value that
    is itself a Message is said in the same language."""
    shown = {name: value.text(lang) if isinstance(value, Message) else value for name, value in values.items()}
    return _CATALOG.message(lang, key, **shown)


def in_language(text: str, lang: str) -> str:
    """A Message in `lang`; any other text as it is."""
    return text.text(lang) if isinstance(text, Message) else str(text)


def language_name(code: str) -> Message:
    """'fr' -> "French" to an English reader, « français » to a French one."""
    return Message(f"language_{code}")


def reader_language(requested: Optional[str] = None) -> str:
    """The language a staff member reads the tools' messages in: the one
    asked for (--lang), else the system's (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG: fr_CA.UTF-8 is French), else English."""
    return (supported_code(requested) or supported_code(default_locale(SYSTEM_LANGUAGE_VARIABLES))
            or DEFAULT)


def add_language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=SUPPORTED,
                        help="language of the messages (default: the system's language, "
                             "LANG=fr_CA.UTF-8 for French; else English)")
