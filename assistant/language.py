"""Which language to reply in: English or French.

The resident's own words decide, except when a message is too short to tell
("ok", "merci", "CAI?"): then the conversation keeps its current language.
An explicit request ("en français svp", "Can we speak French?") always wins,
and a website or app may pass a starting language in the message metadata.
"""

import functools
import json
import os
import re
from typing import Optional, Sequence

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from assistant.text import fold

SUPPORTED = ("en", "fr")
DEFAULT = "en"

# Detection below these sizes is a coin toss, so the current language stays.
MIN_WORDS = 3
MIN_LETTERS = 10
MIN_PROBABILITY = 0.90

# For a first message too short to detect ("salut", "merci"), a handful of
# unmistakable words decide; otherwise the default applies.
_SHORT_WORDS = {
    "fr": {"bonjour", "bonsoir", "salut", "allo", "merci", "oui", "non", "aide",
           "svp", "stp", "francais", "au revoir", "bonne journee", "coucou", "a+",
           "qc"},
    "en": {"hello", "hi", "hey", "thanks", "thank you", "yes", "no", "help",
           "please", "english", "bye", "good morning"},
}

# Words naming a language, in either language.
_LANGUAGE_NAMES = {
    "fr": ("french", "francais", "franco", "fr"),
    "en": ("english", "anglais", "eng", "en"),
}

# Common short words of each language (accents folded). langdetect reads
# letter patterns and can be fooled by a place name in a short sentence
# ("j'habite a Gatineau"); these words are what a person would go by.
_FUNCTION_WORDS = {
    "fr": set("je j tu vous il elle nous ils mon ma mes ton ta tes votre vos "
              "le la les l des du un une et est sont pas ne n qui que qu quoi "
              "comment pourquoi quel quelle quels ou pour avec sans sur dans "
              "peut peux puis dois doit c ca ce cette ces mais aussi "
              "chu pis ben habite reste suis ai merci bonjour salut oui svp stp "
              "va vais y au aux moi toi nos notre leur son sa ses tes faque asteure "
              "tsé pantoute icitte toute quand ya ont veut veulent fait faire".split()),
    "en": set("i you my your he she we they them is are am was the and of to "
              "in with for this that it can could do does what how why who "
              "which if about without there please be have has not would "
              "should me live thanks hello hi yes".split()),
}
_ACCENTED = re.compile(r"[éèêëàâçîïôûùü]", re.IGNORECASE)
# A lead of this many marker words settles the language without langdetect,
# and so does any lead in a short message, where langdetect is weakest.
DECISIVE_LEAD = 2
SHORT_MESSAGE_WORDS = 6

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _build_factory() -> DetectorFactory:
    """A detector that only knows English and French, seeded for repeatability."""
    factory = DetectorFactory()
    profiles = []
    for code in SUPPORTED:
        with open(os.path.join(PROFILES_DIRECTORY, code), encoding="utf-8") as f:
            profiles.append(json.dumps(json.load(f)))
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


_FACTORY = _build_factory()


def lexical_lead(words: Sequence[str]) -> int:
    """French marker words minus English ones (accented words count as
    French): 'je travaille a regina' -> 2, 'I work in Regina' -> -3."""
    lead = 0
    for word in words:
        folded = fold(word)
        lead += (folded in _FUNCTION_WORDS["fr"]) - (folded in _FUNCTION_WORDS["en"])
        lead += bool(_ACCENTED.search(word))
    return lead


@functools.lru_cache(maxsize=256)
def detect(text: str) -> Optional[str]:
    """The language of `text`, or None when it is too short or unclear.

    Remembered for the last few messages: the guard, the trouble reply and the
    channel ask about the same message, and it is detected once."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS or sum(map(len, words)) < MIN_LETTERS:
        return None
    lead = lexical_lead(words)
    if abs(lead) >= DECISIVE_LEAD or (lead and len(words) < SHORT_MESSAGE_WORDS):
        return "fr" if lead > 0 else "en"
    detected = _langdetect(text)
    if detected is None and lead:
        return "fr" if lead > 0 else "en"
    return detected


def _langdetect(text: str) -> Optional[str]:
    detector = _FACTORY.create()
    # Fewer random trials than langdetect's default of 7: with two profiles the
    # estimate converges quickly, and a turn must stay fast.
    detector.n_trial = 3
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang if best.prob >= MIN_PROBABILITY else None


def guess_short(text: str) -> Optional[str]:
    """The language of a very short message made of unmistakable words."""
    folded = " ".join(re.findall(r"[^\W\d_]+\+?", fold(text)))
    for code, words in _SHORT_WORDS.items():
        if folded in words or any(w in words for w in folded.split()):
            return code
    return None


def requested_language(text: str) -> Optional[str]:
    """The language a switch request asks for: 'Can we speak French?' -> 'fr'.

    When both are named ("from English to French") the last one wins.
    """
    found = None
    for word in _WORD.findall(fold(text)):
        for code, names in _LANGUAGE_NAMES.items():
            if word in names:
                found = code
    return found


_LANGUAGE_WORD = r"(english|anglais|french|francais)"
# "in English please: ...", "réponds en français", "anglais svp", "je préfère
# l'anglais": a request for
# the reply language made inside a message. A language named in passing ("a
# French company") is not one.
_EXPLICIT_REQUEST = re.compile(
    rf"\b(?:(?:in|en|to|into|vers|a\s+l|au)\s+{_LANGUAGE_WORD}"
    rf"|{_LANGUAGE_WORD}\s+(?:only\s+)?(?:please|pls|plz|svp|stp|s il vous plait)"
    rf"|{_LANGUAGE_WORD}\s+(?:only|seulement|svp)"
    rf"|(?<!you )only\s+(?:reads?|speaks?|understands?)\s+{_LANGUAGE_WORD}"
    rf"|(?:reads?|speaks?|understands?)\s+only\s+{_LANGUAGE_WORD}"
    rf"|(?:lit|parle|comprend)\s+(?:juste|seulement|que)\s+(?:le\s+|l\s+)?{_LANGUAGE_WORD}"
    rf"|(?:prefer|prefers|rather|prefere|preferes|preferais|prefererais|aimerais mieux|aime mieux"
    rf"|veux|voudrais|want|would like)"
    rf"\s+(?:le\s+|l\s+|the\s+|in\s+|en\s+|it\s+in\s+)?{_LANGUAGE_WORD})\b")
# "Is the service in English too?", "ça existe-tu en anglais?", "Can I write
# to you in French?", "La CAI a-tu un formulaire de plainte en anglais?": a
# question about what the assistant or an office offers, not a request to switch.
_AVAILABILITY_QUESTION = re.compile(
    rf"\b(?:existe|existe tu|existe t il|exist|offert|offerte|disponible|available|offered)"
    rf"\s+(?:aussi\s+|also\s+|too\s+)?(?:en|in)\s+{_LANGUAGE_WORD}"
    rf"|\b(?:can i|may i|could i|ok if i|okay if i|alright if i|fine if i|puis je|je peux|est ce que je peux"
    rf"|droit de|correct si je|ok si je)(?:\s+\w+){{0,3}}?\s+(?:write|writing|talk|speak|ask|type|continue"
    rf"|ecrire|ecris|parler|parle|jaser|poser|continuer|taper)(?:\s+\w+){{0,3}}?\s+(?:in|en)\s+{_LANGUAGE_WORD}"
    rf"|\b(?:en|in)\s+{_LANGUAGE_WORD}\s+(?:aussi|too|as well)\b"
    rf"|\b(?:formulaire|form|site|website|page|version|document|brochure|guide)(?:\s+\w+){{0,4}}?"
    rf"\s+(?:en|in)\s+{_LANGUAGE_WORD}"
    # "in other languages than French and English", "dans d'autres langues"
    rf"|\b(?:other|another|autres?)\s+(?:languages?|langues?)\b"
    rf"|\b(?:besides|other than|apart from|a part|autre que|autres que)\s+(?:l\s+|le\s+)?{_LANGUAGE_WORD}\b")
# Languages the assistant does not answer in, as a resident may ask for one.
_OTHER_LANGUAGE = (r"(spanish|espagnol|arabic|arabe|chinese|chinois|mandarin|cantonese|cantonais|punjabi"
                   r"|pendjabi|tagalog|filipino|portuguese|portugais|italian|italien|german|allemand|hindi"
                   r"|urdu|ourdou|vietnamese|vietnamien|russian|russe|ukrainian|ukrainien|korean|coreen"
                   r"|japanese|japonais|persian|persan|farsi|inuktitut|cree|ojibwe|somali|turkish|turc"
                   r"|polish|polonais|greek|grec|creole|tamil|tamoul|bengali|gujarati)")
# A reply asked for in one ("answer me in Spanish", "réponds-moi en arabe"),
# or "do you speak Punjabi?"; not "how do you say it in Japanese?".
_OTHER_LANGUAGE_REQUEST = re.compile(
    rf"\b(?:answer\w*|repl\w*|respond\w*|writ\w*|talk\w*|speak\w*|continu\w*|chat\w*|explain\w*|help\w*"
    rf"|serv\w*|repond\w*|ecri\w*|parl\w*|jas\w*|expliqu\w*|aid\w*)(?:\s+\w+){{0,3}}?\s+(?:in|en|a l|au)\s+"
    rf"{_OTHER_LANGUAGE}\b"
    rf"|\b(?:speak|parles|parlez|parle|understand|comprends|comprenez)\s+(?:tu\s+|vous\s+)?{_OTHER_LANGUAGE}\b")
# "Do you speak French?", "quelles langues parlez-vous?": a question about the
# assistant's languages, answered in the language it is asked in.
_LANGUAGES_QUESTION = re.compile(
    rf"\b(?:do|can|could) you (?:only |just )?(?:speak|understand)\b"
    rf"|\b(?:do|can|could) you (?:only |just )?(?:talk|write)(?:\s+\w+){{0,2}}?\s+(?:in\s+)?{_LANGUAGE_WORD}\b"
    r"|\b(?:what|which) languages?\b"
    r"|\bbilingual\b|\bbilingue\b"
    r"|\bparlez vous\b|\bparles tu\b|\btu parles\b|\bvous parlez\b|\bquelles? langues?\b"
    r"|\bcomprends tu\b|\bcomprenez vous\b")


def explicit_request(text: str) -> Optional[str]:
    """The reply language a message asks for in words: 'in English please:
    comment retirer mon consentement?' -> 'en'; None when it asks for none,
    or only whether the service exists in a language."""
    folded = " ".join(_WORD.findall(fold(text)))
    matches = list(_EXPLICIT_REQUEST.finditer(folded))
    if not matches or _AVAILABILITY_QUESTION.search(folded):
        return None
    return requested_language(matches[-1].group())  # "you answered in English, I want French"


def asks_for_another_language(text: str) -> bool:
    """'Peux-tu me répondre en espagnol?', 'Do you speak Punjabi?': a
    language the assistant does not answer in."""
    return bool(_OTHER_LANGUAGE_REQUEST.search(" ".join(_WORD.findall(fold(text)))))


def asks_about_languages(text: str) -> bool:
    """'Which languages do you speak?', 'Parlez-vous anglais?': a question,
    answered in its own language; not when it also asks for a language ("Can
    you answer in French?" switches)."""
    folded = " ".join(_WORD.findall(fold(text)))
    if _AVAILABILITY_QUESTION.search(folded):
        return True
    return bool(_LANGUAGES_QUESTION.search(folded)) and not explicit_request(text)


def supported_code(code: Optional[str]) -> Optional[str]:
    """'fr-CA', 'FR', 'fr_CA' -> 'fr'; anything unsupported -> None."""
    if not code or not isinstance(code, str):
        return None
    short = code.strip().lower().replace("_", "-").split("-")[0]
    return short if short in SUPPORTED else None


def other(code: str) -> str:
    return "fr" if code == "en" else "en"


# Names of the languages, for staff tools and reports (not resident text).
NAMES = {"en": "English", "fr": "French"}


def sample(text: str, size: int = 300) -> str:
    """Enough of a long message to tell its language, cheaply: its start and end."""
    return text if len(text) <= 2 * size else f"{text[:size]} {text[-size:]}"


def known(
    text: Optional[str],
    current: Optional[str] = None,
    starting: Optional[str] = None,
    requested: Optional[str] = None,
) -> Optional[str]:
    """The reply language, or None when nothing tells. The one order of
    preference every caller uses:

    requested: an explicit request (a switch, "in English please: ..."),
    then the message's own words (detected once per message),
    current:   the conversation's language so far (None on the first turn),
    starting:  the page's or app's starting language (the metadata),
    then a very short message made of unmistakable words ("merci").
    """
    text = text if isinstance(text, str) else ""
    for code in (requested, detect(text), current, starting, guess_short(text)):
        chosen = supported_code(code)
        if chosen:
            return chosen
    return None


def choose(
    text: Optional[str],
    current: Optional[str] = None,
    starting: Optional[str] = None,
    requested: Optional[str] = None,
) -> str:
    """The language to reply in (`known`), English when nothing tells."""
    return known(text, current, starting, requested) or DEFAULT
