"""Personal details in what residents type, replaced by placeholders.

    >>> redact("Call me at (613) 555-0199 or write to ABC@example.ORG").text
    'Call me at [phone] or write to [email]'

The assistant never needs a resident's contact details or identifiers to
answer, so they are removed before anything is stored, logged or classified.
Finding them is Microsoft Presidio's analyzer (privacy/recognizers.py,
loaded on first use): each kind is a Presidio pattern recognizer (a few
regular expressions, a check such as Luhn's where the number has one, and
context words in English and French that make a weak match count, e.g.
"NAS", "born", "passeport"). Text is normalised
first (Unicode NFKC), so a full-width "＠" or digits typed as "１２３" are
found like their usual forms; the stored text is the normalised one.

  email            name@example.org, "name [at] example [dot] org"
  card             13-19 digits passing Luhn's check (or after "card"/"carte")
  sin              Social Insurance Number / NAS: 9 digits, grouped or spaced
                   digit by digit, passing Luhn's check (or after "SIN"/"NAS")
  health_card      Quebec (ABCD 1234 5678) and Ontario (1234-567-890-AB)
                   formats; any 9-10 digits after "health card"/"carte santé"
  drivers_licence  Ontario (A1234-56789-01234) and Quebec (A1234-123456-12)
                   formats; other provinces' numbers after "licence"/"permis"
  passport         Canadian format (AB123456), or after "passport"/"passeport"
  phone            North American numbers in every usual spelling, extensions,
                   +<country> international numbers
  ip_address       IPv4 and IPv6 addresses (Presidio's own recognizer)
  date_of_birth    a full date (2 ways of writing it in each language) after
                   "born"/"DOB"/"birth"/"né le"/"naissance"
  postal_code      Canadian postal codes: K1A 1H3, k1a1h3, K1A-1H3
  address          a civic number with a street, English and French styles
  name             after "my name is", "je m'appelle", "mon nom est", "Name:";
                   after "I'm", "je suis", a title (Mr, Mme) or in a signature
                   ("Thanks, Marie"), when the word is a given name or surname
                   from Faker's Canadian, American, British and French lists;
                   a given name followed by a listed surname anywhere

Left alone on purpose: years (2021), other dates, section and bill numbers
("s. 44", "Bill C-27", "Law 25"), short numbers, amounts, places ("Alberta",
"Victoria": assistant/data/places.yml), and the public numbers passed in
`keep` (the privacy offices' own lines a resident may quote back).

Patterns favour catching a detail over sparing a look-alike: a redacted
harmless number costs nothing, a stored Social Insurance Number does.
Recall and false positives are measured on a labelled synthetic set
(`python -m privacy.redaction_eval`, docs/SECURITY.md).
"""

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any, Collection, Iterable, List, Tuple

import regex

KINDS = ("email", "card", "sin", "health_card", "drivers_licence", "passport", "phone",
         "ip_address", "date_of_birth", "postal_code", "address", "name")

# Presidio files each recognizer under one language; ours read both languages
# (their context words are English and French), so they all use this label.
LANGUAGE = "en"
# A match counts from this score. Patterns that need a context word start
# below it, and Presidio's context enhancement lifts them to at least 0.4.
THRESHOLD = 0.4

_PLACEHOLDER = regex.compile(r"\[(" + "|".join(KINDS) + r")\]")


def placeholder(kind: str) -> str:
    return f"[{kind}]"


def luhn_valid(digits: str) -> bool:
    """The checksum that every card number and every SIN satisfies."""
    if not digits or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def only_digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _phone_key(number: str) -> str:
    """'1-800-282-1376' and '(800) 282-1376' -> '8002821376'."""
    digits = only_digits(number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


@functools.lru_cache(maxsize=None)
def analyzer():
    """Presidio's analyzer with the recognizers of privacy/recognizers.py, built
    on first use: processes that never redact (the action server) never load
    Presidio or spaCy."""
    from privacy.recognizers import build_analyzer

    return build_analyzer()


_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}


def _kind(result: Any) -> str:
    return result.entity_type.lower()  # Presidio's own IP recognizer says IP_ADDRESS


def _chosen(results: List[Any]) -> List[Any]:
    """Non-overlapping matches: the highest score wins, then the longer match,
    then the kind listed first in KINDS."""
    ranked = sorted(results, key=lambda r: (-r.score, -(r.end - r.start),
                                            _KIND_RANK.get(_kind(r), len(KINDS))))
    taken: List[Any] = []
    for result in ranked:
        if all(result.end <= other.start or result.start >= other.end for other in taken):
            taken.append(result)
    return sorted(taken, key=lambda r: r.start)


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: Tuple[str, ...]  # what was found, in KINDS order
    count: int

    @property
    def changed(self) -> bool:
        return self.count > 0


def nfkc(text: str) -> str:
    """NFKC: full-width and other compatibility characters as their usual form."""
    return unicodedata.normalize("NFKC", text)


def find(text: str, keep: Collection[str] = ()) -> List[Tuple[int, int, str]]:
    """(start, end, kind) of each personal detail in `text` (already normalised)."""
    kept = {_phone_key(number) for number in keep}
    results = analyzer().analyze(text, language=LANGUAGE, score_threshold=THRESHOLD)
    found = []
    for result in _chosen(results):
        kind = _kind(result)
        if kind == "phone" and _phone_key(text[result.start:result.end]) in kept:
            continue
        found.append((result.start, result.end, kind))
    return found


# Nothing any recognizer could match: no digit, no "@", no capital letter and
# none of the lower-case phrases before a name. Such text (most metadata
# values, many short replies) skips the analyzer.
_MAY_HOLD_DETAILS = regex.compile(
    r"[\d@\p{Lu}]|(?i:\b(?:at|arobase|dot|point)\b|name|nom\b|appelle|nomme|call\s+me|appelez|sign)")


def redact(text: str, keep: Collection[str] = ()) -> Redacted:
    """`text`, normalised, with every personal detail replaced by its placeholder.

    keep: public phone numbers to leave as they are (any spelling).
    """
    if not isinstance(text, str) or not text:
        return Redacted(text, (), 0)
    return _redact(text, tuple(keep))


def redact_without_cache(text: str, keep: Collection[str] = ()) -> Redacted:
    """`redact`, analysing the text even if it was just analysed (for timing)."""
    if not isinstance(text, str) or not text:
        return Redacted(text, (), 0)
    return _analysed(text, tuple(keep))


def _analysed(text: str, keep: Tuple[str, ...]) -> Redacted:
    text = nfkc(text)
    spans = find(text, keep) if _MAY_HOLD_DETAILS.search(text) else []
    pieces, position = [], 0
    for start, end, kind in spans:
        pieces += [text[position:start], placeholder(kind)]
        position = end
    pieces.append(text[position:])
    kinds = {kind for _, _, kind in spans}
    return Redacted("".join(pieces), tuple(kind for kind in KINDS if kind in kinds), len(spans))


# A message is redacted by its channel, by the guard and again by the tracker
# store (with its copies in the parse data): the same few texts, a few
# milliseconds apart. The last results are kept (in this process's memory
# only, where the text already is) so each is analysed once.
_redact = functools.lru_cache(maxsize=256)(_analysed)


def forget_recent() -> None:
    """Drop the kept results, whose keys are what residents typed: after an
    erasure, no text of that conversation stays in this process's memory."""
    _redact.cache_clear()


def kinds_in(text: str) -> Tuple[str, ...]:
    """The kinds whose placeholder appears in an already redacted text."""
    if not isinstance(text, str):
        return ()
    present = set(_PLACEHOLDER.findall(text))
    return tuple(kind for kind in KINDS if kind in present)


def redact_values(value, keep: Collection[str] = ()):
    """Every string inside a JSON-like value (dicts, lists), redacted."""
    if isinstance(value, str):
        return redact(value, keep).text
    if isinstance(value, dict):
        return {key: redact_values(item, keep) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_values(item, keep) for item in value]
    return value


def contains_personal_details(text: str, keep: Iterable[str] = ()) -> bool:
    return redact(text, tuple(keep)).changed
