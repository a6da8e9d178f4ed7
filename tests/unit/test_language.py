import pytest

from assistant import language

ENGLISH = [
    "Can a company use my face without asking?",
    "my profile is public so can anyone take my photos",
    "how do i withdraw my consent",
    "I live in Calgary",
    "Which commissioner do I contact?",
    "Can we speak French?",
]
FRENCH = [
    "Une entreprise peut-elle utiliser mon visage sans me demander?",
    "mon profil est public donc nimporte qui peut prendre mes photos",
    "comment retirer mon consentement",
    "j'habite a Gatineau",
    "À quel commissaire dois-je m'adresser?",
    "c tu legal que mon boss prenne mes empreintes",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_detects_english(text):
    assert language.detect(text) == "en"


@pytest.mark.parametrize("text", FRENCH)
def test_detects_french(text):
    assert language.detect(text) == "fr"


@pytest.mark.parametrize("text", ["ok", "merci", "yes", "CAI?", "Alberta", "oui svp", "thanks!"])
def test_short_messages_are_not_detected(text):
    assert language.detect(text) is None


@pytest.mark.parametrize("current", ["en", "fr"])
@pytest.mark.parametrize("text", ["ok", "merci", "yes", "CAI?"])
def test_short_messages_keep_the_current_language(text, current):
    assert language.choose(text, current=current) == current


@pytest.mark.parametrize("text, expected", [("Bonjour", "fr"), ("salut!", "fr"), ("merci", "fr"),
                                            ("Hello", "en"), ("hi", "en"), ("thanks", "en")])
def test_first_short_message_uses_unmistakable_words(text, expected):
    assert language.choose(text) == expected


def test_first_short_message_without_clue_uses_starting_language_then_default():
    assert language.choose("CAI?", starting="fr-CA") == "fr"
    assert language.choose("CAI?") == language.DEFAULT


def test_detected_language_beats_current_language():
    assert language.choose("Comment retirer mon consentement?", current="en") == "fr"
    assert language.choose("How do I withdraw my consent?", current="fr") == "en"


def test_explicit_request_wins_over_the_words_used():
    assert language.choose("Can we speak French?", current="en", requested="fr") == "fr"


@pytest.mark.parametrize("text, expected", [
    ("Can we speak French?", "fr"), ("in English please", "en"), ("en français svp", "fr"),
    ("parlez-vous anglais?", "en"), ("en francais stp", "fr"), ("switch from English to French", "fr"),
    ("please talk normally", None),
])
def test_requested_language(text, expected):
    assert language.requested_language(text) == expected


@pytest.mark.parametrize("code, expected", [("fr-CA", "fr"), ("FR", "fr"), ("en_CA", "en"),
                                            ("es", None), ("", None), (None, None), (3, None)])
def test_normalize(code, expected):
    assert language.supported_code(code) == expected


def test_detection_is_deterministic():
    text = "est-ce que la police peut utiliser la reconnaissance faciale"
    assert {language.detect(text) for _ in range(20)} == {"fr"}


# The one order of preference (language.known), which the guard, the trouble
# reply, the channels and the actions all use.
@pytest.mark.parametrize("text, current, starting, requested, expected", [
    ("in English please: comment retirer mon consentement?", "fr", "fr", "en", "en"),
    ("en français svp: how do I withdraw my consent?", "en", "en", "fr", "fr"),
    ("Comment retirer mon consentement?", "en", "en", None, "fr"),
    ("How do I withdraw my consent?", "fr", "fr", None, "en"),
    ("ok", "fr", "en", None, "fr"),
    ("ok", "en", "fr", None, "en"),
    ("CAI?", None, "fr-CA", None, "fr"),
    ("CAI?", None, "en-CA", None, "en"),
    ("merci", None, None, None, "fr"),
    ("thanks", None, None, None, "en"),
    ("ok", None, None, None, None),
    ("", None, None, None, None),
    (None, None, None, None, None),
])
def test_one_order_of_preference(text, current, starting, requested, expected):
    assert language.known(text, current, starting, requested) == expected
    assert language.choose(text, current, starting, requested) == (expected or language.DEFAULT)


@pytest.mark.parametrize("text, lang", [(ENGLISH[0], "en"), (FRENCH[0], "fr")])
def test_a_long_message_is_told_by_its_start_and_end(text, lang):
    long_text = " ".join([text] * 60)
    assert len(language.sample(long_text)) < len(long_text)
    assert language.known(language.sample(long_text)) == lang


@pytest.mark.parametrize("lang, other", [("en", "fr"), ("fr", "en")])
def test_other_language_and_names(lang, other):
    assert language.other(lang) == other
    assert set(language.NAMES) == set(language.SUPPORTED)


@pytest.mark.parametrize("text, lang", [
    ("Passe à l'anglais", "en"), ("On passe au français", "fr"),
    ("I prefer French, is that ok?", "fr"), ("Je préfère l'anglais, c'est possible?", "en"),
    ("My mom only reads French", "fr"),
])
def test_more_ways_to_ask_for_a_language(text, lang):
    assert language.explicit_request(text) == lang


@pytest.mark.parametrize("text", ["Do you only speak English?", "Tu parles juste français?"])
def test_asking_which_languages_the_assistant_speaks_is_not_a_request(text):
    assert language.asks_about_languages(text) and not language.explicit_request(text)


@pytest.mark.parametrize("text", ["Is this service available in French too?",
                                  "le service existe tu en anglais aussi? ma voisine est anglophone",
                                  "Does the CAI have a complaint form in English?",
                                  "La CAI a-tu un formulaire de plainte en anglais?"])
def test_asking_whether_the_service_exists_in_a_language_is_not_a_request(text):
    assert language.explicit_request(text) is None and language.asks_about_languages(text)


@pytest.mark.parametrize("text", ["Can you answer me in Spanish?", "peux tu me repondre en espagnol",
                                  "Do you speak Punjabi?", "Parlez-vous arabe?"])
def test_a_language_the_assistant_does_not_speak_is_recognized(text):
    assert language.asks_for_another_language(text)


@pytest.mark.parametrize("text", ["A Spanish company scanned my face", "une compagnie italienne a ma photo"])
def test_a_language_named_in_passing_asks_for_nothing(text):
    assert not language.asks_for_another_language(text)


@pytest.mark.parametrize("text, lang", [("tu m'as repondu en anglais, moi je veux le francais", "fr"),
                                        ("you replied in French but I want English please", "en")])
def test_the_last_request_in_a_message_wins(text, lang):
    assert language.explicit_request(text) == lang


@pytest.mark.parametrize("text", ["Can you write me a cover letter for a barista job?",
                                  "Can you talk about the weather?"])
def test_writing_or_talking_without_a_language_is_not_a_question_about_languages(text):
    assert not language.asks_about_languages(text)
