"""Per-turn work the action server no longer repeats (docs/BENCHMARKS.md):
catalog files are looked at once per turn, and place and organization
phrases are folded once, not on every message. Same replies as before."""

import shutil
import time

import pytest
import trackers
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from assistant import jurisdiction, situation
from assistant.catalog import LOCALES_DIR, Catalog


@pytest.fixture
def locales(tmp_path):
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    return copy


def count_file_checks(monkeypatch, catalog: Catalog) -> list:
    calls = []
    original = catalog._files_stamp

    def counted():
        calls.append(1)
        return original()

    monkeypatch.setattr(catalog, "_files_stamp", counted)
    return calls


def test_a_turn_looks_at_the_catalog_files_once(locales, monkeypatch):
    catalog = Catalog(locales)
    catalog.refresh()
    checks = count_file_checks(monkeypatch, catalog)
    with catalog.one_turn():
        for lang in ("en", "fr"):
            catalog.message(lang, "fallback")
            catalog.answer(lang, "greet")
    assert len(checks) == 1
    # Outside a turn every lookup still looks, so an edit is live at once.
    catalog.message("en", "fallback")
    catalog.message("fr", "fallback")
    assert len(checks) == 3


def test_an_edit_made_during_a_turn_is_live_on_the_next_turn(locales):
    catalog = Catalog(locales)
    path = locales / "fr" / "messages.yml"
    with catalog.one_turn():
        before = catalog.message("fr", "fallback")
        time.sleep(0.01)
        path.write_text(path.read_text(encoding="utf-8").replace(
            before.split()[0], "Pardon,", 1), encoding="utf-8")
        assert catalog.message("fr", "fallback") == before  # one version per reply
    with catalog.one_turn():
        assert catalog.message("fr", "fallback").startswith("Pardon,")


def test_a_turn_opens_on_an_empty_catalog(locales):
    catalog = Catalog(locales)
    with catalog.one_turn():
        assert catalog.answer("en", "greet")


def office_tracker(text: str) -> Tracker:
    return trackers.for_message(text, "find_office", {
        "language": None, "province": None, "org_kind": None, "role": None, "other_province": None,
        "pending_question": None})


@pytest.mark.parametrize("text, office_word", [
    ("I live in Calgary, who do I complain to about a store?", "Alberta"),
    ("J'habite à Gatineau, un commerce a pris mes empreintes, à qui je m'adresse?", "Commission"),
])
def test_an_office_card_turn_looks_at_the_files_once(text, office_word, monkeypatch):
    actions.CATALOG.refresh()
    checks = count_file_checks(monkeypatch, actions.CATALOG)
    dispatcher = CollectingDispatcher()
    actions.ActionFindOffice().run(dispatcher, office_tracker(text), {})
    replies = " ".join(m["text"] for m in dispatcher.messages)
    assert office_word in replies
    assert len(checks) == 1


@pytest.mark.parametrize("text, kind", [
    ("Ma banque utilise ma voix", "federal_business"),
    ("The RCMP used facial recognition", "federal_institution"),
    ("La GRC a utilisé la reconnaissance faciale", "federal_institution"),
    ("the city hall cameras", "public_body"),
    ("l'hôtel de ville", "public_body"),
    ("my employer wants my fingerprint", "business"),
    ("mon employeur veut mes empreintes", "business"),
    ("nothing about who", None),
])
def test_organization_kinds_are_found_as_before(text, kind):
    assert situation.read(text).org_kind == kind


@pytest.mark.parametrize("text, office", [
    ("What is the CAI's phone number?", "cai"),
    ("Le numéro de la Commission d'accès à l'information?", "cai"),
    ("How do I reach the Alberta OIPC?", "oipc_ab"),
    ("Comment joindre le commissariat fédéral?", "opc"),
    ("Who do I call?", None),
])
def test_named_offices_are_found_as_before(text, office):
    assert jurisdiction.find_named_office(text) == office


def test_phrases_are_folded_once_not_on_each_message(monkeypatch):
    situation.read("warm up")
    calls = []
    original = situation.phrase

    def counted(text):
        calls.append(text)
        return original(text)

    monkeypatch.setattr(situation, "phrase", counted)
    situation.read("my gym in Laval scans fingerprints")
    jurisdiction.find_named_office("nothing to find here")
    assert calls == []
