import pytest
import yaml

from assistant import jurisdiction as j
from assistant.offices import OFFICES
from assistant.situation import read


@pytest.mark.parametrize("text, office", [
    ("CAI phone number?", "cai"), ("numéro de la Commission d'accès à l'information", "cai"),
    ("how do I reach the OPC", "opc"), ("adresse du commissariat fédéral", "opc"),
    ("OIPC Alberta", "oipc_ab"), ("BC OIPC address", "oipc_bc"),
    ("How do I contact the federal privacy commissioner?", "opc"),
    ("Comment joindre le Commissariat à la protection de la vie privée du Canada?", "opc"),
    ("je veux parler au commissaire fédéral", "opc"),
    ("the Information and Privacy Commissioner of Ontario", "ipc_on"),
    ("Bureau du commissaire à l'information et à la protection de la vie privée de l'Alberta, numéro?", "oipc_ab"),
    ("Office of the Information and Privacy Commissioner for British Columbia, phone?", "oipc_bc"),
    ("Comment joindre l'ombudsman au Manitoba?", "ombudsman_mb"),
    ("How do I reach the privacy commissioner in Saskatchewan?", "oipc_sk"),
    ("La commission de la vie privée du Québec, comment la joindre?", "cai"),
])
def test_finds_named_office(text, office):
    assert j.find_named_office(text) == office


@pytest.mark.parametrize("text, office", [
    # doubled letters dropped or added, as residents type
    ("le site web du comissaire a la vie privee de la colombie britanique svp", "oipc_bc"),
    ("phone number for the Alberta privacy commisioner", "oipc_ab"),
    ("Commision d'accès à l'information, le numéro?", "cai"),
    # described rather than named
    ("Comment joindre l'organisme fédéral qui s'occupe des renseignements personnels?", "opc"),
    ("How do I reach the federal privacy watchdog?", "opc"),
    ("website of ontario's information and privacy commissioner?", "ipc_on"),
    ("commissariat à la vie privée du Canada, adresse?", "opc"),
    ("le commissariat à la protection de la vie privée de la Saskatchewan", "oipc_sk"),
    ("the office of the privacy commissioner of Saskatchewan", "oipc_sk"),
    ("le commissaire de la vie privée au Manitoba", "ombudsman_mb"),
    ("the privacy and information commissioner in Manitoba", "ombudsman_mb"),
    ("le site de l'Ontario, du commissaire à l'information et à la vie privée?", "ipc_on"),
])
def test_finds_an_office_misspelled_or_described(text, office):
    assert j.find_named_office(text) == office


@pytest.mark.parametrize("text", [
    "which office do I contact?", "la vie privée", "a federal bank",
    "Which privacy commissioner in Canada handles a store?", "Quel commissaire au Canada s'occupe des magasins?",
    # Another Quebec commission is not the CAI.
    "La Commission des normes du travail du Québec, c'est quoi leur numéro?",
    "What's the number of the Quebec labour standards commission?",
])
def test_no_office_named(text):
    assert j.find_named_office(text) is None


def test_every_office_in_the_routing_table_exists():
    table = j.table()
    routed = {*table.private_sector_law.values(), *table.public_sector_office.values(), table.federal_office}
    assert routed <= set(OFFICES)
    names = yaml.safe_load((j.DATA / "office_names.yml").read_text(encoding="utf-8"))
    assert set(names) <= set(OFFICES)


@pytest.mark.parametrize("text, office", [
    ("What's the website of Nova Scotia's privacy commissioner?", "oipc_ns"),
    ("C'est quoi le site du commissaire à la vie privée de Terre-Neuve-et-Labrador?", "oipc_nl"),
    ("the privacy commissioner for Saskatchewan", "oipc_sk"),
])
def test_a_commissioner_named_by_its_province(text, office):
    assert j.find_named_office(text) == office


def test_a_province_elsewhere_in_the_message_names_no_commissioner():
    assert j.find_named_office("Which commissioner handles a store? I live in Ontario") is None


@pytest.mark.parametrize("text, outcome", [
    # Souris is a town in Manitoba and in P.E.I.: the same office either way
    ("Souris. work at the fish plant, boss says fingerprint clock", "not_covered"),
    ("Souris: my gym scans faces", "opc"),
    ("à Souris, le gym scanne nos visages", "opc"),
    # ... or not: a public body there could be either province's
    ("Souris: the town arena scans faces", "ask"),
    ("à Souris, l'hôpital veut mes empreintes", "ask"),
])
def test_a_town_several_provinces_share_routes_when_they_agree(text, outcome):
    assert j.route(read(text)).outcome == outcome


@pytest.mark.parametrize("text, office", [
    ("bc privacy commish mailing address?", "oipc_bc"),
    ("commissaire info vie privee ontario, ya tu un site en francais?", "ipc_on"),
])
def test_offices_named_the_way_residents_type_them(text, office):
    assert j.find_named_office(text) == office


@pytest.mark.parametrize("text, outcome", [
    ("Lloydminster. Tire shop I work at wants thumbprints to clock in. Who covers this?", "ask"),
    ("à Lloydminster, le dépanneur où je travaille veut nos empreintes", "ask"),
    ("the bank in Lloydminster wants my voiceprint", "opc"),
    ("la banque à Lloydminster veut ma voix", "opc"),
])
def test_a_city_on_a_provincial_border_asks_unless_both_sides_agree(text, outcome):
    assert j.route(read(text)).outcome == outcome


def test_a_border_city_asks_with_only_its_two_provinces():
    from assistant import answers
    from assistant.catalog import Catalog

    facts = read("Lloydminster: the gym I work at wants our fingerprints")
    reply = answers.question(Catalog(), "en", j.route(facts).ask, facts)
    assert [b["payload"] for b in reply.buttons] == [
        '/inform_location{"province": "AB"}', '/inform_location{"province": "SK"}']
