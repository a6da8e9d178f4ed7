"""What the resident has told us about their situation: where, which kind of
organization, whether they are its customer or its employee, the biometric
involved and what they want to do. Read from each message and kept across
the conversation; a later message corrects an earlier fact.

Words live in `assistant/data/organizations.yml` and `police.yml`; places
come from `assistant/places.py`.
"""

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from assistant import places
from assistant.places import PlaceMention
from assistant.text import Token, phrase, tokens

DATA = Path(__file__).parent / "data"

ORG_KINDS = ("federal_institution", "federal_business", "public_body", "municipal_police",
             "police", "business")
# Words for any business ("company", "employer"): they count only when no
# more precise organization is named. Phrases of kind "none" ("Bank Street",
# "food bank") are matched only so their words are not read as organizations.
_GENERIC, _NONE = "business_generic", "none"
ROLES = ("customer", "employee")
GOALS = ("complain", "contact")

# Words before a place that say it is not where the concern is: the resident
# no longer lives there, it is only the head office, or "not Richmond Hill".
_PAST = frozenset("from originally grew born used moved viens originaire ne nee avant "
                  "anciennement was not pas non".split())
# Words before a place that say the organization is there: "my job is in Ottawa".
_WORKPLACE = frozenset("job work works working travail travaille bureau located based "
                       "situe situee visiting visite voyage trip".split())
# Words before a place that say the resident lives there now.
_HOME = frozenset("live living lives reside moved now habite reste demeure vis vit rendu "
                  "maintenant installe".split())
PLACE_CONTEXT = 4  # words before a place that are read for those markers
# "le siège social de la compagnie est à Toronto": the head office is named
# further before its place.
_HEAD_OFFICE = frozenset("head headquartered headquarters hq siege".split())
HEAD_OFFICE_CONTEXT = 7
# A place this many words after an organization is where it operates: "the
# store in Laval", "un café du marché By à Ottawa".
ORG_PLACE_DISTANCE = 5


@dataclass(frozen=True)
class Situation:
    """The facts that decide which office handles a concern.

    province: "QC", or None when unknown; `places` lists a second province
    when a message named two and could not tell which one decides.
    """

    province: Optional[str] = None
    city: Optional[str] = None
    org_kind: Optional[str] = None   # one of ORG_KINDS
    role: Optional[str] = None       # one of ROLES
    biometric: Optional[str] = None  # "face", "fingerprint", "voice", "iris", "palm"
    goal: Optional[str] = None       # one of GOALS
    other_province: Optional[str] = None  # a second province named, when unclear
    # True when only a generic word ("a company", "my employer") named the
    # organization: enough to route, not to contradict an office the
    # resident named.
    org_generic: bool = False

    def merged(self, later: "Situation") -> "Situation":
        """This situation, corrected by what a later message says."""
        changes = {name: value for name, value in vars(later).items()
                   if value is not None and name != "org_generic"}
        if later.org_kind:
            changes["org_generic"] = later.org_generic
        if later.province and not later.other_province:
            changes["other_province"] = None  # the resident settled it
        if later.province and later.province != self.province and not later.city:
            changes["city"] = None
        return replace(self, **changes)


@dataclass(frozen=True)
class _Lexicon:
    """Phrases of one category, by the label they give."""

    folded: Dict[Tuple[str, ...], str]
    exact: Dict[Tuple[str, ...], str]  # words as written: ("City", "of")
    longest: int

    @classmethod
    def build(cls, labelled: Dict[str, Iterable[str]], exact: Optional[Dict[str, Iterable[str]]] = None
              ) -> "_Lexicon":
        folded = {phrase(p): label for label, phrases in labelled.items() for p in phrases}
        exact_phrases = {tuple(t.text for t in tokens(p)): label
                         for label, phrases in (exact or {}).items() for p in phrases}
        return cls(folded, exact_phrases, max(map(len, [*folded, *exact_phrases]), default=1))

    def matches(self, words: Sequence[Token]) -> List[Tuple[str, int, int]]:
        """(label, start, end) of the phrases in `words`, in order; where two
        overlap, the longer wins ("la police municipale", "Taco Bell")."""
        folded = [w.folded for w in words]
        candidates = []
        for i in range(len(words)):
            for size in range(1, min(self.longest, len(words) - i) + 1):
                label = self.folded.get(tuple(folded[i:i + size]))
                if label is None:
                    label = self.exact.get(tuple(w.text for w in words[i:i + size]))
                if label is not None:
                    candidates.append((size, i, label))
        taken: List[Tuple[str, int, int]] = []
        for size, start, label in sorted(candidates, key=lambda c: (-c[0], c[1])):
            if all(start >= end or start + size <= begin for _, begin, end in taken):
                taken.append((label, start, start + size))
        return sorted(taken, key=lambda match: match[1])


@dataclass(frozen=True)
class _Vocabulary:
    organizations: _Lexicon
    employee: _Lexicon
    goals: _Lexicon
    biometrics: _Lexicon
    transport: _Lexicon
    contact_details: _Lexicon
    subject: _Lexicon
    organization_provinces: Dict[Tuple[str, ...], str]
    own_police: Dict[str, frozenset]
    no_rcmp: frozenset


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    orgs = yaml.safe_load((DATA / "organizations.yml").read_text(encoding="utf-8"))
    police = yaml.safe_load((DATA / "police.yml").read_text(encoding="utf-8"))
    kinds = orgs["kinds"]
    return _Vocabulary(
        organizations=_Lexicon.build({k: kinds[k]["phrases"] for k in kinds},
                                     {k: kinds[k].get("exact_case") or [] for k in kinds}),
        employee=_Lexicon.build({"employee": orgs["employee"]["phrases"]}),
        goals=_Lexicon.build({goal: entry["phrases"] for goal, entry in orgs["goals"].items()}),
        biometrics=_Lexicon.build(orgs["biometrics"]),
        transport=_Lexicon.build({"transport": orgs["interprovincial_transport"]}),
        contact_details=_Lexicon.build({"details": orgs["contact_details"]}),
        subject=_Lexicon.build({"subject": [word for words in yaml.safe_load(
            (DATA / "subject.yml").read_text(encoding="utf-8")).values() for word in words]}),
        organization_provinces={phrase(name): province
                                for province, names in orgs["provinces_of_organizations"].items()
                                for name in names},
        own_police={province: frozenset(phrase(city) for city in cities)
                    for province, cities in police["own_police_service"].items()},
        no_rcmp=frozenset(police["no_rcmp_local_policing"]),
    )


def read(text: str) -> Situation:
    """The facts one message states, e.g. "My bank in Montreal uses voice ID,
    who do I complain to?" -> province QC, city Montréal, federal_business,
    voice, complain. Costs well under a millisecond."""
    vocabulary = _vocabulary()
    words = tokens(text)
    organizations = [m for m in vocabulary.organizations.matches(words) if m[0] != _NONE]
    org_kind = _org_kind(organizations)
    mentions = places.gazetteer().find(text)
    if (org_kind in (None, "business") and vocabulary.transport.matches(words)
            and len({m.province for m in mentions if m.province}) > 1):
        org_kind = "federal_business"  # a carrier between provinces
    place, other = _deciding_place(mentions, words, organizations)
    province = place.province if place else None
    if province is None:  # "ICBC", "the SAAQ": the organization says the province
        province = _province_of_organizations(words, organizations, vocabulary)
    if org_kind == "police":
        org_kind = _police_kind(province, place.city if place else None, vocabulary)
    role = "employee" if vocabulary.employee.matches(words) else None
    if role and org_kind is None:
        org_kind = "business"  # "my employer", "my boss": most employers are businesses
    goals = [label for label, _, _ in vocabulary.goals.matches(words)]
    goal = "complain" if "complain" in goals else (goals[0] if goals else None)
    biometric = next((label for label, _, _ in vocabulary.biometrics.matches(words)), None)
    generic = org_kind == "business" and all(label == _GENERIC for label, _, _ in organizations)
    return Situation(province=province, city=place.city if place else None, org_kind=org_kind,
                     role=role, biometric=biometric, goal=goal,
                     other_province=other.province if other else None, org_generic=generic)


def touches_the_subject(text: str, facts: Optional[Situation] = None, place_counts: bool = True) -> bool:
    """Whether a message says anything of personal information, privacy,
    biometrics or the offices (assistant/data/subject.yml), or names an
    organization, a biometric, a wish to complain or (unless `place_counts`
    is False) a place. `facts` is read(text), when the caller already has it."""
    facts = read(text) if facts is None else facts
    if (facts.province and place_counts) or facts.org_kind or facts.biometric or facts.goal:
        return True
    return bool(_vocabulary().subject.matches(tokens(text)))


def asks_for_contact_details(text: str) -> bool:
    """Whether a message asks for an address, a phone number, hours or the
    like: "What's the CAI's mailing address?"."""
    return bool(_vocabulary().contact_details.matches(tokens(text)))


def _org_kind(organizations: List[Tuple[str, int, int]]) -> Optional[str]:
    """The first precise organization named decides ("I work at a Taco Bell;
    Bell is a telecom, right?" is about a restaurant); generic words only
    when nothing precise is named."""
    precise = [label for label, _, _ in organizations if label != _GENERIC]
    if precise:
        return precise[0]
    return "business" if organizations else None


def _province_of_organizations(words: Sequence[Token], organizations: List[Tuple[str, int, int]],
                               vocabulary: _Vocabulary) -> Optional[str]:
    for _, start, end in organizations:
        province = vocabulary.organization_provinces.get(tuple(w.folded for w in words[start:end]))
        if province:
            return province
    return None


def _police_kind(province: Optional[str], city: Optional[str], vocabulary: _Vocabulary) -> str:
    """'The police' of a place: municipal or provincial, or the RCMP under contract."""
    if province in vocabulary.no_rcmp:
        return "municipal_police"
    if province and city:
        own = vocabulary.own_police.get(province, frozenset())
        return "municipal_police" if phrase(city) in own else "federal_institution"
    return "police"  # which police serves the place is not known yet


def _deciding_place(mentions: List[PlaceMention], words: Sequence[Token],
                    organizations: List[Tuple[str, int, int]]
                    ) -> Tuple[Optional[PlaceMention], Optional[PlaceMention]]:
    """The place that decides, and a second province when the message does not
    say which of two applies. Where the organization operates decides
    ("my bank in Montreal"), then where the resident lives now ("I live in
    Toronto"), then any place not marked as past ("from Montreal")."""
    located = [m for m in mentions if m.province]
    if not located:
        return (mentions[0] if mentions else None), None
    if len({m.province for m in located}) == 1:
        return _most_specific(located), None

    def rank(mention: PlaceMention) -> int:
        before = {w.folded for w in words[max(0, mention.start - PLACE_CONTEXT):mention.start]}
        if {w.folded for w in words[max(0, mention.start - HEAD_OFFICE_CONTEXT):mention.start]} & _HEAD_OFFICE:
            return 3  # "the company's head office is in Toronto": not where it happened
        if any(0 <= mention.start - end <= ORG_PLACE_DISTANCE
               or (0 <= start - mention.end <= 1 and _same_phrase(words, mention.end - 1, start))
               for _, start, end in organizations):
            return 0  # beside an organization: "the store in Laval", "the Edmonton gym"
        if before & _WORKPLACE:
            return 0
        if before & _HOME:
            return 1
        if before & _PAST:
            return 3
        return 2

    ranked = sorted(located, key=rank)
    best = [m for m in ranked if rank(m) == rank(ranked[0])]
    if len({m.province for m in best}) == 1:
        return _most_specific(best), None
    second = next(m for m in best if m.province != best[0].province)
    return best[0], second


def _same_phrase(words: Sequence[Token], before: int, after: int) -> bool:
    """Whether two words are separated by spaces only ("the Edmonton gym"),
    not a comma or a full stop ("I live in Gatineau, gym's in Kanata")."""
    if after >= len(words):
        return False
    gap_start = words[before].start + len(words[before].text)
    return words[after].start - gap_start <= 1


def _most_specific(mentions: List[PlaceMention]) -> PlaceMention:
    return next((m for m in mentions if m.city), mentions[0])
