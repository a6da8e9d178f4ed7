"""Records every network call a Python process makes, for the test that no
connection leaves the machine (tests/privacy/test_e2e_privacy.py).

Put this folder on PYTHONPATH and set NETWORK_AUDIT_LOG to a file: Python
imports `sitecustomize` at start-up, and the audit hook then appends one JSON
line per socket connect, sendto, bind and name lookup, whichever library
makes it (asyncio, aiohttp, requests, urllib3, sentry...).
"""

import json
import os
import sys

_LOG = os.environ.get("NETWORK_AUDIT_LOG")
_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind", "socket.getaddrinfo",
           "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr"}


def _address(value):
    if isinstance(value, (tuple, list)):
        return [_address(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if isinstance(value, (str, int, float, type(None))) else repr(value)


def _hook(event, args):
    if event not in _EVENTS:
        return
    try:
        record = {"pid": os.getpid(), "event": event}
        if event in ("socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind"):
            sock = args[0]
            record["family"] = int(sock.family)
            record["address"] = _address(args[-1] if event != "socket.sendmsg" else args[1])
        else:
            record["host"] = _address(args[0])
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
    except Exception:  # noqa: BLE001 - auditing must never break the process
        pass


if _LOG:
    sys.addaudithook(_hook)
