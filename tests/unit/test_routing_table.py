"""Facts section 7, cell by cell: every province and territory x kind of
organization x role, in both languages. Each cell names the office (or
"not_covered", or "ask") and the reply shown for it must exist in both
languages and name that office."""

from datetime import datetime, timezone

import pytest

from assistant import answers, jurisdiction
from assistant.catalog import Catalog
from assistant.situation import Situation

CATALOG = Catalog()
NOW = datetime(2026, 11, 26, 19, 5, tzinfo=timezone.utc)
PROVINCES = ("BC", "AB", "QC", "ON", "SK", "MB", "NS", "NB", "PE", "NL", "YT", "NT", "NU")
OWN_LAW = {"BC": "oipc_bc", "AB": "oipc_ab", "QC": "cai"}
PUBLIC = {**OWN_LAW, "ON": "ipc_on", "SK": "oipc_sk", "MB": "ombudsman_mb", "NS": "oipc_ns",
          "NL": "oipc_nl", "NB": "commissioner_nb", "PE": "commissioner_pe",
          "YT": "opc", "NT": "opc", "NU": "opc"}
TERRITORIES = ("YT", "NT", "NU")


def expected(province, kind, role):
    """The table of facts section 7, written out independently of routing.yml."""
    if kind in ("federal_business", "federal_institution"):
        return "opc"
    if kind in ("public_body", "municipal_police"):
        return PUBLIC[province]
    if province in OWN_LAW:
        return OWN_LAW[province]
    if province in TERRITORIES:
        return "opc"
    return "not_covered" if role == "employee" else "opc"


CELLS = [(p, k, r) for p in PROVINCES
         for k in ("federal_business", "business", "federal_institution", "public_body",
                   "municipal_police")
         for r in ("customer", "employee")]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("province, kind, role", CELLS)
def test_every_cell_of_the_routing_table(province, kind, role, lang):
    decision = jurisdiction.route(Situation(province=province, org_kind=kind, role=role))
    assert decision.outcome == expected(province, kind, role)
    replies = answers.routing(CATALOG, lang, decision, NOW)
    text = "\n".join(reply.text for reply in replies)
    assert CATALOG.has_message(lang, decision.reason)
    for office in decision.offices:
        assert CATALOG.message(lang, f"office_{office}_name") in text
    if decision.outcome == "not_covered":
        assert "1-800-282-1376" in text  # the OPC information centre, for advice


@pytest.mark.parametrize("province", PROVINCES)
def test_police_depends_on_who_polices_the_place(province):
    decision = jurisdiction.route(Situation(province=province, org_kind="police"))
    assert decision.offices == ["opc", PUBLIC[province]]


@pytest.mark.parametrize("kind", [None, "business", "public_body", "police"])
def test_asks_the_province_when_it_decides(kind):
    assert jurisdiction.route(Situation(org_kind=kind)).ask == "province"


@pytest.mark.parametrize("province", ["ON", "MB", "NS"])
def test_asks_the_kind_of_organization_where_it_decides(province):
    assert jurisdiction.route(Situation(province=province)).ask == "org_kind"


def test_two_provinces_named_are_asked_about():
    decision = jurisdiction.route(Situation(province="QC", other_province="ON", org_kind="business"))
    assert decision.ask == "which_province"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_which_province_offers_the_two_named(lang):
    situation = Situation(province="QC", other_province="ON", org_kind="business")
    reply = answers.question(CATALOG, lang, "which_province", situation)
    assert [b["payload"] for b in reply.buttons] == [
        '/inform_location{"province": "QC"}', '/inform_location{"province": "ON"}']


def test_federal_regulation_wins_over_the_province():
    for province in PROVINCES:
        assert jurisdiction.route(Situation(province=province, org_kind="federal_business",
                                            role="employee")).offices == ["opc"]
