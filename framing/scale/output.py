"""Writing a run's outputs: never destroy a file, never leave half of one.

Every command writes through this module, and it holds the rules in one place:

* **Refuse, before any work is written, an output that is an input.** An output
  path that resolves (real path, or the same inode for a hard link) to a file
  the run reads — an article, a ``metadata.csv``, a lexicon — or to another
  output of the same run is a user error (:func:`plan_outputs`).
* **A regular file is replaced atomically.** The data goes to a temporary file
  in the target's folder; only once everything is written is it renamed over
  the target. The new file gets the mode a plain ``open`` would have given
  (an existing file's mode, else ``0o666`` less the umask); a symlink keeps
  pointing where it did (its target is replaced, not the link).
  (A writable file in a folder where no file may be created is the one
  exception: its data waits in the system's temporary folder and is copied
  into it once complete.)
* **Anything else is written in place, streaming** (``-`` and ``/dev/stdout``,
  devices such as ``/dev/null``, FIFOs): nothing is ever renamed over a device
  (as root, that would replace ``/dev/null`` with a regular file). The data
  waits in an anonymous temporary file until the run has succeeded, so the
  destination is opened only when the data is ready.
* **Temporary files never outlive the run.** On Linux they are anonymous
  (``O_TMPFILE``: the kernel frees them even on SIGKILL or an out-of-memory
  kill) and get a name only for the instant before the rename; elsewhere they
  are removed on every exit path (exceptions, Ctrl-C, and SIGTERM, which
  :func:`signals_as_exceptions` turns into an exception).

Example
-------
>>> import io, os, tempfile
>>> folder = tempfile.mkdtemp()
>>> target = os.path.join(folder, "out.csv")
>>> write_text("a,b\\n", target)
>>> open(target).read()
'a,b\\n'
>>> sorted(os.listdir(folder))                       # no temporary file left
['out.csv']
>>> out = io.StringIO(); write_text("x\\n", None, stdout=out); out.getvalue()
'x\\n'
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import shutil
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from framing.errors import FramingError

__all__ = ["STDOUT", "Target", "Pending", "Terminated", "plan_outputs", "signals_as_exceptions",
           "temp_name", "write_text", "written"]

#: The output name that means standard output (as ``None`` does).
STDOUT = "-"

#: Names that are the process's own standard streams, whatever they point to
#: (``/dev/stdout`` may resolve to a regular file the shell opened: writing
#: there must not replace that file, but append to the stream).
_STANDARD = {"/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1,
             "/dev/stderr": 2, "/dev/fd/2": 2, "/proc/self/fd/2": 2}

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Target:
    """Where one output goes.

    ``label`` names it in messages (the path as given, or ``stdout``);
    ``kind`` is ``"stdout"``, ``"file"`` (a regular file, replaced
    atomically: ``path`` is the real path, ``mode`` its permission bits) or
    ``"stream"`` (a device, FIFO or standard stream, written in place).
    """

    label: str
    kind: str
    path: str | None = None
    mode: int = 0o644
    fd: int | None = None  # for "stream": a standard stream's descriptor
    owner: tuple[int, int] | None = None  # an existing file's (uid, gid)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _umask() -> int:
    """The process's umask, without changing it (Linux: /proc), else read by
    setting it and back (the CLI is single-threaded there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target(label: str, given: str | None) -> Target:
    """Classify one output (see :class:`Target`); raise for one that cannot be."""
    if given is None or given == STDOUT:
        return Target("stdout", "stdout")
    if given == "":
        raise FramingError(f"{label}: the file name is empty")
    if given in _STANDARD:
        return Target(given, "stream", given, fd=_STANDARD[given])
    if given.endswith(("/", os.sep)):
        raise FramingError(f"{given}: ends with {given[-1]}, so names a folder; give a file name")
    real = os.path.realpath(given)
    try:
        st = os.stat(real)
    except FileNotFoundError:
        folder = os.path.dirname(real)
        if not os.path.isdir(folder):
            raise FramingError(f"{given}: cannot write: no such folder "
                               f"{os.path.dirname(given) or '.'}") from None
        return Target(given, "file", real, 0o666 & ~_umask())
    except OSError as error:
        raise FramingError(f"{given}: cannot write: {error.strerror}") from None
    if stat.S_ISDIR(st.st_mode):
        raise FramingError(f"{given}: is a folder; give a file name "
                           f"(e.g. {os.path.join(given, 'out.csv')})")
    if not stat.S_ISREG(st.st_mode):
        return Target(given, "stream", real)  # /dev/null, a FIFO, a tty: never renamed over
    if not os.access(real, os.W_OK):
        raise FramingError(f"{given}: cannot write: the file is read-only")
    return Target(given, "file", real, stat.S_IMODE(st.st_mode), owner=(st.st_uid, st.st_gid))


def plan_outputs(outputs: Mapping[str, str | None],
                 inputs: Iterable[str | os.PathLike] = ()) -> dict[str, Target]:
    """Check a run's outputs against its inputs and each other, before any work.

    Parameters
    ----------
    outputs
        Option label → path as given (``None`` or ``"-"``: standard output).
    inputs
        Every file the run reads (articles, ``metadata.csv``, lexicons).

    Raises
    ------
    FramingError
        One line naming the output: it is an input, another output, a folder,
        in a missing folder, read-only or empty.

    >>> plan_outputs({"--output": "-"})["--output"].kind
    'stdout'
    >>> plan_outputs({"--output": "x.csv", "--skipped": "./x.csv"})
    Traceback (most recent call last):
    framing.errors.FramingError: ./x.csv: is also the --output file; give another name
    """
    read: dict[object, str] = {}
    for path in inputs:
        path = os.fspath(path)
        read.setdefault(os.path.realpath(path), path)
        ident = _identity(path)
        if ident is not None:
            read.setdefault(ident, path)
    targets: dict[str, Target] = {}
    taken: dict[object, str] = {}
    for label, given in outputs.items():
        target = _target(label, given)
        keys: list[object] = []
        if target.kind == "stdout" or target.fd is not None:
            keys.append("<stdout>" if target.fd in (None, 1) else "<stderr>")
        elif target.path is not None:
            keys.append(target.path)
            ident = _identity(target.path)
            if ident is not None:
                keys.append(ident)
        for key in keys:
            if key in read:
                same = "" if read[key] == target.label else f" (the same file as {read[key]})"
                raise FramingError(f"{target.label}: is an input of this run{same}; "
                                   "writing it would destroy it")
            if key in taken and target.path != os.devnull:
                raise FramingError(f"{target.label}: is also the {taken[key]} "
                                   f"{'output' if target.kind == 'stdout' else 'file'}; "
                                   "give another name")
        for key in keys:
            taken.setdefault(key, label)
        targets[label] = target
    return targets


def temp_name(folder: str, name: str) -> str:
    """A fresh hidden name for a temporary file beside ``name`` in ``folder``,
    ``.NAME.RANDOM.part``, shortened so that it fits the file system's limit
    on a name (NAME_MAX, in bytes: a legal 250-byte Arabic name has no room
    for the decoration).

    >>> len(os.fsencode(os.path.basename(temp_name("/tmp", "ح" * 125)))) <= 255
    True
    """
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    tail = f".{secrets.token_hex(4)}.part"
    room = max(1, limit - 1 - len(tail))
    raw = os.fsencode(name)
    if len(raw) > room:
        raw = raw[:room]
        while raw:  # cut on a character boundary (UTF-8 continuation bytes are 10xxxxxx)
            try:
                raw.decode("utf-8")
                break
            except UnicodeDecodeError:
                raw = raw[:-1]
    return os.path.join(folder, "." + os.fsdecode(raw) + tail)


class Pending:
    """One output being written: a temporary file, committed or discarded.

    ``file`` is a binary file object on the temporary file; :meth:`text`
    wraps it for UTF-8 text with ``\\n`` line ends.
    """

    def __init__(self, target: Target, stdout: io.TextIOBase | None = None) -> None:
        self.target, self.stdout = target, stdout
        self.named: str | None = None  # a named temporary file (no O_TMPFILE)
        self.in_place = target.kind != "file"  # copied into the target at commit
        folder = os.path.dirname(target.path) if target.kind == "file" else tempfile.gettempdir()
        try:
            self.fd = self._open_temp(folder)
        except PermissionError as error:
            if target.kind != "file" or not os.access(target.path, os.W_OK):
                raise FramingError(f"{target.label}: cannot write: {error.strerror}") from None
            # a writable file in a folder we may not create files in: the data
            # waits elsewhere and is copied into the file once complete (not
            # atomic, but nothing is touched before the data is ready)
            folder, self.in_place = tempfile.gettempdir(), True
            self.fd = self._open_temp(folder)
        self.folder = folder
        # the writer gets its own descriptor: closing its file object (pyarrow
        # does) must not close the one the commit links and syncs
        self.file = os.fdopen(os.dup(self.fd), "w+b")
        self._text: io.TextIOWrapper | None = None

    def _open_temp(self, folder: str) -> int:
        flag = getattr(os, "O_TMPFILE", 0)
        try:
            if flag:
                try:
                    return os.open(folder, flag | os.O_RDWR, 0o600)
                except OSError:
                    pass  # a file system without O_TMPFILE: a named file instead
            name = temp_name(folder, os.path.basename(self.target.path or "framing"))
            fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            self.named = name
            return fd
        except PermissionError:
            raise
        except OSError as error:
            raise FramingError(f"{self.target.label}: cannot write: {error.strerror}") from None

    def text(self) -> io.TextIOWrapper:
        """The temporary file as UTF-8 text (one wrapper per output)."""
        if self._text is None:
            self._text = io.TextIOWrapper(self.file, encoding="utf-8", newline="\n",
                                          write_through=False)
        return self._text

    def _flush(self) -> None:
        if self._text is not None and not self._text.closed:
            self._text.flush()
        if not self.file.closed:
            self.file.flush()

    def commit(self) -> None:
        """Put the data where it belongs: rename over a regular file, copy to a stream."""
        self._flush()
        if self.in_place:
            self._copy_out()
        else:
            self._replace()
        self.discard()

    def _replace(self) -> None:
        target = self.target
        os.fchmod(self.fd, target.mode)
        if target.owner is not None and os.geteuid() == 0:
            try:  # root replacing someone's file: it stays theirs, as open("w") would leave it
                os.fchown(self.fd, *target.owner)
            except OSError:
                pass
        os.fsync(self.fd)
        if self.named is None:  # give the anonymous file a name, for the instant of the rename
            self.named = temp_name(self.folder, os.path.basename(target.path))
            _link_open_file(self.fd, self.named)
        os.replace(self.named, target.path)
        self.named = None

    def _copy_out(self) -> None:
        os.lseek(self.fd, 0, os.SEEK_SET)
        source = os.fdopen(os.dup(self.fd), "rb")
        with source:
            if self.target.kind == "stdout" or self.target.fd == 1:
                _copy_to_text_stream(source, self.stdout if self.stdout is not None
                                     else sys.stdout)
            elif self.target.fd == 2:
                _copy_to_text_stream(source, sys.stderr)
            else:
                # a device or FIFO: appended to (never truncated, never created);
                # a regular file we may only write into: truncated, now that the data is ready
                regular = self.target.kind == "file"
                fd = os.open(self.target.path, os.O_WRONLY | os.O_NOCTTY
                             | (os.O_TRUNC if regular else os.O_APPEND))
                with os.fdopen(fd, "wb") as out:
                    shutil.copyfileobj(source, out, _CHUNK)

    def discard(self) -> None:
        """Close and remove the temporary file (idempotent)."""
        for f in (self._text, self.file):
            if f is not None and not f.closed:
                try:
                    f.close()
                except (OSError, ValueError):
                    pass
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.named is not None:
            try:
                os.unlink(self.named)
            except FileNotFoundError:
                pass
            self.named = None


def _link_open_file(fd: int, name: str) -> None:
    """Give the anonymous (``O_TMPFILE``) file open as ``fd`` the name ``name``:
    ``linkat(…, "/proc/self/fd/N", …, AT_SYMLINK_FOLLOW)``, as open(2)
    documents (``os.link`` calls plain ``link``, which does not follow
    /proc's link to the file); else a copy under that name."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    at_fdcwd, at_symlink_follow = -100, 0x400
    if libc.linkat(at_fdcwd, os.fsencode(f"/proc/self/fd/{fd}"), at_fdcwd, os.fsencode(name),
                   at_symlink_follow) == 0:
        return
    copy = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IMODE(os.fstat(fd).st_mode))
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        while chunk := os.read(fd, _CHUNK):
            os.write(copy, chunk)
        os.fsync(copy)
    finally:
        os.close(copy)


def _copy_to_text_stream(source: io.BufferedReader, stream) -> None:
    """Copy UTF-8 bytes to a text stream: to its buffer when it has one."""
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        shutil.copyfileobj(source, buffer, _CHUNK)
        buffer.flush()
        return
    text = io.TextIOWrapper(source, encoding="utf-8", newline="")
    while chunk := text.read(_CHUNK):
        stream.write(chunk)
    stream.flush()


@contextmanager
def written(targets: Sequence[Target], stdout: io.TextIOBase | None = None
            ) -> Iterator[list[Pending]]:
    """Prepare every output, let the caller write them, commit all or none.

    All temporary files are created first (an unwritable folder fails
    before any output is touched); they are committed only when the block
    ends without an exception — streams first, then every rename with
    SIGINT and SIGTERM held, so the files appear together — and removed on
    every exit path.
    A character that cannot be written as UTF-8 (a lone surrogate from a
    JSON escape or a mis-encoded file name) is a user error.
    """
    pending: list[Pending] = []
    try:
        for target in targets:
            pending.append(Pending(target, stdout))
        label = pending[0].target.label if pending else "output"
        try:
            yield pending
        except UnicodeEncodeError as error:
            bad = error.object[error.start:error.end]
            raise FramingError(f"{label}: cannot write {bad!r}: not a valid Unicode character "
                               "(a lone surrogate, e.g. from a JSON escape or a non-UTF-8 file "
                               "name)") from None
        except OSError as error:
            if error.filename is not None or isinstance(error, BrokenPipeError):
                raise  # an input's problem (named), or `| head`
            raise FramingError(f"{label}: cannot write: {error.strerror}") from None
        # every temporary file complete before any commit; then the copies
        # to streams (they may block on a reader: Ctrl-C must still work);
        # then the renames, with signals held until all are done, so that
        # a run's files appear together or not at all
        copies = [p for p in pending if p.in_place]
        renames = [p for p in pending if not p.in_place]
        for step, group, hold in (("_flush", pending, False), ("commit", copies, False),
                                  ("commit", renames, True)):
            with _signals_held() if hold else contextlib.nullcontext():
                for p in group:
                    try:
                        getattr(p, step)()
                    except BrokenPipeError:
                        raise
                    except OSError as error:  # a full disk, /dev/full, a closed stream
                        raise FramingError(f"{p.target.label}: cannot write: "
                                           f"{error.strerror}") from None
    finally:
        for p in pending:
            p.discard()


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the block (delivered when it ends)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_text(text: str, output: str | None, *, inputs: Iterable[str | os.PathLike] = (),
               stdout: io.TextIOBase | None = None, label: str = "--output") -> None:
    """Write ``text`` (UTF-8, ``\\n``) to ``output`` by the rules above
    (``None`` or ``"-"``: ``stdout``)."""
    targets = plan_outputs({label: output}, inputs)
    with written(list(targets.values()), stdout) as (out,):
        out.text().write(text)


# ---------------------------------------------------------------------------
# Signals
# ---------------------------------------------------------------------------


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as an exception so that every ``finally`` runs (a
    KeyboardInterrupt subclass: nothing that catches ``Exception`` stops it)."""


def check_new_folder(path: str | os.PathLike, command: str) -> Path:
    """``path`` resolved, when it can take a command's folder of outputs: it
    does not exist yet or is an empty folder. A folder of files is never
    written into: nothing a run did not create is replaced.

    >>> check_new_folder("no/such/folder", "framing annotate").name
    'folder'
    """
    folder = Path(path).resolve()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FramingError(f"{path}: exists and is not an empty folder; {command} writes "
                           "into a new folder")
    return folder


@contextmanager
def new_folder(path: str | os.PathLike, command: str) -> Iterator[Path]:
    """Build a folder of outputs in a temporary folder beside ``path``, and
    move it into place only when the block ends without an exception (a
    failed or interrupted run leaves nothing behind).

    >>> with new_folder(tmp / "pages", "framing annotate") as staged:  # doctest: +SKIP
    ...     (staged / "index.html").write_text("…")
    """
    folder = check_new_folder(path, command)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}.", dir=folder.parent))
    except OSError as error:
        raise FramingError(f"{folder.parent}: cannot write: {error.strerror}") from None
    try:
        yield staged
        check_new_folder(path, command)  # still new: nothing appeared there meanwhile
        with _signals_held():
            if folder.exists():
                folder.rmdir()
            staged.rename(folder)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _raise_terminated(signum, frame) -> None:
    raise Terminated()


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (SIGINT already
    raises KeyboardInterrupt), so temporary files are removed on the way out.
    Only in the main thread; the previous handler is restored afterwards."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def worker_signals() -> None:
    """In a worker process: die quietly on SIGTERM (the parent terminates the
    pool) and leave Ctrl-C to the parent (the terminal sends it to all)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def input_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """The files a run reads from its inputs (what an output must not be):
    each file given, in each folder its ``.txt`` files and ``metadata.csv``,
    and the package's bundled data (lexicons, markers).

    >>> any(p.endswith("framing.yaml") for p in input_files([]))
    True
    """
    out: list[str] = [str(p) for p in (Path(__file__).parents[1] / "data").rglob("*")]
    for path in map(Path, paths):
        out.append(str(path))
        if path.is_dir():
            try:
                out += [str(p) for p in path.iterdir()
                        if p.suffix.lower() == ".txt" or p.name == "metadata.csv"]
            except OSError:
                pass  # the reader reports an unreadable folder
    return out
