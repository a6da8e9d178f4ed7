"""A new question (intent) from the studio: the files section 2 of
docs/STAFF.md has staff edit by hand, written from one form.

For the name `clearview_rcmp` it adds the intent to domain.yml, a rule
answering it with action_answer (data/rules/rules.yml), the examples in each
language to a topic file (data/nlu/<lang>/<topic>.yml), a test story in each
language (tests/stories/test_stories_<lang>.yml) and the answer in both
catalogs. Then `make check`'s checks and `rasa data validate` run on the
result; if either finds a problem every file is put back as it was. The
assistant understands the question once the model is retrained (studio.training).
"""

import io
import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from assistant import settings
from assistant.catalog import load_yaml, read_catalog
from assistant.language import SUPPORTED
from staff import content_check, translations
from staff.content_check import Problem
from staff.messages import Message, language_name

NAME = re.compile(r"^[a-z][a-z0-9_]{2,60}$")
RULES_FILE = Path("data/rules/rules.yml")


def min_examples() -> int:
    return settings.current().nlu_min_examples


@dataclass
class NewIntent:
    name: str
    topic: str                                   # stem of a file in data/nlu/<lang>/
    examples: Dict[str, List[str]]               # lang -> example questions
    answers: Dict[str, dict]                     # lang -> {text, sources, reviewed}
    problems: List[Problem] = field(default_factory=list)

    def files(self) -> List[Path]:
        """Every file this intent is written into, relative to the checkout."""
        return [Path("domain.yml"), RULES_FILE,
                *(Path(f"data/nlu/{lang}/{self.topic}.yml") for lang in SUPPORTED),
                *(Path(f"tests/stories/test_stories_{lang}.yml") for lang in SUPPORTED),
                *(Path(f"locales/{lang}/answers.yml") for lang in SUPPORTED)]


def topics(repo: Path) -> List[str]:
    """Topic files that exist in both languages."""
    stems = [{path.stem for path in (repo / "data" / "nlu" / lang).glob("*.yml")} for lang in SUPPORTED]
    return sorted(set.intersection(*stems))


def from_form(form: Mapping[str, str]) -> NewIntent:
    answers = {}
    for lang in SUPPORTED:
        reviewed_text = str(form.get(f"reviewed_{lang}", "")).strip()
        try:
            reviewed: object = date.fromisoformat(reviewed_text)
        except ValueError:
            reviewed = reviewed_text or None
        text = str(form.get(f"text_{lang}", "")).replace("\r\n", "\n").strip("\n")
        answers[lang] = {"text": text + "\n" if text.strip() else "",
                         "sources": [s.strip() for s in str(form.get(f"sources_{lang}", "")).splitlines() if s.strip()],
                         "reviewed": reviewed}
    examples = {lang: list(dict.fromkeys(
        line.strip().lstrip("-").strip() for line in str(form.get(f"examples_{lang}", "")).splitlines()
        if line.strip().lstrip("-").strip())) for lang in SUPPORTED}
    return NewIntent(str(form.get("name", "")).strip(), str(form.get("topic", "")).strip(), examples, answers)


def first_examples(repo: Path, lang: str) -> Dict[str, str]:
    """intent -> the first way residents ask it in `lang`'s training data
    (topic files in name order): 'capabilities' -> 'what can you do?'."""
    found: Dict[str, str] = {}
    for path in sorted((repo / "data" / "nlu" / lang).glob("*.yml")):
        for block in (load_yaml(path) or {}).get("nlu") or []:
            if isinstance(block, dict) and "intent" in block and block["intent"] not in found:
                lines = [line.strip()[2:].strip() for line in str(block.get("examples") or "").splitlines()
                         if line.strip().startswith("- ")]
                if lines:
                    found[block["intent"]] = lines[0]
    return found


def _known_examples(repo: Path, lang: str) -> Dict[str, str]:
    """example (case-folded) -> the intent it already teaches."""
    known = {}
    for path in (repo / "data" / "nlu" / lang).glob("*.yml"):
        for block in (translations.yaml_round_trip().load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                for line in str(block.get("examples") or "").splitlines():
                    if line.strip().startswith("- "):
                        known[line.strip()[2:].strip().casefold()] = block["intent"]
    return known


def check(repo: Path, intent: NewIntent) -> List[Problem]:
    """What stops this intent from being added, before anything is written."""
    problems = []
    where = "studio"
    if not NAME.match(intent.name):
        problems.append(Problem(where, intent.name or "-", Message("question_name_invalid")))
    elif intent.name in content_check._domain_intents(repo / "domain.yml"):
        problems.append(Problem("domain.yml", intent.name, Message("question_exists")))
    if intent.topic not in topics(repo):
        problems.append(Problem(where, intent.name, Message("question_no_topic")))
    needed = min_examples()
    for lang in SUPPORTED:
        found = intent.examples[lang]
        if len(found) < needed:
            problems.append(Problem(f"data/nlu/{lang}/", intent.name, Message(
                "question_too_few_examples", count=len(found), language=language_name(lang), minimum=needed)))
        known = _known_examples(repo, lang)
        for example in found:
            if example.casefold() in known:
                problems.append(Problem(f"data/nlu/{lang}/", intent.name, Message(
                    "question_example_taken", example=example, intent=known[example.casefold()])))
    if NAME.match(intent.name):
        problems += content_check.check_answer(intent.name, intent.answers, repo / "locales", repo)
    return [p for p in problems if p.blocking]


def _append_intent(document: CommentedMap, name: str) -> None:
    intents = document["intents"]
    last = len(intents) - 1
    intents.append(name)
    # The blank line and comment that followed the last intent follow the new one.
    if last in intents.ca.items:
        intents.ca.items[last + 1] = intents.ca.items.pop(last)


def _literal(lines: List[str]) -> LiteralScalarString:
    return LiteralScalarString("".join(f"- {line}\n" for line in lines))


def _rewrite(path: Path, change, sequence_offset: int = 2) -> None:
    """Changes a YAML file, keeping its comments and layout (training data
    files start their lists at the margin: sequence_offset 0)."""
    rt = translations.yaml_round_trip()
    rt.indent(mapping=2, sequence=2 + sequence_offset, offset=sequence_offset)
    document = rt.load(path.read_text(encoding="utf-8"))
    change(document)
    out = io.StringIO()
    rt.dump(document, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def write(repo: Path, intent: NewIntent) -> None:
    name = intent.name
    _rewrite(repo / "domain.yml", lambda d: _append_intent(d, name))

    def add_rule(document):
        rule = CommentedMap(rule=f"answer {name}")
        rule["steps"] = CommentedSeq([CommentedMap(intent=name), CommentedMap(action="action_answer")])
        document["rules"].append(rule)
    _rewrite(repo / RULES_FILE, add_rule)

    for lang in SUPPORTED:
        def add_examples(document, lang=lang):
            block = CommentedMap(intent=name)
            block["examples"] = _literal(intent.examples[lang])
            document["nlu"].append(block)
        _rewrite(repo / "data" / "nlu" / lang / f"{intent.topic}.yml", add_examples, sequence_offset=0)

        def add_story(document, lang=lang):
            story = CommentedMap(story=f"{name} ({lang})")
            step = CommentedMap(user=LiteralScalarString(intent.examples[lang][0] + "\n"))
            step["intent"] = name
            story["steps"] = CommentedSeq([step, CommentedMap(action="action_answer")])
            document["stories"].append(story)
        _rewrite(repo / "tests" / "stories" / f"test_stories_{lang}.yml", add_story)

        def add_answer(document, lang=lang):
            entry = CommentedMap()
            answer = intent.answers[lang]
            entry["text"] = LiteralScalarString(answer["text"])
            entry["sources"] = CommentedSeq(answer["sources"])
            entry["reviewed"] = answer["reviewed"]
            document["answers"][name] = entry
        _rewrite(repo / "locales" / lang / "answers.yml", add_answer)


class Refused(Exception):
    def __init__(self, problems: List[Problem], output: str = ""):
        super().__init__("; ".join(str(p) for p in problems) or output)
        self.problems, self.output = problems, output


def validate(repo: Path, rasa: Optional[Path] = None) -> Optional[str]:
    """`rasa data validate` on the checkout: None when it passes, else its report."""
    rasa = rasa or Path(__file__).resolve().parent.parent / ".venv" / "bin" / "rasa"
    done = subprocess.run([str(rasa), "data", "validate", "--fail-on-warnings", "--quiet"], cwd=repo,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"})
    if done.returncode == 0:
        return None
    lines = [line for line in (done.stdout + done.stderr).splitlines()
             if "WARNING" in line or "ERROR" in line or "UserWarning" in line]
    return "\n".join(lines[-20:]) or (done.stdout + done.stderr)[-2000:]


def add(repo: Path, intent: NewIntent, translation_checked: bool = False, run_validate: bool = True) -> List[Path]:
    """Writes the intent, then checks the whole result; on any problem the
    files are put back and Refused says why. Returns the files written."""
    intent.problems = check(repo, intent)
    if intent.problems:
        raise Refused(intent.problems)
    paths = [repo / path for path in intent.files()]
    before = {path: path.read_bytes() for path in paths}
    try:
        write(repo, intent)
        catalogs = {lang: read_catalog(repo / "locales", lang) for lang in SUPPORTED}
        found = [p for p in content_check.check_intents(repo, catalogs, min_examples()) if p.key == intent.name]
        if found:
            raise Refused(found)
        report = validate(repo) if run_validate else None
        if report:
            raise Refused([], report)
        if translation_checked:
            translations.clear(repo / "locales", [intent.name])
    except BaseException:
        for path, content in before.items():
            path.write_bytes(content)
        raise
    return paths + [translations.state_path(repo / "locales", lang) for lang in SUPPORTED]
