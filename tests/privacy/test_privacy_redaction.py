"""Personal details become placeholders; look-alikes stay as they are."""

import pytest

from privacy import redaction
from privacy.redaction import redact


@pytest.mark.parametrize("text, expected", [
    # email, including the spellings people use to dodge spam filters
    ("write to ABC@example.ORG please", "write to [email] please"),
    ("jean.tremblay+test@courriel.gouv.qc.ca", "[email]"),
    ("mon courriel : jean [at] exemple [dot] ca", "mon courriel : [email]"),
    ("me (at) example (dot) com", "[email]"),
    # phone numbers in every usual North American spelling
    ("(613) 555-0199", "[phone]"),
    ("613-555-0199", "[phone]"),
    ("613.555.0199", "[phone]"),
    ("613 555 0199", "[phone]"),
    ("6135550199", "[phone]"),
    ("+1 613 555 0199", "[phone]"),
    ("1-613-555-0199", "[phone]"),
    ("+1 (613) 555-0199 ext. 234", "[phone]"),
    ("au 613\u00a0555\u00a00199 poste 12", "au [phone]"),
    ("613\u2013555\u20130199", "[phone]"),
    ("call 555-0199 tonight", "call [phone] tonight"),
    ("+33 1 23 45 67 89", "[phone]"),
    # social insurance numbers (numéros d'assurance sociale)
    ("123 456 782", "[sin]"),
    ("123-456-782", "[sin]"),
    ("123.456.782", "[sin]"),
    ("123456782", "[sin]"),
    ("my SIN is 123 456 789", "my SIN is [sin]"),  # not a valid SIN, but named one
    ("mon NAS : 987-654-321", "mon NAS : [sin]"),
    # card numbers
    ("4111 1111 1111 1111", "[card]"),
    ("4111-1111-1111-1111", "[card]"),
    ("5500005555555559", "[card]"),
    ("carte de crédit 1234 5678 9012 3456", "carte de crédit [card]"),
    # postal codes
    ("K1A 1H3", "[postal_code]"),
    ("k1a1h3", "[postal_code]"),
    ("K1A-1H3", "[postal_code]"),
    ("code postal h2x 1y4, Montréal", "code postal [postal_code], Montréal"),
    # street addresses
    ("I live at 123 Main Street, Ottawa", "I live at [address], Ottawa"),
    ("45 Elm St. W apt 4", "[address]"),
    ("1600 Pennsylvania Ave", "[address]"),
    ("123 1st Street", "[address]"),
    ("J'habite au 1234, rue Sainte-Catherine Ouest, Montréal",
     "J'habite au [address], Montréal"),
    ("12 boul. René-Lévesque app. 5", "[address]"),
    ("77 chemin du Lac et je me demande", "[address] et je me demande"),
    ("300, avenue des Pins", "[address]"),
])
def test_personal_details_become_placeholders(text, expected):
    assert redact(text).text == expected


@pytest.mark.parametrize("text", [
    "In 2021 the commissioners published their findings.",
    "What does s. 44 of PIPEDA say?",
    "Section 7(3)(c) and Bill C-27",
    "La Loi 25 est entrée en vigueur en 2023-09-22.",
    "between 2019-2020",
    "2019 2020 2021 2022",
    "I have 3 questions about the street cameras",
    "J'ai 2 questions sur la reconnaissance faciale",
    "I was fined $1,500 at 10:30",
    "my gym has 12 fingerprint scanners",
    "H2O and K1A",
    "Clearview AI collected over 3 billion images",
    "123 456 789",  # nine digits that fail the SIN checksum, with no SIN nearby
])
def test_look_alikes_are_left_alone(text):
    assert redact(text).text == text
    assert redact(text).kinds == ()


def test_the_offices_own_numbers_are_kept_when_asked():
    text = "I called 1-800-282-1376 and then (613) 555-0199"
    assert redact(text, keep=["1-800-282-1376"]).text == "I called 1-800-282-1376 and then [phone]"
    assert redact(text).text == "I called [phone] and then [phone]"


def test_several_kinds_in_one_message_are_reported_in_a_stable_order():
    result = redact("SIN 123 456 782, K1A 1H3, ABC@example.ORG, (613) 555-0199")
    assert result.text == "SIN [sin], [postal_code], [email], [phone]"
    assert result.kinds == ("email", "sin", "phone", "postal_code")
    assert result.count == 4 and result.changed


def test_redaction_is_idempotent_and_finds_its_own_placeholders():
    once = redact("email ABC@example.ORG, phone 613-555-0199").text
    assert redact(once).text == once and not redact(once).changed
    assert redaction.kinds_in(once) == ("email", "phone")


def test_nested_values_are_redacted():
    value = {"language": "fr", "note": ["ABC@example.ORG", {"tel": "613 555 0199"}], "n": 3}
    assert redaction.redact_values(value) == {
        "language": "fr", "note": ["[email]", {"tel": "[phone]"}], "n": 3}


@pytest.mark.parametrize("number, valid", [
    ("4111111111111111", True), ("4111111111111112", False), ("046454286", True), ("123456789", False)])
def test_luhn(number, valid):
    assert redaction.luhn_valid(number) is valid


@pytest.mark.parametrize("text", [None, "", 42])
def test_nothing_to_redact(text):
    assert redact(text).text == text


def test_long_input_is_redacted_quickly():
    import time

    text = ("9" * 5000) + " " + ("a." * 2000) + "@" + ("b-" * 2000)
    start = time.perf_counter()
    redact(text)
    assert time.perf_counter() - start < 2
