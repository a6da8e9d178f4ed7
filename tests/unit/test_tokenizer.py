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
