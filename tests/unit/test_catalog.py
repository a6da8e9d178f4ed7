"""The catalogs are complete in both languages, and edits go live."""

import shutil
import time
from datetime import date, timedelta

import pytest
from edits import edit as _edit

from assistant.catalog import LOCALES_DIR, Catalog
from staff import content_check


def test_project_catalogs_have_no_problems():
    problems = content_check.check()
    assert problems == [], "\n".join(map(str, problems))


@pytest.fixture
def locales(tmp_path):
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES_DIR, copy)
    return copy


def _problems(locales):
    return [str(p) for p in content_check.check(locales)]


def test_missing_translation_is_reported(locales):
    _edit(locales / "fr" / "messages.yml", '  ask_org_kind: "', '  ask_org_kind_old: "')
    problems = _problems(locales)
    assert any("locales/fr/messages.yml: 'ask_org_kind': missing in this language" in p for p in problems)
    assert any("'ask_org_kind_old': missing in this language" in p for p in problems)


def test_empty_text_is_reported(locales):
    _edit(locales / "en" / "messages.yml", 'ask_province: "Which', 'ask_province: ""\n  unused: "Which')
    assert any("'ask_province': the text is empty" in p for p in _problems(locales))


def test_untranslated_text_is_reported(locales):
    _edit(locales / "fr" / "messages.yml", '"Dans quelle province ou quel territoire êtes-vous? Le bon commissariat en dépend."',
          '"Which province or territory are you in? The right office depends on it."')
    assert any("'ask_province': identical to the English text" in p for p in _problems(locales))


def test_placeholder_mismatch_is_reported(locales):
    _edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Source : {lien}"')
    assert any("'source': placeholders differ" in p for p in _problems(locales))


def test_unknown_phone_number_is_reported(locales):
    _edit(locales / "en" / "answers.yml", "1-800-282-1376", "1-800-555-0199")
    assert any("phone number 1-800-555-0199 is not in" in p for p in _problems(locales))


def test_broken_link_is_reported(locales):
    _edit(locales / "en" / "answers.yml", "https://www.priv.gc.ca/en/", "htps//www.priv.gc.ca/en/")
    assert any("is not a full https:// address" in p for p in _problems(locales))


def test_old_review_is_reported():
    later = date.today() + timedelta(days=400)
    problems = [str(p) for p in content_check.check(today=later)]
    assert any("last reviewed on" in p and "consent_biometrics" in p for p in problems)


def test_invalid_yaml_is_reported_not_raised(locales):
    (locales / "en" / "messages.yml").write_text("messages:\n  source: [unclosed\n", encoding="utf-8")
    assert any("cannot be read" in p for p in _problems(locales))


def test_every_answer_in_both_languages_renders_with_its_source():
    from assistant import answers
    catalog = Catalog()
    for lang in ("en", "fr"):
        for key in catalog.keys(lang, "answers"):
            reply = answers.answer(catalog, lang, key)
            entry = catalog.answer(lang, key)
            for url in entry["sources"]:
                assert url in reply.text


def test_edited_catalog_is_live_on_the_next_lookup(locales):
    catalog = Catalog(locales)
    assert "Désolé" in catalog.message("fr", "fallback")
    path = locales / "fr" / "messages.yml"
    time.sleep(0.01)
    _edit(path, "Désolé, je ne suis pas certain", "Pardon, je ne suis pas sûr")
    assert catalog.message("fr", "fallback").startswith("Pardon, je ne suis pas sûr")


def test_broken_edit_keeps_serving_the_last_good_version(locales):
    catalog = Catalog(locales)
    before = catalog.message("en", "fallback")
    (locales / "en" / "messages.yml").write_text("messages: [broken\n", encoding="utf-8")
    assert catalog.message("en", "fallback") == before


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_unclosed_placeholder_keeps_serving_the_last_good_text(locales, lang):
    catalog = Catalog(locales)
    before = catalog.message(lang, "label_website", value="https://example.ca/")
    path = locales / lang / "messages.yml"
    path.write_text("\n".join(line.replace("{value}", "{value") if line.startswith("  label_website:") else line
                              for line in path.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    assert catalog.message(lang, "label_website", value="https://example.ca/") == before


@pytest.mark.parametrize("lang, label", [("en", "Source:"), ("fr", "Source :")])
def test_a_placeholder_the_running_code_does_not_fill_keeps_serving_the_last_good_text(locales, lang, label):
    catalog = Catalog(locales)
    before = catalog.message(lang, "source", url="https://www.priv.gc.ca/en/")
    time.sleep(0.01)
    _edit(locales / lang / "messages.yml", f'source: "{label} {{url}}"', f'source: "{label} {{link}}"')
    assert catalog.message(lang, "source", url="https://www.priv.gc.ca/en/") == before
    # The rest of the file is live: only the malformed message is held back.
    _edit(locales / lang / "messages.yml", "  restarted: \"", "  restarted: \"Ok. ")
    assert catalog.message(lang, "restarted").startswith("Ok. ")
    assert catalog.message(lang, "source", url="https://www.priv.gc.ca/en/") == before


def test_a_placeholder_not_filled_in_at_start_answers_in_the_other_language(locales):
    _edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Source : {lien}"')
    catalog = Catalog(locales)
    assert catalog.message("fr", "source", url="https://www.priv.gc.ca/fr/") == "Source: https://www.priv.gc.ca/fr/"


def test_missing_message_falls_back_to_the_other_language(locales):
    _edit(locales / "fr" / "messages.yml", '  ask_org_kind: "', '  ask_org_kind_renamed: "')
    catalog = Catalog(locales)
    assert catalog.message("fr", "ask_org_kind") == catalog.message("en", "ask_org_kind")


# ----- what the answers say: facts that decide a resident's remedy ---------------
# Each test names the fact, in both languages, and fails on the text it replaced.

def _text(lang, key):
    return Catalog().answer(lang, key)["text"]


def _sentences(text):
    import re
    return [s for s in re.split(r"(?<=[.!?:])\s+|\n", text) if s.strip()]


@pytest.mark.parametrize("lang, federal, uncovered", [
    ("en", "federally regulated employer", "no privacy law may cover this"),
    ("fr", "employeur sous réglementation fédérale",
     "il se peut qu'aucune loi sur la protection des renseignements personnels ne s'applique"),
])
def test_employer_answer_says_what_applies_in_each_case(lang, federal, uncovered):
    text = _text(lang, "employer_biometrics")
    assert federal in text and uncovered in text
    assert ("Federal privacy rules for businesses: sensitive information" not in text
            and "Règles fédérales pour les entreprises" not in text)


@pytest.mark.parametrize("lang, one_year", [("en", "within one year of the report"),
                                             ("fr", "dans l'année qui suit le rapport")])
@pytest.mark.parametrize("key", ["complaint_how", "complaint_fee_deadline", "access_refused"])
def test_federal_court_deadline_is_given(key, lang, one_year):
    assert one_year in _text(lang, key)


@pytest.mark.parametrize("lang, quebec, bc, not_the_form", [
    ("en", "within 30 days of the refusal", "30 business days", "online complaint form is not the route"),
    ("fr", "dans les 30 jours suivant le refus", "30 jours ouvrables",
     "formulaire de plainte en ligne de la CAI n'est pas le bon recours"),
])
def test_refused_access_gives_the_provincial_review_routes(lang, quebec, bc, not_the_form):
    text = _text(lang, "access_refused")
    assert quebec in text and bc in text and not_the_form in text
    assert "https://www.cai.gouv.qc.ca/citoyens/recours-devant-la-commission/" in text
    assert "https://www.oipc.ab.ca/request-a-review-file-a-complaint/" in text  # with its check note


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_alberta_ruling_cites_the_decision_not_the_home_page(lang):
    entry = Catalog().answer(lang, "alberta_ruling")
    assert all("2025abkb287" in url for url in entry["sources"])
    assert "https://www.oipc.ab.ca/" not in entry["sources"]


@pytest.mark.parametrize("lang, same_as_bc", [("en", "B.C. and Alberta have similar lists"),
                                              ("fr", "La C.-B. et l'Alberta ont des listes semblables")])
def test_alberta_list_is_not_described_as_the_same_as_bc(lang, same_as_bc):
    assert same_as_bc not in _text(lang, "public_info_list")


@pytest.mark.parametrize("lang, examples", [("en", "examples of publications, not the whole list"),
                                            ("fr", "des exemples de publications, et non la liste complète")])
def test_publication_item_gives_examples_not_the_whole_list(lang, examples):
    assert examples in _text(lang, "public_info_list")


@pytest.mark.parametrize("lang, dismissed, hedge", [
    ("en", "the B.C. Court of Appeal dismissed Clearview's appeal (2026 BCCA 67)", "is reported to"),
    ("fr", "la Cour d'appel de la Colombie-Britannique a rejeté l'appel de Clearview (2026 BCCA 67)", "aurait rejeté"),
])
def test_bc_court_of_appeal_is_stated_with_its_citation(lang, dismissed, hedge):
    text = _text(lang, "clearview_outcome")
    assert dismissed in text and hedge not in text


@pytest.mark.parametrize("lang, cai_gave, province_gave", [
    ("en", "The CAI gave 90 days", "Quebec gave 90 days"),
    ("fr", "La CAI a donné 90 jours", "Le Québec a donné 90 jours"),
])
def test_the_cai_gave_the_90_days(lang, cai_gave, province_gave):
    text = _text(lang, "clearview_outcome")
    assert cai_gave in text and province_gave not in text


@pytest.mark.parametrize("lang, another_way, cai", [("en", "another way", "CAI"), ("fr", "autre moyen", "CAI")])
def test_quebec_alternative_is_the_cais_reading(lang, another_way, cai):
    catalog = Catalog()
    for key in catalog.keys(lang, "answers"):
        for sentence in _sentences(catalog.answer(lang, key)["text"]):
            if another_way in sentence and ("must" in sentence or "doit" in sentence):
                assert cai in sentence, f"{lang}/{key}: '{sentence}' must say it is the CAI's reading"


@pytest.mark.parametrize("lang, case", [("en", "four Canadian Tire stores"), ("fr", "quatre magasins Canadian Tire")])
def test_store_cameras_cite_the_canadian_tire_investigation(lang, case):
    entry = Catalog().answer(lang, "everyday_biometrics")
    assert case in entry["text"] and "23-02" in entry["text"]
    assert any("investigation-report-23-02" in url for url in entry["sources"])


@pytest.mark.parametrize("lang, under_13, under_14", [("en", "under 13", "under 14"),
                                                      ("fr", "moins de 13 ans", "moins de 14 ans")])
def test_children_consent_gives_both_ages(lang, under_13, under_14):
    text = _text(lang, "children_consent")
    assert under_13 in text and under_14 in text


@pytest.mark.parametrize("lang, words", [
    ("en", ["can't give legal advice", "legal clinic", "lawyer referral service", "1-800-282-1376"]),
    ("fr", ["ne peux pas donner d'avis juridique", "clinique juridique", "service de référence d'avocats",
            "1-800-282-1376"]),
])
def test_legal_advice_declines_and_still_says_where_to_get_help(lang, words):
    text = _text(lang, "legal_advice")
    assert all(word in text for word in words)


@pytest.mark.parametrize("lang, words", [
    ("en", ["no general right to have information erased", "de-indexed", "can only recommend"]),
    ("fr", ["pas de droit général à l'effacement", "désindexé", "peut seulement le recommander"]),
])
def test_refused_deletion_gives_the_deletion_facts(lang, words):
    text = _text(lang, "deletion_refused")
    assert all(word in text for word in words)


@pytest.mark.parametrize("calque", ["avec autre chose", "commissariat à qui", "compagnies aériennes",
                                    "bonne journée", "transport aérien", "Avec quoi pouvez-vous",
                                    "a fait de mal", "bureau de protection de la vie privée",
                                    "un client payant"])
def test_french_texts_avoid_calques_and_keep_one_term(calque):
    french = content_check.read_catalog(LOCALES_DIR, "fr")
    for section, entries in french.items():
        for key, entry in entries.items():
            texts = [entry["text"], *(b["title"] for b in entry.get("buttons") or [])] \
                if section == "answers" else [entry]
            assert all(calque not in text for text in texts), f"fr/{key}: '{calque}'"


def test_every_topic_offered_as_a_choice_has_a_title_in_both_languages():
    """'Did you mean ...?' buttons show a topic's title (assistant/dialogue.py)."""
    import yaml

    from assistant.dialogue import CONVERSATION_INTENTS
    domain = yaml.safe_load((LOCALES_DIR.parent / "domain.yml").read_text(encoding="utf-8"))
    catalog = Catalog()
    for intent in domain["intents"]:
        if intent not in CONVERSATION_INTENTS:
            for lang in ("en", "fr"):
                assert catalog.has_message(lang, f"topic_{intent}"), (lang, intent)
