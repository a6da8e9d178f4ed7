"""Slack, end to end: real Events API and interactivity payloads in (signed with
the signing secret as Slack signs them), Web API calls out (to the fake).

Slack's connector answers the webhook at once and replies in the background,
so the tests wait for the messages to arrive."""

import html
import time

import pytest
from conftest import LONG_ANSWER, QUEBEC, assert_split, new_id

from assistant import language
from channels.formatting import LIMITS, slack_measure, slack_mrkdwn


def unescape(mrkdwn: str) -> str:
    return html.unescape(mrkdwn)


def dm() -> str:
    return "D" + new_id()


def user_with_locale(channel_stack, locale) -> str:
    """A new Slack user whose profile language is `locale`."""
    user = "U" + new_id()
    channel_stack.platforms.slack.locales[user] = locale
    return user


LOCALES = {"en": "en-US", "fr": "fr-CA"}


@pytest.mark.parametrize("lang, question", [
    ("en", "Which commissioner do I contact?"),
    ("fr", "À quel commissaire dois-je m'adresser?"),
])
def test_options_as_buttons_then_a_click_routes(channel_stack, lang, question):
    # The profile says the other language: the resident's words decide.
    user, channel = user_with_locale(channel_stack, LOCALES[language.other(lang)]), dm()
    status, _ = channel_stack.slack(user, channel, question)
    assert status == 200
    [asked] = channel_stack.platforms.slack.wait_for_messages(channel)
    web = channel_stack.web_reply(question)
    section, actions = asked["blocks"]
    assert section["text"] == {"type": "mrkdwn", "text": slack_mrkdwn(web["text"])}
    assert [(b["text"]["text"], b["value"]) for b in actions["elements"]] == [
        (b["title"], b["payload"]) for b in web["buttons"]]

    quebec = actions["elements"][QUEBEC]
    assert channel_stack.slack_button(user, channel, quebec["text"]["text"], quebec["value"])[0] == 200
    replies = channel_stack.platforms.slack.wait_for_messages(channel, at_least=2)
    routed = unescape("\n".join(m["text"] for m in replies[1:]))
    assert "Commission d'accès à l'information du Québec" in routed
    assert "https://www.cai.gouv.qc.ca/" in routed
    assert language.detect(routed) == lang


@pytest.mark.parametrize("lang, website", [("fr", "Site Web"), ("en", "Website")])
def test_starting_language_from_the_slack_locale(channel_stack, lang, website):
    user, channel = user_with_locale(channel_stack, LOCALES[lang]), dm()
    channel_stack.slack(user, channel, "CAI?")
    reply = unescape("\n".join(m["text"] for m in
                               channel_stack.platforms.slack.wait_for_messages(channel)))
    assert "Commission d'accès à l'information" in reply
    # The office's name is French in both languages; its labels are not.
    assert website in reply and {"Website": "Site Web", "Site Web": "Website"}[website] not in reply


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_long_answer_split_under_the_section_limit(channel_stack, lang):
    user, channel = user_with_locale(channel_stack, LOCALES[lang]), dm()
    channel_stack.slack_button(user, channel, "Clearview", f"/{LONG_ANSWER}")
    web = channel_stack.web_reply(f"/{LONG_ANSWER}", lang)
    *messages, offer = channel_stack.platforms.slack.wait_for_messages(channel, at_least=3, quiet=2)
    # The answer's parts, then "Was this helpful?" (test_channel_feedback.py).
    assert offer["blocks"][1]["elements"][0]["value"].startswith("fb:y:")
    parts = [unescape(m["text"]) for m in messages]
    assert_split(parts, web["text"], LIMITS["slack"], measure=slack_measure)
    assert all("blocks" not in m for m in messages[:-1])
    assert messages[-1]["blocks"][1]["elements"][0]["value"] == web["buttons"][0]["payload"]


@pytest.mark.parametrize("signing", [{"secret": "not-the-signing-secret"},
                                     {"timestamp": int(time.time()) - 3600}])
def test_requests_not_signed_by_slack_are_rejected(channel_stack, signing):
    channel = dm()
    status, _ = channel_stack.slack("U" + new_id(), channel, "Hello", **signing)
    assert status in (400, 403)
    time.sleep(2)  # replies would come in the background
    assert channel_stack.platforms.slack.sent(channel) == []


def test_unsigned_requests_are_rejected(channel_stack):
    channel = dm()
    body = channel_stack.slack_dm_body("U" + new_id(), channel, "Hello")
    status, _ = channel_stack.post("slack", body, {"Content-Type": "application/json"})
    assert status in (400, 403)
    time.sleep(2)
    assert channel_stack.platforms.slack.sent(channel) == []
