"""Cluster mode: every Rasa replica stopped and started again mid-conversation;
the conversations continue with their language and context (PostgreSQL)."""

from scenarios import check_conversations_continue, start_conversations


def test_conversation_survives_restarting_every_replica(cluster):
    conversations = start_conversations(cluster.url)
    for index in range(len(cluster.config.rasa_ports)):
        cluster.stop_replica(index)  # the crash test may have left one stopped already
    assert not any(cluster.running(f"rasa-{i}") for i in range(len(cluster.config.rasa_ports)))
    cluster.start_replicas()
    check_conversations_continue(cluster.url, conversations)
