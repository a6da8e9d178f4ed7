"""How well redaction works, measured on a labelled synthetic set.

    .venv/bin/python -m privacy.redaction_eval            # the figures, as a Markdown table
    .venv/bin/python -m privacy.redaction_eval --write    # regenerate the labelled set

The set (tests/privacy/redaction_set/{en,fr}.jsonl, 288 messages per
language) is made here from a fixed seed: for each kind, messages a resident
might write with a made-up detail in one of its usual spellings, each
labelled with the detail's kind and exact text; and ordinary questions that
must come through untouched (the offices' phone numbers, "Alberta",
"Victoria", dates of decisions, bill numbers, company names).

Names are drawn half from the lists redaction knows (Faker's Canadian,
American, British and French lists) and half from lists it does not
(Italian, German, Spanish, Portuguese, Polish, Vietnamese, Indian), so the
recall of names is not flattered by the lists themselves. Then, per
language, 24 self-introductions ("I'm …", « je suis … », « moi c'est … »,
"my name is …") with a name in none of those lists, and 24 ordinary
sentences that begin the same way and must stay untouched ("I'm worried",
"I'm in Montreal", "I'm Canadian", « je suis inquiet », « je suis à Laval »).

Recall of a kind: the share of its labelled details of which nothing is left
in the redacted text. False positives: ordinary messages that were changed
at all, and placeholders in labelled messages beyond the labelled details.
"""

import argparse
import importlib
import json
import random
import statistics
import string
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

from privacy import redaction

SET_DIR = Path(__file__).resolve().parent.parent / "tests" / "privacy" / "redaction_set"
LANGUAGES = ("en", "fr")
PER_KIND = 15
ORDINARY = 60
# Self-introductions with a name in none of the lists redaction knows, and
# ordinary sentences that start the same way ("I'm worried", « je suis à
# Laval »), per language.
INTRODUCTIONS = 24
SEED = 20261130
KNOWN_NAME_LOCALES = ("en_US", "en_GB", "fr_FR", "fr_CA")
UNKNOWN_NAME_LOCALES = ("it_IT", "de_DE", "es_ES", "pt_BR", "pl_PL", "vi_VN", "en_IN")


def _names(locales):
    given, surnames = [], []
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        given += [n for n in (getattr(provider, "first_names", ()) or ()) if n.isalpha() or "-" in n]
        surnames += [n for n in (getattr(provider, "last_names", ()) or ()) if n.replace("-", "").isalpha()]
    return sorted(set(given)), sorted(set(surnames))


class _Maker:
    def __init__(self, rnd: random.Random):
        self.r = rnd
        self.known = _names(KNOWN_NAME_LOCALES)
        self.unknown = _names(UNKNOWN_NAME_LOCALES)

    def digits(self, n: int) -> str:
        return "".join(self.r.choice(string.digits) for _ in range(n))

    def luhn(self, partial: str) -> str:
        for check in string.digits:
            if redaction.luhn_valid(partial + check):
                return partial + check
        raise AssertionError(partial)

    def letters(self, n: int) -> str:
        return "".join(self.r.choice(string.ascii_uppercase) for _ in range(n))

    def grouped(self, digits: str, sizes, sep: str) -> str:
        out, i = [], 0
        for size in sizes:
            out.append(digits[i:i + size])
            i += size
        return sep.join(out)

    def unlisted_name(self, full: bool) -> str:
        """A name none of whose parts redaction's lists hold."""
        from privacy.recognizers import name_lists

        listed = set().union(*name_lists())
        given, surnames = self.unknown
        given = [n for n in given if n.casefold() not in listed]
        surnames = [n for n in surnames if n.casefold() not in listed]
        first = self.r.choice(given)
        return f"{first} {self.r.choice(surnames)}" if full else first

    def name(self, full: bool = True) -> str:
        given, surnames = self.known if self.r.random() < 0.5 else self.unknown
        first = self.r.choice(given)
        return f"{first} {self.r.choice(surnames)}" if full else first

    # ----- one value of each kind, in one of its usual spellings -----

    def email(self) -> str:
        user = self.r.choice(["jean.roy", "mtremblay", "sarah_k", "l.gagnon84", "bob+news", "QZ.lee"])
        host = self.r.choice(["example.org", "courriel.qc.ca", "mail.example.com", "exemple.ca"])
        style = self.r.randrange(4)
        if style == 0:
            return f"{user}{self.digits(2)}@{host}"
        if style == 1:
            return f"{user}{self.digits(2)}＠{host}"  # full-width @
        if style == 2:
            name, domain = host.rsplit(".", 1)
            return f"{user}{self.digits(2)} [at] {name} [dot] {domain}"
        return f"{user.upper()}{self.digits(2)}@{host.upper()}"

    def card(self) -> str:
        number = self.luhn(self.r.choice(["4", "51", "37"]) + self.digits(14 if self.r.random() < .7 else 13))
        number = number[:16]
        if not redaction.luhn_valid(number):
            number = self.luhn(number[:15])
        sep = self.r.choice([" ", "-", ""])
        return self.grouped(number, (4, 4, 4, 4), sep) if len(number) == 16 else number

    def sin(self) -> str:
        number = self.luhn(self.r.choice("1234567") + self.digits(7))
        style = self.r.randrange(5)
        if style == 0:
            return self.grouped(number, (3, 3, 3), " ")
        if style == 1:
            return self.grouped(number, (3, 3, 3), "-")
        if style == 2:
            return " ".join(number)  # a space between every digit
        if style == 3:  # full-width digits, as some phone keyboards type them
            return self.grouped(number, (3, 3, 3), " ").translate(
                {ord(d): 0xFF10 + int(d) for d in string.digits})
        return number

    def health_card(self) -> str:
        style = self.r.randrange(4)
        if style == 0:  # Quebec
            month = self.r.choice([self.r.randint(1, 12), self.r.randint(51, 62)])
            return (f"{self.letters(4)} {self.digits(2)}{month:02d} "
                    f"{self.r.randint(1, 28):02d}{self.digits(2)}")
        if style == 1:  # Ontario with version code
            return f"{self.digits(4)}-{self.digits(3)}-{self.digits(3)}-{self.letters(2)}"
        if style == 2:  # Ontario, spaces
            return f"{self.digits(4)} {self.digits(3)} {self.digits(3)}"
        return f"9{self.digits(3)} {self.digits(3)} {self.digits(3)}"  # British Columbia

    def drivers_licence(self) -> str:
        style = self.r.randrange(3)
        if style == 0:  # Ontario
            return f"{self.letters(1)}{self.digits(4)}-{self.digits(5)}-{self.digits(5)}"
        if style == 1:  # Quebec
            return f"{self.letters(1)}{self.digits(4)}-{self.digits(6)}-{self.digits(2)}"
        return self.digits(7)  # British Columbia

    def passport(self) -> str:
        value = f"{self.letters(2)}{self.digits(6)}"
        return value if self.r.random() < 0.7 else value.lower()

    def phone(self) -> str:
        area, mid, end = str(self.r.randint(204, 905)), self.digits(3), self.digits(4)
        style = self.r.randrange(5)
        return [f"({area}) {mid}-{end}", f"{area}.{mid}.{end}", f"+1 {area} {mid} {end}",
                f"1-{area}-{mid}-{end}", f"{area}{mid}{end}"][style]

    def ip_address(self) -> str:
        if self.r.random() < 0.7:
            return ".".join(str(self.r.randint(1, 254)) for _ in range(4))
        return "2001:db8:" + ":".join(f"{self.r.randint(0, 65535):x}" for _ in range(3)) + "::1"

    def date_of_birth(self, lang: str) -> str:
        year, month, day = self.r.randint(1940, 2005), self.r.randint(1, 12), self.r.randint(1, 28)
        months_en = ["January", "February", "March", "April", "May", "June", "July", "August",
                     "September", "October", "November", "December"]
        months_fr = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                     "septembre", "octobre", "novembre", "décembre"]
        style = self.r.randrange(3)
        if style == 0:
            return f"{year}-{month:02d}-{day:02d}"
        if style == 1:
            return f"{day:02d}/{month:02d}/{year}"
        if lang == "fr":
            return f"{day} {months_fr[month - 1]} {year}"
        return f"{months_en[month - 1]} {day}, {year}"

    def postal_code(self) -> str:
        first, letters = "ABCEGHJKLMNPRSTVXY", "ABCEGHJKLMNPRSTVWXYZ"
        code = (f"{self.r.choice(first)}{self.r.randint(0, 9)}{self.r.choice(letters)}"
                f"{self.r.randint(0, 9)}{self.r.choice(letters)}{self.r.randint(0, 9)}")
        return self.r.choice([code[:3] + " " + code[3:], code.lower(), code])

    def address(self, lang: str) -> str:
        number = self.r.randint(1, 9999)
        if lang == "fr":
            street = self.r.choice(["rue Sainte-Catherine Ouest", "boulevard René-Lévesque",
                                    "avenue des Pins", "chemin du Lac", "rue de la Montagne"])
            return f"{number}, {street}" if self.r.random() < .5 else f"{number} {street}"
        street = self.r.choice(["Main Street", "Elm St.", "Maple Avenue", "Oak Drive",
                                "Pine Crescent", "Wellington Rd"])
        return f"{number} {street}"


TEMPLATES = {
    "en": {
        "email": ["My email is {v}, can a store keep my photo?", "Please write to me at {v}",
                  "You can reach me: {v}. Is facial recognition legal at work?"],
        "card": ["My credit card {v} was charged by the gym that scans faces",
                 "They kept my card number {v} with my fingerprint"],
        "sin": ["My SIN is {v}, can my employer ask for my fingerprints?",
                "social insurance number: {v}", "my sin {v} was asked for at the bank"],
        "health_card": ["My health card number is {v}", "My OHIP is {v}, can the clinic scan my face?",
                        "health card: {v}"],
        "drivers_licence": ["My driver's licence number is {v}", "driver's license {v} was scanned at the bar",
                            "They photocopied my licence, number {v}"],
        "passport": ["My passport number is {v}", "passport {v} was scanned at the airport kiosk"],
        "phone": ["Call me at {v} about my complaint", "my cell is {v}", "phone: {v}"],
        "ip_address": ["My IP address is {v}, was it logged with my face?", "the site saw my IP {v}"],
        "date_of_birth": ["I was born on {v}", "My date of birth is {v}", "DOB: {v}, can they keep my photo?"],
        "postal_code": ["I live near {v}, which office handles that?", "postal code {v}"],
        "address": ["I live at {v}, Ottawa", "The camera is at {v} and films my door"],
        "name": ["My name is {v} and my gym scans my face", "Hi, I'm {v}. Can my school use facial recognition?",
                 "Can my employer take my fingerprints?\nThanks,\n{v}", "my name is {v}",
                 "Mr. {v} at the store took my photo"],
    },
    "fr": {
        "email": ["Mon courriel est {v}, un magasin peut-il garder ma photo?", "Écrivez-moi à {v}",
                  "Vous pouvez me joindre : {v}. La reconnaissance faciale est-elle permise au travail?"],
        "card": ["Ma carte de crédit {v} a été débitée par le gym qui scanne les visages",
                 "Ils ont gardé mon numéro de carte {v} avec mon empreinte"],
        "sin": ["Mon NAS est {v}, mon employeur peut-il exiger mes empreintes?",
                "numéro d'assurance sociale : {v}", "mon nas {v} a été demandé à la banque"],
        "health_card": ["Mon numéro de carte santé est {v}", "Ma carte d'assurance maladie {v} a été photocopiée",
                        "carte santé : {v}"],
        "drivers_licence": ["Mon numéro de permis de conduire est {v}", "permis {v} scanné au bar",
                            "Ils ont photocopié mon permis, numéro {v}"],
        "passport": ["Mon numéro de passeport est {v}", "passeport {v} lu par la borne de l'aéroport"],
        "phone": ["Appelez-moi au {v} pour ma plainte", "mon cellulaire : {v}", "téléphone : {v}"],
        "ip_address": ["Mon adresse IP est {v}, a-t-elle été gardée avec mon visage?", "le site a vu mon IP {v}"],
        "date_of_birth": ["Je suis né le {v}", "Ma date de naissance est le {v}", "date de naissance : {v}"],
        "postal_code": ["J'habite près de {v}, quel bureau s'en occupe?", "code postal {v}"],
        "address": ["J'habite au {v}, Montréal", "La caméra est au {v} et filme ma porte"],
        "name": ["Je m'appelle {v} et mon gym scanne mon visage", "Bonjour, je suis {v}. Mon école peut-elle utiliser la reconnaissance faciale?",
                 "Mon employeur peut-il prendre mes empreintes?\nMerci,\n{v}", "mon nom est {v}",
                 "Mme {v} du magasin a pris ma photo"],
    },
}

INTRODUCTION_TEMPLATES = {
    "en": ["I'm {v}, and my employer wants my fingerprint", "Hi, I'm {v}. Can a gym scan my face?",
           "I'm {v} from Winnipeg, who do I complain to?", "Hello, I am {v} and I work at a bank",
           "my name is {v}, can a store keep my photo?", "I'm {v}. My school uses facial recognition",
           "I am {v}, a nurse in Halifax", "Good morning! I'm {v} and I want to complain",
           "My name is {v}"],
    "fr": ["Je suis {v} et mon employeur veut mon empreinte", "Bonjour, je suis {v}. Un gym peut-il scanner mon visage?",
           "Moi c'est {v}, j'habite à Gatineau", "Je m'appelle {v}, un magasin peut-il garder ma photo?",
           "Je suis {v}, infirmière à Québec", "Salut, moi c'est {v}.", "je suis {v} et je veux porter plainte",
           "Mon nom est {v}", "Bonsoir, je suis {v}, employé d'une banque"],
}

# Ordinary sentences that begin like a self-introduction: never changed.
ORDINARY_INTRODUCTIONS = {
    "en": [
        "I'm worried about facial recognition at my gym", "I'm in Montreal, who handles my complaint?",
        "I'm an employee, can my boss take my fingerprints?", "I'm a customer at a pharmacy that scans faces",
        "I'm Canadian and live abroad, does PIPEDA apply?", "I'm not comfortable giving my voice print",
        "I'm Indigenous, does my band council need my consent?", "I'm Muslim and my gym wants a face scan",
        "I'm Québécois, which law applies to me?", "I'm OK with a card instead of my fingerprint",
        "I'm Francophone and live in Manitoba", "I'm Deaf, can I complain by email?",
        "I'm Sikh, can a store ask me to remove my turban for a face scan?", "I am Filipino and new to Canada",
        "I'm Ukrainian, do I have the same rights?", "I'm at Costco and they scan faces",
        "I am a student at McGill", "I'm Inuk and live in Iqaluit", "I'm Catholic, does my church need consent?",
        "I'm Anglophone in Quebec, can I get answers in English?", "I'm in Gatineau but work in Ottawa",
        "I'm Jewish and my school takes photos", "I'm American, living in Toronto", "I'm Haitian and live in Laval",
    ],
    "fr": [
        "Je suis inquiet pour mes empreintes", "Je suis à Laval, qui s'occupe de ma plainte?",
        "Je suis employée d'une banque qui scanne les visages", "Je suis client d'une pharmacie",
        "Je suis Canadienne et je vis à l'étranger", "Je suis Québécois, quelle loi s'applique?",
        "Je suis pas sûr de qui contacter", "Je suis Autochtone, mon conseil de bande a-t-il besoin de mon consentement?",
        "Je suis musulmane et mon gym veut scanner mon visage", "Je suis Acadien et je vis à Moncton",
        "Je suis Franco-Ontarien, puis-je avoir de l'aide en français?", "Je suis sourd, puis-je porter plainte par courriel?",
        "Je suis Haïtienne et j'habite à Montréal", "Je suis étudiante à l'Université Laval",
        "Je suis Inuk et j'habite à Iqaluit", "Je suis au Costco et ils scannent les visages",
        "Je suis Montréalais, à qui m'adresser?", "Je suis Français, la loi québécoise s'applique-t-elle?",
        "Je suis Marocain et nouveau au Canada", "Je suis d'accord pour une carte au lieu de mon empreinte",
        "Je suis Catholique, mon église doit-elle demander mon consentement?", "Je suis en Ontario mais je travaille à Gatineau",
        "Je suis Anglophone à Québec", "Je suis Métis et je vis au Manitoba",
    ],
}

ORDINARY_MESSAGES = {
    "en": [
        "Can a company use my face without my consent?", "I live in Alberta, who do I complain to?",
        "I'm in Victoria, which office handles my complaint?", "I live in Regina, Saskatchewan",
        "What did the commissioners find about Clearview AI in February 2021?",
        "Is the OPC number 1-800-282-1376 still right?", "Can I call the Alberta office at 1-888-878-4044?",
        "What does section 7(3)(c) of PIPEDA say?", "Is Bill C-27 law yet?", "What is Law 25 in Quebec?",
        "My gym has 12 fingerprint scanners", "I paid $1,500 for a membership and they scan faces",
        "The store opened at 10:30 with cameras", "Can Tim Hortons use facial recognition?",
        "Canadian Tire scanned my face at the door", "Does Shoppers Drug Mart keep my photo?",
        "I'm worried about my fingerprints at work", "I'm not sure who to contact", "I am a student in Toronto",
        "Can the police in Calgary use Clearview?", "What happened on March 3, 2021 with Clearview?",
        "Is there a decision from 2019-2020 about this?", "My employer installed 3 cameras in 2023",
        "I'm Canadian, do I have the right to see my data?", "Can my landlord in Vancouver use a face scanner?",
        "Is version 3.6 of the app safe?", "What is biometric information?", "How long do they keep my voice print?",
        "Can a school in Edmonton take students' fingerprints?", "Who regulates privacy in British Columbia?",
        "How do I get my information from a company?", "My bank asked for a voice password",
        "Can an airport in Montreal scan my face?", "What does PIPA say in Alberta?",
        "How many days do I have to file a complaint?", "Can a casino in Halifax use facial recognition?",
        "Is the 2024 guidance on biometrics final?", "I read the report from June 2023",
        "Call 911 if it is an emergency, right?", "Is a 10-digit code on my ticket personal information?",
        "Do I need to give my fingerprint for a $20 gym pass?", "Hello", "thanks", "yes", "delete my conversation",
        "Can Grace Hospital use my face?", "What is the Privacy Act?", "Is Clearview still operating in Canada?",
        "Mark my words, they keep everything", "Will they tell me if my face is in a database?",
        "I'm in Charlottetown", "What about Saint John, New Brunswick?", "I live on Victoria Street?",
        "Can my apartment building in Surrey use a fingerprint lock?", "What is PHIPA in Ontario?",
        "Are voice assistants recording me?", "What is the CAI?", "Where is the office in Quebec City?",
        "Section 44 of PIPEDA", "Can I complain about a business in Laval?",
    ],
    "fr": [
        "Une entreprise peut-elle utiliser mon visage sans mon consentement?", "J'habite en Alberta, à qui me plaindre?",
        "Je suis à Victoria, quel bureau s'occupe de ma plainte?", "J'habite à Regina, en Saskatchewan",
        "Qu'ont conclu les commissaires sur Clearview AI en février 2021?",
        "Le numéro du Commissariat 1-800-282-1376 est-il bon?", "Puis-je appeler la CAI au 1-888-528-7741?",
        "Que dit l'article 7(3)c) de la LPRPDE?", "Le projet de loi C-27 est-il adopté?", "Qu'est-ce que la Loi 25 au Québec?",
        "Mon gym a 12 lecteurs d'empreintes", "J'ai payé 1 500 $ pour un abonnement et ils scannent les visages",
        "Le magasin ouvre à 10 h 30 avec des caméras", "Tim Hortons peut-il utiliser la reconnaissance faciale?",
        "Canadian Tire a scanné mon visage à l'entrée", "Jean Coutu garde-t-il ma photo?",
        "Je suis inquiet pour mes empreintes au travail", "Je ne sais pas qui contacter", "Je suis étudiant à Montréal",
        "La police de Québec peut-elle utiliser Clearview?", "Que s'est-il passé le 3 mars 2021 avec Clearview?",
        "Y a-t-il une décision de 2019-2020 à ce sujet?", "Mon employeur a installé 3 caméras en 2023",
        "Je suis Canadien, ai-je le droit de voir mes données?", "Mon propriétaire à Gatineau peut-il utiliser un lecteur facial?",
        "La version 3.6 de l'application est-elle sûre?", "Qu'est-ce qu'un renseignement biométrique?",
        "Combien de temps gardent-ils mon empreinte vocale?", "Une école de Laval peut-elle prendre les empreintes des élèves?",
        "Qui s'occupe de la vie privée en Colombie-Britannique?", "Comment obtenir mes renseignements d'une entreprise?",
        "Ma banque m'a demandé un mot de passe vocal", "Un aéroport à Montréal peut-il scanner mon visage?",
        "Que dit la LPRPDE?", "Combien de jours ai-je pour porter plainte?", "Un casino à Sherbrooke peut-il utiliser la reconnaissance faciale?",
        "Les lignes directrices de 2024 sur la biométrie sont-elles finales?", "J'ai lu le rapport de juin 2023",
        "Il faut appeler le 911 en cas d'urgence?", "Un code à 10 chiffres sur mon billet est-il un renseignement personnel?",
        "Dois-je donner mon empreinte pour un laissez-passer de 20 $?", "Bonjour", "merci", "oui", "supprimez ma conversation",
        "L'hôpital Sainte-Justine peut-il utiliser mon visage?", "Qu'est-ce que la Loi sur la protection des renseignements personnels?",
        "Clearview est-elle encore active au Canada?", "Je suis au Québec", "Et à Saint-Jean-sur-Richelieu?",
        "J'habite sur la rue Victoria?", "Mon immeuble à Longueuil peut-il avoir une serrure à empreinte?",
        "C'est quoi la CAI?", "Où est le bureau à Québec?", "Article 44 de la LPRPDE",
        "Puis-je me plaindre d'une entreprise à Laval?", "Les assistants vocaux m'enregistrent-ils?",
        "Je suis au travail et on me demande mon visage", "Madame la commissaire a-t-elle publié un avis?",
        "Je suis à Trois-Rivières", "Est-ce que Desjardins garde ma voix?",
    ],
}


def build_set(lang: str, seed: int = SEED) -> List[dict]:
    rnd = random.Random(f"{seed}-{lang}")
    make = _Maker(rnd)
    messages = []
    for kind in redaction.KINDS:
        for i in range(PER_KIND):
            template = TEMPLATES[lang][kind][i % len(TEMPLATES[lang][kind])]
            if kind == "name":
                full = "Mr. {v}" not in template and "Mme {v}" not in template
                value = make.name(full=full and rnd.random() < 0.8)
                if not full:  # a title takes the surname
                    value = value.split()[-1] if " " in value else make.name().split()[-1]
            elif kind in ("date_of_birth", "address"):
                value = getattr(make, kind)(lang)
            else:
                value = getattr(make, kind)()
            messages.append({"text": template.format(v=value), "details": [[kind, value]]})
    for text in ORDINARY_MESSAGES[lang][:ORDINARY]:
        messages.append({"text": text, "details": []})
    for i in range(INTRODUCTIONS):
        templates = INTRODUCTION_TEMPLATES[lang]
        value = make.unlisted_name(full=rnd.random() < 0.4)
        messages.append({"text": templates[i % len(templates)].format(v=value),
                         "details": [["name", value]]})
    for text in ORDINARY_INTRODUCTIONS[lang][:INTRODUCTIONS]:
        messages.append({"text": text, "details": []})
    return messages


def write_sets() -> None:
    SET_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        lines = [json.dumps(message, ensure_ascii=False) for message in build_set(lang)]
        (SET_DIR / f"{lang}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_set(lang: str) -> List[dict]:
    path = SET_DIR / f"{lang}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _left_in(value: str, redacted: str) -> bool:
    """Whether any of the detail survives: the value, or (for numbers) its digits."""
    value = redaction.nfkc(value)
    if value in redacted:
        return True
    digits = redaction.only_digits(value)
    return len(digits) >= 6 and digits in redaction.only_digits(redacted)


def evaluate(messages: List[dict], keep=()) -> Dict[str, object]:
    found = defaultdict(int)
    total = defaultdict(int)
    right_kind = defaultdict(int)
    altered, extra, times = [], 0, []
    for message in messages:
        start = time.perf_counter()
        result = redaction.redact_without_cache(message["text"], keep)
        times.append((time.perf_counter() - start) * 1000)
        details = message["details"]
        if not details:
            if result.changed:
                altered.append(message["text"])
            continue
        for kind, value in details:
            total[kind] += 1
            if not _left_in(value, result.text):
                found[kind] += 1
                right_kind[kind] += kind in result.kinds
        extra += max(0, result.count - len(details))
    ordinary = sum(1 for m in messages if not m["details"])
    return {
        "recall": {kind: (found[kind], total[kind]) for kind in redaction.KINDS if total[kind]},
        "right_kind": {kind: right_kind[kind] for kind in redaction.KINDS if total[kind]},
        "ordinary": ordinary,
        "altered": altered,
        "extra_placeholders": extra,
        "median_ms": statistics.median(times),
        "messages": len(messages),
    }


def report() -> str:
    from assistant.offices import public_phone_numbers

    keep = public_phone_numbers()
    results = {lang: evaluate(load_set(lang), keep) for lang in LANGUAGES}
    lines = ["| kind | English: removed | French: removed |", "|---|---|---|"]
    for kind in redaction.KINDS:
        cells = []
        for lang in LANGUAGES:
            got, total = results[lang]["recall"].get(kind, (0, 0))
            cells.append(f"{got}/{total} ({100 * got / total:.0f}%)" if total else "—")
        lines.append(f"| {kind} | {cells[0]} | {cells[1]} |")
    lines.append("| **all details** | " + " | ".join(
        "{}/{} ({:.1f}%)".format(sum(g for g, _ in r["recall"].values()), sum(t for _, t in r["recall"].values()),
                                 100 * sum(g for g, _ in r["recall"].values())
                                 / sum(t for _, t in r["recall"].values()))
        for r in results.values()) + " |")
    lines.append("| ordinary messages changed (false positives) | " + " | ".join(
        f"{len(r['altered'])}/{r['ordinary']}" for r in results.values()) + " |")
    lines.append("| extra placeholders in labelled messages | " + " | ".join(
        str(r["extra_placeholders"]) for r in results.values()) + " |")
    lines.append("| median time per message | " + " | ".join(
        f"{r['median_ms']:.2f} ms" for r in results.values()) + " |")
    for lang, result in results.items():
        for text in result["altered"]:
            lines.append(f"\n- {lang} false positive: {text!r} -> {redaction.redact(text, keep).text!r}")
    return "\n".join(lines)


def spacy_person_entities(model_path: str) -> str:
    """For comparison: how a spaCy model's PER entities do on the same set
    (names found, ordinary messages with a PER entity, time per message)."""
    import spacy

    nlp = spacy.load(model_path)
    lines = []
    for lang in LANGUAGES:
        messages = load_set(lang)
        names = [m for m in messages if m["details"] and m["details"][0][0] == "name"]
        ordinary = [m for m in messages if not m["details"]]
        found = sum(1 for m in names if any(
            e.label_ == "PER" and m["details"][0][1].split()[-1] in e.text for e in nlp(m["text"]).ents))
        wrong = sum(1 for m in ordinary if any(e.label_ == "PER" for e in nlp(m["text"]).ents))
        times = []
        for m in messages:
            start = time.perf_counter()
            nlp(m["text"])
            times.append((time.perf_counter() - start) * 1000)
        lines.append(f"{lang}: names found {found}/{len(names)}, ordinary messages with a person "
                     f"{wrong}/{len(ordinary)}, median {statistics.median(times):.2f} ms")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the labelled set")
    parser.add_argument("--spacy-model", help="compare a spaCy model's PER entities instead")
    args = parser.parse_args(argv)
    if args.spacy_model:
        print(spacy_person_entities(args.spacy_model))
        return 0
    if args.write:
        write_sets()
    print(report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
