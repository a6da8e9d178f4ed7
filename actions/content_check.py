"""Checks on the catalogs in locales/ that staff run before publishing.

Each problem names the file, the key and what to do about it, in plain words.
Run: python -m actions.content_check   (or `make check`)
"""

import re
import string
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Set

import yaml

from actions.catalog import LOCALES_DIR, SECTIONS, CatalogError, read_catalog
from actions.language import SUPPORTED
from actions.offices import OFFICES

ROOT = Path(__file__).resolve().parent.parent
MAX_REVIEW_AGE = timedelta(days=365)

# Texts that are rightly the same in both languages (proper names, layouts).
SAME_IN_BOTH_LANGUAGES = {"choice_province_ab", "office_cai_name", "phone_at_place"}

# Anything that looks like a link, well-formed or not.
_LINK = re.compile(r"[^\s(]*(?:://|www\.)[^\s)]*")
_VALID_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[^\s]*)?$")
# North American numbers as residents read them: 1-800-282-1376, 819-994-5444
_PHONE = re.compile(r"(?<!\d)(?:1-)?\d{3}-\d{3}-\d{4}(?!\d)")


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: '{self.key}': {self.message}"


def _placeholders(text: str) -> Set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _text_of(section: str, entry) -> str:
    if section == "answers":
        return entry.get("text") or "" if isinstance(entry, dict) else ""
    return entry if isinstance(entry, str) else ""


def _answer_intents(rules_dir: Path) -> Set[str]:
    """Intents whose rule ends in action_answer: each needs an answer key."""
    intents = set()
    for path in rules_dir.glob("*.yml"):
        for rule in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("rules", []):
            steps = rule.get("steps", [])
            for step, following in zip(steps, steps[1:]):
                if "intent" in step and following.get("action") == "action_answer":
                    intents.add(step["intent"])
    return intents


def _domain_intents(domain_file: Path) -> Set[str]:
    return set(yaml.safe_load(domain_file.read_text(encoding="utf-8")).get("intents", []))


def known_phone_numbers() -> Set[str]:
    return {number for office in OFFICES.values() for number in office.phone_numbers()}


def _file(lang: str, section: str) -> str:
    return f"locales/{lang}/{section}.yml"


def check_entry(lang: str, section: str, key: str, entry, today: date,
                max_age: timedelta, phones: Set[str], intents: Set[str]) -> List[Problem]:
    """Problems of one entry on its own."""
    where = _file(lang, section)
    problems = []
    text = _text_of(section, entry)
    if not text.strip():
        problems.append(Problem(where, key, "the text is empty: write it, or remove the key from both languages"))
    for url in _LINK.findall(text):
        if not _VALID_URL.match(url.rstrip(".,;")):
            problems.append(Problem(where, key, f"the link '{url}' is not a full https:// address"))
    for number in _PHONE.findall(text):
        if number not in phones:
            problems.append(Problem(where, key, f"the phone number {number} is not in "
                                    "actions/data/offices.yml: use an office's number, or add it there with its source"))
    if section != "answers" or not isinstance(entry, dict):
        return problems
    sources = entry.get("sources") or []
    if not sources and not entry.get("conversational"):
        problems.append(Problem(where, key, "no source: add the official page this answer comes from under 'sources:'"))
    for url in sources:
        if not _VALID_URL.match(str(url)):
            problems.append(Problem(where, key, f"the source '{url}' is not a full https:// address"))
    reviewed = entry.get("reviewed")
    if not isinstance(reviewed, date):
        problems.append(Problem(where, key, "no review date: add 'reviewed: YYYY-MM-DD' with the day you checked it"))
    elif today - reviewed > max_age:
        problems.append(Problem(where, key, f"last reviewed on {reviewed}: check it against its source "
                                "and update 'reviewed:'"))
    for button in entry.get("buttons") or []:
        intent = str(button.get("payload", "")).lstrip("/").split("{")[0]
        if not button.get("title") or intent not in intents:
            problems.append(Problem(where, key, f"the button '{button.get('title')}' must have a title and "
                                    "a payload '/<intent>' naming an intent in domain.yml"))
    return problems


def compare_languages(section: str, key: str, entries: Dict[str, object]) -> List[Problem]:
    """Problems between the English and French versions of one key."""
    present = [lang for lang in SUPPORTED if key in entries[lang]]
    if len(present) < len(SUPPORTED):
        missing = next(lang for lang in SUPPORTED if lang not in present)
        return [Problem(_file(missing, section), key,
                        f"missing in this language (it exists in {_file(present[0], section)}): add a translation")]
    texts = {lang: _text_of(section, entries[lang][key]) for lang in SUPPORTED}
    problems = []
    en, fr = (_placeholders(texts[lang]) for lang in SUPPORTED)
    if en != fr:
        problems.append(Problem(_file("fr", section), key,
                                f"placeholders differ: English has {sorted(en)}, French has {sorted(fr)}; "
                                "keep the same {names} in both"))
    if texts["en"].strip() and texts["en"].strip() == texts["fr"].strip() and key not in SAME_IN_BOTH_LANGUAGES:
        problems.append(Problem(_file("fr", section), key, "identical to the English text: translate it"))
    if section == "answers":
        payloads = {lang: [b.get("payload") for b in entries[lang][key].get("buttons") or []]
                    for lang in SUPPORTED}
        if payloads["en"] != payloads["fr"]:
            problems.append(Problem(_file("fr", section), key,
                                    "the buttons differ from the English ones: use the same payloads in the same order"))
    return problems


def check(locales_dir: Path = LOCALES_DIR, today: Optional[date] = None,
          max_age: timedelta = MAX_REVIEW_AGE, root: Path = ROOT) -> List[Problem]:
    today = today or date.today()
    try:
        catalogs = {lang: read_catalog(Path(locales_dir), lang) for lang in SUPPORTED}
    except CatalogError as error:
        return [Problem(str(error).split(":")[0], "-", f"cannot be read: {error}")]
    intents = _domain_intents(root / "domain.yml")
    phones = known_phone_numbers()
    problems: List[Problem] = []
    for section in SECTIONS:
        entries = {lang: catalogs[lang][section] for lang in SUPPORTED}
        keys = sorted(set().union(*(entries[lang].keys() for lang in SUPPORTED)))
        for key in keys:
            problems += compare_languages(section, key, entries)
            for lang in SUPPORTED:
                if key in entries[lang]:
                    problems += check_entry(lang, section, key, entries[lang][key], today, max_age,
                                            phones, intents)
    for intent in sorted(_answer_intents(root / "data" / "rules")):
        for lang in SUPPORTED:
            if intent not in catalogs[lang]["answers"]:
                problems.append(Problem(_file(lang, "answers"), intent,
                                        "the intent is answered from the catalog but has no answer: add one"))
    return problems


def main(argv: Iterable[str] = ()) -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) found in the catalogs.")
        return 1
    print("Catalogs OK: both languages complete, sourced and consistent.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
