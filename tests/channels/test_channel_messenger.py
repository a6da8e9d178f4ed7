"""Facebook Messenger, end to end: real webhook events in (signed as Meta signs
them), Send API calls out (to the fake Graph API)."""

import pytest
from conftest import FACEBOOK_VERIFY, LONG_ANSWER, QUEBEC, assert_split, new_id

from assistant import language
from assistant.catalog import Catalog
from channels.formatting import LIMITS, MESSENGER_TITLE_CHARS, numbered_options, with_numbered_options

# The office card's labels say which language it is in (its name is French in both).
OTHER_LABEL = {"Website": "Site Web", "Site Web": "Website"}

QUESTIONS = {
    "en": ("Which commissioner do I contact?", "Commission d'accès à l'information du Québec"),
    "fr": ("À quel commissaire dois-je m'adresser?", "Commission d'accès à l'information du Québec"),
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_options_as_quick_replies_with_full_titles_numbered_in_the_text(channel_stack, lang):
    psid = new_id("71")
    question, office = QUESTIONS[lang]
    status, _ = channel_stack.messenger(psid, question)
    assert status == 200
    [asked] = channel_stack.platforms.messenger.sent(psid)
    web = channel_stack.web_reply(question)
    titles = [b["title"] for b in web["buttons"]]
    assert asked["text"].startswith(web["text"])
    # Some titles are longer than Messenger shows: the text lists them in full.
    assert any(len(t) > MESSENGER_TITLE_CHARS for t in titles)
    assert numbered_options(titles) in asked["text"]
    assert language.detect(asked["text"]) == lang
    quick = asked["quick_replies"]
    assert [q["payload"] for q in quick] == [b["payload"] for b in web["buttons"]]
    assert all(len(q["title"]) <= MESSENGER_TITLE_CHARS for q in quick)
    assert [q["title"].split(".")[0] for q in quick] == [str(n) for n in range(1, len(quick) + 1)]

    # Tapping Quebec's quick reply routes to the CAI.
    channel_stack.messenger_quick_reply(psid, quick[QUEBEC]["title"], quick[QUEBEC]["payload"])
    routed = "\n".join(m["text"] for m in channel_stack.platforms.messenger.sent(psid)[1:])
    assert office in routed and "https://www.cai.gouv.qc.ca/" in routed
    assert language.detect(routed) == lang


def test_typing_the_number_picks_the_option(channel_stack):
    psid = new_id("71")
    channel_stack.messenger(psid, "Which commissioner do I contact?")
    channel_stack.messenger(psid, "2")
    routed = "\n".join(m["text"] for m in channel_stack.platforms.messenger.sent(psid)[1:])
    assert "Information and Privacy Commissioner of Alberta" in routed


def resident_with_locale(channel_stack, locale) -> str:
    """A new Messenger user whose profile the page may read, with `locale`."""
    psid = new_id("71")
    channel_stack.platforms.messenger.locales[psid] = locale
    return psid


@pytest.mark.parametrize("locale, website", [("fr_CA", "Site Web"), ("en_US", "Website")])
def test_starting_language_from_the_profile_locale(channel_stack, locale, website):
    psid = resident_with_locale(channel_stack, locale)
    channel_stack.messenger(psid, "CAI?")
    reply = "\n".join(m["text"] for m in channel_stack.platforms.messenger.sent(psid))
    assert "Commission d'accès à l'information" in reply
    assert website in reply and OTHER_LABEL[website] not in reply


@pytest.mark.parametrize("lang, locale", [("en", "en_GB"), ("fr", "fr_FR")])
def test_long_answer_split_under_the_limit_with_its_quick_reply_last(channel_stack, lang, locale):
    psid = resident_with_locale(channel_stack, locale)
    # A postback: a button in an earlier message.
    channel_stack.messenger_event(psid, postback={"title": "Clearview",
                                                  "payload": f"/{LONG_ANSWER}"})
    *sent, offer = channel_stack.platforms.messenger.sent(psid)
    web = channel_stack.web_reply(f"/{LONG_ANSWER}", lang)
    whole = web["text"]
    # Then "Was this helpful?": Yes, No, and the answer's quick replies again
    # (Messenger shows them under the latest message only).
    assert [q["payload"][:5] for q in offer["quick_replies"][:2]] == ["fb:y:", "fb:n:"]
    assert offer["quick_replies"][2:] == sent[-1]["quick_replies"]
    titles = [b["title"] for b in web["buttons"]]
    if any(len(title) > MESSENGER_TITLE_CHARS for title in titles):
        # Too long for a quick reply: listed in full, by number, at the end.
        hint = Catalog(channel_stack.stack.env["LOCALES_DIR"]).message(lang, "choose_by_number")
        whole = with_numbered_options(whole, web["buttons"], hint)
    assert_split([m["text"] for m in sent], whole, LIMITS["facebook"])
    assert language.detect(" ".join(m["text"] for m in sent)) == lang
    assert all("quick_replies" not in m for m in sent[:-1])
    assert [q["payload"] for q in sent[-1]["quick_replies"]] == [b["payload"] for b in web["buttons"]]
    assert all(len(q["title"]) <= MESSENGER_TITLE_CHARS for q in sent[-1]["quick_replies"])


@pytest.mark.parametrize("secret", ["not-the-app-secret", ""])
def test_events_not_signed_with_the_app_secret_are_rejected(channel_stack, secret):
    psid = new_id("71")
    status, _ = channel_stack.messenger_event(psid, message={"text": "Hello"}, secret=secret)
    assert status == 403
    assert channel_stack.platforms.messenger.sent(psid) == []


def test_unsigned_events_are_rejected(channel_stack):
    status, _ = channel_stack.post("facebook", b'{"object": "page", "entry": []}',
                                   {"Content-Type": "application/json"})
    assert status == 403


def test_subscription_handshake(channel_stack):
    assert channel_stack.get("facebook", f"?hub.mode=subscribe&hub.verify_token={FACEBOOK_VERIFY}"
                                         "&hub.challenge=1158201444") == (200, "1158201444")
    status, body = channel_stack.get("facebook", "?hub.mode=subscribe&hub.verify_token=guess"
                                                 "&hub.challenge=1158201444")
    assert status == 403 and "1158201444" not in body
