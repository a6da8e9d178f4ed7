import pytest

from assistant import jurisdiction as j


@pytest.mark.parametrize("text, province", [
    ("I live in Calgary", "AB"), ("j'habite à Gatineau", "QC"), ("je reste a Trois-Rivieres", "QC"),
    ("from B.C.", "BC"), ("Vancouver", "BC"), ("Montréal", "QC"), ("montreal", "QC"),
    ("I'm in Toronto", "ON"), ("St. John's", "NL"), ("Saint John", "NB"), ("QC", "QC"),
    ("en Colombie-Britannique", "BC"), ("Île-du-Prince-Édouard", "PE"), ("Iqaluit", "NU"),
    ("Alberta", "AB"), ("je vis en Ontario", "ON"),
])
def test_finds_province(text, province):
    assert j.find_province(text) == province


@pytest.mark.parametrize("text", ["on peut porter plainte?", "what can you do", "la vie privée",
                                  "I turned the camera on", "ab testing"])
def test_no_province_in_ordinary_words(text):
    assert j.find_province(text) is None


@pytest.mark.parametrize("text, kind", [
    ("it's a bank", "federal_business"), ("ma banque", "federal_business"),
    ("the telephone company", "federal_business"), ("Air Canada", "federal_business"),
    ("the RCMP", "federal_institution"), ("la GRC", "federal_institution"),
    ("un ministère fédéral", "federal_institution"),
    ("municipal police", "public_body"), ("la police municipale", "public_body"),
    ("my city", "public_body"), ("une école", "public_body"),
    ("my employer", "business"), ("un magasin", "business"), ("a private company", "business"),
])
def test_finds_org_kind(text, kind):
    assert j.find_org_kind(text) == kind


@pytest.mark.parametrize("text", ["porter plainte", "la vie privée", "commissariat à la protection de la vie privée"])
def test_no_org_kind_in_ordinary_words(text):
    assert j.find_org_kind(text) is None


@pytest.mark.parametrize("text, office", [
    ("CAI phone number?", "cai"), ("numéro de la Commission d'accès à l'information", "cai"),
    ("how do I reach the OPC", "opc"), ("adresse du commissariat fédéral", "opc"),
    ("OIPC Alberta", "oipc_ab"), ("BC OIPC address", "oipc_bc"),
])
def test_finds_named_office(text, office):
    assert j.find_named_office(text) == office


@pytest.mark.parametrize("province, kind, offices", [
    ("AB", None, ["oipc_ab"]), ("BC", "business", ["oipc_bc"]), ("QC", "public_body", ["cai"]),
    ("ON", "business", ["opc"]), ("OTHER", "business", ["opc"]),
    (None, "federal_business", ["opc"]), ("QC", "federal_business", ["opc"]),
    ("AB", "federal_institution", ["opc"]),
])
def test_routes_to_the_right_office(province, kind, offices):
    assert j.route(province, kind).offices == offices


def test_asks_province_when_unknown():
    assert j.route(None, None).ask == "province"
    assert j.route(None, "business").ask == "province"


def test_asks_kind_of_organization_outside_the_three_provinces():
    assert j.route("ON", None).ask == "org_kind"
    assert j.route("OTHER", None).ask == "org_kind"


def test_public_body_outside_the_three_provinces_is_explained_not_routed():
    decision = j.route("MB", "public_body")
    assert decision.offices == [] and decision.ask is None
    assert decision.reason == "route_public_body_elsewhere"


def test_every_provincial_office_exists():
    from assistant.offices import OFFICES
    assert set(j.PROVINCIAL_OFFICES.values()) | {j.FEDERAL_OFFICE} == set(OFFICES)
    assert set(j.OFFICE_IDS) == set(OFFICES)
