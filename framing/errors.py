"""The one exception type for user errors.

Every problem a user can cause (a bad file, a bad lexicon entry, a bad option)
raises :class:`FramingError` with a one-line message that names the file or
entry and says what is wrong. The CLI catches it once and prints that line;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class FramingError(Exception):
    """A user error, reported as one line that names the file or entry."""

    def __init__(self, message: str) -> None:
        # One line, always: newlines in a message would break the CLI contract.
        super().__init__(" ".join(str(message).split()))


class FramingWarning(UserWarning):
    """Something a user should know that does not stop the run (e.g. a folder
    entry that is not a regular file, so not read); the CLI prints it as one
    ``framing: warning: …`` line."""
