"""Every error heelraise raises on purpose, as one tree.

    HeelraiseError                 root: carries a plain, user-facing message
    ├── InvalidInput               a document or form the user gave us is wrong
    │   └── InvalidCase            a case document broke the contract; one Problem per field
    ├── KnowledgeError             a knowledge file is broken: names the file and key
    ├── ImportFailed               an activity file could not be read: names the file and why
    │   ├── NotAnActivity          a readable file holding no activity (settings, monitoring)
    │   ├── TooLarge               a file or member expands past a decompression limit (a bomb?)
    │   └── Implausible            an activity whose values cannot be real (55,044 km, year 2125)
    ├── StoreError                 the journal database refused an operation
    ├── JournalError               the journal cannot do what was asked, as asked
    │   ├── UnknownPerson          no one by that name in this journal
    │   ├── UnknownActivity        no activity with that id among the person's
    │   ├── NoTriage               no triage answers on or before the day asked about
    │   ├── AlreadySetUp           `init --from-case` for someone who has records
    │   ├── CheckInExists          that day has a check-in (replace only when told to)
    │   ├── PersonExists           import refused: the person already has data
    │   ├── NotSQLite              backup and restore are for SQLite journals only
    │   └── FileInTheWay           `data export` to a file that exists (replace only when told)
    └── AccountError               accounts: who is signed in, and what they may see
        ├── NotSignedIn            no valid session (or a wrong name or password)
        │   └── SignInLocked       too many failed sign-ins for that name: wait `retry_after` s
        ├── NotAllowed             signed in, but this person's data is not theirs to see
        ├── UnknownLogin           no login by that name
        └── UserExists             a login by that name already exists

The command line catches `HeelraiseError` at its boundary, prints the message
(one `field: message` line per Problem) and exits non-zero without a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class HeelraiseError(Exception):
    """Root of heelraise's own errors; `str(error)` is fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input, located by a dotted field path."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInput(HeelraiseError):
    """Input from the user is wrong; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InvalidCase(InvalidInput):
    """A case document does not meet `heelraise.case/1`."""


class KnowledgeError(HeelraiseError):
    """A knowledge file failed validation; start-up stops here."""

    def __init__(self, file: str, key: str, message: str) -> None:
        self.file = file
        self.key = key
        where = f"{file}: {key}" if key else file
        super().__init__(f"{where}: {message}")


class ImportFailed(HeelraiseError):
    """An activity file or archive member could not be imported."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class NotAnActivity(ImportFailed):
    """A well-formed file that is not an activity (settings, monitoring, workout, ...)."""


class TooLarge(ImportFailed):
    """A file or archive member would expand past a decompression limit; nothing of it is
    kept. The reason names the limit (`expands beyond the 200 MB limit for one file`)."""


class Implausible(ImportFailed):
    """An activity whose values cannot be real: not stored; the reason names the value."""


class StoreError(HeelraiseError):
    """The journal database could not do what was asked."""


class JournalError(HeelraiseError):
    """The journal cannot do what was asked, as asked; the message says what to do."""


class UnknownPerson(JournalError):
    """No person by that name in this database."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no one called {name!r} in this journal (run `heelraise init` first)")


class UnknownActivity(JournalError):
    """No activity with that id among this person's (never says whether someone else has one)."""

    def __init__(self, activity_id: int) -> None:
        self.activity_id = activity_id
        super().__init__(f"no activity {activity_id} among this person's activities")


class NoTriage(JournalError):
    """The person has no triage answers recorded on or before the day asked about."""


class AlreadySetUp(JournalError):
    """`init --from-case` for someone who already has records."""


class CheckInExists(JournalError):
    """A check-in is already recorded for that day (replace it only when told to)."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        super().__init__(f"a check-in for {day} is already recorded")


class PersonExists(JournalError):
    """Import refused: the person already has data in this database."""


class NotSQLite(JournalError):
    """Backup and restore work on SQLite journals only."""


class FileInTheWay(JournalError):
    """An export would replace a file that exists: nothing written unless told to."""

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(f"{path} already exists: nothing written (use --force to replace it)")


class AccountError(HeelraiseError):
    """Accounts: signing in, and whose data a login may see."""


class NotSignedIn(AccountError):
    """No valid session, or a wrong name or password (never says which)."""


class SignInLocked(NotSignedIn):
    """Too many failed sign-ins for a name: refused, even with the right password, until
    the cooling-off period ends (`retry_after` seconds from now)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        minutes = max(1, -(-retry_after // 60))
        wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
        super().__init__(f"too many failed sign-ins for this name; try again in {wait}")


class NotAllowed(AccountError):
    """Signed in, but the person asked about is not this login's to see or change."""


class UnknownLogin(AccountError):
    """No login by that name (`users passwd`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"no login called {name!r}")


class UserExists(AccountError):
    """`users add` for a name that already has a login."""
