"""The staff tools' messages in English and French (staff/locales/): both
catalogs complete and alike, every message the code names present, and
`make check` speaking the staff member's language, with the guide in it."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from edits import edit

from assistant.catalog import read_catalog
from assistant.language import SUPPORTED
from staff import content_check, link_check, messages, translations
from staff.messages import MESSAGES_DIR

ROOT = content_check.ROOT
# Every module that says something to staff through the catalogs.
SPEAKING = [Path(module.__file__) for module in (content_check, link_check, translations)] + [
    ROOT / "studio" / "intents.py"]
# Words rightly the same in both languages.
SAME_IN_BOTH_LANGUAGES = {"review_ok", "reviews_column_sources"}


def catalog(lang):
    return read_catalog(MESSAGES_DIR, lang)["messages"]


def test_both_catalogs_have_the_same_files_keys_and_placeholders():
    assert content_check.check_twin_files(MESSAGES_DIR) == []
    english, french = catalog("en"), catalog("fr")
    assert sorted(english) == sorted(french), set(english) ^ set(french)
    for key in english:
        for lang, text in (("en", english[key]), ("fr", french[key])):
            assert isinstance(text, str) and text.strip(), (lang, key)
            assert content_check.unpaired_braces(text) is None, (lang, key, text)
        assert content_check.placeholders(english[key]) == content_check.placeholders(french[key]), key
        if key not in SAME_IN_BOTH_LANGUAGES:
            assert english[key] != french[key], f"{key} is not translated"


def named_messages(path):
    """Keys the module names: Message("key", ...) and say(lang, "key", ...);
    a key built with an f-string gives a pattern ("language_{code}" -> language_\\w+)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        position = {"Message": 0, "say": 1}.get(name)
        if position is None or len(node.args) <= position:
            continue
        key = node.args[position]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            found.add(re.escape(key.value))
        elif isinstance(key, ast.JoinedStr):
            found.add("".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"\w+"
                              for part in key.values))
    return found


@pytest.mark.parametrize("path", SPEAKING, ids=lambda path: path.name)
def test_every_message_the_code_names_is_in_both_catalogs(path):
    keys = set(catalog("en")) & set(catalog("fr"))
    named = named_messages(path)
    assert named, f"{path.name} names no message"
    for pattern in named:
        assert any(re.fullmatch(pattern, key) for key in keys), f"{path.name}: no message {pattern}"


def test_messages_named_in_tables_are_in_both_catalogs():
    keys = set(catalog("en")) & set(catalog("fr"))
    tables = {*content_check._CHARACTER_ADVICE.values(), "char_other",
              *(advice for rules in content_check._WORDING.values() for _, advice in rules),
              *(f"language_{code}" for code in SUPPORTED),
              *(f"link_used_as_{what}" for what in ("source", "link")),
              *(f"reviews_column_{name}" for name in ("reviewed", "lang", "answer", "sources", "status"))}
    assert tables - keys == set()


@pytest.mark.parametrize("environment, expected", [
    ({}, "en"),
    ({"LANG": "fr_CA.UTF-8"}, "fr"),
    ({"LANG": "fr_CA.UTF-8", "LC_MESSAGES": "en_CA.UTF-8"}, "en"),
    ({"LANG": "en_CA.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "C.UTF-8", "LANGUAGE": "fr_CA:en"}, "fr"),
    ({"LANG": "de_DE.UTF-8"}, "en"),
])
def test_the_reader_language_comes_from_the_system(monkeypatch, environment, expected):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert messages.reader_language() == expected
    # --lang wins over the system.
    assert messages.reader_language("fr") == "fr" and messages.reader_language("en") == "en"


def test_a_message_reads_as_english_and_says_itself_in_french():
    said = messages.Message("too_few_examples", count=3, language=messages.language_name("fr"), minimum=15)
    assert said == ("3 French training example(s), at least 15 needed: add more ways residents ask this, "
                    "in French, then retrain (make train)")
    assert said.text("fr") == ("3 exemple(s) d'entraînement en français, il en faut au moins 15 : ajoutez "
                               "d'autres façons dont les personnes posent cette question, en français, puis "
                               "réentraînez (make train)")


# ----- make check in each language, on a broken catalog ----------------------------

def break_catalogs(locales):
    """An unclosed '{' (French), an answer without a source (English) and a
    phone number that is not an office's (French)."""
    edit(locales / "fr" / "messages.yml", 'source: "Source : {url}"', 'source: "Source : {url"')
    text = (locales / "en" / "answers.yml").read_text(encoding="utf-8")
    start = text.index("\n  withdraw_consent:\n")
    sources, reviewed = text.index("    sources:\n", start), text.index("    reviewed:", start)
    (locales / "en" / "answers.yml").write_text(text[:sources] + "    sources: []\n" + text[reviewed:],
                                                encoding="utf-8")
    edit(locales / "fr" / "answers.yml", "sans frais, au 1-800-282-1376.", "sans frais, au 1-800-555-0199.")


FRENCH = [
    "locales/fr/messages.yml : « source » : une accolade « { » ou « } » n'a pas sa paire : un espace réservé "
    "s'écrit {nom}, avec ses deux accolades",
    "locales/en/answers.yml : « withdraw_consent » : aucune source : ajoutez sous « sources: » la page "
    "officielle d'où vient cette réponse",
    "locales/fr/answers.yml : « bot_challenge » : le numéro de téléphone 1-800-555-0199 n'est pas dans "
    "assistant/data/offices.yml : utilisez le numéro d'un commissariat",
    "problème(s) trouvé(s). Chaque ligne donne le fichier, la clé et quoi faire; docs/STAFF.fr.md "
    "(section « Sens des messages de vérification ») les explique.",
]
ENGLISH = [
    "locales/fr/messages.yml: 'source': a '{' or '}' is not paired: a placeholder is written {name}, with both "
    "braces",
    "locales/en/answers.yml: 'withdraw_consent': no source: add the official page this answer comes from under "
    "'sources:'",
    "locales/fr/answers.yml: 'bot_challenge': the phone number 1-800-555-0199 is not in "
    "assistant/data/offices.yml: use an office's number",
    "problem(s) found. Each line gives the file, the key and what to do; docs/STAFF.md (\"What the check "
    "messages mean\") explains them.",
]


@pytest.mark.parametrize("options, system, expected, unexpected", [
    (["--lang", "fr"], "C.UTF-8", FRENCH, "docs/STAFF.md"),
    ([], "fr_CA.UTF-8", FRENCH, "docs/STAFF.md"),
    (["--lang", "en"], "fr_CA.UTF-8", ENGLISH, "docs/STAFF.fr.md"),
    ([], "C.UTF-8", ENGLISH, "docs/STAFF.fr.md"),
], ids=["--lang fr", "LANG=fr_CA", "--lang en beats LANG=fr_CA", "LANG=C"])
def test_make_check_speaks_the_staff_members_language(locales, monkeypatch, options, system, expected, unexpected):
    break_catalogs(locales)
    monkeypatch.setenv("LANG", system)
    done = subprocess.run([sys.executable, "-m", "staff.content_check", "--locales", str(locales), *options],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stdout + done.stderr
    for line in expected:
        assert line in done.stdout, done.stdout
    assert unexpected not in done.stdout


@pytest.mark.parametrize("lang, first, summary", [
    ("en", "Answers by review date: due after 12 months", "0 overdue, 0 without a review date, 0 without a source"),
    ("fr", "Réponses par date de vérification : à revérifier après 12 mois",
     "0 en retard, 0 sans date de vérification, 0 sans source"),
])
def test_the_review_listing_in_each_language(locales, capsys, lang, first, summary):
    assert content_check.main(["--locales", str(locales), "--reviews", "--lang", lang]) == 0
    out = capsys.readouterr().out
    assert out.startswith(first) and summary in out
