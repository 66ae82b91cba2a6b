"""The one exception family for problems in the user's notes.

Every message has the shape ``seeds/<file>:<line>: <what is wrong> — <how to fix it>`` so that
an editor or terminal can jump to the spot and the user knows what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass


class NotesError(Exception):
    """A problem in a notes file that the author can fix."""

    def __init__(self, path: str, line: int, what: str, fix: str) -> None:
        self.path = path
        """Display path of the notes file, e.g. ``seeds/traba-preparation.md``."""
        self.line = line
        """1-based line the problem is on (1 when it concerns the whole file)."""
        self.what = what
        self.fix = fix
        super().__init__(f"{path}:{line}: {what} — {fix}")


@dataclass(frozen=True, slots=True)
class NotesWarning:
    """Something worth telling the author that still leaves a usable handbook."""

    path: str
    line: int
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} — {self.fix}"
