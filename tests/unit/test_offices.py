from datetime import date, datetime, timezone

import pytest

from assistant import offices
from assistant.catalog import Catalog
from staff.content_check import non_gsm7

CATALOG = Catalog()
# 26 Nov 2026 is a Thursday. 19:05 UTC = 14:05 in Quebec, 12:05 in Edmonton.
THURSDAY_AFTERNOON = datetime(2026, 11, 26, 19, 5, tzinfo=timezone.utc)
THURSDAY_LUNCH = datetime(2026, 11, 26, 17, 30, tzinfo=timezone.utc)
SATURDAY = datetime(2026, 11, 28, 15, 0, tzinfo=timezone.utc)
# Quebec's Fête nationale, a Wednesday in 2026: 10:00 in Quebec, a weekday
# within the CAI's hours, when it is nevertheless closed.
FETE_NATIONALE = datetime(2026, 6, 24, 14, 0, tzinfo=timezone.utc)
# Canada Day 2026, a Wednesday.
CANADA_DAY = datetime(2026, 7, 1, 14, 0, tzinfo=timezone.utc)
# 24 June 2026 in Alberta is an ordinary working day.
ALBERTA_24_JUNE = date(2026, 6, 24)


def card(office_id, lang, now=THURSDAY_AFTERNOON):
    def msg(key, **params):
        return CATALOG.message(lang, key, **params)
    return offices.contact_card(offices.OFFICES[office_id], lang, msg, now)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("office_id", ["opc", "oipc_bc", "oipc_ab", "cai"])
def test_card_shows_website_and_toll_free(office_id, lang):
    office = offices.OFFICES[office_id]
    text = card(office_id, lang)
    assert office.website(lang) in text
    assert office.data["toll_free"]["number"] in text
    assert office.mail_address(lang) in text
    assert CATALOG.message(lang, f"office_{office_id}_name") in text


@pytest.mark.parametrize("office_id, french_address", [
    ("opc", "30, rue Victoria, Gatineau (Québec) K1A 1H3"),
    ("oipc_bc", "C.P. 9038, succ. Prov. Govt, Victoria (C.-B.) V8W 9A4"),
    ("cai", "525, boul. René-Lévesque Est, bureau 2.36, Québec (Québec) G1R 5S9"),
])
def test_french_cards_use_french_address_forms(office_id, french_address):
    assert french_address in card(office_id, "fr")
    english = offices.OFFICES[office_id].mail_address("en")
    assert english not in card(office_id, "fr")
    assert english in card(office_id, "en")


def test_opc_complaint_page_in_each_language():
    assert "- Plaintes : https://www.priv.gc.ca/fr/signaler-un-probleme/" in card("opc", "fr")
    assert "- Complaints: https://www.priv.gc.ca/en/report-a-concern/" in card("opc", "en")


def test_cai_english_card_links_the_english_complaint_form():
    assert "https://plainte.cai.gouv.qc.ca/default.aspx?l=en-us" in card("cai", "en")
    assert "https://plainte.cai.gouv.qc.ca/default.aspx?l=en-us" not in card("cai", "fr")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("office_id, review", [
    ("oipc_bc", "https://www.oipc.bc.ca/for-the-public/how-do-i-request-a-review/"),
    ("oipc_ab", "https://www.oipc.ab.ca/request-a-review-file-a-complaint/"),
])
def test_provincial_cards_show_where_to_ask_for_a_review(office_id, review, lang):
    assert CATALOG.message(lang, "label_review", value=review) in card(office_id, lang).splitlines()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_cai_card_names_its_review_and_its_30_days(lang):
    line = next(line for line in card("cai", lang).splitlines()
                if "https://www.cai.gouv.qc.ca/citoyens/recours-devant-la-commission/" in line)
    assert "examen de mésentente" in line and "30" in line


def test_opc_card_has_no_review_line():
    # A refused access request under PIPEDA is a complaint to the OPC, not a review.
    assert "review" not in card("opc", "en").lower()


def test_office_without_numbers_or_address_still_gets_a_card():
    # Offices other engineers add may list only a website until numbers are confirmed.
    office = offices.Office(id="opc", data={"website": {"en": "https://www.ipc.on.ca/",
                                                          "fr": "https://www.ipc.on.ca/fr/"}},
                            timezone=offices.OFFICES["opc"].timezone, hours=None)
    text = offices.contact_card(office, "en", lambda key, **p: CATALOG.message("en", key, **p),
                                THURSDAY_AFTERNOON)
    assert "https://www.ipc.on.ca/" in text and "Toll-free" not in text


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
    assert "du lundi au vendredi, de 8 h 30 à 12 h et de 13 h à 16 h 30" in text
    assert "Ouvert en ce moment : il est 14 h 05 (heure de l'Est); il ferme à 16 h 30 aujourd'hui." in text


@pytest.mark.parametrize("moment, french", [
    (datetime(2026, 1, 1, 8, 30), "8 h 30"), (datetime(2026, 1, 1, 12, 0), "12 h"),
    (datetime(2026, 1, 1, 16, 5), "16 h 05"), (datetime(2026, 1, 1, 0, 0), "0 h"),
])
def test_french_times_follow_quebec_usage(moment, french):
    assert offices.clock(moment, "fr") == french


@pytest.mark.parametrize("now", [THURSDAY_LUNCH, SATURDAY])
@pytest.mark.parametrize("lang, closed", [("en", "Closed now"), ("fr", "Fermé en ce moment")])
def test_cai_closed_at_lunch_and_weekends(now, lang, closed):
    assert closed in card("cai", lang, now)


@pytest.mark.parametrize("now", [FETE_NATIONALE, CANADA_DAY])
@pytest.mark.parametrize("lang, closed", [("en", "Closed today, a statutory holiday"),
                                          ("fr", "Fermé aujourd'hui, jour férié")])
def test_cai_closed_on_statutory_holidays(now, lang, closed):
    text = card("cai", lang, now)
    assert closed in text
    assert "Open now" not in text and "Ouvert en ce moment" not in text


def test_holiday_calendars_follow_each_province():
    assert offices.OFFICES["cai"].is_holiday(date(2026, 6, 24))
    assert not offices.OFFICES["oipc_ab"].is_holiday(ALBERTA_24_JUNE)
    assert offices.OFFICES["oipc_bc"].is_holiday(date(2026, 8, 3))  # British Columbia Day
    assert offices.OFFICES["oipc_ab"].is_holiday(date(2026, 2, 16))  # Family Day
    assert offices.OFFICES["opc"].is_holiday(date(2026, 7, 1))


@pytest.mark.parametrize("now", [THURSDAY_AFTERNOON, THURSDAY_LUNCH, SATURDAY, FETE_NATIONALE])
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("office_id", ["opc", "oipc_bc", "oipc_ab", "cai"])
def test_cards_keep_to_sms_characters(office_id, lang, now):
    # babel puts a narrow no-break space before "p.m." and a curly apostrophe
    # in "heure de l'Est": neither may reach an SMS.
    assert non_gsm7(card(office_id, lang, now), lang) == []


def test_phone_numbers_of_the_table():
    numbers = offices.OFFICES["oipc_bc"].phone_numbers()
    assert "1-800-663-7867" in numbers and "250-387-5629" in numbers
