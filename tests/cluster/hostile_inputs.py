"""Hostile or odd things residents (or scripts) send, for the soak test."""

TEXTS = [
    # huge
    "a" * 100_000,
    "Bonjour! " * 12_000,
    "🙂" * 5_000,
    "A" * 2_001,  # just over MAX_MESSAGE_CHARS
    # empty and blank
    "",
    "   ",
    "\n\n\n",
    "\t",
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    # binary and control characters
    "\x00\x01\x02\x03",
    "abc\x00def",
    "\x1b[31mred text\x1b[0m",
    "ÿþ\x00h\x00i",
    "\ufffd\ufffd\ufffd",
    # emoji only
    "🙂🙂🙂",
    "👍",
    "🇨🇦🇨🇦",
    "🤖❓🔥💯",
    # mixed scripts
    "Привет 你好 مرحبا bonjour hello",
    "こんにちは privacy?",
    "Ελληνικά και français and English",
    "데이터 보호 biometric",
    # HTML, JS and template injection
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(document.cookie)>",
    "javascript:alert(1)",
    "<b>bold</b> can they use my <i>face</i>?",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "${jndi:ldap://127.0.0.1/a}",
    "]]><!--<x>-->",
    # SQL-looking
    "'; DROP TABLE events; --",
    "1' OR '1'='1",
    "\" OR \"\"=\"",
    "SELECT * FROM events WHERE sender_id LIKE '%'",
    "Robert'); DELETE FROM events;--",
    # decomposed accents (e + combining acute)
    "Qu'est-ce qu'une donne\u0301e biome\u0301trique?",
    "Ou\u0300 porter plainte au Que\u0301bec?",
    "E\u0301tes-vous un robot?",
    # right-to-left text and direction marks
    "مرحبا، هل يمكن لشركة استخدام وجهي؟",
    "שלום, האם מותר להשתמש בפנים שלי?",
    "\u202eevil reversed text\u202c",
    "abc\u200fdef\u200e",
    # very long words
    "supercalifragilistic" * 250,
    "https://" + "x" * 3_000 + ".example",
    "a" * 5_000,
    # Rasa's own syntax, misused
    "/",
    "/nlu_fallback",
    "/greet{\"language\": \"xx\"}",
    "/inform_location{\"province\": \"ZZ\"}",
    "/inform_location{bad json",
    "/switch_language{\"language\": \"de\"}",
    "/restart",
    "/session_start",
    "/unknown_intent_name",
    # odd
    "%s%s%s%n%x",
    "null",
    "undefined",
    "NaN",
    "1e309",
    "?",
    "!!!!!!!!",
    "\r\n\r\nhello\r\n",
    "\n" * 1_000 + "hi",
    "{\"message\": \"nested\"}",
    "Ça va? ÇA VA? ça va?",
    "ZZZZZZZZZZZZ",
]

# Whole REST bodies that are not what the channel expects.
RAW_BODIES = [
    b"not json at all",
    b"[1, 2, 3]",
    b"\"just a string\"",
    b"{\"sender\": \"raw-1\", \"message\": 12345}",
    b"{\"sender\": \"raw-2\", \"message\": null}",
    b"{\"sender\": \"raw-3\", \"message\": [\"a\", \"b\"]}",
    b"{\"sender\": {\"a\": 1}, \"message\": \"hello\"}",
    b"{\"sender\": \"raw-4\", \"message\": \"hi\", \"metadata\": \"not an object\"}",
    b"{\"sender\": \"raw-5\", \"message\": \"hi\", \"metadata\": {\"language\": 42}}",
    b"\xff\xfe\x00{\"sender\": \"raw-6\"}",
    b"{\"sender\": \"raw-7\", \"message\": \"\\ud800 lone surrogate\"}",
    b"",
]
