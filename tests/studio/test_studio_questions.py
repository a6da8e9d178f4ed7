"""A new question (intent) from the studio's form: every file written, both
checks run, everything put back when something is wrong; and the retraining
job's progress, with a stand-in for `rasa train`."""

import shutil
import sys
import time

import pytest
from conftest import git
from stack import ROOT

from studio import intents, training

FORM = {
    "name": "clearview_rcmp", "topic": "clearview",
    "examples_en": "\n".join(f"did the RCMP use clearview, case {i}" for i in range(15)),
    "examples_fr": "\n".join(f"la GRC a-t-elle utilisé clearview, cas {i}" for i in range(15)),
    "text_en": "Yes. The RCMP was a paying customer of Clearview AI.",
    "text_fr": "Oui. La GRC était une cliente payante de Clearview AI.",
    "sources_en": "https://www.priv.gc.ca/en/opc-actions-and-decisions/investigations/"
                  "investigations-into-businesses/2021/pipeda-2021-001/",
    "sources_fr": "https://www.priv.gc.ca/fr/mesures-et-decisions-prises-par-le-commissariat/enquetes/"
                  "enquetes-visant-les-entreprises/2021/lprpde-2021-001/",
    "reviewed_en": "2026-11-30", "reviewed_fr": "2026-11-30",
}


@pytest.fixture
def project(tmp_path):
    """What `rasa data validate` and the content check read, in a throwaway repository."""
    for name in ("locales", "data", "domain.yml", "config.yml", "tests/stories"):
        source, target = ROOT / name, tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=Setup", "-c", "user.email=setup@example.invalid", "commit", "-qm", "start")
    return tmp_path


def test_a_new_question_writes_every_file_and_passes_both_checks(project):
    written = intents.add(project, intents.from_form(FORM), translation_checked=True)
    changed = set(git(project, "status", "--porcelain").split()[1::2])
    assert changed == {str(path.relative_to(project)) for path in written}
    assert "  - clearview_rcmp\n" in (project / "domain.yml").read_text()
    assert "- intent: clearview_rcmp\n  examples: |\n    - la GRC a-t-elle utilisé clearview, cas 0\n" in \
        (project / "data/nlu/fr/clearview.yml").read_text()
    assert "  - story: clearview_rcmp (en)\n" in (project / "tests/stories/test_stories_en.yml").read_text()
    assert "  clearview_rcmp:\n    text: |\n      Oui. La GRC" in (project / "locales/fr/answers.yml").read_text()
    # Only lines were added: nothing else in the files moved.
    assert all(line.split("\t")[1] == "0" for line in git(project, "diff", "--numstat").splitlines())


def test_a_question_with_too_few_examples_or_a_taken_name_writes_nothing(project):
    few = intents.from_form({**FORM, "examples_fr": "la GRC et clearview"})
    with pytest.raises(intents.Refused) as refused:
        intents.add(project, few, run_validate=False)
    assert any("1 French training example(s), at least 15 needed" in p.message for p in refused.value.problems)
    taken = intents.from_form({**FORM, "name": "clearview_overview"})
    with pytest.raises(intents.Refused) as refused:
        intents.add(project, taken, run_validate=False)
    assert any("already exists" in p.message for p in refused.value.problems)
    assert git(project, "status", "--porcelain") == ""


def test_what_rasa_data_validate_refuses_puts_every_file_back(project, monkeypatch):
    monkeypatch.setattr(intents, "validate", lambda repo: "UserWarning: an example is under two intents")
    with pytest.raises(intents.Refused) as refused:
        intents.add(project, intents.from_form(FORM))
    assert "two intents" in refused.value.output
    assert git(project, "status", "--porcelain") == ""


FAKE_RASA = (f"#!{sys.executable}\nimport pathlib, sys, time\n"
             "for p in (10, 55): print(f'Epochs:  {p}%|###  | {p}/100', flush=True); time.sleep(0.3)\n"
             "out = pathlib.Path(sys.argv[sys.argv.index('--out') + 1]); out.mkdir(parents=True)\n"
             "(out / 'assistant.tar.gz').write_text('new model')\n"
             "sys.exit(0 if 'train' in sys.argv else 1)\n")


def test_retraining_progress_follows_the_classifier_epochs(tmp_path):
    fake = tmp_path / "rasa"
    fake.write_text(FAKE_RASA)
    fake.chmod(0o755)
    job = training.Training(tmp_path, tmp_path / "train.log", tmp_path / "models" / "assistant.tar.gz", rasa=fake)
    assert job.progress().state == "idle"
    assert job.start() and not job.start()  # one run at a time
    deadline = time.monotonic() + 10
    while job.progress().state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (job.progress().state, job.progress().percent) == ("done", 100)
    # Trained beside it, then put in place with one rename: never half a file at models/assistant.tar.gz.
    assert (tmp_path / "models" / "assistant.tar.gz").read_text() == "new model"
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["assistant.tar.gz"]


def test_a_failed_retraining_leaves_the_model_alone(tmp_path):
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "assistant.tar.gz").write_text("old model")
    fake = tmp_path / "rasa"
    fake.write_text(FAKE_RASA.replace("sys.exit(0 if", "sys.exit(1 if"))
    fake.chmod(0o755)
    job = training.Training(tmp_path, tmp_path / "train.log", tmp_path / "models" / "assistant.tar.gz", rasa=fake)
    assert job.start()
    deadline = time.monotonic() + 10
    while job.progress().state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job.progress().state == "failed"
    assert (tmp_path / "models" / "assistant.tar.gz").read_text() == "old model"
