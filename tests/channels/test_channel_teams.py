"""Microsoft Teams through the Bot Framework, end to end: real Teams activities
in, with bearer tokens signed by the (fake) Bot Framework key, and replies
posted to the (fake) Teams connector service with our own access token."""

import html
import re
import time

import pytest
from conftest import LONG_ANSWER, TEAMS_APP_ID, assert_split, new_id

from assistant import language
from channels.formatting import LIMITS, teams_html, teams_measure


def resident():
    return f"29:1{new_id()}", f"a:1{new_id()}"


def card(activity):
    [attachment] = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.hero"
    return attachment["content"]


def html_to_text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


@pytest.mark.parametrize("lang, locale, greeting", [("en", "en-US", "Hello"),
                                                    ("fr", "fr-CA", "Bonjour")])
def test_greeting_as_a_card_with_buttons(channel_stack, lang, locale, greeting):
    user, conversation = resident()
    status, _ = channel_stack.teams(user, conversation, greeting, locale=locale)
    assert status == 200
    [reply] = channel_stack.platforms.teams.sent(user)
    web = channel_stack.web_reply(greeting)
    content = card(reply)
    assert content["text"] == teams_html(web["text"])
    assert [(b["type"], b["title"], b["text"]) for b in content["buttons"]] == [
        ("messageBack", b["title"], b["payload"]) for b in web["buttons"]]
    assert language.detect(html_to_text(content["text"])) == lang
    assert reply["recipient"]["id"] == user and reply["from"]["id"] == f"28:{TEAMS_APP_ID}"
    assert channel_stack.platforms.teams.authorizations()[-1] == "Bearer issued-access-token"


@pytest.mark.parametrize("lang, locale", [("en", "en-CA"), ("fr", "fr-CA")])
def test_installing_the_assistant_in_a_personal_chat_greets_the_resident(channel_stack, lang,
                                                                         locale):
    user, conversation = resident()
    activity = channel_stack.teams_activity(user, conversation, "", locale)
    del activity["text"], activity["textFormat"]
    activity.update(type="conversationUpdate",
                    membersAdded=[{"id": user}, {"id": f"28:{TEAMS_APP_ID}"}])
    status, _ = channel_stack.teams(user, conversation, "", activity=activity)
    assert status == 200
    [reply] = channel_stack.platforms.teams.wait_for_messages(user)
    web = channel_stack.web_reply("/greet", lang)
    assert card(reply)["text"] == teams_html(web["text"])
    assert html_to_text(card(reply)["text"]).startswith(
        {"en": "Hello! Bonjour!", "fr": "Bonjour! Hello!"}[lang])


@pytest.mark.parametrize("lang, locale, website", [("fr", "fr-CA", "Site Web"),
                                                   ("en", "en-CA", "Website")])
def test_starting_language_from_the_teams_locale(channel_stack, lang, locale,
                                                                     website):
    user, conversation = resident()
    channel_stack.teams(user, conversation, "CAI?", locale=locale)
    replies = channel_stack.platforms.teams.sent(user)
    text = html_to_text("\n".join(r["text"] for r in replies))
    assert "Commission d'accès à l'information" in text
    # The office's name is French in both languages; its labels are not.
    assert website in text and {"Website": "Site Web", "Site Web": "Website"}[website] not in text
    assert '<a href="https://www.cai.gouv.qc.ca/">' in replies[-1]["text"]


@pytest.mark.parametrize("lang, locale", [("en", "en-US"), ("fr", "fr-FR")])
def test_button_press_long_answer_split(channel_stack, lang, locale):
    user, conversation = resident()
    # A messageBack button sends its payload as the activity's text.
    channel_stack.teams(user, conversation, f"/{LONG_ANSWER}", locale=locale)
    *sent, offer = channel_stack.platforms.teams.sent(user)
    # The answer's parts, then "Was this helpful?" (test_channel_feedback.py).
    assert card(offer)["buttons"][0]["text"].startswith("fb:y:")
    web = channel_stack.web_reply(f"/{LONG_ANSWER}", lang)
    markup = [r["text"] for r in sent[:-1]] + [card(sent[-1])["text"]]
    parts = [html_to_text(m) for m in markup]
    assert all(len(m) <= LIMITS["botframework"] for m in markup)
    assert_split(parts, web["text"], LIMITS["botframework"], measure=teams_measure)


def bad_requests(channel_stack):
    teams, stranger = channel_stack.platforms.teams, channel_stack.platforms.stranger
    now = int(time.time())
    yield "no token", {"authorization": ""}
    yield "not a bearer token", {"authorization": "Basic dXNlcjpwYXNz"}
    yield "signed by another key", {"token": teams.token(key=teams.stranger_key)}
    yield "for another bot", {"token": teams.token(aud="another-app-id")}
    yield "from another issuer", {"token": teams.token(iss="https://sts.windows.net/tenant/")}
    yield "expired", {"token": teams.token(exp=now - 3600, iat=now - 7200, nbf=now - 7200)}
    yield "reply address changed", {"service_url": stranger.service_url}
    yield "channel the key is not endorsed for", {"channel": "skype"}


@pytest.mark.parametrize("case", range(8))
def test_requests_without_a_valid_bot_framework_token_are_rejected(channel_stack, case):
    name, bad = list(bad_requests(channel_stack))[case]
    user, conversation = resident()
    activity = channel_stack.teams_activity(user, conversation, "Hello",
                                            service_url=bad.get("service_url"))
    if "channel" in bad:
        activity["channelId"] = bad["channel"]
    status, _ = channel_stack.teams(user, conversation, "Hello", activity=activity,
                                    token=bad.get("token"), authorization=bad.get("authorization"))
    assert status in (401, 403), name
    assert channel_stack.platforms.teams.sent(user) == [], name
    assert channel_stack.platforms.stranger.calls == [], name
