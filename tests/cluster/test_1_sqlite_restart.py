"""The embedded mode (SQLite file, in-memory lock store): stopping and
starting the assistant mid-conversation loses nothing."""

from scenarios import check_conversations_continue, start_conversations
from stack import running_stack


def test_conversation_survives_a_restart_with_sqlite(tmp_path):
    workdir = tmp_path / "sqlite-stack"
    with running_stack(workdir) as stack:
        senders = start_conversations(stack.rasa_url)
    # Same folder, so the same tracker.db; a new process, so nothing in memory.
    with running_stack(workdir) as stack:
        check_conversations_continue(stack.rasa_url, senders)
