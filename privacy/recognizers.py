"""The Presidio recognizers behind privacy/redaction.py: one pattern
recognizer per kind of personal detail, with English and French context
words, and the smallest NLP engine Presidio's context words need.

Imported on first use by `redaction.analyzer()`, so that only processes that
redact load Presidio and spaCy.
"""

import functools
import importlib
import ipaddress
import logging
import unicodedata
from pathlib import Path
from typing import FrozenSet, Iterable, List, Optional, Tuple

import regex
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer

from privacy.redaction import LANGUAGE, luhn_valid, only_digits

# Presidio logs what it analyses at debug level: never the resident's text.
logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)

_WEAK = 0.05

# Characters that join digit groups: spaces (also no-break and narrow no-break),
# dots, hyphens and the Unicode dashes a phone keyboard or word processor inserts.
_DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_JOIN = rf"(?:\s*[.{_DASH}]\s*|[^\S\n]+)"
_JOIN_OPT = rf"{_JOIN}?"
_SEP = rf"[ \u00a0\u202f.{_DASH}]?"
# A run glued to other digits by a dot is part of something longer (an IP
# address, 10.123.456.789, is not a SIN after "10.").
_NOT_DIGIT_BEFORE = r"(?<![\d])(?<!\d\.)"
_NOT_DIGIT_AFTER = r"(?![\d])(?!\.\d)"

_AT = r"(?:\s*@\s*|\s*[\[({<]\s*(?:at|arobase|@)\s*[\])}>]\s*)"
_DOT = r"(?:\.|\s*[\[({<]\s*(?:dot|point)\s*[\])}>]\s*)"
_EMAIL = rf"(?<![\w.%+-])[\w.%+-]+{_AT}(?:[\w-]+{_DOT})+[a-z]{{2,}}(?![\w-])"

# Long digit runs: cards (13-19 digits) and SINs (9), with optional joins; a
# SIN may also be typed with a space between every digit.
_CARD = rf"{_NOT_DIGIT_BEFORE}\d(?:[ \u00a0\u202f{_DASH}]?\d){{12,18}}{_NOT_DIGIT_AFTER}"
_SIN = rf"{_NOT_DIGIT_BEFORE}\d{{3}}{_JOIN_OPT}\d{{3}}{_JOIN_OPT}\d{{3}}{_NOT_DIGIT_AFTER}"
_SIN_SPACED = rf"{_NOT_DIGIT_BEFORE}\d(?:[ .{_DASH}]\d){{8}}{_NOT_DIGIT_AFTER}"

_EXTENSION = r"(?:\s*(?:,\s*)?(?:ext|extension|poste|x)\.?\s*\d{1,6})?"
_NANP = (rf"(?<![\w+])(?:(?:\+\s*)?1{_JOIN_OPT})?(?:\(\s*\d{{3}}\s*\)\s*|\d{{3}}{_JOIN_OPT})"
         rf"\d{{3}}{_JOIN_OPT}\d{{4}}{_NOT_DIGIT_AFTER}{_EXTENSION}")
_LOCAL = (rf"(?<![\w+.{_DASH}])\d{{3}}\s*[.{_DASH}]\s*\d{{4}}{_NOT_DIGIT_AFTER}"
          rf"(?![.{_DASH}]\d){_EXTENSION}")
_INTERNATIONAL = rf"\+\s*\d{{1,3}}(?:{_JOIN_OPT}\(?\d{{1,4}}\)?){{2,6}}{_NOT_DIGIT_AFTER}"

# Quebec (RAMQ): 4 letters (surname, given name), then birth date and 2 digits.
_HEALTH_QC = r"(?<![\w])[A-Z]{4}[ \-]?\d{4}[ \-]?\d{4}(?![\w])"
# Ontario: 10 digits as 4-3-3, often with a 2-letter version code.
_HEALTH_ON_GROUPED = r"(?<![\w])\d{4}[ \-]\d{3}[ \-]\d{3}(?:[ \-]?[A-Z]{2})?(?![\w])"
_HEALTH_ON_VERSION = r"(?<![\w])\d{10}[ \-]?[A-Z]{2}(?![\w])"
# Any province, after "health card": 9 or 10 digits, grouped or not.
_HEALTH_ANY = rf"{_NOT_DIGIT_BEFORE}\d{{4,5}}{_SEP}\d{{3,4}}{_SEP}\d{{0,3}}{_NOT_DIGIT_AFTER}"

_LICENCE_ON = rf"(?<![\w])[A-Z]\d{{4}}{_SEP}\d{{5}}{_SEP}\d{{5}}(?![\w])"
_LICENCE_QC = rf"(?<![\w])[A-Z]\d{{4}}{_SEP}\d{{6}}{_SEP}\d{{2}}(?![\w])"
_LICENCE_ANY = r"(?<![\w\-])(?=[A-Z\-]*\d)[A-Z0-9][A-Z0-9\-]{4,16}(?![\w\-])"

_PASSPORT = r"(?<![\w])[A-Z]{2}[ ]?\d{6}(?![\w])"
_PASSPORT_ANY = r"(?<![\w])(?=[A-Z]*\d)[A-Z0-9]{6,9}(?![\w])"

_MONTHS_EN = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTHS_FR = (r"janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|"
              r"sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?")
_DATES = (
    r"(?<![\w])\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}(?![\w])",
    r"(?<![\w])\d{1,2}[\-/.]\d{1,2}[\-/.](?:\d{4}|\d{2})(?![\w])",
    rf"(?<![\w])(?:{_MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}(?![\w])",
    rf"(?<![\w])\d{{1,2}}(?:st|nd|rd|th|er|re)?\s+(?:of\s+)?(?:{_MONTHS_EN}|{_MONTHS_FR})\.?,?\s+\d{{4}}(?![\w])",
)

# Canada Post never uses D, F, I, O, Q or U, nor W or Z as the first letter.
_POSTAL_CODE = (r"(?<![\w])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \u00a0\u202f\-]?\d"
                r"[ABCEGHJ-NPRSTV-Z]\d(?![\w])")

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
_DIRECTION = (r"(?:\s+(?:n|s|e|w|o|ne|nw|se|sw|no|so|north|south|east|west|nord|sud|est|ouest)"
              r"\.?(?![\w'’-]))?")
_UNIT = r"(?:,?\s*(?:apt|apartment|unit|suite|app|appartement|bureau|#)\.?\s*\w{1,5}(?![\w'’-]))?"
_ADDRESS_EN = (rf"{_CIVIC_NUMBER},?\s+(?:{_NAME_WORD}\s+){{1,4}}(?:{_EN_STREET})\.?(?![\w'’-])"
               rf"{_DIRECTION}{_UNIT}")
_ARTICLES = r"(?:(?:de|du|des|la|le|les|l'|l’|d'|d’)\s*)*"
_ADDRESS_FR = (rf"{_CIVIC_NUMBER},?\s+(?:{_FR_STREET})\.?\s+{_ARTICLES}{_NAME_WORD}"
               rf"(?:\s+{_ARTICLES}{_NAME_WORD}){{0,4}}{_UNIT}")

# Names. A capitalised word (Marie, O'Neil, Marie-Ève, Tremblay).
_CAP = r"\p{Lu}[\p{Ll}\p{Lu}'’]*(?:-\p{Lu}[\p{Ll}'’]+)?"
_ANY_WORD = r"\p{L}[\p{L}'’]*(?:-\p{L}[\p{L}'’]+)?"
_NAME_STOP = (r"and|et|i|im|at|on|au|aux|à|a|sur|from|de|du|des|la|le|les|in|at|to|a|an|the|my|mon|ma|je|j|et|but|mais|"
              r"here|ici|and|so|donc|is|est|was|living|vivant|live|habite|calling|writing|"
              r"not|pas|also|aussi|just|juste|only|seulement")
_NAME_TOKEN = rf"(?!(?i:{_NAME_STOP})(?![\p{{L}}'’-])){_ANY_WORD}"
# After these, the next 1-3 words are the name, capitalised or not.
_STRONG_TRIGGER = (r"(?i:my\s+name\s+is|my\s+name's|my\s+full\s+name\s+is|name\s*:|"
                   r"je\s+m['’]\s*appelle|je\s+me\s+nomme|mon\s+nom\s+(?:est|c['’]est)|"
                   r"mon\s+nom\s+complet\s+est|nom\s*:|call\s+me|appelez[-\s]moi|signed|signé)")
# After these, a capitalised word only if it is a listed name.
_WEAK_TRIGGER = (r"(?i:i['’]m|i\s+am|this\s+is|it['’]s|je\s+suis|c['’]est|moi\s+c['’]est|ici)")
# A resident introducing themselves: after these, a capitalised word that is
# no ordinary word, place or self-description is taken for a name even when
# no list holds it ("I'm Klaas", « moi c'est Nimrat »).
_SELF_TRIGGER = r"(?i:i['’]m|i\s+am|je\s+suis|moi\s*,?\s*c['’]est)"
_TITLE = r"(?:(?:Mr|Mrs|Ms|Dr|Mx|Mme|Mlle)\.?|Miss|M\.|Madame|Monsieur)"
_SIGN_OFF = (r"(?i:thanks|thank\s+you|thx|regards|best\s+regards|best|cheers|sincerely|"
             r"merci(?:\s+beaucoup)?|cordialement|salutations|bien\s+à\s+vous|amitiés)")

# ----- names -------------------------------------------------------------------

_NAME_LOCALES = ("en_US", "en_GB", "fr_FR", "fr_CA")


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


@functools.lru_cache(maxsize=None)
def _place_words() -> FrozenSet[str]:
    """Single words that name a Canadian place, and are not also ordinary
    words or people's names ("Victoria", "Scott"): never taken for a name."""
    from assistant.places import gazetteer

    return frozenset(words[0] for words, name in gazetteer().names.items()
                     if len(words) == 1 and not name.ordinary)


@functools.lru_cache(maxsize=None)
def name_lists() -> Tuple[FrozenSet[str], FrozenSet[str]]:
    """Given names and surnames (folded), from Faker's person lists."""
    given, surnames = set(), set()
    for locale in _NAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr, bucket in (("first_names", given), ("first_names_female", given),
                             ("first_names_male", given), ("last_names", surnames)):
            for name in getattr(provider, attr, ()) or ():
                bucket.add(_fold(name))
    places = _place_words()
    from assistant.text import folded_words as fold_accents  # as places.yml is read

    given = {name for name in given if fold_accents(name) not in places and len(name) > 1}
    surnames = {name for name in surnames if fold_accents(name) not in places and len(name) > 1}
    return frozenset(given), frozenset(surnames)


_DATA = Path(__file__).with_name("data")
_CATALOGS = Path(__file__).resolve().parent.parent / "locales"
_WORD = regex.compile(r"\p{L}[\p{L}'’]*")
# French demonyms end so ("Montréalais", "Gaspésienne"); given names that
# do are in the name lists, which are checked first.
_DEMONYM_ENDINGS = ("ais", "aise", "ois", "oise", "ienne", "aine")


# A word this frequent in pyspellchecker's English or French list (counts
# from film subtitles) is an ordinary word: "worried" (180,894), "inquiet"
# (8,013), "vegan" (2,449). Rarer ones are often names ("Gunnar", 145).
DICTIONARY_MIN_COUNT = 500


def _dictionary_words() -> FrozenSet[str]:
    from spellchecker import SpellChecker

    from assistant.text import folded_words as fold_accents

    words = set()
    for code in ("en", "fr"):
        counts = SpellChecker(language=code, distance=1).word_frequency.dictionary
        words.update(fold_accents(word) for word, count in counts.items()
                     if count >= DICTIONARY_MIN_COUNT)
    return frozenset(words)


@functools.lru_cache(maxsize=None)
def self_descriptions() -> FrozenSet[str]:
    """Never a name after "I'm" / « je suis » (folded, accents removed): the
    words of privacy/data/not_names.yml, and single-word places."""
    import yaml

    from assistant.text import folded_words as fold_accents

    listed = yaml.safe_load((_DATA / "not_names.yml").read_text(encoding="utf-8")) or {}
    words = {fold_accents(str(entry)) for entries in listed.values() for entry in entries or ()}
    return frozenset(words) | _place_words()


@functools.lru_cache(maxsize=None)
def ordinary_words() -> FrozenSet[str]:
    """Words that are no name on their own (folded, accents removed): frequent
    English and French words, every word the catalogs write in lower case,
    and the self-descriptions."""
    from assistant.text import folded_words as fold_accents

    words = set(_dictionary_words())
    for catalog in sorted(_CATALOGS.glob("*/*.yml")):
        for word in _WORD.findall(catalog.read_text(encoding="utf-8")):
            if word.islower():
                words.add(fold_accents(word))
    return frozenset(words) | self_descriptions()


def _folded(word: str) -> str:
    from assistant.text import folded_words as fold_accents

    return fold_accents(word)


def _unknown_word(word: str) -> bool:
    """Not an acronym, and no ordinary word (nor are all its hyphenated
    parts: "Self-employed" is not a name, "Hans-Uwe" is)."""
    if len(word) < 2 or word.isupper():
        return False
    folded = _folded(word)
    ordinary = ordinary_words()
    if folded in ordinary or all(part in ordinary for part in folded.split()):
        return False
    return not folded.replace(" ", "").endswith(_DEMONYM_ENDINGS)


def _introduced_name(text: str) -> bool:
    """After a self-introduction, a listed name, or one or two capitalised
    words of which one is no ordinary word ("Klaas", "Elise Pla"), unless
    the first is a place or a self-description ("Canadian", « Québécoise »)."""
    words = regex.findall(_CAP, text)
    if not words:
        return False
    if _is_listed_name(words[0]):
        return True
    if _folded(words[0]) in self_descriptions():
        return False
    return any(_unknown_word(word) for word in words[:2])


def _is_listed_name(word: str) -> bool:
    given, surnames = name_lists()
    parts = [_fold(part) for part in regex.split(r"[-\s]+", word) if part]
    return bool(parts) and all(part in given or part in surnames for part in parts)


# ----- Presidio recognizers ------------------------------------------------------


class _Recognizer(PatternRecognizer):
    """A pattern recognizer for one kind, with an optional check of the match."""

    def __init__(self, kind: str, patterns: List[Tuple[str, float]], context: Iterable[str] = (),
                 check=None, case_sensitive: bool = False, name: Optional[str] = None,
                 confirms: bool = False):
        flags = regex.DOTALL | regex.MULTILINE | (0 if case_sensitive else regex.IGNORECASE)
        super().__init__(
            supported_entity=kind, name=name or f"{kind}_recognizer", supported_language=LANGUAGE,
            patterns=[Pattern(f"{kind}_{n}", expression, score)
                      for n, (expression, score) in enumerate(patterns)],
            context=list(context), global_regex_flags=flags)
        self._check = check
        self._confirms = confirms

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        # False drops the match; True (a checksum passed: `confirms`) makes it
        # certain; None keeps the pattern's own score.
        if self._check is None:
            return None
        if not self._check(pattern_text):
            return False
        return True if self._confirms else None


class _ExactContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context enhancement, with whole words only: its default
    also counts a context word inside a longer one ("sin" in "business")."""

    @staticmethod
    def _find_supportive_word_in_context(context_list, recognizer_context_list) -> str:
        words = {word.strip(".:;,!?()'’\"").casefold() for word in context_list or ()}
        for context_word in recognizer_context_list or ():
            if context_word in words:
                return context_word
        return ""


class _TokenizerEngine(NlpEngine):
    """The NLP step Presidio's context words need, and nothing more: spaCy's
    rule-based tokenizer (no statistical model) with lower-cased tokens as
    lemmas, for English and French alike."""

    def __init__(self):
        import spacy

        self._nlp = spacy.blank("xx")

    def load(self) -> None:
        pass

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        doc = self._nlp.make_doc(text)
        return NlpArtifacts(entities=[], tokens=doc, tokens_indices=[token.idx for token in doc],
                            lemmas=[token.lower_ for token in doc], nlp_engine=self,
                            language=language)

    def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
        for text in texts:
            yield text, self.process_text(text, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return bool(word) and all(unicodedata.category(ch).startswith("P") for ch in word)

    def get_supported_entities(self) -> List[str]:
        return []

    def get_supported_languages(self) -> List[str]:
        return [LANGUAGE]


def _card_ok(text: str) -> bool:
    return luhn_valid(only_digits(text))


def _international_ok(text: str) -> bool:
    return 8 <= len(only_digits(text)) <= 15


def _ramq_ok(text: str) -> bool:
    digits = only_digits(text)
    month = int(digits[2:4])
    return 1 <= month <= 12 or 51 <= month <= 62


def _given_name_then_surname(text: str) -> bool:
    given, surnames = name_lists()
    words = [_fold(word) for word in text.split()]
    return len(words) == 2 and words[0] in given and words[1] in surnames


def _not_a_place(text: str) -> bool:
    from assistant.text import folded_words as fold_accents

    return not any(fold_accents(word).strip() in _place_words() for word in text.split())


def _listed_first_word(text: str) -> bool:
    words = regex.findall(_CAP, text)
    return bool(words) and _is_listed_name(words[0])


_CARD_CONTEXT = ["card", "carte", "visa", "mastercard", "amex", "credit", "crédit", "debit", "débit"]
_SIN_CONTEXT = ["sin", "s.i.n", "nas", "n.a.s", "insurance", "assurance", "sociale"]
_HEALTH_CONTEXT = ["health", "santé", "sante", "ohip", "ramq", "phn", "maladie", "healthcare",
                   "medicare", "hospital", "hôpital", "hopital"]
_LICENCE_CONTEXT = ["licence", "license", "licences", "licenses", "permis", "dl", "driver's",
                    "drivers", "driver", "conduire", "conduite"]
_PASSPORT_CONTEXT = ["passport", "passeport", "passport's", "passports", "passeports"]
_DOB_CONTEXT = ["born", "birth", "birthday", "dob", "d.o.b", "birthdate", "né", "née", "nés", "nee",
                "ne", "naissance", "ddn", "anniversaire"]
_PHONE_CONTEXT = ["phone", "cell", "mobile", "call", "téléphone", "telephone", "tél", "tel",
                  "cellulaire", "appelez", "joindre"]
# Presidio's IPv6 pattern stops at "::"; this one takes the whole address,
# which `ipaddress` then checks.
_IPV6 = r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|:)(?![\w:])"


def _ip_ok(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


_IP_CONTEXT = ["ip", "address", "adresse", "ipv4", "ipv6", "router", "routeur"]


def _recognizers() -> List[PatternRecognizer]:
    name_patterns = [
        # "my name is jean tremblay", "je m'appelle Marie-Ève Roy": the words after.
        (rf"(?<={_STRONG_TRIGGER}\s*){_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}}", 0.9),
    ]
    return [
        _Recognizer("email", [(_EMAIL, 0.9)]),
        _Recognizer("card", [(_CARD, 0.5)], check=_card_ok, confirms=True),
        _Recognizer("card", [(_CARD, _WEAK)], _CARD_CONTEXT, name="card_named"),
        _Recognizer("sin", [(_SIN, 0.5), (_SIN_SPACED, 0.5)], check=_card_ok, confirms=True),
        _Recognizer("sin", [(_SIN, _WEAK), (_SIN_SPACED, _WEAK)], _SIN_CONTEXT, name="sin_named"),
        # Quebec's 4 letters in capitals, as printed on the card (in lower
        # case only after "health card": "card 4111 1111" is a card number).
        _Recognizer("health_card", [(_HEALTH_QC, 0.8)], _HEALTH_CONTEXT, check=_ramq_ok,
                    case_sensitive=True),
        _Recognizer("health_card", [(_HEALTH_QC, 0.3)], _HEALTH_CONTEXT, check=_ramq_ok,
                    name="health_card_qc_named"),  # not case-sensitive
        _Recognizer("health_card", [(_HEALTH_ON_GROUPED, 0.45), (_HEALTH_ON_VERSION, 0.8)],
                    _HEALTH_CONTEXT, name="health_card_on"),
        _Recognizer("health_card", [(_HEALTH_ANY, 0.2)], _HEALTH_CONTEXT, name="health_card_named"),
        _Recognizer("drivers_licence", [(_LICENCE_ON, 0.8), (_LICENCE_QC, 0.8)], _LICENCE_CONTEXT),
        _Recognizer("drivers_licence", [(_LICENCE_ANY, _WEAK)], _LICENCE_CONTEXT,
                    name="drivers_licence_named"),
        _Recognizer("passport", [(_PASSPORT, 0.45)], _PASSPORT_CONTEXT),
        _Recognizer("passport", [(_PASSPORT_ANY, _WEAK)], _PASSPORT_CONTEXT, name="passport_named"),
        _Recognizer("phone", [(_NANP, 0.4), (_LOCAL, 0.4)], _PHONE_CONTEXT),
        _Recognizer("phone", [(_INTERNATIONAL, 0.4)], _PHONE_CONTEXT, check=_international_ok,
                    name="phone_international"),
        _Recognizer("date_of_birth", [(date, _WEAK) for date in _DATES], _DOB_CONTEXT),
        _Recognizer("postal_code", [(_POSTAL_CODE, 0.6)]),
        _Recognizer("address", [(_ADDRESS_FR, 0.6), (_ADDRESS_EN, 0.6)]),
        _Recognizer("name", name_patterns, case_sensitive=True),
        _Recognizer("name", [
            # A title, or a sign-off with the name alone on the last line:
            # "M. Tremblay", "Thanks,\nMarie Roy".
            (rf"(?<=(?<![\p{{L}}]){_TITLE}[ \t]+){_CAP}(?:[ \t]+{_CAP})?", 0.6),
            (rf"(?<={_SIGN_OFF}[ \t]*[,!.]?[ \t]*\n[ \t]*[-–—]?[ \t]*){_CAP}(?:[ \t]+{_CAP}){{0,2}}"
             r"(?=[ \t]*[.!]?[ \t]*$)", 0.6),
            (rf"(?<=^[ \t]*[-–—][ \t]*){_CAP}(?:[ \t]+{_CAP})?(?=[ \t]*$)", 0.6),
        ], check=_not_a_place, case_sensitive=True, name="name_placed"),
        _Recognizer("name", [
            # "I'm Marie", "je suis Jean Tremblay", "Merci, Sophie": only listed names.
            (rf"(?<=(?<![\p{{L}}']){_WEAK_TRIGGER}[ \t]+){_CAP}(?:[ \t]+{_CAP})?", 0.6),
            (rf"(?<={_SIGN_OFF}[ \t]*[,!.]?[ \t]*){_CAP}(?:[ \t]+{_CAP})?(?=[ \t]*[.!]?[ \t]*$)", 0.6),
        ], check=_listed_first_word, case_sensitive=True, name="name_listed"),
        _Recognizer("name", [
            # "I'm Klaas", "Hi, I am Ezio Conti", « moi c'est Nimrat »: a name
            # in no list, when the word is nothing else the assistant knows.
            (rf"(?<=(?<![\p{{L}}']){_SELF_TRIGGER}[ \t]+){_CAP}(?:[ \t]+{_CAP})?", 0.6),
        ], check=_introduced_name, case_sensitive=True, name="name_introduced"),
        _Recognizer("name", [(rf"(?<![\p{{L}}'’-]){_CAP}[ \t]+{_CAP}(?![\p{{L}}'’-])", 0.5)],
                    check=_given_name_then_surname, case_sensitive=True, name="name_full"),
        IpRecognizer(supported_language=LANGUAGE, context=_IP_CONTEXT),
        _Recognizer("ip_address", [(_IPV6, 0.6)], _IP_CONTEXT, check=_ip_ok, name="ipv6_full"),
    ]


def build_analyzer() -> AnalyzerEngine:
    registry = RecognizerRegistry(recognizers=_recognizers(), supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=_TokenizerEngine(),
                          supported_languages=[LANGUAGE],
                          context_aware_enhancer=_ExactContextEnhancer())
