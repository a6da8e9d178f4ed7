"""The embedded mode (SQLite file, in-memory lock store): stopping and
starting the assistant mid-conversation loses nothing."""

from scenarios import check_conversations_continue, start_conversations
from stack import VENV_BIN, running_stack

# As scripts/run.sh starts it: `rasa run` with the safeguards.
WITH_SAFEGUARDS = [str(VENV_BIN / "python"), "-m", "resilience"]


def test_conversation_survives_a_restart_with_sqlite(tmp_path):
    workdir = tmp_path / "sqlite-stack"
    with running_stack(workdir, rasa_command=WITH_SAFEGUARDS) as stack:
        senders = start_conversations(stack.rasa_url)
    # Same folder, so the same tracker.db; a new process, so nothing in memory.
    with running_stack(workdir, rasa_command=WITH_SAFEGUARDS) as stack:
        check_conversations_continue(stack.rasa_url, senders)
