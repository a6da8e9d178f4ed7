"""A whitespace tokenizer that ignores case and accents.

Residents often type French without accents ("ca", "delai", "a qui") and
English with accented place names. Folding both the training examples and
incoming messages the same way lets "délai" and "delai" share features.

A request for the reply language beside a question ("In English please:
<a French question>"), and personal details beside one ("My name is [name],
my SIN is [sin]. Can my gym ...?"), are left out of the message's words: the
question alone decides the topic, and the actions read the request from the
whole text (assistant/dialogue.py, left_out_spans).
"""

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.dialogue import left_out_spans
from assistant.language import fold


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class AccentFoldingTokenizer(WhitespaceTokenizer):
    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        if attribute == TEXT:
            spans = left_out_spans(message.get(TEXT) or "")
            tokens = [t for t in tokens if not any(start <= t.start < end for start, end in spans)] or tokens
        for token in tokens:
            # The featurizers read the lemma (which defaults to the raw text).
            token.text = fold(token.text)
            token.lemma = fold(token.lemma or token.text)
        return tokens
