"""Which privacy office handles a resident's concern (facts section 7).

Three facts decide it: the kind of organization, where it operates, and
whether the resident is its customer or its employee. The table is data,
`assistant/data/routing.yml`; `route` reads a `Situation` against it and
says which office to show, why, or which one question to ask first.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.places import PROVINCE_CODES, find_places
from assistant.situation import Situation
from assistant.text import phrase, squeeze, tokens

DATA = Path(__file__).parent / "data"
NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class Routing:
    """The outcome: offices to show, why (a message key), or a question to ask.

    ask: "province", "org_kind" or "which_province" (two provinces named).
    """

    offices: List[str] = field(default_factory=list)
    reason: Optional[str] = None
    ask: Optional[str] = None

    @property
    def outcome(self) -> str:
        """One word for tests and reports: the office id, "not_covered" or "ask"."""
        if self.ask:
            return "ask"
        return self.offices[0] if self.offices else NOT_COVERED


@dataclass(frozen=True)
class _Table:
    private_sector_law: Dict[str, str]
    federal_works_everywhere: frozenset
    public_sector_office: Dict[str, str]
    federal_office: str


@lru_cache(maxsize=1)
def table() -> _Table:
    data = yaml.safe_load((DATA / "routing.yml").read_text(encoding="utf-8"))
    return _Table(data["private_sector_law"], frozenset(data["federal_works_everywhere"]),
                  data["public_sector_office"], data["federal_office"])


def route(situation: Situation) -> Routing:
    """The office for a situation, e.g. a bank anywhere -> OPC; an Ontario
    hospital -> Ontario's commissioner; an employee of an ordinary Manitoba
    store -> not covered by a privacy law."""
    rules = table()
    kind, province = situation.org_kind, situation.province
    federal = rules.federal_office
    if kind == "federal_institution":
        return Routing([federal], reason="route_federal_institution")
    if kind == "federal_business":
        return Routing([federal], reason="route_federal_business")
    if province not in PROVINCE_CODES:
        return _same_in_every_possible_province(situation) or Routing(ask="province")
    if situation.other_province and kind != "federal_business":
        return Routing(ask="which_province")
    if kind == "police":
        # The RCMP in most of this province, a city's own service elsewhere.
        return Routing([federal, rules.public_sector_office[province]], reason="route_police_unclear")
    if kind in ("public_body", "municipal_police"):
        office = rules.public_sector_office[province]
        if province in rules.federal_works_everywhere:
            return Routing([office], reason="route_public_body_territory")
        return Routing([office], reason=f"route_{kind}")
    if province in rules.private_sector_law:
        reason = "route_provincial" if kind is None else "route_provincial_business"
        return Routing([rules.private_sector_law[province]], reason=reason)
    if province in rules.federal_works_everywhere:
        return Routing([federal], reason="route_business_territory")
    if kind is None:
        return Routing(ask="org_kind")
    if situation.role == "employee":
        return Routing([], reason="route_employee_not_covered")
    return Routing([federal], reason="route_business_elsewhere")


def _same_in_every_possible_province(situation: Situation) -> Optional[Routing]:
    """The routing when the place's name is shared by provinces that all give
    the same one ("a restaurant in Souris": the OPC, in Manitoba or in P.E.I.);
    None when they differ or no such place was named."""
    if not situation.possible_provinces:
        return None
    routings = [route(replace(situation, province=province, possible_provinces=None))
                for province in situation.possible_provinces]
    return routings[0] if all(r == routings[0] for r in routings) and not routings[0].ask else None


@lru_cache(maxsize=1)
def _office_names() -> Tuple[Dict[Tuple[str, ...], str], int]:
    data = yaml.safe_load((DATA / "office_names.yml").read_text(encoding="utf-8"))
    names = {tuple(map(squeeze, phrase(name))): office for office, aliases in data.items() for name in aliases}
    return names, max(map(len, names))


# Words that name a commissioner without saying which one: the province
# next to them does ("Nova Scotia's privacy commissioner").
# ("commission" is not one: the Commission des normes du travail du Québec is not the CAI.)
# Words are compared with doubled letters made single (text.squeeze), as
# residents misspell them: "comissaire", "commisioner".
_COMMISSIONER_WORDS = frozenset(map(squeeze, "commissioner commissaire commissariat ombudsman ombud oipc".split()))
_OF = frozenset("of for de du la l d".split())
# "the commissioner in Saskatchewan", "l'ombudsman au Manitoba": right after
# the word only ("Which commissioner handles a store? I live in Ontario" asks).
_IN = frozenset("in au en a aux".split())
_IN_WORDS = 3
# Words of a commissioner's title: "le commissaire de la vie privée au
# Manitoba" names Manitoba's, as "the privacy commissioner in Manitoba" does.
_NAME_FILLER = frozenset(map(squeeze, "de la l a vie privee protection information info et des renseignements "
                                      "personnels privacy and the of access acces".split()))
# What residents write for a commissioner: "the BC privacy commish".
_WORD_ALIASES = {"commish": "commissioner", "comish": "commissioner"}
# "Ontario's information and privacy commissioner": a province this many words
# before the commissioner word names its commissioner.
_BEFORE_WORDS = 5
# Words that make such a commissioner the federal one ("le commissaire à la
# vie privée fédéral"), unless the provincial one is named beside it
# ("the federal or the provincial commissioner?" asks which).
_FEDERAL = frozenset("federal federale federaux canadien canadienne canadian".split())
_PROVINCIAL = frozenset("provincial provinciale provinciaux".split())
# How many words a commissioner's name may run to before its qualifier
# ("commissaire à l'information et à la protection de la vie privée de
# l'Alberta": 13).
_NAME_WORDS = 14


def find_named_office(text: str) -> Optional[str]:
    """An office the resident names directly: 'CAI phone number?' -> 'cai';
    "Nova Scotia's privacy commissioner" -> 'oipc_ns'."""
    words = [squeeze(_WORD_ALIASES.get(token.folded, token.folded)) for token in tokens(text)]
    # The commissioner words, found once for both kinds of unnamed commissioner.
    at = [i for i, word in enumerate(words) if word in _COMMISSIONER_WORDS]
    by_name = _office_by_name(words)
    if by_name == table().federal_office:
        # "le commissariat à la protection de la vie privée de la Saskatchewan":
        # the federal office's words, then a province's.
        by_name = _commissioner_of_a_province(text, words, at) or by_name
    named = by_name or _commissioner_of_a_province(text, words, at) or _federal_commissioner(text, words, at)
    if named == table().federal_office and _PROVINCIAL.intersection(words):
        return None  # "the federal or the provincial commissioner?" asks which
    return named


def _federal_commissioner(text: str, words: List[str], at: List[int]) -> Optional[str]:
    """'opc' for a commissioner (a word at an index in `at`) named federal in
    any word order, unless a province is named too (which one is then for
    routing to decide)."""
    # "of Canada", "du Canada" too; not "in Canada"
    federal = [j for j, word in enumerate(words)
               if word in _FEDERAL or (word == "canada" and j and words[j - 1] in _OF)]
    named = any(0 < j - i <= _NAME_WORDS or 0 < i - j <= 2 for i in at for j in federal)
    if not named or any(m.province for m in find_places(text)):
        return None
    return table().federal_office


def _commissioner_of_a_province(text: str, words: List[str], at: List[int]) -> Optional[str]:
    if not at:
        return None
    for mention in find_places(text):
        if mention.province is None or mention.city:
            continue
        before = words[mention.start - 1] if mention.start else ""
        named_after = any((i < mention.start <= i + _NAME_WORDS and before in _OF)
                          or (i < mention.start <= i + _IN_WORDS and before in _IN)
                          or (i < mention.start <= i + _NAME_WORDS and before in _IN
                              and _NAME_FILLER.issuperset(words[i + 1:mention.start - 1]))
                          # "commissaire info vie privee ontario"
                          or (i < mention.start <= i + _NAME_WORDS
                              and _NAME_FILLER.issuperset(words[i + 1:mention.start]))
                          for i in at)
        # "Nova Scotia's privacy commissioner", "Ontario's information and privacy commissioner"
        named_before = any(0 < i - mention.end + 1 <= _BEFORE_WORDS for i in at)
        if named_after or named_before:
            return table().public_sector_office[mention.province]
    return None


def _office_by_name(words: List[str]) -> Optional[str]:
    names, longest = _office_names()
    best: Optional[Tuple[int, str]] = None
    for i in range(len(words)):
        for size in range(min(longest, len(words) - i), 0, -1):
            office = names.get(tuple(words[i:i + size]))
            if office and (best is None or size > best[0]):
                best = (size, office)
                break
    return best[1] if best else None
