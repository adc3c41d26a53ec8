"""``framing ARGV`` run in the test's own process, for the CLI tests of every
module: one helper, so each test file reads its exit status, stdout and
stderr the same way."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout

from framing.cli import main


def run(*argv: object) -> tuple[int, str, str]:
    """``framing ARGV`` in this process: (exit status, stdout, stderr).
    Arguments may be paths; argparse's own exits are caught."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exit_:  # argparse
            code = exit_.code
    return code, out.getvalue(), err.getvalue()
