"""Conversations the reliability tests share, in both languages."""

from typing import Dict

from chat import new_sender, reply_language, say

ALBERTA_OFFICE = "https://www.oipc.ab.ca/"

# Before the interruption: ask for an office, answer the clarifying question.
# After it: a short message (its language can only come from the stored
# conversation) and the office question again (the province too).
RESTART_TURNS = {
    "en": {"before": ["Which commissioner do I contact?", "I live in Calgary"],
           "after": ["ok", "Who should I contact?"]},
    "fr": {"before": ["À quel commissaire dois-je m'adresser?", "j'habite à Calgary"],
           "after": ["ok", "Qui dois-je contacter?"]},
}


def start_conversations(url: str) -> Dict[str, str]:
    """One conversation per language, up to the point where the province is known."""
    senders = {}
    for lang, turns in RESTART_TURNS.items():
        sender = senders[lang] = new_sender(f"restart-{lang}")
        first, second = (say(url, sender, text) for text in turns["before"])
        assert first.status == 200 and reply_language(first.text) == lang, first
        assert ALBERTA_OFFICE in second.text and reply_language(second.text) == lang, second
    return senders


def check_conversations_continue(url: str, senders: Dict[str, str]) -> None:
    """The same conversations, after the interruption, still know language and province."""
    for lang, sender in senders.items():
        short, office = (say(url, sender, text) for text in RESTART_TURNS[lang]["after"])
        assert short.status == 200 and short.text, short
        assert reply_language(short.text) == lang, (lang, short.text)
        # No "which province?" again: the province was remembered.
        assert ALBERTA_OFFICE in office.text, (lang, office.text)
        assert reply_language(office.text) == lang, (lang, office.text)
