"""Words of a message as the matchers see them: folded (lower case, no
accents) and split on anything that is not a letter or a digit, so that
"St-Jérôme", "St. Jerome" and "saint jerome" are the same three letters.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Tuple

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Abbreviations residents write for the saints in place names.
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount"}


_DOUBLED = re.compile(r"(.)\1+")


def squeeze(word: str) -> str:
    """A word with doubled letters made single, to match names misspelled
    that way: 'comissaire' and 'commissaire', 'britanique' and 'britannique'."""
    return _DOUBLED.sub(r"\1", word)


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Français' -> 'francais'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Token:
    text: str    # as written: "Jérôme"
    folded: str  # as matched: "jerome"
    start: int   # character offset in the message


@functools.lru_cache(maxsize=64)
def tokens(text: str) -> Tuple[Token, ...]:
    """The words of `text`; "St"/"Ste" before another word read "saint"/"sainte".
    Remembered for the last few texts: one message is read by several matchers."""
    found = [Token(m.group(), fold(m.group()), m.start()) for m in _WORD.finditer(text)]
    for i, token in enumerate(found[:-1]):
        if token.folded in _EXPANSIONS:
            found[i] = Token(token.text, _EXPANSIONS[token.folded], token.start)
    return tuple(found)


def phrase(text: str) -> Tuple[str, ...]:
    """The folded words of a phrase, for lookups: "Saint-Jérôme" -> ("saint", "jerome")."""
    return tuple(token.folded for token in tokens(text))


def folded_words(text: str) -> str:
    """The folded words of `text`, one space apart: "Saint-Jérôme" -> "saint jerome"."""
    return " ".join(phrase(text))
