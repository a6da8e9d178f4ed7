"""Which privacy office handles a resident's concern.

Two facts decide it: where the resident is (province or territory) and what
kind of organization is involved. A bank, airline or telecom company, and any
federal institution (the RCMP included), go to the federal office wherever
the resident lives. Otherwise a resident of British Columbia, Alberta or
Quebec goes to that province's office, and a business elsewhere in Canada to
the federal office.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.language import fold

PLACES_FILE = Path(__file__).parent / "data" / "places.yml"

# The provinces with their own office among the four this assistant covers.
PROVINCIAL_OFFICES = {"BC": "oipc_bc", "AB": "oipc_ab", "QC": "cai"}
FEDERAL_OFFICE = "opc"

# Kinds of organization, most specific first: "the telephone company" is a
# telecom before it is a company.
ORG_KINDS = ("federal_institution", "federal_business", "public_body", "business")

_ORG_KEYWORDS = {
    "federal_institution": [
        "rcmp", "grc", "gendarmerie royale", "mounties", "federal government",
        "government of canada", "gouvernement federal", "gouvernement du canada",
        "federal department", "federal agency", "federal institution",
        "ministere federal", "agence federale", "institution federale",
        "service canada", "canada border", "cbsa", "asfc", "passport office",
        "canada post", "postes canada", "ircc", "immigration canada", "cra",
        "arc", "canada revenue", "agence du revenu du canada",
    ],
    "federal_business": [
        "bank", "banks", "banque", "banques", "airline", "airlines",
        "compagnie aerienne", "transporteur aerien", "air canada", "westjet",
        "air transat", "telecom", "telecommunications", "phone company",
        "telephone company", "cell phone provider", "cellphone provider",
        "wireless provider", "internet provider", "cable company", "fournisseur internet",
        "fournisseur de cellulaire", "compagnie de telephone", "telephonie",
        "bell", "rogers", "telus", "videotron", "fido", "koodo", "freedom mobile",
        "td", "rbc", "bmo", "scotiabank", "cibc", "banque nationale",
    ],
    "public_body": [
        "public body", "organisme public", "organismes publics", "government agency",
        "provincial government", "gouvernement provincial", "gouvernement du quebec",
        "ministry", "ministere", "city hall", "municipality", "municipalite",
        "my city", "the city", "la ville", "ma ville", "hotel de ville",
        "municipal", "municipale", "police", "policiers", "spvm", "spvq", "vpd",
        "surete du quebec", "sq", "school board", "school", "ecole",
        "commission scolaire", "centre de services scolaire", "university",
        "universite", "hospital", "hopital", "health authority", "cisss", "ciusss",
        "alberta health services", "public library", "transit", "stm",
    ],
    "business": [
        "business", "company", "companies", "corporation", "store", "shop", "mall",
        "retailer", "employer", "my work", "my job", "my boss", "landlord", "gym",
        "app", "website", "social media", "private", "entreprise", "compagnie",
        "commerce", "magasin", "boutique", "centre commercial", "employeur",
        "mon travail", "ma job", "mon boss", "mon patron", "proprietaire",
        "application", "site web", "entreprise privee", "compagnie privee",
        "secteur prive", "clearview",
    ],
}

# Offices a resident may name directly ("What is the CAI's number?").
_OFFICE_NAMES = {
    "opc": ["opc", "commissariat federal", "federal commissioner",
            "privacy commissioner of canada", "commissaire a la protection de la vie privee du canada",
            "commissariat a la protection de la vie privee du canada", "cpvp", "federal office"],
    "oipc_bc": ["oipc bc", "bc oipc", "oipc b c", "b c oipc", "bc commissioner",
                "b c commissioner", "commissioner for british columbia",
                "commissaire de la colombie britannique"],
    "oipc_ab": ["oipc ab", "ab oipc", "alberta oipc", "oipc alberta", "alberta commissioner",
                "commissioner of alberta", "commissaire de l alberta"],
    "cai": ["cai", "commission d acces", "commission d acces a l information",
            "commission of access to information"],
}
OFFICE_IDS = tuple(_OFFICE_NAMES)


def normalize(text: str) -> str:
    """Folded words separated by single spaces, padded: ' j habite a gatineau '."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


def _contains(haystack: str, phrase: str) -> bool:
    return f" {phrase} " in haystack


@dataclass(frozen=True)
class Places:
    """Lookup of provinces and territories by name, abbreviation and city."""

    # folded phrase -> province code, longest phrases first
    phrases: Tuple[Tuple[str, str], ...]
    abbreviations: Dict[str, str]

    @classmethod
    def load(cls, path: Path = PLACES_FILE) -> "Places":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))["provinces"]
        phrases = {}
        abbreviations = {}
        for code, place in data.items():
            for name in place.get("names", []) + place.get("cities", []):
                phrases[normalize(name).strip()] = code
            for abbreviation in place.get("abbreviations", []):
                abbreviations[abbreviation] = code
        ordered = tuple(sorted(phrases.items(), key=lambda item: -len(item[0])))
        return cls(phrases=ordered, abbreviations=abbreviations)

    def find(self, text: str) -> Optional[str]:
        """The province or territory a message names, e.g. 'I live in Calgary' -> 'AB'."""
        for abbreviation, code in self.abbreviations.items():
            if re.search(rf"(?<![\w.-]){re.escape(abbreviation)}(?![\w-])", text):
                return code
        haystack = normalize(text)
        for phrase, code in self.phrases:
            if _contains(haystack, phrase):
                return code
        return None


PLACES = Places.load()


def find_province(text: str) -> Optional[str]:
    return PLACES.find(text)


def _folded(phrases_by_key: Dict[str, List[str]]) -> Tuple[Tuple[str, Tuple[str, ...]], ...]:
    """The phrases folded once, at import, rather than on every message."""
    return tuple((key, tuple(normalize(p).strip() for p in phrases))
                 for key, phrases in phrases_by_key.items())


_ORG_PHRASES = _folded({kind: _ORG_KEYWORDS[kind] for kind in ORG_KINDS})  # most specific first
_OFFICE_PHRASES = _folded(_OFFICE_NAMES)


def find_org_kind(text: str) -> Optional[str]:
    """The kind of organization a message talks about, if it says."""
    haystack = normalize(text)
    for kind, phrases in _ORG_PHRASES:
        if any(_contains(haystack, phrase) for phrase in phrases):
            return kind
    return None


def find_named_office(text: str) -> Optional[str]:
    """An office the resident names directly: 'CAI phone number?' -> 'cai'."""
    haystack = normalize(text)
    for office, phrases in _OFFICE_PHRASES:
        if any(_contains(haystack, phrase) for phrase in phrases):
            return office
    return None


@dataclass(frozen=True)
class Routing:
    """The outcome: offices to show, why, or a question to ask first."""

    offices: List[str] = field(default_factory=list)
    reason: Optional[str] = None  # message key explaining the choice
    ask: Optional[str] = None  # "province" or "org_kind" when it must ask


def route(province: Optional[str], org_kind: Optional[str]) -> Routing:
    if org_kind == "federal_institution":
        return Routing([FEDERAL_OFFICE], reason="route_federal_institution")
    if org_kind == "federal_business":
        return Routing([FEDERAL_OFFICE], reason="route_federal_business")
    if province is None:
        return Routing(ask="province")
    if province in PROVINCIAL_OFFICES:
        reason = "route_provincial_public" if org_kind == "public_body" else "route_provincial"
        return Routing([PROVINCIAL_OFFICES[province]], reason=reason)
    if org_kind == "business":
        return Routing([FEDERAL_OFFICE], reason="route_business_elsewhere")
    if org_kind == "public_body":
        return Routing([], reason="route_public_body_elsewhere")
    return Routing(ask="org_kind")
