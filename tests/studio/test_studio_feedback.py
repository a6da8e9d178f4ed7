"""Residents' "Was this helpful?" in the studio: counts per topic and
language, the "not helpful" rate and the weekly chart, in both languages."""

import html
import re
from datetime import date, timedelta

import pytest
from conftest import running_studio
from studio_client import Staff

from assistant import feedback


@pytest.fixture(scope="module")
def studio_with_feedback(studio_repo, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("feedback")
    store = feedback.Store(workdir / "feedback.db")
    today, last_week = date.today(), date.today() - timedelta(weeks=1)
    for topic, lang, helpful, day in [
        ("consent_biometrics", "en", True, today), ("consent_biometrics", "en", True, today),
        ("consent_biometrics", "en", False, last_week), ("consent_biometrics", "fr", False, today),
        ("complaint_how", "fr", True, today), ("complaint_how", "fr", False, today),
        ("complaint_how", "fr", False, today), ("complaint_how", "fr", False, date(2020, 1, 6)),
    ]:
        store.add(feedback.Feedback(topic, lang, helpful, "socketio"), day=day)
    with running_studio(studio_repo, workdir, FEEDBACK_DB=str(store.path)) as running:
        yield running


def rows(page, caption):
    table = re.search(r"<caption>" + re.escape(caption) + r"</caption>(.*?)</table>", page, re.S).group(1)
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).split()[0].rstrip("%") if cell.strip() else ""
             for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)][1:]


@pytest.mark.parametrize("lang, caption, english, french", [
    ("en", "Per topic and language, over the last 12 weeks", "English", "French"),
    ("fr", "Par sujet et par langue, sur les 12 dernières semaines", "anglais", "français"),
])
def test_staff_see_counts_and_not_helpful_rates_per_topic_and_language(studio_with_feedback, lang, caption,
                                                                     english, french):
    staff = Staff(studio_with_feedback.url)
    staff.sign_in("Alex Martin")
    assert staff.get(f"/{lang}/feedback") == 200
    names = {english.lower(): "en", french.lower(): "fr"}
    per_language = {"en": [], "fr": []}
    for row in rows(staff.page, caption):
        per_language[names[row[1].lower()]].append(row[2:])  # helpful, not helpful, rate (%)
    # consent_biometrics in English and French, complaint_how in French; 2020 is outside the 12 weeks.
    assert per_language == {"en": [["2", "1", "33"]], "fr": [["1", "2", "67"], ["0", "1", "100"]]}
    assert len(re.findall(r'class="chart-(?:not-)?helpful"', staff.page)) == 24  # 12 weeks, two parts each
    assert 'role="img"' in staff.page and "<title id=\"chart-title\">" in staff.page
    assert f'href="/{lang}/feedback"' in staff.page  # in the menu


def test_the_page_says_when_there_is_no_feedback(studio_repo, tmp_path):
    with running_studio(studio_repo, tmp_path, FEEDBACK_DB=str(tmp_path / "none.db")) as running:
        staff = Staff(running.url)
        staff.sign_in("Alex Martin")
        assert staff.get("/fr/feedback") == 200
        assert "Aucun avis pour ces semaines" in staff.page
        assert staff.get("/en/feedback?weeks=-3") == 200


def test_the_residents_page_says_plainly_that_nothing_is_recorded_yet(studio_repo, tmp_path):
    with running_studio(studio_repo, tmp_path, TRACKER_DB=str(tmp_path / "none.db")) as running:
        staff = Staff(running.url)
        staff.sign_in("Alex Martin")
        assert staff.get("/fr/residents") == 200
        assert "Aucune conversation n" in staff.page and "none.db" not in staff.page
        assert staff.get("/en/residents") == 200
        assert "No conversations are recorded yet" in staff.page and "none.db" not in staff.page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_feedback_page_is_accessible(studio_with_feedback, driver, lang):
    from test_studio_browser import SCREENSHOTS, assert_accessible, sign_in

    sign_in(driver, studio_with_feedback, "Alex Martin", studio_with_feedback.password, lang)
    driver.get(f"{studio_with_feedback.url}/{lang}/feedback")
    assert driver.find_elements("css selector", ".feedback-chart svg rect.chart-helpful")
    assert_accessible(driver, f"the feedback page in {lang}")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"studio-feedback-{lang}.png"))  # docs/STAFF*.md keep a copy
