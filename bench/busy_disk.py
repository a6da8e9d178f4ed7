"""Another program writing to the same disk, for `--busy-disk` runs.

These machines share their disk with other people's builds; a conversation
database that waits for the disk on every turn feels it, the starter bot
(conversations in memory) does not. This writer makes that condition
repeatable: it appends 4 MiB and waits for the disk (fsync), over and over,
in a separate process, until stopped.
"""

import multiprocessing
import os
import time
from pathlib import Path

CHUNK = b"\0" * 4 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024


def _write_until(stop, syncs, path: str) -> None:
    with open(path, "wb") as file:
        while not stop.is_set():
            file.write(CHUNK)
            file.flush()
            os.fsync(file.fileno())
            with syncs.get_lock():
                syncs.value += 1
            if file.tell() >= MAX_FILE_BYTES:
                file.seek(0)
                file.truncate()
    os.unlink(path)


class BusyDisk:
    """`with BusyDisk(folder) as disk:` ... `disk.syncs_per_second` afterwards."""

    def __init__(self, folder: Path):
        self.path = str(Path(folder) / "busy-disk.bin")
        self.syncs_per_second = None
        self._stop = multiprocessing.Event()
        self._syncs = multiprocessing.Value("l", 0)
        self._process = multiprocessing.Process(target=_write_until, name="busy-disk",
                                                args=(self._stop, self._syncs, self.path))

    def __enter__(self) -> "BusyDisk":
        self._started = time.perf_counter()
        self._process.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._process.join(timeout=30)
        seconds = time.perf_counter() - self._started
        self.syncs_per_second = round(self._syncs.value / seconds, 1) if seconds else None
