"""The NLU tokenizer folds case and accents, in training and at run time."""

import pytest
from rasa.shared.nlu.training_data.message import Message

from nlu.tokenizer import AccentFoldingTokenizer


@pytest.fixture(scope="module")
def tokenizer():
    return AccentFoldingTokenizer(AccentFoldingTokenizer.get_default_config())


@pytest.mark.parametrize("accented, plain", [
    ("Délai pour déposer une plainte", "delai pour deposer une plainte"),
    ("Ça coûte combien à Montréal", "ca coute combien a montreal"),
    ("Can my employer use my FACE", "can my employer use my face"),
])
def test_accented_and_plain_text_give_the_same_tokens(tokenizer, accented, plain):
    def words(text):
        return [(t.text, t.lemma) for t in tokenizer.tokenize(Message({"text": text}), "text")]
    assert words(accented) == words(plain)
    assert all(text == lemma for text, lemma in words(accented))


@pytest.mark.parametrize("with_request, question", [
    ("In English please: comment retirer mon consentement?", "comment retirer mon consentement?"),
    ("Pourriez-vous répondre en anglais? Un magasin peut-il scanner mon visage?",
     "Un magasin peut-il scanner mon visage?"),
    ("Réponds en français stp. How do I withdraw my consent?", "How do I withdraw my consent?"),
])
def test_a_language_request_beside_a_question_is_left_out(tokenizer, with_request, question):
    assert _words(tokenizer, with_request) == _words(tokenizer, question)


@pytest.mark.parametrize("text", ["en anglais svp", "Can you tell me in French how to file a complaint?"])
def test_a_request_alone_or_inside_the_question_is_kept(tokenizer, text):
    assert len(tokenizer.tokenize(Message({"text": text}), "text")) == len(text.split())


@pytest.mark.parametrize("with_details, question", [
    ("My name is [name], my SIN is [sin], passport [passport]. Can my gym keep a scan of my face?",
     "Can my gym keep a scan of my face?"),
    ("Je m'appelle [name], mon NAS est [sin], courriel [email]. Mon gym peut-il garder mon visage?",
     "Mon gym peut-il garder mon visage?"),
])
def test_personal_details_beside_a_question_are_left_out(tokenizer, with_details, question):
    assert _words(tokenizer, with_details) == _words(tokenizer, question)


@pytest.mark.parametrize("text", ["My email is [email] and my phone is [phone]", "mon courriel est [email]"])
def test_details_alone_are_kept(tokenizer, text):
    assert len(tokenizer.tokenize(Message({"text": text}), "text")) == len(text.split())


def _words(tokenizer, text):
    """The words the classifier reads of `text`."""
    return [t.text for t in tokenizer.tokenize(Message({"text": text}), "text")]
