"""Erasure across replicas: when one replica erases a conversation, every
other replica forgets it too.

The tracker store deletes the conversation's rows from the shared database,
and Rasa's lock store deletes its lock once the turn ends. What a replica
keeps in memory is its own: the socket.io connections of that conversation
(another tab of the resident, behind the proxy on another replica), the
language the guard remembers, a messaging app's locale. So the replica that
erased publishes the conversation's stored id (its keyed hash, never the id
itself) on a Redis channel; every replica listens and forgets what it holds
of that conversation: its connections get a new, empty conversation and the
`conversation_erased` event, as on the replica that erased.

The Redis server is ERASURE_BROADCAST_URL, or, when that is not set, the
one the replicas already share for rate limits (RATE_LIMIT_STORAGE_URL, if
a redis:// URL). Neither set (a single process): nothing to tell.
"""

import asyncio
import logging
import secrets
from typing import Awaitable, Callable, Mapping, Optional

from assistant import settings

logger = logging.getLogger(__name__)

CHANNEL = "privacy:conversation-erased"
# Seconds between attempts to listen again after Redis went away.
RETRY_SECONDS = 2.0

Forget = Callable[[str], Awaitable[None]]


def broadcast_url(env: Optional[Mapping[str, str]] = None) -> str:
    """ERASURE_BROADCAST_URL, else RATE_LIMIT_STORAGE_URL when it is Redis,
    else "" (one replica: nothing to tell)."""
    given = settings.current() if env is None else settings.read(env)
    url = given.erasure_broadcast_url.strip()
    if url:
        return url
    shared = given.rate_limit_storage_url.strip()
    return shared if shared.startswith(("redis://", "rediss://", "unix://")) else ""


class ErasureBroadcast:
    """Publishes this replica's erasures and hands the others' to `forget`."""

    def __init__(self, url: str, channel: str = CHANNEL):
        self.url = url
        self.channel = channel
        # Tells this replica's own notices apart: it has already forgotten.
        self._origin = secrets.token_hex(8)
        self._client = None
        self._listener: Optional["asyncio.Task[None]"] = None

    def _redis(self):
        if self._client is None:
            import redis.asyncio as redis

            self._client = redis.Redis.from_url(self.url, socket_timeout=5)
        return self._client

    async def publish(self, stored_id: str) -> None:
        try:
            await self._redis().publish(self.channel, f"{self._origin} {stored_id}")
        except Exception:  # noqa: BLE001 - the erasure itself is done
            logger.exception("Could not tell the other replicas that a conversation was erased")

    def listen(self, forget: Forget) -> None:
        """Start listening in the running event loop (once)."""
        if self._listener is None or self._listener.done():
            self._listener = asyncio.get_running_loop().create_task(self._listen(forget))

    async def _listen(self, forget: Forget) -> None:
        import redis.asyncio as redis

        while True:
            client = redis.Redis.from_url(self.url)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    async for notice in pubsub.listen():
                        await self._received(notice, forget)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis restarting: listen again
                logger.warning("Lost the erasure channel; listening again in %ss", RETRY_SECONDS)
            finally:
                await client.close()
            await asyncio.sleep(RETRY_SECONDS)

    async def _received(self, notice, forget: Forget) -> None:
        if notice.get("type") != "message":
            return
        data = notice.get("data")
        text = data.decode("ascii", "replace") if isinstance(data, bytes) else str(data)
        origin, _, stored_id = text.partition(" ")
        if origin == self._origin or not stored_id:
            return
        try:
            await forget(stored_id)
        except Exception:  # noqa: BLE001 - one failure must not stop the listener
            logger.exception("Could not forget a conversation erased on another replica")


def from_env() -> Optional[ErasureBroadcast]:
    url = broadcast_url()
    return ErasureBroadcast(url) if url else None
