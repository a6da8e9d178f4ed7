"""The studio shows the content check's problems in the page's language: on
the page after "Check and preview" and in the check while staff type. Over
HTTP, as a browser sends the forms."""

import html
import json

import pytest
from conftest import git
from studio_client import Staff

KEY = "consent_biometrics"
PROBLEM = {
    "en": "locales/fr/answers.yml: 'consent_biometrics': a '{' or '}' is not paired: a placeholder is written "
          "{name}, with both braces",
    "fr": "locales/fr/answers.yml : « consent_biometrics » : une accolade « { » ou « } » n'a pas sa paire : "
          "un espace réservé s'écrit {nom}, avec ses deux accolades",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_problems_are_shown_in_the_pages_language(studio, lang):
    other = "fr" if lang == "en" else "en"
    staff = Staff(studio.url)
    staff.sign_in(studio.editor)
    assert staff.get(f"/{lang}/answers/{KEY}") == 200
    form = staff.form()
    form["text_fr"] = form["text_fr"].rstrip("\n") + " Voir {retention_days pour les détails.\n"

    assert staff.post(f"/{lang}/answers/{KEY}", {**form, "action": "preview"}) == 200
    page = html.unescape(staff.page)
    assert f'<html lang="{lang}"' in page
    assert f"<li>{PROBLEM[lang]}" in page, page
    assert PROBLEM[other] not in page

    assert staff.post(f"/{lang}/answers/{KEY}/check", form) == 200
    checked = json.loads(staff.page)
    assert len(checked["problems"]) == 1 and checked["problems"][0].startswith(PROBLEM[lang]), checked
    # Checked only: nothing written.
    assert git(studio.repo, "status", "--porcelain") == ""


def test_the_translation_to_check_is_said_in_the_pages_language(studio):
    staff = Staff(studio.url)
    staff.sign_in(studio.editor)
    assert staff.get(f"/en/answers/{KEY}") == 200
    form = staff.form()
    form["text_en"] = "Also: " + form["text_en"]
    assert staff.post(f"/en/answers/{KEY}", {**form, "message": "also", "action": "save"}) == 200
    assert "Translation review: the English text changed since this French translation was last reviewed" \
        in html.unescape(staff.page)
    assert staff.get(f"/fr/answers/{KEY}") == 200
    assert ("Vérification de la traduction : le texte anglais a changé depuis la dernière vérification de sa "
            "traduction en français") in html.unescape(staff.page)
