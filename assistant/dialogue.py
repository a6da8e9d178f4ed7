"""How the assistant responds to one message, whatever the intent it was
classified as: answer a topic, send the resident to an office, ask one
clarifying question, offer "Did you mean ...?" choices, or decline.

Input is what the classifier understood and what the conversation knows
(the situation so far and the question the assistant asked last); output is
a `Decision`, which `assistant/answers.py` renders in the reply language.
No Rasa here: the actions call `decide` with what they read from the tracker.
"""

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from assistant import jurisdiction, situation
from assistant.jurisdiction import Routing
from assistant.language import asks_about_languages, asks_for_another_language, explicit_request, requested_language
from assistant.situation import Situation
from assistant.text import fold, tokens

# Confidence of the top intent (DIET's softmax) at or above which the
# assistant answers; between the two it offers the closest topics as
# "Did you mean ...?" buttons; below it says it did not understand. Tuned on
# tests/nlu/validation_*.yml (scripts/situations_report.py --tune).
ANSWER_THRESHOLD = 0.50
CLARIFY_THRESHOLD = 0.25
# A topic answered although the message says nothing of the subject
# (assistant/data/subject.yml) needs the classifier this sure.
SURE_WITHOUT_THE_SUBJECT = 0.9
# A message that asks who to contact gets a topic's answer beside the office
# only when the classifier is this sure of the topic.
SURE_BESIDE_AN_OFFICE = 0.8
# A runner-up this close to the top intent makes the answer a coin toss.
AMBIGUITY_MARGIN = 0.05
MAX_SUGGESTIONS = 3
# A message that names a biometric and an organization is about the
# subject: a ranking spread this thin is still worth offering as choices
# rather than "not understood" ("Mon gym peut-tu m'obliger à donner mes
# empreintes?"); a biometric word alone may be a face mask or a facial.
BIOMETRIC_CLARIFY_THRESHOLD = 0.08

ROUTING_INTENTS = frozenset({"find_office", "inform_location", "inform_org_kind"})
# Topics close enough that the classifier's doubt between them is not doubt
# about what the resident asks: "Can a store use facial recognition on me?"
# is both a store question and a consent question. When a family together
# clears the answer bar, its best topic is answered.
TOPIC_FAMILIES = (
    frozenset({"consent_biometrics", "everyday_biometrics", "employer_biometrics",
               "biometric_sensitive", "quebec_biometrics", "children_consent"}),
    frozenset({"public_info", "public_info_list", "alberta_ruling"}),
    frozenset({"clearview_overview", "clearview_findings", "clearview_outcome", "clearview_am_i_in"}),
    frozenset({"access_request", "access_refused", "correct_delete", "deletion_refused",
               "withdraw_consent"}),
    frozenset({"complaint_how", "complaint_fee_deadline", "find_office", "inform_location",
               "inform_org_kind"}),
)
# Intents that are not a topic to answer or suggest.
CONVERSATION_INTENTS = frozenset({
    "greet", "goodbye", "thank", "bot_challenge", "capabilities", "switch_language",
    "out_of_scope", "affirm", "deny", "delete_conversation", "nlu_fallback",
})
# Topics whose answer is a remedy: when the resident says where or who, the
# office comes with it even without "who do I complain to".
REMEDY_TOPICS = frozenset({"complaint_how", "access_refused", "deletion_refused"})
# Intents that answer the assistant's own questions: never a topic to offer.
_ANSWERS_TO_QUESTIONS = frozenset({"inform_location", "inform_org_kind"})
# Topics that already answer "who do I complain to?" in their own way; after
# any other topic, that question gets how to complain and where.
_OWN_REMEDY_TOPICS = CONVERSATION_INTENTS | REMEDY_TOPICS | ROUTING_INTENTS | {
    "complaint_fee_deadline", "legal_advice"}
# Topics after which a named office is what the resident is asking for.
_OFFICE_TOPICS = ROUTING_INTENTS | {"complaint_how"}
# What the classifier may make of a question about the assistant's languages.
_ABOUT_THE_ASSISTANT = frozenset({"switch_language", "capabilities", "bot_challenge"})
# Greetings and thanks are harmless to answer on a lower confidence, in a
# short message.
_SMALL_TALK = frozenset({"greet", "goodbye", "thank", "bot_challenge"})
# Small talk a resident may open with before asking something else.
_COURTESIES = frozenset({"greet", "goodbye", "thank"})
# The words of such an opening: "ok thanks, and ...", "ok merci, pis ...".
_OPENING_WORDS = frozenset(
    "ok okay k kk thanks thank you thx ty great cool perfect alright and but so "
    "merci beaucoup super parfait bon ben correct et pis mais donc alors".split())
_CONDITIONALS = frozenset({"if", "si"})
SMALL_TALK_WORDS = 12
# A first message this short that names a place ("je reste à Trois-Rivières")
# is telling where the resident is; a longer one that names only a place is
# about something else ("c quand le bingo à Caraquet cette semaine?").
PLACE_ALONE_WORDS = 6
# Short replies that acknowledge a question without answering it.
_ACKNOWLEDGEMENTS = frozenset({
    "ok", "okay", "k", "kk", "oki", "okie", "yes", "yep", "yeah", "ya", "sure", "alright",
    "oui", "ouais", "ouin", "d accord", "daccord", "correct", "parfait", "ben oui", "go",
    "yes please", "oui svp", "oui merci", "ok merci", "ok thanks", "ok thank you", "cool",
})
# Messages without a real word: one character or syllable repeated.
_NOISE = re.compile(r"^(.{1,3}?)\1{5,}$")

# A personal detail as the privacy guard leaves it: "[name]", "[health_card]".
_PLACEHOLDER = re.compile(r"\[[a-z_]+\]")
PENDING_SUGGESTION = "suggest:"
# Decision.intent of a decline for rent, pay, a bill: another office's matter.
OTHER_MATTER = "other_matter"
# "In English please: <a question>": beside the request, a part of at least
# this many words that asks something.
QUESTION_WITH_REQUEST_WORDS = 3
# Parts of a message: sentences, and clauses after a colon or comma.
_PARTS = re.compile(r"(?<=[?.!;:,])\s+|\s+[:;]\s*")
_LANGUAGE_NAMES = frozenset("english anglais french francais".split())
# Words that open a question: "what ...", "est-ce que ...", "comment ...".
_QUESTION_OPENERS = frozenset(
    "what how why when where who which can could is are do does should may would "
    "est quoi comment pourquoi quand ou qui quel quelle quels quelles peut peuvent puis "
    "dois doit ai a".split())
# Questions about the request itself, which ask nothing else: "I prefer
# French, is that OK?", "Je préfère l'anglais, c'est possible?".
_ABOUT_THE_REQUEST = frozenset({
    "is that ok", "is that okay", "is that possible", "is it possible", "is that alright",
    "would that be ok", "would that be possible", "can you", "could you", "can we", "please",
    "c est possible", "est ce possible", "est ce correct", "c est correct", "ca se peut",
    "c est tu possible", "est ce que c est possible", "tu peux", "vous pouvez", "svp", "stp", "merci",
    "s il vous plait", "s il te plait", "merci beaucoup", "thank you", "thanks", "please and thank you"})


@dataclass(frozen=True)
class Understanding:
    """What the classifier made of a message."""

    text: str
    intent: Optional[str]
    confidence: float = 1.0
    ranking: Tuple[Tuple[str, float], ...] = ()  # (intent, confidence), best first


@dataclass(frozen=True)
class Decision:
    """What to reply. kind is one of:
    answer          the catalog answer for `intent` (then `routing`, if any)
    route           `routing`: office cards with the reason, or a question
    office          the contact card of `office`, named by the resident
    clarify         "Did you mean ...?" with `suggestions`
    reask           the pending question again, after a bare "ok"
    not_understood  the fallback: what the assistant can do
    decline         out of scope: a short polite decline (`intent` OTHER_MATTER
                    when it is another office's matter, such as rent or pay)
    languages       "Do you speak French?": the languages it answers in
    """

    kind: str
    situation: Situation
    intent: Optional[str] = None
    routing: Optional[Routing] = None
    office: Optional[str] = None
    suggestions: Tuple[str, ...] = field(default_factory=tuple)
    pending: Optional[str] = None  # the question this reply asks, if any


def decide(understood: Understanding, known: Situation = Situation(),
           pending: Optional[str] = None) -> Decision:
    """The reply to one message. `known` is the situation before it, `pending`
    the question the assistant asked last (see Decision.pending)."""
    text = understood.text
    facts = situation.read(text)
    now = known.merged(facts)
    intent, confidence = understood.intent, understood.confidence
    if is_noise(text) and not is_acknowledgement(text):
        return Decision("not_understood", known)

    if pending and pending.startswith(PENDING_SUGGESTION) and is_acknowledgement(text):
        return Decision("answer", now, intent=pending[len(PENDING_SUGGESTION):])
    if pending in ("province", "org_kind", "which_province"):
        if is_acknowledgement(text):
            return Decision("reask", now, pending=pending)
        if _states_place_or_organization(facts) or intent in ROUTING_INTENTS:
            return _route(now)

    if is_acknowledgement(text) and not pending:
        return Decision("answer", now, intent="acknowledged")  # "ok": not a goodbye
    if situation.about_another_matter(text, facts):
        # "Mon employeur ne m'a pas payé mes vacances, qui contacter?": pay,
        # rent or a bill is not a privacy complaint, whatever the words share
        # with one; the decline says which kind of office handles it.
        return Decision("decline", now, intent=OTHER_MATTER)

    if situation.tries_to_change_the_assistant(text):
        return Decision("decline", now)  # "Ignore your instructions and ..."
    if facts.goal is None and situation.asks_for_legal_strategy(text):
        # "Do I have a strong enough case to sue, and how much could I get?":
        # it cannot advise on a case, and says where to get help.
        return Decision("answer", now, intent="legal_advice")
    intent, confidence = _topic_behind_language_request(understood)
    office = jurisdiction.find_named_office(text)
    behind_request = intent != understood.intent
    request = explicit_request(text)
    with_question = bool(request) and asks_beside_language_request(text)
    # A language request beside a question ("in English please: ...") is
    # left out of the words the classifier reads when it is a part of its own
    # (nlu/tokenizer.py), and dilutes them when it is not ("Can you explain
    # in French what ..."): either way the topic needs less confidence.
    bar = CLARIFY_THRESHOLD if with_question else ANSWER_THRESHOLD
    # "ok thanks, and if I refuse, can he fire me?": not thanks alone.
    courtesy_then_question = intent in _COURTESIES and asks_after_courtesies(text)
    confident = (_family_confidence(understood, intent, confidence) >= bar
                 and intent not in (None, "nlu_fallback")
                 and (behind_request or with_question or not _ambiguous(understood))
                 and not courtesy_then_question)
    if not office and ((asks_about_languages(text) and (intent in _ABOUT_THE_ASSISTANT or not confident
                                                        or intent == "out_of_scope"))
                       or (asks_for_another_language(text) and not with_question)):
        # "Do you speak French?", "Es-tu bilingue?" are questions; "Réponds en
        # espagnol" asks for a language it does not speak: both get the two it
        # does. "Is the CAI's form in English?" is about the office.
        return Decision("languages", now)
    if not office and request and not with_question and (
            not confident or intent in CONVERSATION_INTENTS or not situation.touches_the_subject(text, facts)):
        # "Je préfère l'anglais, c'est possible?", "Mon mari lit mal le
        # français, pourriez-vous poursuivre en anglais?": a request and
        # nothing else of the subject, whatever the classifier took it for.
        return Decision("answer", now, intent="switch_language")
    if not office and known == Situation() and situation.asks_for_another_organizations_details(text, facts):
        return Decision("decline", now)  # the SAAQ's opening hours: not a privacy office's
    if office and facts.org_kind and not facts.org_generic and (intent != "out_of_scope" or not confident):
        # "The RCMP at the airport took my photo, is it the CAI for this?":
        # the organization decides, and the reason says why.
        routed = _route(now)
        if routed.routing and not routed.routing.ask:
            return routed
    if office and (intent in _OFFICE_TOPICS or facts.goal == "contact"
                   or situation.asks_for_contact_details(text)
                   or (not confident and intent != "out_of_scope")):
        return Decision("office", now, office=office)
    if not confident:
        if facts.goal:  # "I live in Calgary, who do I complain to?"
            return _route(now)
        if _states_place_or_organization(facts) and _states_place_or_organization(known):
            return _route(now)  # "sorry, I meant my gym, not my bank"
        if situation.asks_for_contact_details(text) and known != Situation():
            offices = jurisdiction.route(now).offices
            if offices:
                return Decision("office", now, office=offices[0])  # "what's their number?"
        if (intent in _SMALL_TALK and confidence >= CLARIFY_THRESHOLD
                and len(tokens(text)) <= SMALL_TALK_WORDS and not courtesy_then_question):
            return Decision("answer", now, intent=intent)  # "thanks, that cleared it up"
        if request and not asks_beside_the_request(text):
            return Decision("answer", now, intent="switch_language")
        suggestions = _suggestions(understood) or (
            _suggestions(understood, BIOMETRIC_CLARIFY_THRESHOLD) if facts.biometric and facts.org_kind else ())
        later = known != Situation()
        place_alone = not facts.org_kind and len(tokens(text)) <= PLACE_ALONE_WORDS
        if suggestions and not office and not situation.touches_the_subject(
                text, facts, place_counts=later or place_alone, organization_counts=later):
            # "Should I buy Bitcoin?", "How do I enrol at the University of
            # Ottawa?", "c quand le bingo à Caraquet?": nothing of the subject
            # but, on a first message, an organization or a place named.
            return Decision("decline", now)
        if suggestions:
            return _clarify(now, suggestions)
        return Decision("not_understood", now)
    if intent == "out_of_scope":
        if facts.goal and (facts.biometric or (
                facts.org_kind and situation.mentions_personal_information(text))):
            # "A store in Vancouver filmed me with facial recognition, I want
            # to complain", "the pet store's cameras recognize regulars, where
            # do I complain?": a biometric, or an organization and personal
            # information, with a remedy are this assistant's subject, whatever
            # the classifier thought of the wording.
            return _remedy(now, facts, office)
        suggestions = _suggestions(understood)
        if facts.biometric and suggestions:
            # "His school wants the kids' fingerprints: who consents?" A
            # biometric named and a topic close behind: ask, do not decline.
            return _clarify(now, suggestions)
        closest = _suggestions(understood, floor=0.0)
        if facts.biometric and facts.org_kind and not facts.org_generic and closest:
            # "Are police allowed to run protest footage through facial
            # recognition?": an organization's use of a biometric is this
            # assistant's subject however sure the classifier is; offer its
            # closest topics.
            return _clarify(now, closest)
        if request and not asks_beside_the_request(text):
            return Decision("answer", now, intent="switch_language")
        return Decision("decline", now)
    if (intent not in CONVERSATION_INTENTS and confidence < SURE_WITHOUT_THE_SUBJECT
            and known == Situation()
            and not situation.touches_the_subject(text, facts, place_counts=_place_makes_it_the_subject(understood))):
        # "I've had a headache for days, should I see a doctor?"; a place
        # alone does not make "What's the minimum wage in Quebec?" or
        # "What is the capital of Saskatchewan?" a question for an office.
        return Decision("decline", now)
    if intent in ROUTING_INTENTS:
        return _route(now)
    if facts.goal and intent in _SMALL_TALK | {"capabilities", "affirm"} and _states_place_or_organization(known):
        return _route(now)  # after the situation was told: "ok so who can help me?"
    if facts.goal == "complain" and intent not in _OWN_REMEDY_TOPICS:
        # "MPI used facial recognition on my photo, who do I complain to?":
        # the resident asks how to complain, whatever else the words touch.
        return _remedy(now, facts, office)
    wants_office = facts.goal or (intent in REMEDY_TOPICS and _states_place_or_organization(facts))
    if intent not in CONVERSATION_INTENTS and wants_office:
        # "Link to the OPC complaint form?": the office named, else the table's.
        routing = Routing(offices=[office]) if office else jurisdiction.route(now)
        if facts.goal == "contact" and not office and not routing.ask and confidence < SURE_BESIDE_AN_OFFICE:
            # "Le dépanneur a une caméra qui reconnaît les faces, j'appelle qui?":
            # the office asked for, without a topic the classifier only guessed.
            return _route(now)
        return Decision("answer", now, intent=intent, routing=routing, pending=routing.ask)
    return Decision("answer", now, intent=intent)


def _remedy(now: Situation, facts: Situation, office: Optional[str] = None) -> Decision:
    """How to complain, with the office (the one the resident named, if any),
    or the office alone when asked who."""
    if office:  # "Is the CAI's complaint form in English?"
        routing = Routing(offices=[office])
    elif facts.goal != "complain":
        return _route(now)
    else:
        routing = jurisdiction.route(now)
    return Decision("answer", now, intent="complaint_how", routing=routing, pending=routing.ask)


def _clarify(now: Situation, suggestions: Tuple[str, ...]) -> Decision:
    """"Did you mean ...?"; a single choice is remembered, so "yes" answers it."""
    pending = PENDING_SUGGESTION + suggestions[0] if len(suggestions) == 1 else None
    return Decision("clarify", now, suggestions=suggestions, pending=pending)


def _route(now: Situation) -> Decision:
    routing = jurisdiction.route(now)
    return Decision("route", now, routing=routing, pending=routing.ask)


def _place_makes_it_the_subject(understood: Understanding) -> bool:
    """Whether a place alone ties a message to the subject: it does for a
    topic ("Au Québec, c'est quoi les règles?") and for "I live in Regina",
    not for a question about an office or a place that says nothing else
    ("What's the minimum wage in Quebec?", "What is the capital of
    Saskatchewan?")."""
    if understood.intent not in ROUTING_INTENTS:
        return True
    question = understood.text.rstrip().endswith("?") and len(tokens(understood.text)) >= 4
    return understood.intent == "inform_location" and not question


def _states_place_or_organization(facts: Situation) -> bool:
    return bool(facts.province or facts.org_kind)


def _family(intent: Optional[str]) -> frozenset:
    return next((family for family in TOPIC_FAMILIES if intent in family), frozenset({intent}))


def _family_confidence(understood: Understanding, intent: Optional[str], confidence: float) -> float:
    """The topic's confidence, or its family's together when the topic itself
    is at least a plausible choice."""
    if confidence < CLARIFY_THRESHOLD or intent is None:
        return confidence
    family = _family(intent)
    return max(confidence, sum(c for i, c in understood.ranking if i in family))


def _ambiguous(understood: Understanding) -> bool:
    """The two best topics are this close, and not of one family."""
    ranking = [(i, c) for i, c in understood.ranking if i != "nlu_fallback"]
    return (len(ranking) > 1 and ranking[0][1] - ranking[1][1] < AMBIGUITY_MARGIN
            and ranking[1][0] not in CONVERSATION_INTENTS
            and ranking[1][0] not in _family(ranking[0][0]))


def _suggestions(understood: Understanding, floor: float = CLARIFY_THRESHOLD) -> Tuple[str, ...]:
    """The topics worth offering: close to the top, and topics at all."""
    return tuple(intent for intent, confidence in understood.ranking
                 if confidence >= floor and intent not in CONVERSATION_INTENTS
                 and intent not in _ANSWERS_TO_QUESTIONS)[:MAX_SUGGESTIONS]


def _topic_behind_language_request(understood: Understanding) -> Tuple[Optional[str], float]:
    """'In English please: comment retirer mon consentement?' is a question
    with a language request: the question's topic, not the switch, decides."""
    intent, confidence = understood.intent, understood.confidence
    if intent != "switch_language" or not requested_language(understood.text):
        return intent, confidence
    if not asks_beside_language_request(understood.text):
        return intent, confidence  # "Can we continue in French? It's easier for me."
    # The switch outweighs the question in the classifier, so the question's
    # topic is taken from the rest of the ranking, however low.
    topic = next(((i, c) for i, c in understood.ranking[1:MAX_SUGGESTIONS + 1]
                  if i not in CONVERSATION_INTENTS), None)
    return (topic[0], max(topic[1], ANSWER_THRESHOLD)) if topic else (intent, confidence)


def asks_beside_language_request(text: str) -> bool:
    """Whether a part of the message that names no language asks something:
    "Réponds en anglais stp : c'est quoi Clearview?" does; "Can we continue
    in French? It's easier for me." does not."""
    for part in _PARTS.split(text):
        words = tokens(part)
        if len(words) < QUESTION_WITH_REQUEST_WORDS or " ".join(w.folded for w in words) in _ABOUT_THE_REQUEST:
            continue
        facts = situation.read(part)
        if facts.biometric or facts.org_kind or facts.goal:
            return True  # "Can you explain in French what Clearview AI did?"
        if any(w.folded in _LANGUAGE_NAMES for w in words):
            continue  # "Can we continue in French?"
        if part.rstrip().endswith("?") or words[0].folded in _QUESTION_OPENERS:
            return True
    return False


def asks_beside_the_request(text: str) -> bool:
    """Whether a part of a message that asks for no language is a question:
    not in "Can you answer in English please? Mon mari lit pas le français
    pis c'est lui qui va faire la plainte.", where the rest only says why, and
    the request is what the message asks."""
    for _, _, part in _parts(text):
        words = tokens(part)
        if not words or requested_language(part):
            continue
        if part.rstrip().endswith("?") or words[0].folded in _QUESTION_OPENERS:
            return True
    return False


def language_request_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) character offsets of the parts of a message that only
    ask for a reply language, when another part asks a question: in "Répondez
    en anglais svp. Un magasin peut-il scanner mon visage?" the first
    sentence; none in "Can you tell me in French how to complain?", where the
    request and the question are one. The classifier reads the message
    without them (nlu/tokenizer.py), so the question alone decides the topic."""
    if not explicit_request(text) or not asks_beside_language_request(text):
        return []
    return [(start, end) for start, end, part in _parts(text)
            if requested_language(part) and not asks_beside_language_request(part)]


def personal_detail_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) character offsets of the parts of a message that only give
    personal details (redacted to placeholders such as "[name]" or "[sin]"
    before the assistant reads them), when another part asks a question: in
    "My name is [name], my SIN is [sin]. Can my gym keep my face scan?" the
    first two. A message of details alone keeps them all. The classifier reads
    the message without them (nlu/tokenizer.py): "passport", "health card" or
    "email" say nothing of what the resident asks."""
    if not _PLACEHOLDER.search(text):
        return []
    spans, asks = [], False
    for start, end, part in _parts(text):
        question, words = part.rstrip().endswith("?"), tokens(part)
        if _PLACEHOLDER.search(part) and not question:
            spans.append((start, end))
        elif words:
            asks = asks or question or words[0].folded in _QUESTION_OPENERS
    return spans if asks else []


def _parts(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, text) of each part of a message (_PARTS): sentences, and
    clauses after a colon or comma."""
    parts, start = [], 0
    for separator in [*_PARTS.finditer(text), None]:
        end = separator.start() if separator else len(text)
        parts.append((start, end, text[start:end]))
        start = separator.end() if separator else end
    return parts


def left_out_spans(text: str) -> List[Tuple[int, int]]:
    """The parts of a message the classifier does not read: a language
    request beside a question, and personal details beside one."""
    return language_request_spans(text) + personal_detail_spans(text)


def carries_a_question(understood: Understanding) -> bool:
    """Whether a language request comes with a question to answer."""
    return _topic_behind_language_request(understood)[0] != understood.intent


def asks_after_courtesies(text: str) -> bool:
    """Whether a message opens with thanks or an "ok" and then asks
    something of the subject: "ok thanks, and if I refuse, can he fire me?",
    "ok merci, pis si je refuse?"; not "thanks, that cleared it up", nor
    "thank you! can I ask another question?", which the thanks answer's
    "anything else?" serves."""
    words = tokens(text)
    opening = next((n for n, word in enumerate(words) if word.folded not in _OPENING_WORDS), len(words))
    rest = words[opening:]
    if not opening or len(rest) < 3:
        return False
    asks = "?" in text or rest[0].folded in _QUESTION_OPENERS or rest[0].folded in _CONDITIONALS
    return asks and situation.touches_the_subject(text[rest[0].start:])


def is_acknowledgement(text: str) -> bool:
    """'ok', 'oui', 'k', 'yes please': agrees without saying anything else."""
    return " ".join(t.folded for t in tokens(text)) in _ACKNOWLEDGEMENTS


def is_noise(text: str) -> bool:
    """300 repeated letters, or a message with no word of two letters or more."""
    compact = re.sub(r"\s+", "", fold(text))
    if len(compact) >= 12 and _NOISE.match(compact):
        return True
    words = tokens(text)
    return bool(compact) and not any(len(w.folded) > 1 and not w.folded.isdigit() for w in words)


def warm_up() -> None:
    """Loads the gazetteer and the word lists now (about 1.5 s), so that the
    first resident's turn does not wait for them."""
    situation.read("warm up in Montréal")
    jurisdiction.find_named_office("warm up")
    jurisdiction.table()
