"""Button titles and short messages in the studio, in both languages:

- reading messages.yml in its groups, with each message's note;
- writing a button title or a message keeps the file's comments and layout,
  never changes a payload, and keeps each {placeholder};
- a broken placeholder is refused with the content check's own message,
  and nothing is written;
- history and restore, and the preview as residents get the text;
- over HTTP, as a browser sends the forms: a button title and a short
  message edited in English and French, committed in the staff member's
  name, and a short message proposed and approved when a publisher must.
"""

import json
import re

import pytest
from conftest import answer_form, git, running_studio
from studio_client import Staff

from staff import content_check, translations
from studio import editing, history, messages, preview, review

BUTTONS_KEY = "complaint_fee_deadline"
MESSAGE_KEY = "ask_province"


# ----- buttons ----------------------------------------------------------------

def test_a_button_title_is_written_in_place_and_its_payload_never_comes_from_the_form(studio_repo):
    locales = studio_repo / "locales"
    pair = editing.read_pair(locales, BUTTONS_KEY, studio_repo)
    assert [b["payload"] for b in pair.buttons("en")] == ["/find_office"]
    asked = editing.asked_by_buttons(locales, studio_repo, "fr", ["/find_office", "/capabilities"])
    assert asked["/find_office"] == editing.Asked("Le commissariat auquel m'adresser", "find_office")
    # No topic name for 'capabilities': the first way residents ask it.
    assert asked["/capabilities"].intent == "capabilities" and asked["/capabilities"].question

    draft = editing.draft_from_form(pair, answer_form(
        pair, button_en_1="  Which office   handles it ", button_fr_1="Quel commissariat s'en occupe",
        # A payload sent by a forged form is ignored.
        payload_en_1="/restart"))
    assert draft.buttons("en") == [{"title": "Which office handles it", "payload": "/find_office"}]
    # The preview shows the new titles, in the chat and as the SMS's numbered options.
    shown = preview.preview(locales, BUTTONS_KEY, draft.entries, "fr")
    assert shown.buttons == ["Quel commissariat s'en occupe"]
    assert "1. Quel commissariat s'en occupe" in "\n".join(sms.text for sms in shown.sms)

    before = {lang: (locales / lang / "answers.yml").read_text(encoding="utf-8") for lang in ("en", "fr")}
    written = editing.write_pair(draft, locales, studio_repo)
    assert sorted(str(p.relative_to(studio_repo)) for p in written) == ["locales/en/answers.yml",
                                                                         "locales/fr/answers.yml"]
    for lang, title in (("en", "Which office handles it"), ("fr", "Quel commissariat s'en occupe")):
        after = (locales / lang / "answers.yml").read_text(encoding="utf-8")
        changed = [(old, new) for old, new in zip(before[lang].splitlines(), after.splitlines()) if old != new]
        assert len(before[lang].splitlines()) == len(after.splitlines()) and len(changed) == 1, changed
        assert changed[0][1] == f"      - title: {title}"
        assert after.startswith(before[lang].split("\n", 1)[0])  # the header comment stays
    # Each language changed on its own: its twin's translation is to review.
    reviews = editing.read_pair(locales, BUTTONS_KEY, studio_repo).button_reviews
    assert reviews[1].changed == ("en", "fr")
    history.commit(studio_repo, written, f"{BUTTONS_KEY}: clearer button", "Alex Martin", "alex@example.invalid")

    # Restore: the earlier version comes back whole, buttons included.
    current = editing.read_pair(locales, BUTTONS_KEY, studio_repo)
    oldest = history.versions(studio_repo, BUTTONS_KEY, current.files)[-1]
    restored = editing.AnswerPair(BUTTONS_KEY, {lang: {**current.entries[lang], **oldest.entries[lang]}
                                                for lang in ("en", "fr")}, current.files)
    written = editing.write_pair(restored, locales, studio_repo)
    assert {lang: (locales / lang / "answers.yml").read_text(encoding="utf-8") for lang in ("en", "fr")} == before
    history.commit(studio_repo, written, f"{BUTTONS_KEY}: restore", "Alex Martin", "alex@example.invalid")


def test_an_empty_or_unsendable_button_title_is_refused(studio_repo):
    locales = studio_repo / "locales"
    pair = editing.read_pair(locales, BUTTONS_KEY, studio_repo)
    for title, problem in (("", "must have a title"), ("Quel commissariat\u2019s", "U+2019")):
        draft = editing.draft_from_form(pair, answer_form(pair, button_fr_1=title))
        with pytest.raises(editing.Refused) as refused:
            editing.write_pair(draft, locales, studio_repo)
        assert any(problem in str(p) for p in refused.value.problems), refused.value.problems
    assert git(studio_repo, "status", "--porcelain") == ""


# ----- short messages ----------------------------------------------------------

def test_messages_are_listed_in_the_files_groups_with_their_notes(studio_repo):
    found = messages.groups(studio_repo / "locales")
    titles = [group.titles for group in found]
    assert {"en": "Clarifying questions before routing to an office",
            "fr": "Questions de précision avant d'orienter vers un commissariat"} in titles
    clarifying = next(g for g in found if g.titles["en"].startswith("Clarifying"))
    assert [p.key for p in clarifying.pairs][:2] == ["ask_province", "ask_org_kind"]
    keys = [p.key for group in found for p in group.pairs]
    assert len(keys) == len(set(keys)) and "choose_by_number" in keys and "closed_holiday" in keys
    pair = messages.read_pair(studio_repo / "locales", "choose_by_number", studio_repo)
    assert pair.notes["en"] == "Under numbered options on SMS and WhatsApp, which have no buttons."
    assert pair.notes["fr"].startswith("Sous les options numérotées")
    assert pair.problems == []
    assert messages.read_pair(studio_repo / "locales", "widget_send", studio_repo) is None  # widget.yml's


def test_a_message_is_written_in_place_in_both_languages_and_restored(studio_repo):
    locales = studio_repo / "locales"
    before = {lang: (locales / lang / "messages.yml").read_text(encoding="utf-8") for lang in ("en", "fr")}
    current = messages.read_pair(locales, MESSAGE_KEY, studio_repo)
    draft = messages.draft_from_form(current, {
        "text_en": "Which province or territory do you live in? The office depends on it.",
        "text_fr": "Dans quelle province ou quel territoire habitez-vous? Le commissariat en dépend."})
    written = messages.write_pair(draft, current, locales, studio_repo, translation_checked=True)
    assert {p.name for p in written} == {"messages.yml", "translation-state.yml"}
    for lang in ("en", "fr"):
        after = (locales / lang / "messages.yml").read_text(encoding="utf-8")
        changed = [new for old, new in zip(before[lang].splitlines(), after.splitlines()) if old != new]
        assert len(after.splitlines()) == len(before[lang].splitlines()) and len(changed) == 1, changed
        assert changed[0].startswith(f'  {MESSAGE_KEY}: "') and changed[0].endswith('dépend."' if lang == "fr"
                                                                                 else 'depends on it."')
    assert not [p for p in translations.pending(locales) if p.unit.key == MESSAGE_KEY]
    # The preview is the clarifying question as residents get it, with its choices.
    shown = preview.message_preview(locales, MESSAGE_KEY, {lang: draft.text(lang) for lang in ("en", "fr")}, "fr")
    assert shown[0].widget_messages == [draft.text("fr")]
    assert "Colombie-Britannique" in shown[0].buttons
    assert "Répondez avec le numéro de votre choix" in shown[0].sms[-1].text
    history.commit(studio_repo, written, f"messages.{MESSAGE_KEY}: plainer", "Sam Tremblay", "sam@example.invalid")

    found = history.versions(studio_repo, MESSAGE_KEY, current.files, section="messages")
    assert [v.author for v in found] == ["Sam Tremblay", "Setup"]
    assert found[0].entries["fr"]["text"] == draft.text("fr")
    now = messages.read_pair(locales, MESSAGE_KEY, studio_repo)
    restored = messages.MessagePair(MESSAGE_KEY, found[-1].entries, now.files)
    written = messages.write_pair(restored, now, locales, studio_repo)
    assert {lang: (locales / lang / "messages.yml").read_text(encoding="utf-8") for lang in ("en", "fr")} == before
    history.commit(studio_repo, written, f"messages.{MESSAGE_KEY}: restore", "Sam Tremblay", "sam@example.invalid")


def test_the_translator_sees_what_changed_in_a_message_since_the_last_review(studio_repo):
    locales = studio_repo / "locales"
    current = messages.read_pair(locales, "suggest_none", studio_repo)
    assert current.pending_review is None
    draft = messages.draft_from_form(current, {"text_en": "None of those", "text_fr": current.text("fr")})
    written = messages.write_pair(draft, current, locales, studio_repo)
    history.commit(studio_repo, written, "messages.suggest_none: those", "Alex Martin", "alex@example.invalid")
    pair = messages.read_pair(locales, "suggest_none", studio_repo)
    assert pair.pending_review.changed == ("en",)
    change = review.change_since_review(studio_repo, locales, pair)
    assert change.lang == "en" and ("removed", "these") in change.segments and ("added", "those") in change.segments
    found = [g for g in messages.groups(locales) for p in g.pairs if p.key == "suggest_none" and p.pending_review]
    assert found, "the list marks it"


def test_a_block_message_stays_a_block_and_spaces_at_the_ends_are_kept(studio_repo):
    locales = studio_repo / "locales"
    fallback = messages.read_pair(locales, "fallback", studio_repo)
    assert fallback.text("en").endswith("\n")
    draft = messages.draft_from_form(fallback, {"text_en": "Sorry, I did not understand.\r\n\r\nPlease rephrase.",
                                                "text_fr": fallback.text("fr")})
    assert draft.text("en") == "Sorry, I did not understand.\n\nPlease rephrase.\n"
    path = locales / "en" / "messages.yml"
    before = path.read_bytes()
    one_line = messages.read_pair(locales, "restarted", studio_repo)
    try:
        messages.write_pair(draft, fallback, locales, studio_repo)
        two_lines = messages.draft_from_form(one_line, {"text_en": "We are starting over.\nWhat would you like to know?",
                                                        "text_fr": one_line.text("fr")})
        messages.write_pair(two_lines, one_line, locales, studio_repo)
        text = path.read_text(encoding="utf-8")
        assert "  fallback: |\n    Sorry, I did not understand.\n\n    Please rephrase.\n  language_switched:" in text
        # A line break typed in a one-line message makes it a block, easy to edit by hand.
        assert "  restarted: |-\n    We are starting over.\n    What would you like to know?\n" in text
    finally:
        path.write_bytes(before)
    joiner = messages.read_pair(locales, "hours_period_joiner", studio_repo)
    assert messages.draft_from_form(joiner, {"text_en": " and ", "text_fr": " et "}).text("en") == " and "


@pytest.mark.parametrize("lang, text, problem, in_french", [
    ("en", "Source: {url", "a '{' or '}' is not paired", "une accolade « { » ou « } » n'a pas sa paire"),
    ("fr", "Source : {lien}", "the placeholders changed: the published text has {url}, this one has {lien}",
     "les espaces réservés ont changé (texte publié : {url}; ce texte : {lien})"),
    ("fr", "Source officielle", "the placeholders changed: the published text has {url}, this one has none",
     "les espaces réservés ont changé (texte publié : {url}; ce texte : aucun)"),
])
def test_a_message_must_keep_its_placeholders(studio_repo, lang, text, problem, in_french):
    locales = studio_repo / "locales"
    before = (locales / lang / "messages.yml").read_text(encoding="utf-8")
    current = messages.read_pair(locales, "source", studio_repo)
    draft = messages.draft_from_form(current, {**{f"text_{code}": current.text(code) for code in ("en", "fr")},
                                               f"text_{lang}": text})
    with pytest.raises(editing.Refused) as refused:
        messages.write_pair(draft, current, locales, studio_repo)
    assert any(f"locales/{lang}/messages.yml: 'source': {problem}" in str(p) for p in refused.value.problems), \
        refused.value.problems
    # The studio's French pages say it in French.
    assert any(f"locales/{lang}/messages.yml : « source » : {in_french}" in p.text("fr")
               for p in refused.value.problems), [p.text("fr") for p in refused.value.problems]
    assert (locales / lang / "messages.yml").read_text(encoding="utf-8") == before
    # Nothing to preview: residents would never get it.
    assert messages.check_draft(draft, current, locales, studio_repo).blocking


def test_the_content_check_finds_a_draft_message_that_breaks_an_office_card(studio_repo):
    # An office's card is assembled from messages: the check builds them with the draft.
    problems = content_check.check_message("label_website", {"en": "- Website\u00a0: {value}", "fr": "- Site Web : {value}"},
                                           {"en": "- Website: {value}", "fr": "- Site Web : {value}"},
                                           studio_repo / "locales", studio_repo)
    assert any("U+00A0" in str(p) for p in problems), problems


# ----- over HTTP ----------------------------------------------------------------

def test_staff_edit_a_button_title_in_both_languages(studio):
    staff = Staff(studio.url)
    staff.sign_in(studio.editor)
    assert staff.get(f"/fr/answers/{BUTTONS_KEY}") == 200
    assert "Quand on le choisit, il demande : « Le commissariat auquel m&#39;adresser »" in staff.page
    assert '<label for="button_fr_1">Bouton 1 (français)</label>' in staff.page
    form = staff.form()
    assert form["button_en_1"] == "Which office to contact" and "payload" not in str(form)
    form.update(button_en_1="Find the right office", button_fr_1="Trouver le bon commissariat")
    # Check and preview first: nothing written, the preview shows the draft.
    assert staff.post(f"/fr/answers/{BUTTONS_KEY}", {**form, "action": "preview"}) == 200
    assert "1. Trouver le bon commissariat" in staff.page
    assert git(studio.repo, "status", "--porcelain") == ""
    assert staff.post(f"/fr/answers/{BUTTONS_KEY}", {**form, "action": "save", "translation_checked": "yes",
                                                     "message": "Button says what it does"}) == 200
    assert "Enregistré et publié" in staff.page
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert (author, subject) == (studio.editor, f"{BUTTONS_KEY}: Button says what it does")
    for lang, title in (("en", "Find the right office"), ("fr", "Trouver le bon commissariat")):
        text = (studio.repo / "locales" / lang / "answers.yml").read_text(encoding="utf-8")
        assert f"      - title: {title}\n        payload: /find_office\n" in text
    assert not [p for p in translations.pending(studio.repo / "locales") if p.unit.key == BUTTONS_KEY]
    # An empty title is refused, in the page's language, with the check's message.
    assert staff.post(f"/en/answers/{BUTTONS_KEY}", {**form, "button_en_1": " ", "action": "save"}) == 422
    assert "Not saved. Residents still get the last good text" in staff.page
    assert "must have a title" in staff.page
    assert git(studio.repo, "status", "--porcelain") == ""


def test_staff_edit_a_short_message_in_both_languages(studio):
    staff = Staff(studio.url)
    staff.sign_in(studio.other)
    assert staff.get("/en/messages") == 200
    assert '<h2 id="group-2" tabindex="-1">Clarifying questions before routing to an office</h2>' in staff.page
    assert staff.get("/fr/messages") == 200
    assert "Questions de précision avant d&#39;orienter vers un commissariat" in staff.page
    assert staff.get("/fr/messages/choose_by_number") == 200
    assert "Sous les options numérotées, par texto et WhatsApp" in staff.page
    form = staff.form()
    assert set(form) == {"text_en", "text_fr"}
    form.update(text_en="Reply with the number of your choice, or write your question.",
                text_fr="Répondez par le numéro de votre choix, ou écrivez votre question.")
    # Checked as staff type: the page's script posts the form to /check.
    assert staff.post("/fr/messages/choose_by_number/check", form) == 200
    assert json.loads(staff.page) == {"summary": "Vérifié pendant la saisie : aucun problème.", "problems": []}
    staff.get("/fr/messages/choose_by_number")  # the form's CSRF token, as the page has it
    assert staff.post("/fr/messages/choose_by_number/check", {**form, "text_fr": "Répondez {"}) == 200
    # In the page's language.
    assert "une accolade « { » ou « } » n'a pas sa paire" in json.loads(staff.page)["problems"][0]
    staff.get("/fr/messages/choose_by_number")
    assert staff.post("/fr/messages/choose_by_number", {**form, "action": "save", "message": "Plainer"}) == 200
    assert "Enregistré et publié" in staff.page
    author, subject = git(studio.repo, "log", "-1", "--format=%an|%s").strip().split("|")
    assert (author, subject) == (studio.other, "messages.choose_by_number: Plainer")
    assert "Répondez par le numéro" in (studio.repo / "locales" / "fr" / "messages.yml").read_text(encoding="utf-8")
    # Not marked as checked: both languages changed, so the pair is to review.
    assert staff.get("/fr/messages") == 200
    row = re.search(r'<tr>\s*<th scope="row"><a href="/fr/messages/choose_by_number".*?</tr>', staff.page, re.S).group(0)
    assert "traduction à vérifier" in row

    # A renamed placeholder is refused, in English, with the check's message; nothing is written.
    assert staff.get("/en/messages/source") == 200
    broken = {**staff.form(), "text_en": "Source: {link}", "action": "save"}
    assert staff.post("/en/messages/source", broken) == 422
    assert "Not saved. Residents still get the last good text" in staff.page
    assert "the placeholders changed: the published text has {url}, this one has {link}" in staff.page
    assert "Source: {link}" in staff.page  # the draft stays in the form, to fix
    assert git(studio.repo, "status", "--porcelain") == ""

    # History and restore, as one more commit.
    assert staff.get("/en/messages/choose_by_number/history") == 200
    oldest = re.findall(r'name="commit" value="(\w+)"', staff.page)[-1]
    assert staff.post("/en/messages/choose_by_number/restore", {"commit": oldest}) == 200
    assert "Restored the version of" in staff.page
    assert "or type your question" in (studio.repo / "locales" / "en" / "messages.yml").read_text(encoding="utf-8")
    assert git(studio.repo, "log", "-1", "--format=%s").startswith("messages.choose_by_number: restore the version")
    assert staff.get("/en/messages/no_such_message") == 404 and "No short message by that name" in staff.page


def test_a_short_message_waits_for_a_publisher_when_approval_is_required(studio_repo, tmp_path):
    accounts = (("Alex Martin", "editor"), ("Pat Gagnon", "publisher"))
    with running_studio(studio_repo, tmp_path, accounts, STUDIO_REQUIRE_APPROVAL="true") as running:
        path = studio_repo / "locales" / "fr" / "messages.yml"
        before = path.read_text(encoding="utf-8")
        editor = Staff(running.url)
        editor.sign_in("Alex Martin")
        editor.get("/fr/messages/restarted")
        form = {**editor.form(), "text_fr": "On recommence. Que voulez-vous savoir?"}
        assert editor.post("/fr/messages/restarted", {**form, "action": "save", "message": "plus court"}) == 200
        assert "attend l&#39;approbation" in editor.page
        assert path.read_text(encoding="utf-8") == before
        assert editor.get("/en/messages") == 200 and "waiting for approval" in editor.page

        publisher = Staff(running.url)
        publisher.sign_in("Pat Gagnon")
        assert publisher.get("/en/messages/restarted") == 200
        assert "Proposed by Alex Martin" in publisher.page and "recommence.</ins>" in publisher.page
        assert publisher.post("/en/messages/restarted/approve", {}) == 200
        assert "Approved and published" in publisher.page
        assert git(studio_repo, "log", "-1", "--format=%an|%cn|%s").strip() == \
            "Alex Martin|Pat Gagnon|messages.restarted: plus court (approved by Pat Gagnon)"
        assert "On recommence. Que voulez-vous savoir?" in path.read_text(encoding="utf-8")
