"""Formatting for messaging apps, on the real answers of both catalogs."""

import re
from datetime import datetime, timezone

import pytest
import yaml
from stack import ROOT

from assistant import answers, language
from assistant.catalog import Catalog
from assistant.offices import OFFICES
from channels import formatting
from channels.formatting import (
    LIMITS,
    chosen_option,
    numbered_options,
    protected_spans,
    short_title,
    slack_measure,
    slack_mrkdwn,
    split_message,
    teams_html,
    teams_measure,
    with_numbered_options,
)

CATALOG = Catalog()
LANGS = ("en", "fr")


def answer_keys(lang):
    content = yaml.safe_load((ROOT / "locales" / lang / "answers.yml").read_text(encoding="utf-8"))
    return list(content["answers"])


def real_answers(lang):
    """Every answer as residents read it, with its source links."""
    return [answers.answer(CATALOG, lang, key) for key in answer_keys(lang)]


def all_replies(lang):
    """Answers, plus the fallback and the routing questions, with their buttons."""
    return (real_answers(lang) + [answers.fallback(CATALOG, lang)]
            + [answers.question(CATALOG, lang, about) for about in ("province", "org_kind")])


def normalized(text):
    return " ".join(text.split())


# ----- splitting -----

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("limit", [200, 320, 700])  # above the longest link (173 characters)
def test_real_answers_split_under_the_limit_losing_nothing(lang, limit):
    for reply in real_answers(lang):
        parts = split_message(reply.text, limit)
        assert all(0 < len(part) <= limit for part in parts), reply.text[:60]
        assert normalized(" ".join(parts)) == normalized(reply.text)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("limit", [200, 400])  # above the longest link (173 characters)
def test_no_link_or_phone_number_is_ever_cut(lang, limit):
    checked = 0
    for reply in all_replies(lang):
        parts = split_message(reply.text, limit)
        for start, end in protected_spans(reply.text):
            token = reply.text[start:end]
            assert any(token in part for part in parts), (token, parts)
            checked += 1
    assert checked > 20  # the catalogs are full of links and numbers


@pytest.mark.parametrize("lang", LANGS)
def test_office_cards_keep_each_phone_number_whole(lang):
    cards = answers.office_contacts(CATALOG, lang, list(OFFICES),
                                    datetime(2026, 11, 26, 15, tzinfo=timezone.utc))
    numbers = 0
    for card in cards:
        for limit in (60, 90):
            parts = split_message(card.text, limit)
            for number in re.findall(r"1-\d{3}-\d{3}-\d{4}|\d{3}-\d{3}-\d{4}", card.text):
                assert any(number in part for part in parts)
                numbers += 1
    assert numbers >= 8


def test_short_text_is_one_message():
    assert split_message("  Hello!  ", 4096) == ["Hello!"]
    assert split_message("", 100) == []


def test_prefers_paragraphs_then_lines_then_sentences():
    paragraphs = "First paragraph, quite short.\n\nSecond paragraph, also short."
    assert split_message(paragraphs, 50) == ["First paragraph, quite short.",
                                             "Second paragraph, also short."]
    lines = "- Website: https://www.oipc.ab.ca/\n- Toll-free: 1-888-878-4044"
    assert split_message(lines, 45) == ["- Website: https://www.oipc.ab.ca/",
                                        "- Toll-free: 1-888-878-4044"]
    sentences = "One sentence here. Another one there. And a third."
    assert split_message(sentences, 40) == ["One sentence here. Another one there.",
                                            "And a third."]


@pytest.mark.parametrize("number", ["1 800 282-1376", "(819) 994-5444", "+1 819.994.5444",
                                    "819 994-5444 poste 2", "1-800-663-7867 ext. 12"])
def test_phone_numbers_written_with_spaces_stay_together(number):
    text = ("Pour parler à une personne, appelez le commissariat au " + number
            + " du lundi au vendredi.")
    for limit in range(30, len(text)):
        parts = split_message(text, limit)
        assert any(number in part for part in parts), (limit, parts)


def test_a_word_longer_than_the_limit_is_the_only_thing_cut():
    url = "https://www.priv.gc.ca/" + "a" * 100
    parts = split_message(f"See {url} now", 60)
    assert all(len(part) <= 60 for part in parts)
    assert normalized("".join(parts).replace(" ", "")) == f"See{url}now"


# ----- numbered options -----

@pytest.mark.parametrize("lang", LANGS)
def test_numbered_options_from_real_questions(lang):
    question = answers.question(CATALOG, lang, "province")
    hint = CATALOG.message(lang, "choose_by_number")
    text = with_numbered_options(question.text, question.buttons, hint)
    lines = text.splitlines()
    assert lines[0] == question.text
    titles = [b["title"] for b in question.buttons]
    assert numbered_options(titles).splitlines() == [f"{n}. {t}" for n, t in
                                                     enumerate(titles, start=1)]
    assert lines[-1] == hint and language.detect(hint) == lang
    assert "Alberta" in lines[3] and lines[3].startswith("2. ")


@pytest.mark.parametrize("text, count, expected", [
    ("2", 4, 1), (" 2 ", 4, 1), ("2.", 4, 1), ("2)", 4, 1), ("#3", 4, 2), ("n° 4", 4, 3),
    ("1", 1, 0), ("5", 4, None), ("0", 4, None), ("2 please", 4, None), ("12", 4, None),
    ("1-800-282-1376", 4, None), ("", 4, None), (None, 4, None), ("2", 0, None),
])
def test_chosen_option(text, count, expected):
    assert chosen_option(text, count) == expected


@pytest.mark.parametrize("title, expected", [
    ("British Columbia", "British Columbia"),
    ("Another province or territory", "Another province…"),
    ("Organisme public provincial", "Organisme public…"),
    ("Supercalifragilisticexpialidocious", "Supercalifragilisti…"),
])
def test_short_title(title, expected):
    assert short_title(title, 20) == expected
    assert len(short_title(title, 20)) <= 20


# ----- platform markup -----

def test_telegram_button_payloads_of_both_catalogs_fit():
    for lang in LANGS:
        for reply in all_replies(lang):
            for button in reply.buttons:
                assert formatting.fits_telegram_button(button["payload"]), button


def test_slack_markup_escapes_control_characters_and_counts_them():
    text = "Bell & Rogers <telecom> ok"
    assert slack_mrkdwn(text) == "Bell &amp; Rogers &lt;telecom&gt; ok"
    assert slack_measure(text) == len(slack_mrkdwn(text))
    parts = split_message("&" * 50 + " " + "&" * 50, 260, slack_measure)
    assert all(slack_measure(part) <= 260 for part in parts) and len(parts) == 2


@pytest.mark.parametrize("lang", LANGS)
def test_teams_markup_keeps_lines_and_links(lang):
    reply = answers.answer(CATALOG, lang, "complaint_how")
    markup = teams_html(reply.text)
    assert "\n" not in markup and markup.count("<br>") == reply.text.count("\n")
    for url in re.findall(r"https://\S+", reply.text):
        url = url.rstrip(".,;:)»")
        assert f'<a href="{url}">{url}</a>' in markup
    assert teams_html("a < b & c") == "a &lt; b &amp; c"


def test_teams_split_is_measured_on_the_markup():
    text = "\n".join(f"- Website: https://www.priv.gc.ca/en/page-{n}/" for n in range(60))
    parts = split_message(text, 800, teams_measure)
    assert len(parts) > 1 and all(teams_measure(part) <= 800 for part in parts)
    assert normalized(" ".join(parts)) == normalized(text)


def test_every_platform_has_a_limit():
    assert set(LIMITS) == {"telegram", "facebook", "slack", "twilio", "botframework"}
