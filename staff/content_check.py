"""Checks on the content staff maintain, run before publishing: the catalogs
in locales/ (both languages complete, consistent, sourced, reviewed, and
translations checked against each other) and what the assistant understands
(intents with enough training examples and a test story in each language).

Each problem names the file, the key and what to do about it, in plain words,
in English or French (staff/locales/, staff/messages.py): --lang, else the
system's language. No training and no server: it runs in seconds.

Besides completeness, it checks what decides whether a resident can act on
an answer: each French answer cites the same sources as its English twin
(same number, same sites), no answer cites only a site's home page, every
text and office card keeps to characters an SMS can carry (GSM-7) where the
language allows, no office card says "open now" on a statutory holiday, and
every text the chat widget (web/src) shows is in the catalogs.

Run: python -m staff.content_check [--lang fr]   (or `make check`)
     python -m staff.content_check --reviews   (or `make review`): every
     answer with its review date and sources, oldest first
Settings (command line, or environment for make): --review-months /
CONTENT_REVIEW_MONTHS (12), --min-examples / NLU_MIN_EXAMPLES (15).
"""

import argparse
import calendar
import functools
import os
import re
import string
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Set, Tuple
from urllib.parse import urlparse

import yaml

from assistant import language, settings
from assistant import offices as office_cards
from assistant.catalog import (
    LOCALES_DIR,
    SECTIONS,
    CatalogError,
    catalog_files,
    file_of,
    key_files,
    load_yaml,
    placeholder_names,
    read_catalog,
)
from assistant.language import SUPPORTED
from assistant.offices import OFFICES
from staff import translations
from staff.messages import Message, add_language_option, language_name, reader_language, say

ROOT = Path(__file__).resolve().parent.parent
# An answer is due for review when its `reviewed:` date is older than this.
DEFAULT_REVIEW_MONTHS = 12
# The review listing flags answers that fall due within this time.
DUE_SOON = timedelta(days=30)
# Fewer examples than this and the model cannot learn an intent reliably.
DEFAULT_MIN_EXAMPLES = 15

# Texts that are rightly the same in both languages (proper names, layouts).
SAME_IN_BOTH_LANGUAGES = {"choice_province_ab", "choice_province_on", "choice_province_sk",
                          "choice_province_mb", "choice_province_yt", "choice_province_nu",
                          "office_cai_name", "phone_at_place",
                          "widget_log_label", "widget_image", "widget_phone_number"}

# Anything that looks like a link, well-formed or not.
_LINK = re.compile(r"[^\s(]*(?:://|www\.)[^\s)]*")
_VALID_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$")
# North American numbers as residents read them: 1-800-282-1376, 819-994-5444
_PHONE = re.compile(office_cards.PHONE_NUMBER, re.IGNORECASE)

# Characters an SMS can carry in its 7-bit alphabet (GSM 03.38, basic set and
# extension table). Anything else sends the whole message as UCS-2, which
# splits it into more, shorter parts, and some phones show it as boxes.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€"
)
# What the languages cannot do without: French accented letters (English
# texts name French bodies and greet in French too) and French quotation marks.
# Spaces, apostrophes and dashes have GSM-7 forms in both languages.
_FRENCH_LETTERS = set("âêîôûëïÿçœÀÂÈÊËÎÏÔÛÙÜŸŒ")
_LANGUAGE_NEEDS = {"en": _FRENCH_LETTERS, "fr": _FRENCH_LETTERS | set("«»")}
# What to do about each, as a message of staff/locales/<lang>/check.yml.
_CHARACTER_ADVICE = {
    "\u202f": "char_narrow_no_break_space",
    "\u00a0": "char_no_break_space",
    "\u2019": "char_curly_apostrophe",
    "\u2018": "char_curly_single_quote",
    "\u201c": "char_curly_double_quote",
    "\u201d": "char_curly_double_quote",
    "\u2013": "char_en_dash",
    "\u2014": "char_em_dash",
    "\u2026": "char_ellipsis",
}
# Wording that is wrong wherever it appears, with the message saying what to
# write instead. Only general rules belong here: each must hold in every text
# of its language.
_WORDING: Dict[str, List[Tuple["re.Pattern[str]", str]]] = {
    "fr": [
        # Banque de dépannage linguistique (OQLF): « aider avec » is a calque of "help with".
        (re.compile(r"\baider avec\b(?! plaisir)", re.I), "wording_aider_avec"),
        (re.compile(r"\bbonne (?:journée|soirée|nuit|matinée|fin de journée|après-midi)\b", re.I),
         "wording_time_of_day"),
    ],
    "en": [
        (re.compile(r"\b(?:good (?:morning|afternoon|evening|night)|have a (?:good|nice|great) "
                    r"(?:day|morning|afternoon|evening|night))\b", re.I), "wording_time_of_day"),
    ],
}
# Moments at which every office card is rendered for the SMS check.
_SAMPLE_MOMENTS = (datetime(2026, 11, 26, 19, 5), datetime(2026, 11, 26, 17, 30),
                   datetime(2026, 11, 28, 15, 0))


def non_gsm7(text: str, lang: str) -> List[str]:
    """The characters of `text` an SMS cannot carry in GSM-7 and the language
    does not need, each once, in order of appearance."""
    allowed = GSM7 | _LANGUAGE_NEEDS.get(lang, set())
    return list(dict.fromkeys(ch for ch in text if ch not in allowed))


def _character(ch: str) -> Dict[str, object]:
    """A character's code, Unicode name and what to do about it: the values of
    the messages that name a character an SMS cannot carry."""
    return {"code": f"U+{ord(ch):04X}", "name": unicodedata.name(ch, "unnamed character").lower(),
            "advice": Message(_CHARACTER_ADVICE.get(ch, "char_other"))}


def _host(url: str) -> str:
    host = urlparse(str(url)).netloc.lower()
    return host[4:] if host.startswith("www.") else host


OFFICIAL_HOSTS_FILE = Path(__file__).parent / "official_hosts.yml"
# [shown text](target), in case a text is ever written with Markdown links.
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


@functools.lru_cache(maxsize=1)
def official_hosts() -> FrozenSet[str]:
    data = yaml.safe_load(OFFICIAL_HOSTS_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(str(host).lower() for host in data.get("official_hosts") or [])


def is_official(url: str) -> bool:
    """Whether a link goes to an official site (staff/official_hosts.yml), or
    one of its subdomains: 'https://plainte.cai.gouv.qc.ca' -> True."""
    host = _host(url.rstrip(".,;"))
    return any(host == allowed or host.endswith("." + allowed) for allowed in official_hosts())


def is_home_page(url: str) -> bool:
    """A site's front page ('https://www.priv.gc.ca/en/'), which sends the
    resident searching instead of to the page that says it."""
    path = urlparse(str(url)).path.strip("/")
    return path == "" or path.lower() in {"en", "fr", "eng", "fra", "en-ca", "fr-ca", "home", "accueil"}


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    # What is wrong and what to do: a message key and its values, shown in
    # the reader's language by text(lang); as a string, its English text.
    message: Message
    # Something to do soon, not something broken: the studio still saves a
    # text with only such problems (an overdue review date, for one).
    blocking: bool = True

    def text(self, lang: str) -> str:
        """The problem's line in `lang`: file, key, what is wrong and what to do."""
        return say(lang, "problem_line", file=self.file, key=self.key, message=self.message)

    def __str__(self) -> str:
        return self.text("en")


def placeholders(text: str) -> Set[str]:
    """The {names} in a text; none when its braces are not paired (check_entry says so)."""
    return set(placeholder_names(text) or ())


def unpaired_braces(text: str) -> Optional[str]:
    """Why the text's braces cannot be read as placeholders, or None when they can:
    a '{' never closed would make the assistant fail on the text."""
    try:
        list(string.Formatter().parse(text))
    except ValueError as error:
        return str(error)
    return None


def _text_of(section: str, entry) -> str:
    if section == "answers":
        return entry.get("text") or "" if isinstance(entry, dict) else ""
    return entry if isinstance(entry, str) else ""


def _rule_steps(rules_dir: Path) -> List[List[dict]]:
    return [rule.get("steps") or []
            for path in sorted(rules_dir.glob("*.yml"))
            for rule in (load_yaml(path) or {}).get("rules") or []]


def _answer_intents(rule_steps: List[List[dict]]) -> Set[str]:
    """Intents whose rule ends in action_answer: each needs an answer key."""
    return {step["intent"]
            for steps in rule_steps
            for step, following in zip(steps, steps[1:])
            if "intent" in step and following.get("action") == "action_answer"}


def _domain_intents(domain_file: Path) -> Set[str]:
    # An intent is listed by name, or as {name: {use_entities: ...}}.
    listed = load_yaml(domain_file).get("intents") or []
    return {name for item in listed for name in ([item] if isinstance(item, str) else item)}


def payload_intent(payload: object) -> str:
    """The intent a button's payload asks: '/inform_location{"province": "QC"}' -> 'inform_location'."""
    return str(payload or "").lstrip("/").split("{")[0]


def known_phone_numbers() -> Set[str]:
    return set(office_cards.public_phone_numbers())


def _file(lang: str, section: str, key: str = "", files: Optional[Dict] = None) -> str:
    return file_of(files or {}, lang, section, key)


def check_entry(lang: str, section: str, key: str, entry, today: date,
                max_age: timedelta, phones: Set[str], intents: Set[str],
                files: Optional[Dict] = None) -> List[Problem]:
    """Problems of one entry on its own."""
    where = _file(lang, section, key, files)
    problems = []
    text = _text_of(section, entry)
    if not text.strip():
        problems.append(Problem(where, key, Message("empty_text")))
    if unpaired_braces(text):
        problems.append(Problem(where, key, Message("unpaired_braces")))
    for url in _LINK.findall(text):
        if not _VALID_URL.match(url.rstrip(".,;")):
            problems.append(Problem(where, key, Message("link_not_https", url=url)))
        elif not is_official(url):
            problems.append(Problem(where, key, Message("link_not_official", url=url)))
    for shown, target in _MARKDOWN_LINK.findall(text):
        if _LINK.fullmatch(shown.strip()) and shown.strip().rstrip("/") != target.strip().rstrip("/"):
            problems.append(Problem(where, key, Message("link_misleading", shown=shown, target=target)))
    for number in _PHONE.findall(text):
        if number not in phones:
            problems.append(Problem(where, key, Message("phone_unknown", number=number)))
    titles = [str(b.get("title") or "") for b in (entry.get("buttons") or []) if isinstance(b, dict)] \
        if isinstance(entry, dict) else []
    for ch in non_gsm7("".join([text, *titles]), lang):
        problems.append(Problem(where, key, Message("not_sms_safe", **_character(ch))))
    for pattern, advice in _WORDING.get(lang, []):
        for found in dict.fromkeys(m.group(0) for m in pattern.finditer("\n".join([text, *titles]))):
            problems.append(Problem(where, key, Message("wording", found=found, advice=Message(advice))))
    if section != "answers" or not isinstance(entry, dict):
        return problems
    sources = entry.get("sources") or []
    if not isinstance(sources, list):
        problems.append(Problem(where, key, Message("sources_not_a_list")))
        sources = []
    if not sources and not entry.get("conversational"):
        problems.append(Problem(where, key, Message("no_source")))
    for url in sources:
        if not _VALID_URL.match(str(url)):
            problems.append(Problem(where, key, Message("source_not_https", url=url)))
        elif not is_official(str(url)):
            problems.append(Problem(where, key, Message("source_not_official", url=url)))
        elif is_home_page(url):
            problems.append(Problem(where, key, Message("source_home_page", url=url)))
    reviewed = entry.get("reviewed")
    if not isinstance(reviewed, date):
        problems.append(Problem(where, key, Message("no_review_date")))
    elif today - reviewed > max_age:
        problems.append(Problem(where, key, Message("review_overdue", reviewed=reviewed), blocking=False))
    for button in entry.get("buttons") or []:
        intent = payload_intent(button.get("payload"))
        if not button.get("title") or intent not in intents:
            problems.append(Problem(where, key, Message("button_invalid", title=button.get("title"))))
    return problems


def compare_languages(section: str, key: str, entries: Dict[str, object],
                      files: Optional[Dict] = None) -> List[Problem]:
    """Problems between the English and French versions of one key."""
    present = [lang for lang in SUPPORTED if key in entries[lang]]
    if len(present) < len(SUPPORTED):
        missing = next(lang for lang in SUPPORTED if lang not in present)
        return [Problem(_file(missing, section, key, files), key,
                        Message("missing_translation", twin=_file(present[0], section, key, files)))]
    texts = {lang: _text_of(section, entries[lang][key]) for lang in SUPPORTED}
    problems = []
    en, fr = (placeholders(texts[lang]) for lang in SUPPORTED)
    if en != fr:
        problems.append(Problem(_file("fr", section, key, files), key,
                                Message("placeholders_differ", english=str(sorted(en)), french=str(sorted(fr)))))
    if texts["en"].strip() and texts["en"].strip() == texts["fr"].strip() and key not in SAME_IN_BOTH_LANGUAGES:
        problems.append(Problem(_file("fr", section, key, files), key, Message("same_as_english")))
    if section == "answers":
        payloads = {lang: [b.get("payload") for b in entries[lang][key].get("buttons") or []]
                    for lang in SUPPORTED}
        if payloads["en"] != payloads["fr"]:
            problems.append(Problem(_file("fr", section, key, files), key, Message("buttons_differ")))
        problems += compare_sources(key, {lang: entries[lang][key] for lang in SUPPORTED}, files)
    return problems


# Where an official site's French page can be worked out from its English
# address, the French answer must cite exactly that page: a guessed French
# address ("article-14.html" on Justice Laws) leads residents to an error page.
# (site, English path, French path); the paths are regular expressions.
_FRENCH_PAGES = (
    # Justice Laws: acts and regulations (SOR becomes DORS); a section page
    # keeps its name ("section-14.html"), the full text is "TexteComplet.html".
    ("laws-lois.justice.gc.ca", r"/eng/acts/(.+)", r"/fra/lois/\1"),
    ("laws-lois.justice.gc.ca", r"/eng/regulations/SOR-(.+)", r"/fra/reglements/DORS-\1"),
    # CanLII: the same decision, French interface.
    ("canlii.org", r"/en/(.+)", r"/fr/\1"),
    # LégisQuébec: consolidated statutes ("cs") are "lois codifiées" ("lc").
    ("legisquebec.gouv.qc.ca", r"/en/document/cs/(.+)", r"/fr/document/lc/\1"),
)
# Sites whose pages exist in one language only: both answers cite the same page.
_ONE_LANGUAGE_SITES = {"bccourts.ca", "oipc.bc.ca", "oipc.ab.ca"}


def french_page(url: str) -> Optional[str]:
    """The French page of an English source, where the site's addresses say
    what it is: 'https://laws-lois.justice.gc.ca/eng/acts/p-8.6/section-14.html'
    -> 'https://laws-lois.justice.gc.ca/fra/lois/p-8.6/section-14.html'.
    None where it cannot be worked out (the OPC's French addresses are
    translated words: copy them from the page's "Français" link)."""
    parsed = urlparse(str(url))
    host = _host(url)
    if host in _ONE_LANGUAGE_SITES:
        return str(url)
    for site, english, french in _FRENCH_PAGES:
        match = re.fullmatch(english, parsed.path)
        if host == site and match:
            path = match.expand(french).replace("/FullText.html", "/TexteComplet.html")
            return parsed._replace(path=path).geturl()
    return None


def _same_page(a: str, b: str) -> bool:
    """Addresses of one page: 'www.' and letter case aside (P-8.6 or p-8.6)."""
    def norm(url: str) -> str:
        parsed = urlparse(str(url))
        return f"{_host(url)}{parsed.path}".lower().rstrip("/") + (f"?{parsed.query}" if parsed.query else "")
    return norm(a) == norm(b)


def compare_sources(key: str, entries: Dict[str, dict], files: Optional[Dict] = None) -> List[Problem]:
    """Each language cites the same sources: as many, on the same sites (the
    French answer cites the French page of the source its English twin cites)."""
    sources = {lang: [str(url) for url in (entries[lang].get("sources") or [])]
               if isinstance(entries[lang].get("sources") or [], list) else [] for lang in SUPPORTED}
    where = _file("fr", "answers", key, files)
    if len(sources["en"]) != len(sources["fr"]):
        return [Problem(where, key, Message("source_count_differs", french=len(sources["fr"]),
                                            english=len(sources["en"])))]
    hosts = {lang: Counter(_host(url) for url in sources[lang]) for lang in SUPPORTED}
    if hosts["en"] != hosts["fr"]:
        only_en = sorted((hosts["en"] - hosts["fr"]).elements())
        only_fr = sorted((hosts["fr"] - hosts["en"]).elements())
        return [Problem(where, key, Message("source_sites_differ", english=", ".join(only_en) or "-",
                                            french=", ".join(only_fr) or "-"))]
    problems = []
    for url in sources["en"]:
        expected = french_page(url)
        if expected and not any(_same_page(expected, cited) for cited in sources["fr"]):
            problems.append(Problem(where, key, Message("french_page_expected", url=url, expected=expected)))
    return problems


# ----- office cards --------------------------------------------------------------

class _MissingLabel(KeyError):
    """A message an office card needs is not in the catalog."""

    def __init__(self, key: str, lang: str):
        self.said = Message("card_label_missing", name=key, folder=f"locales/{lang}/")
        super().__init__(str(self.said))


def _card_messages(catalogs: Dict[str, Dict[str, dict]], lang: str):
    def msg(key: str, **params: str) -> str:
        template = catalogs[lang]["messages"].get(key)
        if not isinstance(template, str):
            raise _MissingLabel(key, lang)
        return string.Formatter().vformat(template, (), params).strip("\n")
    return msg


def _open_moments(office, year: int) -> Iterable[Tuple[date, datetime]]:
    """For each of the office's holidays in `year` that falls on one of its
    working days: the middle of its first opening period, in its time zone."""
    if office.hours is None or office.holiday_calendar is None:
        return
    start, end = office.hours.periods[0]
    middle = (datetime.combine(date(2000, 1, 1), start) + (datetime.combine(date(2000, 1, 1), end)
              - datetime.combine(date(2000, 1, 1), start)) / 2).time()
    office.holiday_calendar.get(date(year, 1, 1))  # loads the year
    for day in sorted(d for d in office.holiday_calendar.keys() if d.year == year):
        if day.weekday() in office.hours.weekdays:
            yield day, office.timezone.localize(datetime.combine(day, middle))


def check_office_cards(catalogs: Dict[str, Dict[str, dict]], today: date,
                       office_table: Optional[Dict] = None) -> List[Problem]:
    """Every office card, in both languages: it can be built, an SMS can carry
    it, and it never says 'open now' on one of the office's statutory holidays."""
    table = OFFICES if office_table is None else office_table
    where = "assistant/data/offices.yml"
    problems = []
    for office_id, office in table.items():
        if office.hours is not None and office.holiday_calendar is None:
            problems.append(Problem(where, office_id, Message("office_no_holidays")))
        for lang in SUPPORTED:
            msg = _card_messages(catalogs, lang)
            open_text = catalogs[lang]["messages"].get("open_now", "")
            open_label = str(open_text).split(":")[0]
            try:
                for url in (office.website(lang), office.complaint_page(lang), office.review_page(lang)):
                    if url and not is_official(url):
                        problems.append(Problem(where, office_id, Message("link_not_official", url=url)))
                for moment in _SAMPLE_MOMENTS:
                    card = office_cards.contact_card(office, lang, msg, moment.replace(tzinfo=office.timezone))
                    for ch in non_gsm7(card, lang):
                        problems.append(Problem(where, office_id, Message(
                            "card_not_sms_safe", language=language_name(lang), **_character(ch))))
                for year in (today.year, today.year + 1):
                    for day, moment in _open_moments(office, year):
                        status = office_cards.opening_status(office, lang, msg, moment)
                        if status and open_label and status.startswith(open_label):
                            problems.append(Problem(where, office_id, Message("card_open_on_holiday", day=day)))
            except Exception as error:  # bad content must read as advice, not a traceback
                why = error.said if isinstance(error, _MissingLabel) else str(error)
                problems.append(Problem(where, office_id, Message("card_cannot_be_built",
                                                                  language=language_name(lang), error=why)))
    return list(dict.fromkeys(problems))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the 31st becomes the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_age(today: date, months: int = DEFAULT_REVIEW_MONTHS) -> timedelta:
    return today - months_before(today, months)


# ----- intents: training examples, rules, answers and test stories ---------

_STORY_LANGUAGE = re.compile(r"\((en|fr)\)\s*$")


def nlu_examples(root: Path, lang: str) -> Dict[str, Dict[str, int]]:
    """intent -> {file: number of examples} in one language's training data."""
    counts: Dict[str, Dict[str, int]] = defaultdict(dict)
    for path in sorted((root / "data" / "nlu" / lang).glob("*.yml")):
        where = str(path.relative_to(root))
        for block in (load_yaml(path) or {}).get("nlu") or []:
            if isinstance(block, dict) and "intent" in block:
                examples = [line for line in str(block.get("examples") or "").splitlines()
                            if line.strip().startswith("- ")]
                counts[block["intent"]][where] = counts[block["intent"]].get(where, 0) + len(examples)
    return counts


def story_intents(stories_dir: Path) -> Tuple[Dict[str, Set[str]], List[Problem]]:
    """Intents exercised by the test stories of each language, told apart by
    the '(en)' / '(fr)' at the end of each story's name."""
    used: Dict[str, Set[str]] = {lang: set() for lang in SUPPORTED}
    problems = []
    for path in sorted(stories_dir.glob("*.yml")):
        for story in (load_yaml(path) or {}).get("stories") or []:
            name = str(story.get("story", ""))
            match = _STORY_LANGUAGE.search(name)
            if not match:
                problems.append(Problem(f"tests/stories/{path.name}", name, Message("story_no_language")))
                continue
            used[match.group(1)] |= {s["intent"] for s in story.get("steps") or [] if "intent" in s}
    return used, problems


def check_intents(root: Path, catalogs: Dict[str, Dict[str, dict]],
                  min_examples: int = DEFAULT_MIN_EXAMPLES, files: Optional[Dict] = None) -> List[Problem]:
    """Each intent in domain.yml: enough training examples in each language,
    a rule, an answer in both catalogs when action_answer replies, and a
    test story in each language."""
    intents = _domain_intents(root / "domain.yml")
    examples = {lang: nlu_examples(root, lang) for lang in SUPPORTED}
    rule_steps = _rule_steps(root / "data" / "rules")
    with_rule = {step["intent"] for steps in rule_steps for step in steps if "intent" in step}
    stories, problems = story_intents(root / "tests" / "stories")
    for lang in SUPPORTED:
        for intent in sorted(examples[lang].keys() - intents):
            for where in examples[lang][intent]:
                problems.append(Problem(where, intent, Message("intent_not_in_domain")))
    for intent in sorted(intents):
        for lang in SUPPORTED:
            found = examples[lang].get(intent, {})
            count = sum(found.values())
            if count < min_examples:
                where = next(iter(found), f"data/nlu/{lang}/")
                problems.append(Problem(where, intent, Message("too_few_examples", count=count,
                                                               language=language_name(lang), minimum=min_examples)))
        if intent not in with_rule:
            problems.append(Problem("data/rules/rules.yml", intent, Message("no_rule")))
        for lang in SUPPORTED:
            if intent not in stories[lang]:
                problems.append(Problem(f"tests/stories/test_stories_{lang}.yml", intent,
                                        Message("no_test_story", language=language_name(lang), code=lang)))
    for intent in sorted(_answer_intents(rule_steps)):
        for lang in SUPPORTED:
            if intent not in catalogs[lang]["answers"]:
                problems.append(Problem(_file(lang, "answers", intent, files), intent, Message("no_answer")))
    return problems


# ----- the chat widget's texts ------------------------------------------------------

# The widget (web/src) shows catalog messages named widget_<name>, which its
# code reads as t.<name> (web/catalog.mjs builds them in).
WIDGET_PREFIX = "widget_"
_WIDGET_TEXT = re.compile(r"\b(?:t|strings|STRINGS\[\w+\])\.([a-z][a-z0-9_]*)\b|\bsetStatus\(\"([a-z_]+)\"\)")
_JS_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)


def widget_texts(root: Path) -> Dict[str, str]:
    """Catalog key -> widget source file, for every text the widget's code shows."""
    found: Dict[str, str] = {}
    for path in sorted((root / "web" / "src").glob("*.js")):
        code = _JS_COMMENT.sub("", path.read_text(encoding="utf-8"))
        for match in _WIDGET_TEXT.finditer(code):
            found.setdefault(WIDGET_PREFIX + (match.group(1) or match.group(2)), str(path.relative_to(root)))
    return found


def check_widget_texts(root: Path, catalogs: Dict[str, Dict[str, dict]]) -> List[Problem]:
    """Each text the chat widget shows exists in the catalogs (a gap in one
    language only is reported by the comparison of the two languages)."""
    return [Problem(f"locales/{lang}/widget.yml", key, Message("widget_text_missing", source=where))
            for key, where in sorted(widget_texts(root).items())
            for lang in SUPPORTED if all(key not in catalogs[other]["messages"] for other in SUPPORTED)]


# ----- catalogs ---------------------------------------------------------------

def check_twin_files(locales_dir: Path) -> List[Problem]:
    """Each catalog file has its twin, with the same name, in the other language."""
    names = {lang: {p.name for p in catalog_files(locales_dir, lang)} for lang in SUPPORTED}
    return [Problem(f"locales/{lang}/{name}", "-",
                    Message("no_twin_file", twin=f"locales/{language.other(lang)}/{name}"))
            for lang in SUPPORTED for name in sorted(names[lang] - names[language.other(lang)])]


def check_translations(locales_dir: Path, catalogs: Dict[str, Dict[str, dict]],
                       files: Optional[Dict] = None) -> List[Problem]:
    """Texts changed in one language since a translator last compared them."""
    try:
        waiting = translations.pending(locales_dir, catalogs)
    except CatalogError as error:
        return [Problem(str(error).split(":")[0], "-", Message("cannot_be_read", error=str(error)))]
    return [Problem(_file(item.review_lang, item.unit.section, item.unit.key, files), item.unit.label,
                    item.advice()) for item in waiting]


def check(locales_dir: Path = LOCALES_DIR, today: Optional[date] = None,
          max_age: Optional[timedelta] = None, root: Path = ROOT,
          min_examples: int = DEFAULT_MIN_EXAMPLES) -> List[Problem]:
    """Every problem in the catalogs, the translation review and the intents."""
    today = today or date.today()
    max_age = max_age or review_age(today)
    locales_dir = Path(locales_dir)
    try:
        catalogs = {lang: read_catalog(locales_dir, lang) for lang in SUPPORTED}
    except CatalogError as error:
        return [Problem(str(error).split(":")[0], "-", Message("cannot_be_read", error=str(error)))]
    intents = _domain_intents(root / "domain.yml")
    phones = known_phone_numbers()
    files = key_files(locales_dir)
    problems: List[Problem] = check_twin_files(locales_dir)
    for section in SECTIONS:
        entries = {lang: catalogs[lang][section] for lang in SUPPORTED}
        keys = sorted(set().union(*(entries[lang].keys() for lang in SUPPORTED)))
        for key in keys:
            problems += check_key(section, key, entries, today, max_age, phones, intents, files)
    problems += _safely("locales/", "-", lambda: check_translations(locales_dir, catalogs, files))
    problems += _safely("data/", "-", lambda: check_intents(root, catalogs, min_examples, files))
    problems += _safely("assistant/data/offices.yml", "-", lambda: check_office_cards(catalogs, today))
    problems += _safely("web/src/", "-", lambda: check_widget_texts(root, catalogs))
    return problems


def check_key(section: str, key: str, entries: Dict[str, dict], today: date, max_age: timedelta,
              phones: Set[str], intents: Set[str], files: Optional[Dict] = None) -> List[Problem]:
    """Every problem of one key: each language on its own, then the two compared.
    `entries`: lang -> that language's entries of `section`."""
    problems = _safely(_file("fr", section, key, files), key,
                       lambda: compare_languages(section, key, entries, files))
    for lang in SUPPORTED:
        if key in entries[lang]:
            problems += _safely(_file(lang, section, key, files), key,
                                lambda: check_entry(lang, section, key, entries[lang][key], today,
                                                    max_age, phones, intents, files))
    return problems


def check_draft(section: str, key: str, draft: Dict[str, object], locales_dir: Path = LOCALES_DIR,
                root: Path = ROOT, today: Optional[date] = None, max_age: Optional[timedelta] = None) -> List[Problem]:
    """The problems `make check` would report for one key of `section`
    ("answers" or "messages") if its value in each language were `draft`
    (lang -> an answer's entry, or a message's text), before anything is written."""
    today = today or date.today()
    entries = {lang: ({key: draft[lang]} if lang in draft else {}) for lang in SUPPORTED}
    return check_key(section, key, entries, today, max_age or review_age(today),
                     known_phone_numbers(), _domain_intents(root / "domain.yml"), key_files(Path(locales_dir)))


def check_answer(key: str, draft: Dict[str, dict], locales_dir: Path = LOCALES_DIR, root: Path = ROOT,
                 today: Optional[date] = None, max_age: Optional[timedelta] = None) -> List[Problem]:
    """check_draft for one answer (`draft`: lang -> its entry)."""
    return check_draft("answers", key, dict(draft), locales_dir, root, today, max_age)


def check_message(key: str, draft: Dict[str, str], published: Dict[str, str], locales_dir: Path = LOCALES_DIR,
                  root: Path = ROOT, today: Optional[date] = None) -> List[Problem]:
    """check_draft for one message (`draft`: lang -> its text), plus what an
    edit of a published message must not do: change its placeholders
    (`published`: lang -> the text residents get now), or break an office's
    contact card, which is assembled from messages."""
    today = today or date.today()
    problems = check_draft("messages", key, dict(draft), locales_dir, root, today)
    files = key_files(Path(locales_dir))
    for lang in SUPPORTED:
        if lang in draft and lang in published and not unpaired_braces(draft[lang]):
            before, after = placeholders(published[lang]), placeholders(draft[lang])
            if before != after:
                problems.append(Problem(_file(lang, "messages", key, files), key, Message(
                    "placeholders_changed", published=_names(before), draft=_names(after))))
    if not any(p.blocking for p in problems):
        catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
        already = set(check_office_cards(catalogs, today))
        for lang in SUPPORTED:
            catalogs[lang]["messages"][key] = draft.get(lang, "")
        problems += [p for p in check_office_cards(catalogs, today) if p not in already]
    return problems


def _names(found: Set[str]) -> str:
    """'{office}, {url}'; the message for none when there are none."""
    return ", ".join("{" + name + "}" for name in sorted(found)) or Message("placeholders_none")


def _safely(where: str, key: str, run) -> List[Problem]:
    """Run one check; content laid out in a way it does not expect is reported
    as a problem to fix, never as a crash."""
    try:
        return run()
    except Exception as error:
        return [Problem(where, key, Message("could_not_check", error=f"{type(error).__name__}: {error}"))]


# ----- review dates -------------------------------------------------------------

@dataclass(frozen=True)
class ReviewLine:
    lang: str
    key: str
    reviewed: Optional[date]
    sources: int
    status: str  # "overdue", "no date", "no source", "due soon", "ok", "conversational"
    file: str


def reviews(locales_dir: Path = LOCALES_DIR, today: Optional[date] = None,
            months: int = DEFAULT_REVIEW_MONTHS) -> List[ReviewLine]:
    """Every answer of both languages with its review state, most urgent first."""
    today = today or date.today()
    cutoff = months_before(today, months)
    files = key_files(Path(locales_dir))
    lines = []
    for lang in SUPPORTED:
        for key, entry in read_catalog(Path(locales_dir), lang)["answers"].items():
            entry = entry if isinstance(entry, dict) else {}
            reviewed = entry.get("reviewed") if isinstance(entry.get("reviewed"), date) else None
            sources = len(entry.get("sources") or [])
            if reviewed is None:
                status = "no date"
            elif reviewed < cutoff:
                status = "overdue"
            elif not sources:
                status = "conversational" if entry.get("conversational") else "no source"
            elif reviewed - cutoff <= DUE_SOON:
                status = "due soon"
            else:
                status = "ok"
            lines.append(ReviewLine(lang, key, reviewed, sources, status, _file(lang, "answers", key, files)))
    order = ["no date", "overdue", "no source", "due soon", "ok", "conversational"]
    return sorted(lines, key=lambda line: (order.index(line.status), line.reviewed or date.min,
                                           line.key, line.lang))


_STATUS_WORDS = {
    "no date": Message("review_no_date"),
    "overdue": Message("review_overdue_status"),
    "no source": Message("review_no_source"),
    "due soon": Message("review_due_soon", days=DUE_SOON.days),
    "ok": Message("review_ok"),
    "conversational": Message("review_conversational"),
}


def print_reviews(lines: List[ReviewLine], today: date, months: int, lang: str = "en") -> int:
    cutoff = months_before(today, months)
    print(say(lang, "reviews_intro", months=months, cutoff=cutoff) + "\n")
    # Columns as wide as their values, or their title where it is wider.
    titles = {name: say(lang, f"reviews_column_{name}") for name in ("reviewed", "lang", "answer", "sources", "status")}
    width = {name: max(len(titles[name]), least) for name, least in (("reviewed", 11), ("lang", 5), ("answer", 28),
                                                                      ("sources", 7))}
    print(f"  {titles['reviewed']:<{width['reviewed']}} {titles['lang']:<{width['lang']}} "
          f"{titles['answer']:<{width['answer']}} {titles['sources']:>{width['sources']}}  {titles['status']}")
    for line in lines:
        print(f"  {str(line.reviewed or '-'):<{width['reviewed']}} {line.lang:<{width['lang']}} "
              f"{line.key:<{width['answer']}} {line.sources:>{width['sources']}}  "
              f"{_STATUS_WORDS[line.status].text(lang)}" + ("" if line.status in ("ok", "conversational", "due soon")
                                                            else f" ({line.file})"))
    counts = {status: sum(1 for line in lines if line.status == status) for status in _STATUS_WORDS}
    print("\n" + say(lang, "reviews_summary", overdue=counts["overdue"], no_date=counts["no date"],
                     no_source=counts["no source"], due_soon=counts["due soon"], days=DUE_SOON.days,
                     up_to_date=counts["ok"] + counts["conversational"]))
    return 1 if counts["overdue"] or counts["no date"] or counts["no source"] else 0


def _setting(name: str, default: int) -> int:
    """A whole number from the settings (assistant/settings.py); a bad value stops the check, naming it."""
    try:
        return getattr(settings.load(), name.lower(), default)
    except settings.SettingsError as error:
        raise SystemExit(f"{error} (default {default})") from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, not {value!r}")
    return int(value)


def main(argv: Iterable[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m staff.content_check",
                                     description="Checks the catalogs and the intents before publishing.")
    parser.add_argument("--review-months", type=_positive,
                        default=_setting("CONTENT_REVIEW_MONTHS", DEFAULT_REVIEW_MONTHS),
                        help="an answer is overdue when reviewed longer ago than this (default: %(default)s)")
    parser.add_argument("--min-examples", type=_positive,
                        default=_setting("NLU_MIN_EXAMPLES", DEFAULT_MIN_EXAMPLES),
                        help="training examples needed per intent and language (default: %(default)s)")
    parser.add_argument("--reviews", action="store_true",
                        help="list every answer with its review date and sources instead")
    parser.add_argument("--locales", type=Path, default=LOCALES_DIR,
                        help="catalog folder (default: %(default)s)")
    add_language_option(parser)
    args = parser.parse_args(list(argv))
    lang = reader_language(args.lang)
    today = date.today()
    if args.reviews:
        try:
            return print_reviews(reviews(args.locales, today, args.review_months), today, args.review_months, lang)
        except CatalogError as error:
            print(say(lang, "cannot_be_read", error=str(error)))
            return 1
    problems = check(args.locales, today, review_age(today, args.review_months),
                     min_examples=args.min_examples)
    for problem in sorted(problems, key=lambda p: p.file):
        print(problem.text(lang))
    if problems:
        print("\n" + say(lang, "check_found", count=len(problems)))
        return 1
    print(say(lang, "check_ok"))
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:  # `make review | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 141
    sys.exit(code)
