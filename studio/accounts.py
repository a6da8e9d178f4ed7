"""Staff accounts of the studio: one per person, never a shared password.

Passwords are stored only as Argon2 hashes (argon2-cffi). After
STUDIO_MAX_FAILURES wrong passwords in a row an account is locked for
STUDIO_LOCKOUT_MINUTES; `unlock` ends a lock early.

    python -m studio.accounts add NAME --role editor|translator|publisher [--email ADDRESS]
    python -m studio.accounts password NAME
    python -m studio.accounts unlock NAME
    python -m studio.accounts remove NAME
    python -m studio.accounts list

The password is asked twice at the terminal, or read from standard input
with --password-stdin (one line), for scripts.
"""

import argparse
import getpass
import json
import os
import re
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assistant.text import fold
from staff.messages import Message, add_language_option, in_language, reader_language, say
from studio import settings as studio_settings

ROLES = ("editor", "translator", "publisher")
MIN_PASSWORD_CHARS = 12
_NAME = re.compile(r"^[^\x00-\x1f<>\"]{2,60}$")
_hasher = PasswordHasher()
# Hashing a wrong name too takes as long as a real check, so the time of an
# answer does not tell which names exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


@dataclass
class Account:
    name: str
    role: str
    email: str
    password_hash: str
    failures: int = 0
    locked_until: Optional[str] = None  # ISO time, UTC

    def locked_at(self, now: datetime) -> bool:
        return bool(self.locked_until) and datetime.fromisoformat(str(self.locked_until)) > now


class SignIn(Enum):
    OK = "ok"
    WRONG = "wrong"      # unknown name or wrong password: the same answer for both
    LOCKED = "locked"


class AccountError(ValueError):
    """A request about accounts that cannot be done; the message says why."""


class Accounts:
    """The accounts file (JSON, owner-only), read and written whole."""

    def __init__(self, path: Path, max_failures: int = 5, lockout: timedelta = timedelta(minutes=15)):
        self.path = Path(path)
        self.max_failures = max_failures
        self.lockout = lockout
        self._lock = threading.Lock()

    def _read(self) -> Dict[str, Account]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {item["name"].casefold(): Account(**item) for item in data.get("accounts", [])}

    def _write(self, accounts: Dict[str, Account]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"accounts": [asdict(a) for a in accounts.values()]}, indent=2, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".accounts-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:  # mkstemp: readable by the owner only
            out.write(body)
        os.replace(temporary, self.path)

    def get(self, name: str) -> Optional[Account]:
        return self._read().get(name.strip().casefold())

    def all(self) -> List[Account]:
        return sorted(self._read().values(), key=lambda a: a.name.casefold())

    def add(self, name: str, role: str, password: str, email: str = "") -> Account:
        name = " ".join(name.split())
        if not valid_name(name):
            raise AccountError(Message("account_bad_name"))
        if role not in ROLES:
            raise AccountError(Message("account_bad_role"))
        check_password(password)
        with self._lock:
            accounts = self._read()
            if name.casefold() in accounts:
                raise AccountError(Message("account_exists", name=name))
            email = email.strip() or default_email(name)
            accounts[name.casefold()] = Account(name, role, email, _hasher.hash(password))
            self._write(accounts)
            return accounts[name.casefold()]

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        self._update(name, lambda a: setattr(a, "password_hash", _hasher.hash(password)))

    def unlock(self, name: str) -> None:
        def clear(account: Account) -> None:
            account.failures, account.locked_until = 0, None
        self._update(name, clear)

    def remove(self, name: str) -> None:
        with self._lock:
            accounts = self._read()
            if accounts.pop(name.strip().casefold(), None) is None:
                raise AccountError(Message("account_unknown", name=name))
            self._write(accounts)

    def _update(self, name: str, change) -> None:
        with self._lock:
            accounts = self._read()
            account = accounts.get(name.strip().casefold())
            if account is None:
                raise AccountError(Message("account_unknown", name=name))
            change(account)
            self._write(accounts)

    def sign_in(self, name: str, password: str, now: Optional[datetime] = None) -> Tuple[SignIn, Optional[Account]]:
        """Checks a password, counting failures and locking the account after too many."""
        now = now or datetime.now(timezone.utc)
        with self._lock:
            accounts = self._read()
            account = accounts.get(name.strip().casefold())
            if account is None:
                _verify(_DUMMY_HASH, password)
                return SignIn.WRONG, None
            if account.locked_at(now):
                return SignIn.LOCKED, account
            if account.locked_until:  # the lock has run out: a fresh count
                account.failures, account.locked_until = 0, None
            if _verify(account.password_hash, password):
                account.failures = 0
                if _hasher.check_needs_rehash(account.password_hash):
                    account.password_hash = _hasher.hash(password)
                self._write(accounts)
                return SignIn.OK, account
            account.failures += 1
            if account.failures >= self.max_failures:
                account.locked_until = (now + self.lockout).isoformat()
            self._write(accounts)
            return (SignIn.LOCKED if account.locked_until else SignIn.WRONG), account


def valid_name(name: str) -> bool:
    """Whether `name` can be a staff member's name: 2 to 60 characters,
    no control characters, < > or \" (it is the author of git commits)."""
    return bool(_NAME.match(name))


def default_email(name: str) -> str:
    """The address shown in the history for someone without one:
    "Alex Martin" -> alex.martin@staff.invalid."""
    return f"{re.sub(r'[^a-z0-9]+', '.', name.casefold()).strip('.')}@staff.invalid"


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AccountError(Message("account_short_password", count=MIN_PASSWORD_CHARS))


def from_settings(settings: studio_settings.Settings) -> Accounts:
    return Accounts(settings.accounts_file, settings.max_failures, timedelta(minutes=settings.lockout_minutes))


# Role names as French-speaking staff write them -> the studio's roles.
ROLE_NAMES = {"redaction": "editor", "redacteur": "editor", "redactrice": "editor",
              "traduction": "translator", "traducteur": "translator", "traductrice": "translator",
              "publication": "publisher", **{role: role for role in ROLES}}


def role_named(text: str) -> str:
    """'editor', 'rédactrice', 'Traduction' -> the studio's role; AccountError otherwise."""
    role = ROLE_NAMES.get(fold(text).strip())
    if role is None:
        raise AccountError(Message("account_bad_role"))
    return role


def _ask_password(from_stdin: bool, lang: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(say(lang, "account_password_prompt", count=MIN_PASSWORD_CHARS))
    if getpass.getpass(say(lang, "account_password_again")) != first:
        raise AccountError(Message("account_passwords_differ"))
    return first


def main(argv: Sequence[str] = ()) -> int:
    parser = argparse.ArgumentParser(prog="python -m studio.accounts", description="Staff accounts of the studio.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="editor, translator or publisher (or rédaction, "
                     "traduction, publication)")
    add.add_argument("--email", default="", help="shown as the author of this person's changes in git")
    add.add_argument("--password-stdin", action="store_true")
    password = commands.add_parser("password", help="set a new password")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true")
    for command in ("unlock", "remove"):
        commands.add_parser(command).add_argument("name")
    commands.add_parser("list")
    add_language_option(parser)
    args = parser.parse_args(list(argv))
    lang = reader_language(args.lang)
    try:
        accounts = from_settings(studio_settings.load())
        if args.command == "add":
            # Everything that can be refused is refused before the password is typed.
            role, name = role_named(args.role), " ".join(args.name.split())
            if not valid_name(name):
                raise AccountError(Message("account_bad_name"))
            if accounts.get(name):
                raise AccountError(Message("account_exists", name=name))
            account = accounts.add(name, role, _ask_password(args.password_stdin, lang), args.email)
            print(say(lang, "account_created", name=account.name, role=account.role, path=accounts.path))
        elif args.command == "password":
            accounts.set_password(args.name, _ask_password(args.password_stdin, lang))
            print(say(lang, "account_password_set", name=args.name))
        elif args.command == "unlock":
            accounts.unlock(args.name)
            print(say(lang, "account_unlocked", name=args.name))
        elif args.command == "remove":
            accounts.remove(args.name)
            print(say(lang, "account_removed", name=args.name))
        else:
            now = datetime.now(timezone.utc)
            for item in accounts.all():
                state = "locked" if item.locked_at(now) else "active"
                print(f"{item.name:<30} {item.role:<11} {item.email:<35} {state}")
    except (AccountError, studio_settings.SettingError) as error:
        print(say(lang, "account_error", error=in_language(error.args[0], lang)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
