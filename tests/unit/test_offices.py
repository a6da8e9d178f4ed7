from datetime import datetime, timezone

import pytest

from assistant import offices
from assistant.catalog import Catalog

CATALOG = Catalog()
# 26 Nov 2026 is a Thursday. 19:05 UTC = 14:05 in Quebec, 12:05 in Edmonton.
THURSDAY_AFTERNOON = datetime(2026, 11, 26, 19, 5, tzinfo=timezone.utc)
THURSDAY_LUNCH = datetime(2026, 11, 26, 17, 30, tzinfo=timezone.utc)
SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=timezone.utc)


def card(office_id, lang, now=THURSDAY_AFTERNOON):
    def msg(key, **params):
        return CATALOG.message(lang, key, **params)
    # babel puts a narrow no-break space before "p.m."
    return offices.contact_card(offices.OFFICES[office_id], lang, msg, now).replace("\u202f", " ")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("office_id", ["opc", "oipc_bc", "oipc_ab", "cai"])
def test_card_shows_website_and_toll_free(office_id, lang):
    office = offices.OFFICES[office_id]
    text = card(office_id, lang)
    assert office.website(lang) in text
    assert office.data["toll_free"]["number"] in text
    assert office.data["mail"]["address"] in text
    assert CATALOG.message(lang, f"office_{office_id}_name") in text


@pytest.mark.parametrize("lang, caution", [("en", "please confirm on"), ("fr", "à confirmer sur")])
def test_unconfirmed_details_carry_a_caution(lang, caution):
    text = card("oipc_ab", lang)
    edmonton = next(line for line in text.splitlines() if "780-422-6860" in line)
    calgary = next(line for line in text.splitlines() if "403-297-2728" in line)
    assert caution in edmonton and caution not in calgary


@pytest.mark.parametrize("office_id", ["opc", "oipc_bc", "oipc_ab"])
def test_no_hours_or_open_status_where_hours_are_unconfirmed(office_id):
    assert offices.OFFICES[office_id].hours is None
    assert "Open now" not in card(office_id, "en") and "Closed now" not in card(office_id, "en")


def test_cai_open_status_in_its_time_zone_english():
    text = card("cai", "en")
    assert "Monday to Friday, 8:30 a.m. to 12:00 p.m. and 1:00 p.m. to 4:30 p.m." in text
    assert "Open now: it is 2:05 p.m. (Eastern Time); it closes at 4:30 p.m. today." in text


def test_cai_open_status_in_its_time_zone_french():
    text = card("cai", "fr")
    assert "du lundi au vendredi, de 08 h 30 à 12 h 00 et de 13 h 00 à 16 h 30" in text
    assert "Ouvert en ce moment : il est 14 h 05 (heure de l’Est); il ferme à 16 h 30 aujourd'hui." in text


@pytest.mark.parametrize("now", [THURSDAY_LUNCH, SATURDAY])
@pytest.mark.parametrize("lang, closed", [("en", "Closed now"), ("fr", "Fermé en ce moment")])
def test_cai_closed_at_lunch_and_weekends(now, lang, closed):
    assert closed in card("cai", lang, now)


def test_phone_numbers_of_the_table():
    numbers = offices.OFFICES["oipc_bc"].phone_numbers()
    assert "1-800-663-7867" in numbers and "250-387-5629" in numbers
