"""Translation review: a change in one language flags the other until a
translator clears it, directly or through gettext .po files."""

import pytest
from babel.messages.pofile import read_po, write_po
from edits import edit

from assistant.catalog import Catalog, read_catalog
from staff import content_check, translations

EN_START = "Generally, no. Your face, fingerprint and voice are sensitive information"
FR_START = "En général, non. Votre visage, vos empreintes et votre voix sont des renseignements sensibles"


def problems(locales):
    return [str(p) for p in content_check.check(locales)]


def test_state_files_do_not_disturb_the_catalogs(locales):
    assert (locales / "en" / "translation-state.yml").exists()
    assert (locales / "fr" / "translation-state.yml").exists()
    assert set(read_catalog(locales, "fr")) == {"answers", "messages"}
    assert Catalog(locales).answer("fr", "consent_biometrics")["text"].startswith(FR_START)


def test_english_change_flags_the_french_until_cleared(locales):
    edit(locales / "en" / "answers.yml", EN_START, "Usually not. Your face, fingerprint and voice are sensitive")
    found = problems(locales)
    assert ("locales/fr/answers.yml: 'consent_biometrics': the English text changed since this French "
            "translation was last reviewed: update the French so it says the same, then mark it reviewed "
            "with `make translations-clear KEY=consent_biometrics` (or use `make translations`)") in found
    assert len(found) == 1, found

    assert translations.main(["--locales", str(locales), "clear", "consent_biometrics"]) == 0
    assert problems(locales) == []


def test_french_change_flags_the_english(locales):
    edit(locales / "fr" / "answers.yml", FR_START, "En général, non. Votre visage et votre voix sont sensibles")
    found = problems(locales)
    assert len(found) == 1, found
    assert found[0].startswith("locales/en/answers.yml: 'consent_biometrics': the French text changed "
                               "since this English translation was last reviewed")


def test_both_changed_and_new_texts_need_review(locales):
    edit(locales / "en" / "messages.yml", 'source: "Source: {url}"', 'source: "Official source: {url}"')
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Source officielle : {url}"')
    edit(locales / "en" / "messages.yml", '  ask_province: "',
         '  ask_city: "Which city are you in?"\n  ask_province: "')
    edit(locales / "fr" / "messages.yml", '  ask_province: "',
         '  ask_city: "Dans quelle ville êtes-vous?"\n  ask_province: "')
    found = problems(locales)
    assert any("'source': both the English and the French changed" in p for p in found)
    assert any("'ask_city': new text, never checked as a translation" in p for p in found)


def test_button_titles_are_tracked_too(locales):
    edit(locales / "en" / "answers.yml", "title: My public photos online", "title: Photos I posted online")
    found = problems(locales)
    assert found == ["locales/fr/answers.yml: 'greet (button 2)': the English text changed since this French "
                     "translation was last reviewed: update the French so it says the same, then mark it "
                     "reviewed with `make translations-clear KEY=greet` (or use `make translations`)"]


def test_clear_an_unknown_key_says_what_to_do(locales, capsys):
    assert translations.main(["--locales", str(locales), "clear", "consent_biometric"]) == 1
    assert "no text named 'consent_biometric' in both locales/en/ and locales/fr/" in capsys.readouterr().out
    assert translations.main(["--locales", str(locales), "clear"]) == 2


def test_removed_keys_leave_the_state_file(locales):
    edit(locales / "en" / "messages.yml", '  ask_org_kind: "', '  ask_org_kind_gone: "')
    translations.clear(locales, ["fallback"])
    assert "messages.ask_org_kind:" not in (locales / "fr" / "translation-state.yml").read_text()


def test_status_lists_what_to_review(locales, capsys):
    assert translations.main(["--locales", str(locales)]) == 0
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Référence : {url}"')
    capsys.readouterr()
    assert translations.main(["--locales", str(locales), "status"]) == 1
    out = capsys.readouterr().out
    assert "English texts to review (1):\n  locales/en/messages.yml: 'source'" in out


# ----- the .po round trip --------------------------------------------------------

def export(locales, out, source):
    path, total, fuzzy = translations.export_po(locales, source, out)
    with open(path, "rb") as handle:
        return path, read_po(handle), fuzzy


def test_export_writes_one_po_per_direction_with_fuzzy_flags(locales, tmp_path):
    edit(locales / "en" / "answers.yml", EN_START, "Usually not. Your face, fingerprint and voice are sensitive")
    path, po, fuzzy = export(locales, tmp_path / "po", "en")
    assert path.name == "en-to-fr.po" and str(po.locale) == "fr"
    assert fuzzy == 1
    entry = message(po, "answers.consent_biometrics")
    assert entry.id.startswith("Usually not. Your face")
    assert entry.fuzzy and entry.string.startswith(FR_START)
    assert entry.auto_comments[-3:] == [
        "official source(s):",
        "https://www.priv.gc.ca/en/privacy-topics/health-genetic-and-other-body-information/biometrics/",
        "https://www.cai.gouv.qc.ca/biometrie/"]
    assert not po.get("Source: {url}", context="messages.source").fuzzy
    _, back, fuzzy_back = export(locales, tmp_path / "po", "fr")
    assert str(back.locale) == "en" and fuzzy_back == 0
    assert back.get("Source : {url}", context="messages.source").string == "Source: {url}"


def message(po, context):
    return next(m for m in po if m.context == context)


def translate(path, context, new_text, fuzzy=False):
    with open(path, "rb") as handle:
        po = read_po(handle)
    entry = message(po, context)
    entry.string = new_text
    if fuzzy:
        entry.flags.add("fuzzy")
    else:
        entry.flags.discard("fuzzy")
    with open(path, "wb") as handle:
        write_po(handle, po)


def test_import_writes_the_translation_and_clears_it(locales, tmp_path):
    edit(locales / "en" / "answers.yml", EN_START, "Usually not. Your face, fingerprint and voice are sensitive")
    path, _, _ = export(locales, tmp_path / "po", "en")
    french = "Habituellement, non. Votre visage, vos empreintes et votre voix sont sensibles.\n\nDeuxième ligne."
    translate(path, "answers.consent_biometrics", french)
    before = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")

    result = translations.import_po(locales, path)
    assert result.updated == ["answers.consent_biometrics"]
    assert "answers.consent_biometrics" in result.cleared and result.fuzzy == []
    assert problems(locales) == []
    assert Catalog(locales).answer("fr", "consent_biometrics")["text"] == french + "\n"
    after = (locales / "fr" / "answers.yml").read_text(encoding="utf-8")
    # Only that answer changed: comments, order and the other answers are untouched.
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["      Habituellement, non. Votre visage, vos empreintes et votre voix sont sensibles.",
                       "      Deuxième ligne."]
    assert after.startswith(before.split("answers:")[0])


def test_import_keeps_entries_the_translator_left_fuzzy(locales, tmp_path):
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Référence : {url}"')
    path, po, fuzzy = export(locales, tmp_path / "po", "fr")
    assert fuzzy == 1
    translate(path, "messages.source", "Reference: {url}", fuzzy=True)
    result = translations.import_po(locales, path)
    assert result.updated == ["messages.source"] and result.fuzzy == ["messages.source"]
    assert Catalog(locales).message("en", "source", url="x") == "Reference: x"
    # Both languages now differ from the last reviewed pair: still to review.
    assert any("'source': both the English and the French changed" in p for p in problems(locales))


def test_import_refuses_a_translation_of_an_outdated_original(locales, tmp_path):
    path, _, _ = export(locales, tmp_path / "po", "en")
    edit(locales / "en" / "messages.yml", 'source: "Source: {url}"', 'source: "Official source: {url}"')
    translate(path, "messages.source", "Source officielle : {url}")
    result = translations.import_po(locales, path)
    assert "messages.source" not in result.updated + result.cleared
    assert any("'source': the English text changed after this file was exported" in s for s in result.skipped)


def test_import_of_a_file_that_is_not_po_says_so(locales, tmp_path, capsys):
    bad = tmp_path / "notes.po"
    bad.write_text("just some notes\n", encoding="utf-8")
    assert translations.main(["--locales", str(locales), "import", str(bad)]) == 1
    assert "its 'Language' header must be 'en' or 'fr'" in capsys.readouterr().out


def test_export_and_import_from_the_command_line(locales, tmp_path, capsys, monkeypatch):
    out = tmp_path / "po"
    monkeypatch.setattr(translations, "PO_DIR", out)
    assert translations.main(["--locales", str(locales), "export"]) == 0
    assert {p.name for p in out.iterdir()} == {"en-to-fr.po", "fr-to-en.po"}
    assert translations.main(["--locales", str(locales), "import"]) == 0
    text = capsys.readouterr().out
    every = len(translations.units({lang: read_catalog(locales, lang) for lang in ("en", "fr")}))
    assert f"en-to-fr.po: 0 translation(s) updated, {every} marked reviewed, 0 still marked fuzzy" in text
    assert problems(locales) == []


def test_problems_name_the_file_that_holds_the_key(locales):
    (locales / "en" / "office_hours.yml").write_text('messages:\n  closed_today: "Closed today"\n',
                                                    encoding="utf-8")
    (locales / "fr" / "office_hours.yml").write_text('messages:\n  closed_today: "Fermé aujourd\'hui"\n',
                                                    encoding="utf-8")
    translations.clear(locales, ["closed_today"])
    edit(locales / "en" / "office_hours.yml", "Closed today", "Closed for the day")
    assert problems(locales) == [
        "locales/fr/office_hours.yml: 'closed_today': the English text changed since this French translation "
        "was last reviewed: update the French so it says the same, then mark it reviewed with "
        "`make translations-clear KEY=closed_today` (or use `make translations`)"]
    path, po, _ = export(locales, locales.parent / "po", "en")
    assert message(po, "messages.closed_today").locations == [("locales/en/office_hours.yml", None)]
    translate(path, "messages.closed_today", "Fermé pour la journée")
    assert translations.import_po(locales, path).updated == ["messages.closed_today"]
    assert "Fermé pour la journée" in (locales / "fr" / "office_hours.yml").read_text(encoding="utf-8")
    assert problems(locales) == []


@pytest.mark.parametrize("options, system", [(["--lang", "fr"], "C.UTF-8"), ([], "fr_CA.UTF-8")])
def test_status_and_advice_in_french(locales, capsys, monkeypatch, options, system):
    monkeypatch.setenv("LANG", system)
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Référence : {url}"')
    assert translations.main([*options, "--locales", str(locales), "status"]) == 1
    out = capsys.readouterr().out
    assert "Textes en anglais à vérifier (1) :\n  locales/en/messages.yml: 'source'" in out
    assert "corrigez directement locales/, puis lancez `make translations-clear KEY=<clé>`" in out
    assert translations.main([*options, "--locales", str(locales), "clear", "sourse"]) == 1
    assert "aucun texte nommé 'sourse' à la fois dans locales/en/ et locales/fr/" in capsys.readouterr().out
    reason = translations.pending(locales)[0].advice()
    assert reason.text("fr") == ("le texte français a changé depuis la dernière vérification de sa traduction en "
                                 "anglais : mettez à jour le texte anglais pour qu'il dise la même chose, puis "
                                 "marquez-le comme vérifié avec `make translations-clear KEY=source` (ou utilisez "
                                 "`make translations`)")
