"""`make check` and `make review`: review dates, sources, twin files and
intents, each problem with its file, key and what to do."""

import re
import shutil
import subprocess
import sys
import time
from datetime import date

import pytest
from edits import edit

from assistant.catalog import LOCALES_DIR
from staff import content_check

ROOT = content_check.ROOT


@pytest.fixture
def project(tmp_path, locales):
    """What the intent checks read, copied: domain, training data, test stories."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "domain.yml", root / "domain.yml")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "tests" / "stories", root / "tests" / "stories")
    return root


def set_reviewed(locales, lang, key, day):
    path = locales / lang / "answers.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n  {key}:\n")
    at = text.index("    reviewed: ", start)
    end = text.index("\n", at)
    path.write_text(text[:at] + f"    reviewed: {day}" + text[end:], encoding="utf-8")


def problems(locales, root=ROOT, **kwargs):
    return [str(p) for p in content_check.check(locales, root=root, **kwargs)]


# ----- review age -------------------------------------------------------------------

def test_months_before_handles_month_ends():
    assert content_check.months_before(date(2026, 11, 26), 12) == date(2025, 11, 26)
    assert content_check.months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert content_check.months_before(date(2028, 3, 31), 1) == date(2028, 2, 29)
    assert content_check.months_before(date(2027, 1, 15), 18) == date(2025, 7, 15)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_review_age_is_configurable(locales, lang):
    today = date(2027, 6, 1)
    set_reviewed(locales, lang, "alberta_ruling", "2026-11-30")
    overdue = f"locales/{lang}/answers.yml: 'alberta_ruling': last reviewed on 2026-11-30"
    assert not any(p.startswith(overdue) for p in problems(locales, today=today))
    six_months = content_check.review_age(today, 6)
    assert any(p.startswith(overdue) for p in problems(locales, today=today, max_age=six_months))


def test_review_age_from_the_command_line_and_environment(locales, capsys, monkeypatch):
    set_reviewed(locales, "fr", "alberta_ruling", content_check.months_before(date.today(), 13))
    assert content_check.main(["--locales", str(locales)]) == 1
    out = capsys.readouterr().out
    assert "locales/fr/answers.yml: 'alberta_ruling': last reviewed on" in out
    assert "check it against its source and update 'reviewed:'" in out
    assert content_check.main(["--locales", str(locales), "--review-months", "14"]) == 0
    monkeypatch.setenv("CONTENT_REVIEW_MONTHS", "24")
    assert content_check.main(["--locales", str(locales)]) == 0
    monkeypatch.setenv("CONTENT_REVIEW_MONTHS", "a year")
    with pytest.raises(SystemExit, match="CONTENT_REVIEW_MONTHS='a year': expected a whole number"):
        content_check.main(["--locales", str(locales)])


def test_review_listing_shows_overdue_and_unsourced_answers_first(locales, capsys):
    today = date.today()
    set_reviewed(locales, "en", "clearview_outcome", content_check.months_before(today, 13))
    text = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  police_facial_recognition:\n")
    sources = text.index("    sources:\n", start)
    reviewed = text.index("    reviewed:", sources)
    (locales / "fr" / "answers.yml").write_text(text[:sources] + "    sources: []\n" + text[reviewed:],
                                                encoding="utf-8")
    lines = content_check.reviews(locales, today)
    assert [(line.lang, line.key, line.status) for line in lines[:2]] == [
        ("en", "clearview_outcome", "overdue"), ("fr", "police_facial_recognition", "no source")]
    assert {line.status for line in lines[2:]} <= {"ok", "conversational"}
    assert len(lines) == 2 * len(content_check.read_catalog(locales, "en")["answers"])

    assert content_check.main(["--locales", str(locales), "--reviews"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"\d{4}-\d\d-\d\d +en +clearview_outcome +3  OVERDUE: check it against its source, "
                     r"update 'reviewed:' \(locales/en/answers.yml\)", out)
    assert re.search(r"fr +police_facial_recognition +0  NO SOURCE: add the official page under 'sources:' "
                     r"\(locales/fr/answers.yml\)", out)
    assert "1 overdue, 0 without a review date, 1 without a source" in out
    assert "no source: add the official page" in "\n".join(problems(locales))


def test_project_review_listing_is_clean(capsys):
    assert content_check.main(["--reviews"]) == 0
    assert "0 overdue, 0 without a review date, 0 without a source" in capsys.readouterr().out


# ----- twin files -----------------------------------------------------------------

def test_a_catalog_file_without_its_twin_is_reported(locales):
    (locales / "fr" / "office_hours.yml").write_text('messages:\n  closed_today: "Fermé aujourd\'hui"\n',
                                                     encoding="utf-8")
    found = problems(locales)
    assert "locales/fr/office_hours.yml: '-': has no twin locales/en/office_hours.yml: create it with the " \
           "same keys, translated" in found
    assert "locales/en/office_hours.yml: 'closed_today': missing in this language (it exists in " \
           "locales/fr/office_hours.yml): add a translation" in found


# ----- intents -----------------------------------------------------------------------

def test_project_intents_are_complete():
    catalogs = {lang: content_check.read_catalog(LOCALES_DIR, lang) for lang in ("en", "fr")}
    assert content_check.check_intents(ROOT, catalogs) == []


def drop_intent_block(path, intent):
    """Removes one intent's examples from a training-data file."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- intent: {intent}\n")
    end = text.find("\n- intent:", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")


def test_too_few_examples_in_one_language(locales, project):
    for other in (project / "data" / "nlu" / "fr").glob("*.yml"):
        if other.name != "police.yml" and "- intent: police_facial_recognition\n" in other.read_text(encoding="utf-8"):
            drop_intent_block(other, "police_facial_recognition")
    path = project / "data" / "nlu" / "fr" / "police.yml"
    text = path.read_text(encoding="utf-8")
    block_start = text.index("- intent: police_facial_recognition")
    lines = text[block_start:].split("\n")
    examples = [i for i, line in enumerate(lines) if line.startswith("    - ")]
    kept = lines[:examples[0]] + lines[examples[0]:examples[0] + 14] + lines[examples[-1] + 1:]
    path.write_text(text[:block_start] + "\n".join(kept), encoding="utf-8")
    found = problems(locales, project)
    assert found == ["data/nlu/fr/police.yml: 'police_facial_recognition': 14 French training example(s), "
                     "at least 15 needed: add more ways residents ask this, in French, then retrain (make train)"]
    assert problems(locales, project, min_examples=14) == []


def test_new_intent_without_data_rule_answers_or_stories(locales, project):
    edit(project / "domain.yml", "  - police_facial_recognition\n",
         "  - police_facial_recognition\n  - airport_face_scans\n")
    found = problems(locales, project)
    assert found == [
        "data/nlu/en/: 'airport_face_scans': 0 English training example(s), at least 15 needed: "
        "add more ways residents ask this, in English, then retrain (make train)",
        "data/nlu/fr/: 'airport_face_scans': 0 French training example(s), at least 15 needed: "
        "add more ways residents ask this, in French, then retrain (make train)",
        "data/rules/rules.yml: 'airport_face_scans': no rule says which action answers this intent: add one "
        "(for a question answered from the catalogs, '- action: action_answer')",
        "tests/stories/test_stories_en.yml: 'airport_face_scans': no English test story uses this intent: "
        "add a short conversation with it, its name ending in (en)",
        "tests/stories/test_stories_fr.yml: 'airport_face_scans': no French test story uses this intent: "
        "add a short conversation with it, its name ending in (fr)",
    ]
    edit(project / "data" / "rules" / "rules.yml", "rules:\n",
         "rules:\n  - rule: answer airport_face_scans\n    steps:\n      - intent: airport_face_scans\n"
         "      - action: action_answer\n\n")
    found = problems(locales, project)
    assert "locales/en/answers.yml: 'airport_face_scans': the intent is answered from the catalog but has " \
           "no answer: add one" in found
    assert "locales/fr/answers.yml: 'airport_face_scans': the intent is answered from the catalog but has " \
           "no answer: add one" in found


def test_story_language_comes_from_its_name(locales, project):
    edit(project / "tests" / "stories" / "test_stories_fr.yml", "  - story: police et reconnaissance faciale (fr)",
         "  - story: police et reconnaissance faciale")
    found = problems(locales, project)
    assert "tests/stories/test_stories_fr.yml: 'police et reconnaissance faciale': end the story's name with " \
           "(en) or (fr) to say its language" in found
    assert "tests/stories/test_stories_fr.yml: 'police_facial_recognition': no French test story uses this " \
           "intent: add a short conversation with it, its name ending in (fr)" in found


def test_examples_for_an_intent_missing_from_the_domain(locales, project):
    with open(project / "data" / "nlu" / "en" / "police.yml", "a", encoding="utf-8") as out:
        out.write("\n- intent: airport_face_scans\n  examples: |\n    - can the airport scan my face?\n")
    assert "data/nlu/en/police.yml: 'airport_face_scans': this intent is not listed in domain.yml: add it " \
           "under 'intents:' there (with a rule and answers), or remove these examples" in problems(locales, project)


def test_intent_minimum_from_the_command_line(capsys):
    assert content_check.main(["--min-examples", "1000"]) == 1
    out = capsys.readouterr().out
    # Named at a file of each language that holds its examples.
    assert re.search(r"data/nlu/en/\w+\.yml: 'police_facial_recognition':", out)
    assert re.search(r"data/nlu/fr/\w+\.yml: 'police_facial_recognition':", out)


# ----- make check ---------------------------------------------------------------------

def test_make_check_passes_in_seconds(locales):
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "staff.content_check", "--locales", str(locales)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Content OK")
    assert elapsed < 10, f"make check took {elapsed:.1f}s"


def test_make_check_fails_with_file_key_and_advice(locales):
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Source : {lien}"')
    done = subprocess.run([sys.executable, "-m", "staff.content_check", "--locales", str(locales)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "locales/fr/messages.yml: 'source': placeholders differ: English has ['url'], French has " \
           "['lien']; keep the same {names} in both" in done.stdout
    assert "docs/STAFF.md" in done.stdout


# ----- sources: the same in both languages, and never a bare home page ---------

BIO_FR = ("https://www.priv.gc.ca/fr/sujets-lies-a-la-protection-de-la-vie-privee/renseignements-sur-la-sante-"
          "renseignements-genetiques-et-autres-renseignements-sur-le-corps/biometrie/")


def test_a_french_answer_citing_only_the_home_page_is_reported(locales):
    # What withdraw_consent cited in French before: the OPC's home page.
    text = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  withdraw_consent:\n")
    at = text.index(BIO_FR, start)
    (locales / "fr" / "answers.yml").write_text(text[:at] + "https://www.priv.gc.ca/fr/"
                                                + text[at + len(BIO_FR):], encoding="utf-8")
    found = problems(locales)
    assert any("locales/fr/answers.yml: 'withdraw_consent': the source 'https://www.priv.gc.ca/fr/' is only "
               "the site's home page" in p for p in found)


def test_a_different_number_of_sources_is_reported(locales):
    edit(locales / "fr" / "answers.yml", "      - https://www.cai.gouv.qc.ca/biometrie/\n", "")
    found = problems(locales)
    assert any("'consent_biometrics': cites 1 source(s) in French and 2 in English" in p for p in found)


def test_sources_on_different_sites_are_reported(locales):
    text = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  alberta_ruling:\n")
    old = "https://www.canlii.org/fr/ab/abkb/doc/2025/2025abkb287/2025abkb287.html"
    at = text.index(old, start)
    (locales / "fr" / "answers.yml").write_text(
        text[:at] + "https://www.oipc.ab.ca/request-a-review-file-a-complaint/" + text[at + len(old):],
        encoding="utf-8")
    found = problems(locales)
    assert any("'alberta_ruling': the sources are not on the same sites in both languages (English only: "
               "canlii.org; French only: oipc.ab.ca)" in p for p in found)


@pytest.mark.parametrize("url, home", [
    ("https://www.priv.gc.ca/en/", True), ("https://www.oipc.bc.ca/", True), ("https://www.oipc.ab.ca", True),
    ("https://www.priv.gc.ca/fr/", True), ("https://www.cai.gouv.qc.ca/biometrie/", False),
    ("https://www.priv.gc.ca/en/report-a-concern/", False),
])
def test_home_pages_are_recognized(url, home):
    assert content_check.is_home_page(url) is home


def test_sources_that_are_not_a_list_are_reported_not_raised(locales):
    text = (locales / "en" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  quebec_biometrics:\n")
    at = text.index("    sources:\n      - https://www.cai.gouv.qc.ca/biometrie/\n", start)
    (locales / "en" / "answers.yml").write_text(
        text[:at] + "    sources: https://www.cai.gouv.qc.ca/biometrie/\n"
        + text[at + len("    sources:\n      - https://www.cai.gouv.qc.ca/biometrie/\n"):], encoding="utf-8")
    found = problems(locales)
    assert any("'quebec_biometrics': 'sources:' must be a list" in p for p in found)


# ----- text messages (SMS): GSM-7 characters ------------------------------------

def test_a_narrow_no_break_space_is_reported(locales):
    # babel's English times put one before "p.m."
    edit(locales / "en" / "messages.yml", 'ask_province: "Which province', 'ask_province: "Which\u202fprovince')
    found = problems(locales)
    assert any("locales/en/messages.yml: 'ask_province': contains U+202F narrow no-break space (a narrow "
               "no-break space: use an ordinary space): text messages (SMS) cannot carry it" in p for p in found)


def test_a_curly_apostrophe_in_a_french_button_is_reported(locales):
    edit(locales / "fr" / "answers.yml", "      - title: Faire une demande d'accès",
         "      - title: Faire une demande d\u2019accès")
    found = problems(locales)
    assert any("locales/fr/answers.yml: 'clearview_am_i_in': contains U+2019" in p for p in found)


@pytest.mark.parametrize("text, lang, bad", [
    ("Ouvert : il est 14 h 05 (heure de l'Est)", "fr", []),
    ("Ça me fait plaisir! « accessibles au public » à l'École", "fr", []),
    ("Commission d'accès à l'information du Québec; Vous pouvez m'écrire en français", "en", []),
    ("it is 2:05\u202fp.m. (heure de l\u2019Est)", "en", ["\u202f", "\u2019"]),
    ("« quoted »", "en", ["«", "»"]),
])
def test_gsm7_allows_what_each_language_needs_and_nothing_more(text, lang, bad):
    assert content_check.non_gsm7(text, lang) == bad


# ----- office cards: buildable, SMS-safe, closed on statutory holidays ----------

def _office(**changes):
    from assistant import offices
    cai = offices.OFFICES["cai"]
    fields = dict(id=cai.id, data=cai.data, timezone=cai.timezone, hours=cai.hours,
                  holiday_calendar=cai.holiday_calendar)
    fields.update(changes)
    return offices.Office(**fields)


def _catalogs():
    return {lang: content_check.read_catalog(LOCALES_DIR, lang) for lang in ("en", "fr")}


def test_project_office_cards_have_no_problems():
    assert content_check.check_office_cards(_catalogs(), date.today()) == []


def test_office_with_hours_but_no_holiday_calendar_is_reported():
    found = [str(p) for p in content_check.check_office_cards(_catalogs(), date(2026, 11, 30),
                                                              {"cai": _office(holiday_calendar=None)})]
    assert any("'cai': this office lists opening hours but no 'holidays:' calendar" in p for p in found)


def test_card_saying_open_on_a_holiday_is_reported(monkeypatch):
    # What the card did before: it looked at the weekday and the clock only.
    from assistant import offices
    monkeypatch.setattr(offices.Office, "is_holiday", lambda self, day: False)
    found = [str(p) for p in content_check.check_office_cards(_catalogs(), date(2026, 11, 30),
                                                              {"cai": _office()})]
    assert any("'cai': the card says the office is open on 2026-06-24, a statutory holiday" in p for p in found)
    assert any("2026-07-01" in p for p in found)


def test_card_with_babel_spaces_is_reported(monkeypatch):
    # What the card did before: babel's English time, narrow no-break space and all.
    from assistant import offices
    monkeypatch.setattr(offices, "clock", lambda moment, lang: "2:05\u202fp.m.")
    found = [str(p) for p in content_check.check_office_cards(_catalogs(), date(2026, 11, 30),
                                                              {"cai": _office()})]
    assert any("'cai': the English card contains U+202F narrow no-break space" in p for p in found)


def test_broken_office_entry_is_reported_not_raised():
    broken = _office(data={"toll_free": {"number": "1-888-528-7741", "confirmed": True}})  # no website
    found = [str(p) for p in content_check.check_office_cards(_catalogs(), date(2026, 11, 30), {"cai": broken})]
    assert any("'cai': the English contact card cannot be built" in p for p in found)


def test_missing_card_message_is_reported_not_raised(locales):
    edit(locales / "fr" / "messages.yml", '  label_review: "', '  label_review_old: "')
    found = problems(locales)
    assert any("assistant/data/offices.yml: 'oipc_bc': the French contact card cannot be built (\"the message "
               "'label_review' is missing in locales/fr/\")" in p for p in found)


def test_buttons_laid_out_as_text_are_reported_not_raised(locales):
    edit(locales / "en" / "answers.yml",
         "    buttons:\n      - title: How to make a complaint\n        payload: /complaint_how\n\n  biometric_sensitive:",
         "    buttons: How to make a complaint\n\n  biometric_sensitive:")
    found = problems(locales)
    assert found and all("Traceback" not in p for p in found)
    assert any("'consent_biometrics'" in p for p in found)


@pytest.mark.parametrize("text, message", [
    ("See https://www.priv-gc.ca/en/ for more.", "is not on an official site"),
    ("Details at https://evil.example/cai", "is not on an official site"),
    ("Read [https://www.priv.gc.ca/en/](https://www.priv.gc.ca.evil.example/)", "leads to"),
])
def test_links_only_to_official_sites_and_shown_as_they_lead(locales, project, text, message):
    path = locales / "en" / "messages.yml"
    edit(path, '  language_switched: "', f'  language_switched: "{text} ')
    found = problems(locales, project)
    assert any(message in problem for problem in found), found


def test_official_subdomains_are_allowed():
    assert content_check.is_official("https://plainte.cai.gouv.qc.ca/default.aspx?l=en-us")
    assert content_check.is_official("https://www.priv.gc.ca/fr/")
    assert not content_check.is_official("https://priv.gc.ca.evil.example/")


# ----- French pages of official sources ---------------------------------------------

@pytest.mark.parametrize("english, french", [
    ("https://laws-lois.justice.gc.ca/eng/acts/p-8.6/section-14.html",
     "https://laws-lois.justice.gc.ca/fra/lois/p-8.6/section-14.html"),
    ("https://laws-lois.justice.gc.ca/eng/acts/P-8.6/FullText.html",
     "https://laws-lois.justice.gc.ca/fra/lois/P-8.6/TexteComplet.html"),
    ("https://laws-lois.justice.gc.ca/eng/regulations/SOR-2001-7/FullText.html",
     "https://laws-lois.justice.gc.ca/fra/reglements/DORS-2001-7/TexteComplet.html"),
    ("https://www.canlii.org/en/ab/abkb/doc/2025/2025abkb287/2025abkb287.html",
     "https://www.canlii.org/fr/ab/abkb/doc/2025/2025abkb287/2025abkb287.html"),
    ("https://www.legisquebec.gouv.qc.ca/en/document/cs/P-39.1",
     "https://www.legisquebec.gouv.qc.ca/fr/document/lc/P-39.1"),
    ("https://www.bccourts.ca/jdb-txt/ca/26/00/2026BCCA0067.htm",
     "https://www.bccourts.ca/jdb-txt/ca/26/00/2026BCCA0067.htm"),
    ("https://www.priv.gc.ca/en/report-a-concern/", None),
])
def test_the_french_page_of_an_official_source(english, french):
    assert content_check.french_page(english) == french


@pytest.mark.parametrize("guessed", [
    "https://laws-lois.justice.gc.ca/fra/lois/p-8.6/article-14.html",   # "article" is not the site's word
    "https://laws-lois.justice.gc.ca/fra/lois/p-8.6/",                  # the act, not its section
])
def test_a_guessed_french_address_is_reported(locales, guessed):
    text = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  complaint_how:\n")
    old = "https://laws-lois.justice.gc.ca/fra/lois/p-8.6/section-14.html"
    at = text.index(old, start)
    (locales / "fr" / "answers.yml").write_text(text[:at] + guessed + text[at + len(old):], encoding="utf-8")
    found = problems(locales)
    assert ("locales/fr/answers.yml: 'complaint_how': the French page of "
            "'https://laws-lois.justice.gc.ca/eng/acts/p-8.6/section-14.html' is "
            "'https://laws-lois.justice.gc.ca/fra/lois/p-8.6/section-14.html': cite that address in the "
            "French answer") in found


def test_project_french_sources_follow_the_official_addresses():
    found = [p for p in problems(LOCALES_DIR) if "the French page of" in p]
    assert found == []


# ----- the chat widget's texts ------------------------------------------------------

def test_a_widget_text_missing_from_the_catalogs_is_reported(locales, project):
    (project / "web" / "src").mkdir(parents=True)
    (project / "web" / "src" / "widget.js").write_text(
        "// t.in_a_comment is not a text\nthis.send.textContent = t.send;\n"
        "this.hint.textContent = t.brand_new_hint;\nthis.setStatus(\"reconnected\");\n", encoding="utf-8")
    found = [p for p in problems(locales, root=project) if "the chat widget shows this text" in p]
    assert found == [f"locales/{lang}/widget.yml: 'widget_brand_new_hint': the chat widget shows this text "
                     "(web/src/widget.js) but no catalog has it: add it in both languages, then rebuild the "
                     "widget (make web)" for lang in ("en", "fr")]


def test_a_widget_text_in_one_language_only_is_reported(locales):
    edit(locales / "fr" / "widget.yml", '  widget_retry: "Réessayer"\n', "")
    found = problems(locales)
    assert any(p.startswith("locales/fr/widget.yml: 'widget_retry': missing in this language") for p in found)


def test_the_widget_texts_keep_to_the_sms_alphabet_like_every_text(locales):
    edit(locales / "fr" / "widget.yml", '"Écrivez votre question..."', '"Écrivez votre question\u2026"')
    assert any("'widget_placeholder': contains U+2026" in p for p in problems(locales))


def test_the_privacy_notice_is_checked_like_every_text(locales):
    edit(locales / "en" / "privacy_notice.yml", '  privacy_notice_title: "Privacy notice"\n', "")
    edit(locales / "fr" / "privacy_notice.yml", "**{retention_days} jours**", "**30 jours**")
    found = problems(locales)
    assert any(p.startswith("locales/en/privacy_notice.yml: 'privacy_notice_title': missing in this language")
               for p in found)
    assert any(p.startswith("locales/fr/privacy_notice.yml: 'privacy_notice_text': placeholders differ")
               for p in found)


# ----- wording rules ----------------------------------------------------------------

@pytest.mark.parametrize("lang, key, old, new, found", [
    # What the French thanks said before.
    ("fr", "thank", "Avec plaisir! Puis-je vous aider autrement?", "Ça me fait plaisir! Puis-je vous aider avec "
     "autre chose?", "'aider avec': « aider avec » is a calque"),
    ("fr", "goodbye", "Au revoir!", "Au revoir et bonne journée!", "'bonne journée': the assistant answers at any hour"),
    ("en", "goodbye", "Goodbye!", "Goodbye, have a nice day!", "'have a nice day': the assistant answers at any hour"),
])
def test_wording_that_is_wrong_anywhere_is_reported(locales, lang, key, old, new, found):
    edit(locales / lang / "answers.yml", old, new)
    assert any(p.startswith(f"locales/{lang}/answers.yml: '{key}': {found}") for p in problems(locales))


def test_wording_rules_leave_what_is_right_alone():
    entry = {"text": "Je peux vous aider avec plaisir. Bonjour! Good to know.", "conversational": True,
             "reviewed": date(2026, 11, 30)}
    for lang in ("fr", "en"):
        found = content_check.check_entry(lang, "answers", "greet", entry, date(2026, 11, 30),
                                          content_check.review_age(date(2026, 11, 30)), set(), set())
        assert found == [], found
