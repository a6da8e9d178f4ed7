"""The catalogs are complete in both languages, and edits go live."""

import shutil
import time
from datetime import date, timedelta

import pytest

from staff import content_check
from assistant.catalog import LOCALES_DIR, Catalog
from edits import edit as _edit


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


def test_missing_message_falls_back_to_the_other_language(locales):
    _edit(locales / "fr" / "messages.yml", '  ask_org_kind: "', '  ask_org_kind_renamed: "')
    catalog = Catalog(locales)
    assert catalog.message("fr", "ask_org_kind") == catalog.message("en", "ask_org_kind")
