"""Personal details in what residents type, replaced by placeholders.

    >>> redact("Call me at (613) 555-0199 or write to ABC@example.ORG").text
    'Call me at [phone] or write to [email]'

The assistant never needs a resident's contact details or identifiers to
answer, so they are removed before anything is stored, logged or classified.
What is found, in this order (earlier kinds win where patterns overlap):

  email        name@example.org, also "name [at] example [dot] org"
  card         13-19 digits, grouped or not, passing the Luhn check every card
               number passes (or any such number right after "card"/"carte")
  sin          Social Insurance Number (NAS): 9 digits, as 123 456 782,
               123-456-782 or 123456782, passing the Luhn check every SIN passes
               (or any 9-digit number right after "SIN"/"NAS")
  phone        North American numbers in every usual spelling: (613) 555-0199,
               613.555.0199, +1 613 555 0199, 1-613-555-0199, 6135550199,
               555-0199, with "ext."/"poste"; and +<country> international ones
  postal_code  Canadian postal codes: K1A 1H3, k1a1h3, K1A-1H3
  address      a civic number with a street: "123 Main Street", "45 Elm St. W",
               "1234, rue Sainte-Catherine Ouest", "12 boul. René-Lévesque"

Left alone on purpose: years (2021), section and bill numbers ("s. 44",
"Bill C-27", "Law 25"), short numbers, amounts, and the public numbers passed
in `keep` (the privacy offices' own lines a resident may quote back).

Patterns favour catching a detail over sparing a look-alike: a redacted
harmless number costs nothing, a stored Social Insurance Number does.
"""

import re
from dataclasses import dataclass
from typing import Collection, Iterable, Pattern, Set, Tuple

KINDS = ("email", "card", "sin", "phone", "postal_code", "address")

# Characters that join digit groups: spaces (also no-break and narrow no-break),
# dots, hyphens and the Unicode dashes a phone keyboard or word processor inserts.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_JOIN = rf"(?:\s*[.{_DASH}]\s*|[^\S\n]+)"
_JOIN_OPT = rf"{_JOIN}?"
_NOT_DIGIT_BEFORE = r"(?<![\d])"
_NOT_DIGIT_AFTER = r"(?![\d])"

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|arobase|@)\s*[\])}>]\s*)"
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|point)\s*[\])}>]\s*)"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+{_AT}(?:[\w-]+{_DOT})+[a-z]{{2,}}(?![\w-])",
    re.IGNORECASE,
)

# Long digit runs: cards (13-19 digits) and SINs (9), with optional joins.
_CARD = re.compile(rf"{_NOT_DIGIT_BEFORE}\d(?:[ \u00a0\u202f{_DASH}]?\d){{12,18}}{_NOT_DIGIT_AFTER}")
_SIN = re.compile(rf"{_NOT_DIGIT_BEFORE}\d{{3}}{_JOIN_OPT}\d{{3}}{_JOIN_OPT}\d{{3}}{_NOT_DIGIT_AFTER}")
_CARD_WORDS = re.compile(r"(?:card|carte|visa|master\s*card|amex|american express|cr[ée]dit|d[ée]bit)"
                         r"\W{0,20}(?:\w+\W+){0,3}$", re.IGNORECASE)
_SIN_WORDS = re.compile(r"(?:\bS\.?I\.?N\b|\bN\.?A\.?S\b|social\s+insurance|assurance[\s-]+sociale|"
                        r"insurance\s+number)\W{0,20}(?:\w+\W+){0,3}$", re.IGNORECASE)

_EXTENSION = r"(?:\s*(?:,\s*)?(?:ext|extension|poste|x)\.?\s*\d{1,6})?"
_NANP = re.compile(
    rf"(?<![\w+])(?:(?:\+\s*)?1{_JOIN_OPT})?(?:\(\s*\d{{3}}\s*\)\s*|\d{{3}}{_JOIN_OPT})"
    rf"\d{{3}}{_JOIN_OPT}\d{{4}}{_NOT_DIGIT_AFTER}{_EXTENSION}",
    re.IGNORECASE,
)
_LOCAL = re.compile(rf"(?<![\w+.{_DASH}])\d{{3}}\s*[.{_DASH}]\s*\d{{4}}{_NOT_DIGIT_AFTER}"
                    rf"(?![.{_DASH}]\d){_EXTENSION}", re.IGNORECASE)
_INTERNATIONAL = re.compile(rf"\+\s*\d{{1,3}}(?:{_JOIN_OPT}\(?\d{{1,4}}\)?){{2,6}}{_NOT_DIGIT_AFTER}")

# Canada Post never uses D, F, I, O, Q or U, nor W or Z as the first letter.
_POSTAL_CODE = re.compile(
    r"(?<![\w])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \u00a0\u202f\-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])",
    re.IGNORECASE,
)

# Words that end a street name: what follows them is the rest of the sentence.
_STOP_WORDS = (
    "a|à|au|aux|and|or|but|for|from|in|on|at|to|of|the|is|are|was|my|me|i|it|this|that|with|near|"
    "since|if|so|then|who|what|where|when|why|how|can|could|do|does|did|have|has|had|"
    "et|ou|mais|pour|dans|avec|sur|sous|chez|près|pres|depuis|je|j|il|elle|on|nous|vous|ils|"
    "est|sont|suis|ai|qui|que|qu|quoi|où|quand|comment|pourquoi|mon|ma|mes|ce|cette|ces|c|ça|ca|"
    "puis|peut|peux|dois|doit|est-ce|en|un|une|des|about|regarding|concerning|some|any|many|"
    "more|few|other|all|every|each|than|very|also|not|no|yes|oui|non|plus|moins|tous|toutes|"
    "apt|apartment|unit|suite|app|appartement|bureau"
)
_NAME_WORD = (rf"(?:(?!(?:{_STOP_WORDS})(?![\w'’-]))[^\W\d_][\w'’.-]*"
              r"|\d{1,3}(?:st|nd|rd|th|e|er|re|ième|ieme)(?![\w'’-]))")
_CIVIC_NUMBER = rf"(?<![\w.{_DASH}])\d{{1,6}}[a-z]?(?:\s*[{_DASH}/]\s*\d{{1,6}}[a-z]?)?"
_EN_STREET = (
    r"street|st|avenue|ave|road|rd|boulevard|blvd|drive|dr|crescent|cres|court|ct|lane|ln|"
    r"way|place|pl|terrace|circle|cir|highway|hwy|parkway|pkwy|trail|square|sq"
)
_FR_STREET = (
    r"rue|avenue|av|boulevard|boul|bd|chemin|ch|route|rte|rang|place|allée|allee|impasse|"
    r"montée|montee|côte|cote|promenade|croissant|terrasse|carré|carre|autoroute|ruelle|quai"
)
_DIRECTION = r"(?:\s+(?:n|s|e|w|o|ne|nw|se|sw|no|so|north|south|east|west|nord|sud|est|ouest)\.?(?![\w'’-]))?"
_UNIT = r"(?:,?\s*(?:apt|apartment|unit|suite|app|appartement|bureau|#)\.?\s*\w{1,5}(?![\w'’-]))?"
_ADDRESS_EN = re.compile(
    rf"{_CIVIC_NUMBER},?\s+(?:{_NAME_WORD}\s+){{1,4}}(?:{_EN_STREET})\.?(?![\w'’-]){_DIRECTION}{_UNIT}",
    re.IGNORECASE,
)
_ADDRESS_FR = re.compile(
    rf"{_CIVIC_NUMBER},?\s+(?:{_FR_STREET})\.?\s+"
    rf"(?:(?:de|du|des|la|le|les|l'|l’|d'|d’)\s*)*{_NAME_WORD}"
    rf"(?:\s+(?:(?:de|du|des|la|le|les|l'|l’|d'|d’)\s*)*{_NAME_WORD}){{0,4}}{_UNIT}",
    re.IGNORECASE,
)

_PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")\]")


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


@dataclass(frozen=True)
class Redacted:
    text: str
    kinds: Tuple[str, ...]  # what was found, in KINDS order
    count: int

    @property
    def changed(self) -> bool:
        return self.count > 0


class _Pass:
    """One kind's pattern plus the rule deciding whether a match is that kind."""

    def __init__(self, kind: str, pattern: Pattern, accept=None):
        self.kind = kind
        self.pattern = pattern
        self.accept = accept or (lambda text, match: True)


def _card(text: str, match) -> bool:
    digits = only_digits(match.group())
    return luhn_valid(digits) or bool(_CARD_WORDS.search(text[:match.start()][-60:]))


def _sin(text: str, match) -> bool:
    digits = only_digits(match.group())
    return luhn_valid(digits) or bool(_SIN_WORDS.search(text[:match.start()][-60:]))


def _international(text: str, match) -> bool:
    return 8 <= len(only_digits(match.group())) <= 15


_PASSES = (
    _Pass("email", _EMAIL),
    _Pass("card", _CARD, _card),
    _Pass("sin", _SIN, _sin),
    _Pass("phone", _NANP),
    _Pass("phone", _INTERNATIONAL, _international),
    _Pass("phone", _LOCAL),
    _Pass("postal_code", _POSTAL_CODE),
    _Pass("address", _ADDRESS_FR),
    _Pass("address", _ADDRESS_EN),
)


def redact(text: str, keep: Collection[str] = ()) -> Redacted:
    """`text` with every personal detail replaced by its placeholder.

    keep: public phone numbers to leave as they are (any spelling).
    """
    if not isinstance(text, str) or not text:
        return Redacted(text, (), 0)
    kept = {_phone_key(number) for number in keep}
    found: Set[str] = set()
    count = 0
    for step in _PASSES:
        def replace(match, step=step, source=text):
            nonlocal count
            if not step.accept(source, match):
                return match.group()
            if step.kind == "phone" and _phone_key(match.group()) in kept:
                return match.group()
            found.add(step.kind)
            count += 1
            return placeholder(step.kind)

        text = step.pattern.sub(replace, text)
    return Redacted(text, tuple(kind for kind in KINDS if kind in found), count)


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
