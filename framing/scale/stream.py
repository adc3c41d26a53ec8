"""Scoring a large corpus: streaming readers, shards, engines and writers.

This module streams a corpus through the one per-article engine
(:class:`framing.measure.engine.Engine`) in bounded memory, on one core, on local
worker processes, or on Dask: one score row per article
(:class:`framing.measure.scorer.Scorer`, ``framing score``: the rows of
``score_articles(*measure(...))``) or one row per mention
(``table="mentions"``, ``framing mentions``: the rows of ``measure(...)[0]``),
without building a table.

Inputs
------
* a ``.jsonl`` file: one JSON object per line with ``id`` (string or integer)
  and ``text`` (string); other fields are metadata (ignored by the scores).
  Blank lines are ignored.
* a ``.parquet`` file with (at least) ``id`` and ``text`` columns.
* a ``.txt`` file or a folder of them (with an optional ``metadata.csv``):
  the rules of :func:`framing.text.corpus.load_corpus`, files read one at a time.

Texts get the corpus rules: CRLF/CR → LF, not empty, some Arabic letters.
Article ids must be unique across all inputs. ``keep`` (``--keep date,outlet``)
carries metadata fields into the output, after the score columns.

Shards: the parallel engines never ship texts from the parent. A JSONL file
is cut into byte ranges at line starts, a Parquet file into row groups (and
row ranges within a large row group), a folder into lists of files; each
worker reads its own shard. Results come back in input order, so the output
does not depend on the engine or the number of workers.

Errors at scale
---------------
Every problem names its place: ``FILE:LINE: problem`` for JSONL,
``FILE: row N: problem`` for Parquet, the corpus messages for text files.
``on_error="fail"`` (the default) stops at the first problem in input order
and writes nothing; ``"skip"`` scores everything else, counts the skipped
articles on stderr and lists them (source, line, id, reason) in a side file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from framing.errors import FramingError
from framing.measure.schema import SCORE_COLUMNS
from framing.measure.scorer import ScoreSettings, _scorer_for
from framing.scale.output import input_files, plan_outputs, worker_signals, written
from framing.text.corpus import (
    _ARABIC_LETTER,
    METADATA_FILE,
    article_date,
    folder_plan,
    verify_checksum,
)

__all__ = [
    "SCORE_COLUMNS",
    "ON_ERROR",
    "FORMATS",
    "ENGINES",
    "Problem",
    "Shard",
    "Summary",
    "default_skipped_path",
    "iter_articles",
    "plan_shards",
    "read_articles",
    "read_shard",
    "score_corpus",
    "score_shard",
    "synthetic_articles",
    "write_jsonl",
    "write_parquet",
]

_INT_COLUMNS = frozenset({
    "tokens", "sentences", "terrorism", "revolution", "legitimising", "delegitimising",
    "terrorism_authorial", "terrorism_quoted", "terrorism_distanced",
    "revolution_authorial", "revolution_quoted", "revolution_distanced",
    "islamists_T", "islamists_R", "islamists_Z", "islamists_n", "adversaries_T",
    "adversaries_R", "adversaries_Z", "adversaries_n", "haftar_L", "haftar_D", "haftar_Z",
    "haftar_n", "jihadists_terrorism",
})
_STR_COLUMNS = frozenset({"article", "haftar_title"})
_BOOL_COLUMNS = frozenset({"refused"})  # of the mentions table
_FLOAT_COLUMNS = frozenset(SCORE_COLUMNS) - _INT_COLUMNS - _STR_COLUMNS
#: the mentions table's integer columns (``title_rank`` may be empty); the
#: others are text
_MENTION_INT_COLUMNS = frozenset({"sentence", "paragraph", "clause", "start", "end",
                                  "token_start", "token_end", "title_rank"})
#: what a run writes: one row per article, or one row per mention
TABLES = ("scores", "mentions")

ON_ERROR = ("fail", "skip")
FORMATS = ("csv", "json", "parquet")
ENGINES = ("local", "dask")
SKIPPED_COLUMNS = ["source", "line", "id", "reason"]


#: Shard sizes: ~4 MB of JSONL per task keeps a worker's memory small and
#: gives a 2-core machine ~150 tasks per 600 MB to balance.
SHARD_BYTES = 4 << 20
PARQUET_SHARD_ROWS = 4096
TEXT_SHARD_FILES = 64



# ===========================================================================
# Inputs: shards and readers
# ===========================================================================


@dataclass(frozen=True)
class Problem:
    """A bad input record, with its place.

    ``unit`` is ``"line"`` (JSONL, ``line`` 1-based), ``"row"`` (Parquet,
    ``line`` is the 1-based row) or ``"file"`` (a text file, ``line`` None).
    ``ordinal`` orders problems and articles within a shard.
    """

    source: str
    line: int | None
    id: str
    reason: str
    unit: str = "line"
    ordinal: int = 0

    def message(self) -> str:
        """The one-line message: ``FILE:LINE: problem`` (``FILE: row N: …``, ``FILE: …``)."""
        if self.unit == "line":
            return f"{self.source}:{self.line}: {self.reason}"
        if self.unit == "row":
            return f"{self.source}: row {self.line}: {self.reason}"
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Shard:
    """A piece of the input that one task reads by itself.

    ``format`` is ``"jsonl"`` (bytes ``[begin, end)``, whole lines),
    ``"parquet"`` (rows ``[begin, end)`` of row group ``row_group``, counted
    from the group's first row; ``first_row`` is that row's number in the
    file) or ``"text"`` (``files``: ``(path, id, metadata, sha256)``).
    ``weight`` drives the progress bar (bytes, rows or files).
    """

    index: int
    format: str
    source: str
    begin: int = 0
    end: int = 0
    row_group: int = -1
    first_row: int = 0
    files: tuple = ()
    weight: int = 0
    name: str = ""  # the input as the user named it, when ``source`` is a spooled copy

    @property
    def display(self) -> str:
        """The input's name in messages."""
        return self.name or self.source


@dataclass
class ShardResult:
    """What a task returns: score rows (in order) with their ordinals, and problems."""

    index: int
    rows: list = field(default_factory=list)
    ordinals: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    kept: set = field(default_factory=set)  # the `keep` fields some article had


_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_PARQUET_SUFFIXES = (".parquet", ".pq")


def _input_path(path: str | Path) -> Path:
    """An input as a path: ``-`` is standard input (read as a stream).

    >>> _input_path("-")
    PosixPath('/dev/stdin')
    """
    return Path("/dev/stdin") if str(path) == "-" else Path(path)


def _input_kind(path: Path) -> str:
    """``folder``, ``stream`` (a pipe, FIFO or device: read once, then by
    content), ``jsonl``, ``parquet`` or ``text``: by the suffixes that say
    it (.jsonl .ndjson, .parquet .pq, .txt), else by content
    (:func:`_sniff`).

    >>> _input_kind(Path("/dev/null"))
    Traceback (most recent call last):
    framing.errors.FramingError: /dev/null: is a device or socket; give a file, a folder or a pipe
    """
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise FramingError(f"{path}: no such file or directory") from None
    except OSError as error:
        raise FramingError(f"{path}: cannot read: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode) or (stat.S_ISCHR(mode) and _is_terminal(path)):
        return "stream"  # a pipe, a FIFO, a terminal: read once
    if not stat.S_ISREG(mode):
        # /dev/zero and /dev/urandom never end, /dev/null is always empty
        raise FramingError(f"{path}: is a device or socket; give a file, a folder or a pipe")
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        return "jsonl"
    if suffix in _PARQUET_SUFFIXES:
        return "parquet"
    if suffix == ".txt":
        return "text"
    return _sniff(path)


def _is_terminal(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


def _sniff(path: str | Path) -> str:
    """What a file holds: ``parquet`` (its magic bytes), ``jsonl`` (its first
    non-blank line is a JSON object), else ``text``."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError as error:
        raise FramingError(f"{path}: cannot read: {error.strerror}") from None
    if head.startswith(b"PAR1"):
        return "parquet"
    first = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if first.startswith(b"[") and first[1:].lstrip().startswith((b"{", b"]")):
        # one JSON document holding a list: neither JSON lines nor an article
        raise FramingError(f"{path}: a JSON array; framing reads JSON lines, one "
                           "{\"id\", \"text\"} object per line (e.g. jq -c '.[]' FILE)")
    return "jsonl" if first.startswith(b"{") else "text"


#: Inputs that are streams, copied to temporary files (removed at exit):
#: ``(path, fd)``.
_SPOOLED: list[tuple[str, int]] = []


def _spool(path: Path) -> tuple[str, str]:
    """Copy a pipe or FIFO (``<(zcat x.jsonl)``, ``/dev/stdin``) to a
    temporary file, so that it is read once and then like any file:
    ``(copy, kind)``, kind by content. An empty stream is an error."""
    import atexit
    import shutil

    if not _SPOOLED:
        atexit.register(_remove_spooled)
    copy, fd = _anonymous_copy()
    _SPOOLED.append((copy, fd))
    try:
        with open(path, "rb") as source, os.fdopen(os.dup(fd), "wb") as out:
            shutil.copyfileobj(source, out, 1 << 20)
    except OSError as error:
        raise FramingError(f"{path}: cannot read: {error.strerror}") from None
    if os.fstat(fd).st_size == 0:
        raise FramingError(f"{path}: the input is empty")
    return copy, _sniff(copy)


def _anonymous_copy() -> tuple[str, int]:
    """A temporary file for a spooled input: ``(path, fd)``. On Linux an
    anonymous one (``O_TMPFILE``: gone when this process ends, however it
    ends), reached by every process of the run, forked or not, through
    ``/proc/PID/fd/N``; elsewhere a named one, removed at exit."""
    import tempfile

    folder = tempfile.gettempdir()
    flag = getattr(os, "O_TMPFILE", 0)
    if flag and os.path.isdir(f"/proc/{os.getpid()}/fd"):
        try:
            fd = os.open(folder, flag | os.O_RDWR, 0o600)
            return f"/proc/{os.getpid()}/fd/{fd}", fd
        except OSError:
            pass
    fd, name = tempfile.mkstemp(prefix="framing-input-", suffix=".part")
    return name, fd


def _remove_spooled() -> None:
    while _SPOOLED:
        name, fd = _SPOOLED.pop()
        try:
            os.close(fd)
            if not name.startswith("/proc/"):
                os.unlink(name)
        except OSError:
            pass


def plan_shards(paths: str | Path | Iterable[str | Path] | None = None, *,
                min_shards: int = 1, shard_bytes: int | None = None) -> list[Shard]:
    """Cut the inputs into shards, in input order (reads only file metadata).

    Parameters
    ----------
    paths
        JSONL or Parquet files, ``.txt`` files, folders of them; None: the seeds.
    min_shards
        Cut each large input into at least this many shards (for workers).
    shard_bytes
        Target size of a JSONL shard (default :data:`SHARD_BYTES`).

    Raises
    ------
    FramingError
        For a problem with a whole input (missing, no ``id``/``text`` column,
        a bad ``metadata.csv``), naming the file.

    >>> [s.format for s in plan_shards()]
    ['text']
    """
    from framing.text.corpus import default_corpus_dir

    if paths is None:
        paths = [default_corpus_dir()]
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    shards: list[Shard] = []
    seen: dict[str, Path] = {}
    for given in map(_input_path, paths):
        if not given.exists():
            raise FramingError(f"{given}: no such file or directory")
        real = os.path.realpath(given)
        if real in seen:  # its articles would all be duplicates
            raise FramingError(f"{given}: given twice as input"
                               + ("" if str(seen[real]) == str(given) else f" (as {seen[real]})"))
        seen[real] = given
        kind = _input_kind(given)
        path, name = given, ""
        if kind == "stream":
            copy, kind = _spool(given)
            path, name = Path(copy), str(given)
        if kind == "jsonl":
            new = _jsonl_shards(path, min_shards, shard_bytes or SHARD_BYTES, name)
        elif kind == "parquet":
            new = _parquet_shards(path, min_shards, name)
        else:
            entries = _folder_entries(path) if kind == "folder" else \
                [(str(path), _stream_id(given) if name else path.stem, (), "")]
            step = max(1, min(TEXT_SHARD_FILES, -(-len(entries) // max(1, min_shards))))
            new = [Shard(0, "text", str(path), files=tuple(entries[k:k + step]),
                         weight=len(entries[k:k + step]))
                   for k in range(0, len(entries), step)]
        for shard in new:
            shards.append(Shard(len(shards), shard.format, shard.source, shard.begin, shard.end,
                                shard.row_group, shard.first_row, shard.files, shard.weight,
                                name))
    return shards


def _stream_id(path: Path) -> str:
    """The id of a text read from a pipe: its name's stem (``/dev/fd/63`` → ``63``)."""
    return path.stem or path.name or "stdin"


def _jsonl_shards(path: Path, min_shards: int, shard_bytes: int, name: str = "") -> list[Shard]:
    size = path.stat().st_size
    if size == 0:
        raise FramingError(f"{name or path}: the file is empty (no JSON lines)")
    n = max(min_shards if size > 64 << 10 else 1, -(-size // shard_bytes))
    cuts = [0]
    with open(path, "rb") as f:
        for k in range(1, n):
            f.seek(size * k // n - 1)
            f.readline()  # to the start of the next line
            pos = f.tell()
            if cuts[-1] < pos < size:
                cuts.append(pos)
    cuts.append(size)
    return [Shard(0, "jsonl", str(path), a, b, weight=b - a) for a, b in zip(cuts, cuts[1:])]


def _parquet_file(path: Path, name: str = ""):
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - the scale extra
        raise FramingError(f"{path}: reading Parquet needs pyarrow "
                           "(pip install 'framing[scale]')") from None
    try:
        return pq.ParquetFile(path)
    except Exception as error:  # pyarrow raises ArrowInvalid, OSError, …
        raise FramingError(f"{name or path}: not a readable Parquet file "
                           f"({' '.join(str(error).split())})") from None


def _parquet_shards(path: Path, min_shards: int, name: str = "") -> list[Shard]:
    pf = _parquet_file(path, name)
    names = pf.schema_arrow.names
    missing = [c for c in ("id", "text") if c not in names]
    if missing:
        raise FramingError(f"{name or path}: no {' or '.join(repr(c) for c in missing)} column "
                           f"(columns: {', '.join(names)})")
    meta = pf.metadata
    if meta.num_rows == 0:
        raise FramingError(f"{name or path}: the Parquet file has no rows")
    groups = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
    per_group = max(1, -(-min_shards // max(1, len(groups))))
    shards = []
    first = 0
    for g, rows in enumerate(groups):
        parts = min(per_group, max(1, rows // 256))
        for k in range(parts):
            a, b = rows * k // parts, rows * (k + 1) // parts
            if b > a:
                shards.append(Shard(0, "parquet", str(path), a, b, row_group=g,
                                    first_row=first, weight=b - a))
        first += rows
    return shards


def _folder_entries(folder: Path) -> list[tuple]:
    """``load_corpus``'s folder rules (:func:`framing.text.corpus.folder_plan`), without
    reading the articles.

    Whole-folder problems raise; a file without its metadata row becomes an
    entry whose reading reports that problem (so it can be skipped).
    """
    entries = []
    for path, article_id, row in folder_plan(folder):
        if row is None:
            entries.append((str(path), article_id, None,
                            f"no row for this file in {folder / METADATA_FILE}"))
        elif not row:
            entries.append((str(path), article_id, (), ""))
        else:
            metadata = tuple((k, v) for k, v in row.items() if k != "id")
            entries.append((str(path), article_id, metadata, row.get("sha256", "").strip().lower()))
    return entries


def read_shard(shard: Shard, *, metadata: bool = False) -> Iterator[tuple | Problem]:
    """The articles of a shard as ``(ordinal, id, text)``, and its problems.

    Texts follow the corpus rules (CRLF/CR → LF; not empty; Arabic letters).
    ``metadata=True`` adds a fourth item: the article's other fields
    (JSONL keys, Parquet columns, ``metadata.csv`` columns) as strings.
    """
    if shard.format == "jsonl":
        yield from _read_jsonl(shard, metadata)
    elif shard.format == "parquet":
        yield from _read_parquet(shard, metadata)
    else:
        yield from _read_text_files(shard, metadata)


def _meta_str(value: object) -> str:
    """A metadata value as text (Article.metadata holds strings)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _article(source: str, place: int, unit: str, article_id: str, text: str,
             meta: dict | None) -> tuple | Problem:
    """A JSONL line's or Parquet row's article once its id and text are
    well typed: the corpus rules (CRLF/CR → LF, not empty, Arabic letters),
    then ``(place, id, text[, meta])``, or the Problem at ``place``."""
    text = _lf(text)
    problem = _check_text(text)
    if problem:
        return Problem(source, place, article_id, problem, unit, place)
    return (place, article_id, text) if meta is None else (place, article_id, text, meta)


def _check_text(text: str) -> str | None:
    """The problem with an article text, or None."""
    if not text.strip():
        return "the text is empty or whitespace only"
    if not _ARABIC_LETTER.search(text):
        return "no Arabic letters in the text"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            return (f"the text has a lone surrogate {text[error.start]!r} at character "
                    f"{error.start + 1} (not valid Unicode: a broken JSON escape)")
    return None


def _lf(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _as_id(value: object) -> str | None:
    """A record's id as text, or None when it is not a usable one (not a
    string or integer, empty, or not valid Unicode)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    value = str(value).strip()
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None  # a lone surrogate ("\udc80"): it could never be written
    return value or None


def _read_jsonl(shard: Shard, metadata: bool = False) -> Iterator[tuple | Problem]:
    source = shard.display
    try:
        with open(shard.source, "rb") as f:
            f.seek(shard.begin)
            data = f.read(shard.end - shard.begin)
    except OSError as error:
        raise FramingError(f"{source}: cannot read: {error.strerror}") from None
    if shard.begin == 0 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()
    loads = json.loads
    for rel, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = len(raw[:exc.start].decode("utf-8", "replace")) + 1
            yield Problem(source, rel, "", f"not valid UTF-8 at column {column} "
                          f"(byte {exc.start + 1} of the line)", "line", rel)
            continue
        if not line.strip():
            continue  # a blank line is not an article
        try:
            record = loads(line)
        except RecursionError:
            yield Problem(source, rel, "", "JSON nested too deeply", "line", rel)
            continue
        except ValueError as exc:
            where = f" (column {exc.colno})" if hasattr(exc, "colno") else ""
            yield Problem(source, rel, "", f"not valid JSON: {getattr(exc, 'msg', exc)}{where}",
                          "line", rel)
            continue
        if not isinstance(record, dict):
            yield Problem(source, rel, "", "expected a JSON object with 'id' and 'text', "
                          f"got {type(record).__name__}", "line", rel)
            continue
        if "id" not in record:
            yield Problem(source, rel, "", "no 'id' field", "line", rel)
            continue
        article_id = _as_id(record["id"])
        if article_id is None:
            yield Problem(source, rel, "", "'id' must be a non-empty string (valid Unicode) "
                          f"or an integer, got {record['id']!r}", "line", rel)
            continue
        text = record.get("text")
        if not isinstance(text, str):
            reason = "no 'text' field" if "text" not in record else \
                f"'text' must be a string, got {type(text).__name__}"
            yield Problem(source, rel, article_id, reason, "line", rel)
            continue
        yield _article(source, rel, "line", article_id, text,
                       {k: _meta_str(v) for k, v in record.items() if k not in ("id", "text")}
                       if metadata else None)


def _read_parquet(shard: Shard, metadata: bool = False) -> Iterator[tuple | Problem]:
    source = shard.display
    pf = _parquet_file(Path(shard.source), shard.name)
    names = pf.schema_arrow.names
    extra = [c for c in names if c not in ("id", "text")] if metadata else []
    pos = 0  # row within the group
    for batch in pf.iter_batches(batch_size=1024, row_groups=[shard.row_group],
                                 columns=["id", "text", *extra], use_threads=False):
        size = batch.num_rows
        if pos + size <= shard.begin:
            pos += size
            continue
        if pos >= shard.end:
            break
        lo, hi = max(shard.begin - pos, 0), min(shard.end - pos, size)
        ids = batch.column(0).slice(lo, hi - lo).to_pylist()
        texts = batch.column(1).slice(lo, hi - lo).to_pylist()
        others = [batch.column(2 + x).slice(lo, hi - lo).to_pylist() for x in range(len(extra))]
        for k, (raw_id, text) in enumerate(zip(ids, texts)):
            row = shard.first_row + pos + lo + k + 1
            article_id = _as_id(raw_id)
            if article_id is None:
                yield Problem(source, row, "", "'id' must be a non-empty string (valid Unicode) "
                              f"or an integer, got {raw_id!r}", "row", row)
                continue
            if isinstance(text, (bytes, bytearray)):
                try:
                    text = bytes(text).decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Problem(source, row, article_id,
                                  f"text is not valid UTF-8 (byte {exc.start + 1})", "row", row)
                    continue
            if not isinstance(text, str):
                yield Problem(source, row, article_id, "'text' must be a string, got "
                              f"{'null' if text is None else type(text).__name__}", "row", row)
                continue
            yield _article(source, row, "row", article_id, text,
                           {c: _meta_str(v[k]) for c, v in zip(extra, others)}
                           if metadata else None)
        pos += size


def _read_text_files(shard: Shard, with_metadata: bool = False) -> Iterator[tuple | Problem]:

    from framing.text.corpus import _read_article

    for k, (path_str, article_id, metadata, expected) in enumerate(shard.files):
        path = Path(path_str)

        def problem(message: str) -> Problem:
            prefix = f"{path}: "
            reason = message[len(prefix):] if message.startswith(prefix) else message
            if shard.name:  # a text read from a pipe: say how it was read
                reason += " (read as text: it is not JSON lines)"
            return Problem(shard.name or str(path), None, article_id, reason, "file", k)

        if metadata is None:  # no metadata row: `expected` holds the message
            yield problem(f"{path}: {expected}")
            continue
        try:
            verify_checksum(path, {"sha256": expected})
            article = _read_article(path, article_id, dict(metadata))
        except FramingError as error:
            yield problem(str(error))
            continue
        except OSError as error:
            yield problem(f"{path}: cannot read: {error.strerror}")
            continue
        if with_metadata:
            yield k, article.id, article.text, {"path": shard.name or str(path),
                                                **dict(article.metadata)}
        else:
            yield k, article.id, article.text


def iter_articles(paths: str | Path | Iterable[str | Path] | None = None, *,
                  on_error: str = "fail", articles: bool = False) -> Iterator:
    """Stream ``(id, text)`` of every article of the inputs, in order.

    Memory stays bounded by one shard (~4 MB of JSONL, a Parquet batch, a
    text file). With ``on_error="fail"`` the first problem raises
    :class:`FramingError` (its :meth:`Problem.message`); with ``"skip"`` bad
    records are left out (use :func:`score_corpus` to have them listed).
    Duplicate ids are not checked here. ``articles=True`` yields
    :class:`~framing.text.corpus.Article` objects instead, with the other fields
    as metadata (e.g. to run :func:`framing.measure.mentions.measure` on a sample).

    >>> next(iter_articles())[0]
    '000_90b4f03916497734'
    >>> next(iter_articles(articles=True)).metadata["genre"]
    'news analysis'
    """
    from types import MappingProxyType

    from framing.text.corpus import Article

    _check_choice("on_error", on_error, ON_ERROR)
    shards = plan_shards(paths)
    read_from: set[str] = set()
    for shard in shards:
        for item in read_shard(shard, metadata=articles):
            read_from.add(shard.source)
            if isinstance(item, Problem):
                if on_error == "fail":
                    raise FramingError(_resolve(item, shard).message())
                continue
            if articles:
                meta = item[3]
                path = Path(meta.pop("path", shard.display))
                yield Article(item[1], item[2], path, MappingProxyType(meta))
            else:
                yield item[1], item[2]
    _check_every_input_read(shards, read_from)


def read_articles(paths: str | Path | Iterable[str | Path] | None = None) -> list:
    """Every article of the inputs as :class:`~framing.text.corpus.Article` — for
    the notebooks' pipeline (``framing mentions``, ``framing kwic``) on any
    input ``framing score`` takes. Folders and ``.txt`` files are
    :func:`framing.text.corpus.load_corpus`'s; JSONL and Parquet records come with
    their other fields as metadata. The first bad record or a repeated id is
    an error. (All texts are held: the mentions table of a large archive is
    for a sample of it.)
    """
    from framing.text.corpus import load_corpus

    given = [paths] if isinstance(paths, (str, Path)) else list(paths or [])
    if not any(_input_kind(_input_path(p)) in ("jsonl", "parquet", "stream") for p in given):
        return load_corpus(given or None)
    articles, seen = [], {}
    for article in iter_articles(given, articles=True):
        if article.id in seen:
            raise FramingError(f"{article.path}: duplicate article id {article.id!r} "
                               f"(also in {seen[article.id]})")
        seen[article.id] = article.path
        articles.append(article)
    return articles


def _resolve(problem: Problem, shard: Shard, counter: _LineCounter | None = None) -> Problem:
    """A problem with its absolute JSONL line number."""
    if problem.unit != "line" or shard.begin == 0:
        return problem
    counter = counter or _LineCounter()
    return Problem(problem.source, counter.lines_before(shard.source, shard.begin) + problem.line,
                   problem.id, problem.reason, problem.unit, problem.ordinal)


class _LineCounter:
    """Newlines before a byte offset of a file, counted on demand (only for
    messages: a shard knows its lines relative to its first byte)."""

    def __init__(self) -> None:
        self.known: dict[str, list[tuple[int, int]]] = {}

    def lines_before(self, path: str, offset: int) -> int:
        known = self.known.setdefault(path, [(0, 0)])
        start, count = max((k for k in known if k[0] <= offset), default=(0, 0))
        with open(path, "rb") as f:
            f.seek(start)
            remaining = offset - start
            while remaining > 0:
                chunk = f.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                remaining -= len(chunk)
        known.append((offset, count))
        return count


# ===========================================================================
# Scoring shards
# ===========================================================================


def score_shard(shard: Shard, settings: ScoreSettings = ScoreSettings(), *,
                stop_at_problem: bool = False, keep: tuple[str, ...] = (),
                table: str = "scores") -> ShardResult:
    """Read and score one shard (in a worker or in-process).

    ``stop_at_problem``: stop reading at the first problem (``on_error="fail"``).
    ``keep``: metadata fields appended to each row (``""`` where an article
    has none). When a lexicon has dated entries, each article's date
    (:func:`framing.text.corpus.article_date`) is read too; a bad one is a problem.
    ``table="mentions"``: each article's row is ``(id, [mention rows])``,
    the engine's records (:class:`framing.measure.engine.Mention`) as tuples.
    """
    scorer = _scorer_for(settings)
    result = ShardResult(shard.index)
    score = scorer.score if table == "scores" else partial(_mention_rows, scorer.engine)
    dated = scorer.dated
    with _rare_gc():
        for item in read_shard(shard, metadata=bool(keep) or dated):
            if dated and not isinstance(item, Problem):
                try:
                    when = article_date(item[3])
                except FramingError as exc:
                    item = _problem_of(shard, item, str(exc))
            if isinstance(item, Problem):
                result.problems.append(item)
                if stop_at_problem:
                    break
                continue
            row = score(item[1], item[2], when) if dated else score(item[1], item[2])
            if keep:
                meta = item[3]
                extra = tuple(meta.get(k, "") for k in keep)
                if table == "scores":
                    row += extra
                else:
                    row = (row[0], [r + extra for r in row[1]])
                result.kept.update(k for k in keep if k in meta)
            result.rows.append(row)
            result.ordinals.append(item[0])
    return result


def _mention_rows(engine, article_id: str, text: str, when=None) -> tuple[str, list[tuple]]:
    """``(id, the article's mention rows)``: the engine's records as tuples."""
    return article_id, [tuple(m) for m in engine.measure(article_id, text, when).mentions]


def _problem_of(shard: Shard, item: tuple, reason: str) -> Problem:
    """A problem with an article read from ``shard`` (``item`` as
    :func:`read_shard` yields it, with metadata), at the article's place."""
    if shard.format == "jsonl":
        return Problem(shard.display, item[0], item[1], reason, "line", item[0])
    if shard.format == "parquet":
        return Problem(shard.display, item[0], item[1], reason, "row", item[0])
    return Problem(item[3]["path"], None, item[1], reason, "file", item[0])


@contextmanager
def _rare_gc(allocations: int = 100_000):
    """Run the cyclic garbage collector less often while scoring.

    Scoring allocates many short-lived lists and tuples, all freed by
    reference counting (the scorer makes no cycles); at Python's default
    (a collection every 700 allocations) the collector also walks the
    lexicon and the caches again and again: ~15 % of the time, measured.
    """
    import gc

    threshold = gc.get_threshold()
    gc.set_threshold(max(allocations, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _score_task(args: tuple[Shard, ScoreSettings, bool, tuple[str, ...], str]) -> ShardResult:
    shard, settings, stop, keep, table = args
    return score_shard(shard, settings, stop_at_problem=stop, keep=keep, table=table)


def _score_partition(shards: list[Shard], settings: ScoreSettings, stop: bool,
                     keep: tuple[str, ...] = (), table: str = "scores") -> list[ShardResult]:
    return [score_shard(s, settings, stop_at_problem=stop, keep=keep, table=table)
            for s in shards]


def _warm(settings: ScoreSettings) -> None:
    """Pool initializer: quiet signals (the parent cleans up), then build the
    worker's scorer before the first task."""
    worker_signals()
    _scorer_for(settings)


def _single_threaded() -> bool:
    """Whether this process has one thread, native ones included (Linux:
    ``/proc/self/task``; elsewhere we cannot tell, so False)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _mp_context():
    import multiprocessing as mp

    # fork, when no other thread exists to leave a lock held in the child:
    # the workers start at once with the scorer the parent has built (its
    # lexicons and matchers: ~0.45 s that would otherwise be paid again
    # before the first shard). Otherwise (pyarrow, reading Parquet, starts
    # threads) forkserver: workers start from a clean server process with
    # framing preloaded.
    if _single_threaded() and "fork" in mp.get_all_start_methods():
        return mp.get_context("fork")
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["framing.scale.stream", "framing.measure.scorer", "framing.measure.engine",
                                    "framing.measure.match",
                                    "framing.measure.voice", "framing.measure.target", "numpy"])
        return ctx
    return mp.get_context("spawn")  # pragma: no cover - Windows


def _local_results(shards: list[Shard], settings: ScoreSettings, stop: bool,
                   jobs: int, keep: tuple[str, ...] = (), table: str = "scores"
                   ) -> Iterator[ShardResult]:
    if jobs <= 1 or len(shards) <= 1:
        for shard in shards:
            yield score_shard(shard, settings, stop_at_problem=stop, keep=keep, table=table)
        return
    ctx = _mp_context()
    pool = ctx.Pool(min(jobs, len(shards)), initializer=_warm, initargs=(settings,))
    try:
        yield from pool.imap(_score_task, [(s, settings, stop, keep, table) for s in shards],
                             chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _dask_results(shards: list[Shard], settings: ScoreSettings, stop: bool, jobs: int,
                  scheduler: str | None, say: Callable[[str], None],
                  keep: tuple[str, ...] = (), table: str = "scores") -> Iterator[ShardResult]:
    try:
        import dask
        import dask.bag as db
    except ImportError:
        raise FramingError("--engine dask needs dask (pip install 'framing[scale]')") from None
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        Client = LocalCluster = None
    if scheduler and Client is None:
        raise FramingError(f"--scheduler {scheduler}: needs dask.distributed "
                           "(pip install distributed)")
    if not shards:
        return
    bag = db.from_sequence(shards, npartitions=len(shards))
    parts = bag.map_partitions(_score_partition, settings, stop, keep, table).to_delayed()
    if Client is None:
        # no distributed: dask's own process pool (one pool, reused by every window)
        import concurrent.futures

        if jobs <= 1:
            say("dask: distributed is not installed; synchronous scheduler (1 process)")
            for part in parts:
                yield from dask.compute(part, scheduler="synchronous")[0]
            return
        say(f"dask: distributed is not installed; processes scheduler ({jobs} processes)")
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=_mp_context()) as pool:
            window = 4 * jobs
            for k in range(0, len(parts), window):
                for done in dask.compute(*parts[k:k + window], scheduler="processes", pool=pool):
                    yield from done
        return
    import contextlib
    import logging

    cluster = None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="20s"))
            except OSError as error:
                raise FramingError(f"--scheduler {scheduler}: cannot connect ({error})") from None
            workers = len(client.scheduler_info().get("workers", {}))
            say(f"dask: cluster at {scheduler} ({workers} workers)")
        else:
            logging.getLogger("distributed").setLevel(logging.ERROR)
            cluster = stack.enter_context(LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                host="127.0.0.1", silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
            say(f"dask: LocalCluster, {jobs} worker processes")
        futures = client.compute(parts)
        try:
            for future in futures:
                done = future.result()
                future.release()
                yield from done
        finally:
            client.cancel(futures)


# ===========================================================================
# Outputs
# ===========================================================================


class _CsvWriter:
    """``DataFrame.to_csv(index=False, lineterminator="\\n", float_format="%.6g")``, streamed."""

    def __init__(self, stream: io.TextIOBase, columns: Sequence[str] = SCORE_COLUMNS,
                 floats: frozenset[str] = _FLOAT_COLUMNS) -> None:
        self.writer = csv.writer(stream, lineterminator="\n")
        self.writer.writerow(columns)
        self.floats = frozenset(k for k, c in enumerate(columns) if c in floats)

    def write(self, rows: list[tuple]) -> None:
        floats = self.floats
        out = []
        for row in rows:
            row = list(row)
            for k in floats:
                v = row[k]
                row[k] = "" if v != v else "%.6g" % v
            out.append(row)
        self.writer.writerows(out)

    def close(self) -> None:
        pass


class _JsonWriter:
    """``DataFrame.to_json(orient="records", force_ascii=False, indent=1)``, streamed."""

    def __init__(self, stream: io.TextIOBase, columns: Sequence[str] = SCORE_COLUMNS,
                 nullable_ints: Sequence[str] = ()) -> None:
        self.stream, self.columns = stream, list(columns)
        self.nullable_ints = {c: "Int64" for c in nullable_ints}  # 3 and null, not 3.0
        self.first = True
        stream.write("[\n")

    def write(self, rows: list[tuple]) -> None:
        import pandas as pd

        if not rows:
            return
        frame = pd.DataFrame(rows, columns=self.columns)
        if self.nullable_ints:
            frame = frame.astype(self.nullable_ints)
        text = frame.to_json(orient="records", force_ascii=False, indent=1)
        if not self.first:
            self.stream.write(",\n")
        self.stream.write(text[2:-2])
        self.first = False

    def close(self) -> None:
        self.stream.write("\n]\n")


class _ParquetWriter:
    """Score or mention rows as Parquet (columns typed: strings, int64, float64, bool)."""

    ROWS = 8192

    def __init__(self, path, columns: Sequence[str] = SCORE_COLUMNS,
                 ints: frozenset[str] = _INT_COLUMNS, floats: frozenset[str] = _FLOAT_COLUMNS
                 ) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:  # pragma: no cover - the scale extra
            raise FramingError("--format parquet needs pyarrow (pip install 'framing[scale]')") \
                from None
        self.pa = pa
        self.schema = pa.schema([
            (c, pa.int64() if c in ints else pa.float64() if c in floats
             else pa.bool_() if c in _BOOL_COLUMNS else pa.string()) for c in columns])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.buffer: list[tuple] = []

    def write(self, rows: list[tuple]) -> None:
        self.buffer += rows
        if len(self.buffer) >= self.ROWS:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            columns = list(zip(*self.buffer))
            self.writer.write_table(self.pa.Table.from_arrays(
                [self.pa.array(col, type=f.type) for col, f in zip(columns, self.schema)],
                schema=self.schema))
            self.buffer = []

    def close(self) -> None:
        self._flush()
        self.writer.close()


# ===========================================================================
# The driver
# ===========================================================================


@dataclass
class Summary:
    """What :func:`score_corpus` did: articles scored, problems skipped, files written."""

    articles: int = 0
    skipped: list[Problem] = field(default_factory=list)
    output: str | None = None
    skipped_file: str | None = None
    engine: str = "local"


def _check_choice(name: str, value: object, choices: Sequence[str]) -> None:
    if value not in choices:
        raise FramingError(f"{name} must be one of {', '.join(choices)}; got {value!r}")


def _check_keep(keep: Sequence[str] | str, columns: Sequence[str] = SCORE_COLUMNS
                ) -> tuple[str, ...]:
    """The ``keep`` field names, checked: non-empty, distinct, not a column
    of the table (``columns``)."""
    if isinstance(keep, str):
        keep = [keep]
    names = tuple(str(k).strip() for k in keep)
    for name in names:
        if not name:
            raise FramingError("--keep: a field name is empty")
        if name in columns:
            what = "score" if columns is SCORE_COLUMNS else "mentions-table"
            raise FramingError(f"--keep {name}: a {what} column has this name")
        if name in ("id", "text"):
            raise FramingError(f"--keep {name}: not metadata (the id is the 'article' column; "
                               "the text is not written)")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise FramingError(f"--keep {','.join(duplicated)}: named more than once")
    return names


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, e.g. a container's
    share or ``taskset``), not the machine's count.

    >>> available_cpus() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _cap_jobs(jobs: int, say: Callable[[str], None]) -> int:
    """``jobs`` worker processes, at most one per available CPU (0: one each):
    more only compete for the same cores and multiply the memory."""
    available = available_cpus()
    if jobs > available:
        say(f"--jobs {jobs}: {available} CPU(s) available, using {available} worker(s)")
    return min(jobs, available) if jobs else available


def default_skipped_path(output: str) -> str:
    """Where ``--on-error skip`` lists skipped articles: ``OUTPUT.skipped.csv``."""
    return f"{output}.skipped.csv"


def score_corpus(
    paths: str | Path | Iterable[str | Path] | None = None,
    output: str | None = None,
    *,
    format: str = "csv",
    engine: str = "local",
    jobs: int = 1,
    scheduler: str | None = None,
    on_error: str = "fail",
    skipped: str | None = None,
    settings: ScoreSettings = ScoreSettings(),
    keep: Sequence[str] = (),
    progress: bool = False,
    stdout: io.TextIOBase | None = None,
    stderr: io.TextIOBase | None = None,
    table: str = "scores",
) -> Summary:
    """Score every article of the inputs and write one row per article
    (``table="scores"``, ``framing score``) or one row per mention
    (``table="mentions"``, ``framing mentions``: the columns of
    :data:`framing.measure.mentions.MENTION_COLUMNS`, the rows of the notebooks'
    mentions table, :func:`framing.measure.mentions.measure`).

    Parameters
    ----------
    paths
        Inputs (see the module docstring); None: the seeds.
    output
        A file; None or ``"-"`` writes to ``stdout`` (not for Parquet).
        Written only when everything succeeded, by :mod:`framing.scale.output`'s
        rules: never over an input or the other output, a regular file
        replaced atomically, a device or FIFO written in place.
    format
        ``"csv"`` (the columns of :data:`SCORE_COLUMNS`, as ``framing score``
        always wrote them), ``"json"`` (an array of records) or ``"parquet"``.
    engine, jobs, scheduler
        ``"local"``: ``jobs`` worker processes (1: this process). ``"dask"``:
        a LocalCluster of ``jobs`` workers, or the cluster at ``scheduler``;
        without dask.distributed, dask's processes scheduler.
    on_error
        ``"fail"``: stop at the first problem (:class:`FramingError`, nothing
        written). ``"skip"``: leave bad articles out and list them (source,
        line, id, reason) in ``skipped`` (default ``OUTPUT.skipped.csv``).
    settings
        Lexicons and bootstrap (:class:`ScoreSettings`).
    keep
        Metadata fields to carry into the output, after the score columns
        (JSONL keys, Parquet columns, ``metadata.csv`` columns or ``path``
        for text files), as text; ``""`` for an article without the field.
        A field that no article has is an error (a misspelt name would
        otherwise give an empty column).
    progress
        Show a tqdm progress bar on ``stderr``.

    Returns
    -------
    Summary

    Example
    -------
    >>> import io
    >>> out = io.StringIO()
    >>> score_corpus(stdout=out).articles
    5
    >>> out.getvalue().splitlines()[0].split(",")[:3]
    ['article', 'tokens', 'sentences']
    """
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    _check_choice("format", format, FORMATS)
    _check_choice("engine", engine, ENGINES)
    _check_choice("on_error", on_error, ON_ERROR)
    _check_choice("table", table, TABLES)
    if not isinstance(jobs, int) or jobs < 0:
        raise FramingError(f"jobs must be a non-negative integer, got {jobs!r}")
    if format == "parquet" and output is None:
        raise FramingError("--format parquet needs --output FILE")
    if scheduler and engine != "dask":
        raise FramingError("--scheduler needs --engine dask")
    if output == "-":
        output = None
    if on_error == "skip" and output is None and skipped is None:
        raise FramingError("--on-error skip lists the skipped articles in a file: "
                           "give --output FILE (they go to FILE.skipped.csv) or --skipped FILE")
    if skipped is not None and on_error != "skip":  # it would silently never be written
        raise FramingError("--skipped FILE lists the articles --on-error skip leaves out; "
                           "with --on-error fail (the default) the first problem stops the run")
    if on_error == "skip" and skipped is None:
        skipped = default_skipped_path(output)
    if table == "scores":
        base, ints, floats, nullable = SCORE_COLUMNS, _INT_COLUMNS, _FLOAT_COLUMNS, ()
    else:
        from framing.measure.schema import MENTION_COLUMNS as base

        ints, floats, nullable = _MENTION_INT_COLUMNS, frozenset(), ("title_rank",)
    keep = _check_keep(keep, base)

    def say(message: str) -> None:
        print(f"framing: {message}", file=stderr)

    if not scheduler:
        jobs = _cap_jobs(jobs, say)

    parallel = jobs if engine == "local" else max(jobs, 2)
    shards = plan_shards(paths, min_shards=4 * parallel if parallel > 1 else 1)
    # every output checked against every input before any work is done
    named = {"--output": output}
    if on_error == "skip":
        named["--skipped"] = skipped
    targets = plan_outputs(named, _files_read(paths, shards, settings))
    # load the lexicons here, so that a bad lexicon file is one error, before
    # any worker starts (and the in-process engine reuses this scorer)
    _scorer_for(settings)
    summary = Summary(output=output, engine=engine)
    stop = on_error == "fail"
    if engine == "dask":
        results = _dask_results(shards, settings, stop, jobs, scheduler, say, keep, table)
    else:
        results = _local_results(shards, settings, stop, jobs, keep, table)

    bar = None
    try:
        with written(list(targets.values()), stdout) as pending:
            out = pending[0]
            columns = list(base) + list(keep)
            if format == "parquet":
                writer = _ParquetWriter(out.file, columns, ints, floats)
            elif format == "csv":
                writer = _CsvWriter(out.text(), columns, floats)
            else:
                writer = _JsonWriter(out.text(), columns, nullable)
            if progress:
                bar = _progress_bar(shards, stderr)
            shard_of = {s.index: s for s in shards}
            seen: dict[str, tuple[int, int]] = {}
            counter = _LineCounter()
            kept: set[str] = set()
            read_from: set[str] = set()
            for result in results:
                shard = shard_of[result.index]
                if result.rows or result.problems:
                    read_from.add(shard.source)
                rows = _check_result(result, shard_of, seen, counter, summary, stop)
                summary.articles += len(rows)
                if table == "mentions":  # (id, its mentions) per article
                    rows = [row for _, mentions in rows for row in mentions]
                writer.write(rows)
                kept |= result.kept
                if bar is not None:
                    bar.update(shard.weight)
            _check_every_input_read(shards, read_from)
            missing = [k for k in keep if k not in kept]
            if missing and summary.articles:
                raise FramingError(f"--keep {','.join(missing)}: no article has "
                                   f"{'this field' if len(missing) == 1 else 'these fields'}")
            writer.close()
            if on_error == "skip":
                _write_skipped(pending[1].text(), summary.skipped)
                summary.skipped_file = skipped
            if bar is not None:
                bar.close()
                bar = None
    except BaseException:
        if bar is not None:
            bar.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
        raise
    if summary.skipped:
        say(f"skipped {len(summary.skipped)} article(s) with problems; listed in {skipped}")
    return summary


def _check_result(result: ShardResult, shard_of: dict[int, Shard],
                  seen: dict[str, tuple[int, int]], counter: _LineCounter, summary: Summary,
                  stop: bool) -> list[tuple]:
    """The rows of a shard that may be written: problems and duplicate ids
    (first one wins) are raised (fail) or recorded (skip), in input order."""
    shard = shard_of[result.index]
    rows = []
    problems = iter(sorted(result.problems, key=lambda p: p.ordinal))
    pending = next(problems, None)

    def record(problem: Problem) -> None:
        problem = _resolve(problem, shard, counter)
        if stop:
            raise FramingError(problem.message())
        summary.skipped.append(problem)

    for row, ordinal in zip(result.rows, result.ordinals):
        while pending is not None and pending.ordinal < ordinal:
            record(pending)
            pending = next(problems, None)
        article_id = row[0]
        first = seen.get(article_id)
        if first is not None:
            unit = "file" if shard.format == "text" else "row" if shard.format == "parquet" \
                else "line"
            line = None if unit == "file" else ordinal
            source = (shard.name or shard.files[ordinal][0]) if unit == "file" else shard.display
            record(Problem(source, line, article_id,
                           f"duplicate article id {article_id!r} "
                           f"(also {_place(first, shard_of, counter)})", unit, ordinal))
            continue
        seen[article_id] = (shard.index, ordinal)
        rows.append(row)
    while pending is not None:
        record(pending)
        pending = next(problems, None)
    return rows


def _place(first: tuple[int, int], shard_of: dict[int, Shard], counter: _LineCounter) -> str:
    """Where an id was first seen, for a duplicate's message."""
    shard = shard_of[first[0]]
    ordinal = first[1]
    if shard.format == "text":
        return str(shard.files[ordinal][0])
    if shard.format == "parquet":
        return f"{shard.display}: row {ordinal}"
    line = ordinal + (counter.lines_before(shard.source, shard.begin) if shard.begin else 0)
    return f"{shard.display}:{line}"


def _progress_bar(shards: list[Shard], stderr):
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - the scale extra
        return None
    units = {s.format for s in shards}
    unit = "B" if units == {"jsonl"} else "row" if units == {"parquet"} else "file" \
        if units == {"text"} else "unit"
    return tqdm(total=sum(s.weight for s in shards), unit=unit, unit_scale=unit == "B",
                file=stderr, dynamic_ncols=True, leave=False)


def _write_skipped(stream: io.TextIOBase, problems: list[Problem]) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(SKIPPED_COLUMNS)
    for p in problems:
        writer.writerow([_printable(p.source), "" if p.line is None else p.line,
                         _printable(p.id), _printable(p.reason)])


def _printable(text: str) -> str:
    """Text as UTF-8 can hold it: a file name that is not UTF-8 (its bytes
    kept as lone surrogates) shows its bytes as ``\\xc7``, so that a skipped
    article's name never stops the list that reports it.

    >>> _printable(chr(0xDCC7) + ".txt")
    '\\\\xc7.txt'
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _files_read(paths, shards: list[Shard], settings: ScoreSettings) -> list[str]:
    """Every file the run reads (inputs, metadata, lexicons): no output may be one."""
    from framing.text.corpus import default_corpus_dir

    given = [paths] if isinstance(paths, (str, Path)) else list(paths or [default_corpus_dir()])
    files = input_files(given)
    files += [str(f[0]) for s in shards for f in s.files]
    files += [p for p in (settings.lexicon, settings.actors, settings.titles) if p]
    return files


def _check_every_input_read(shards: list[Shard], read_from: set[str]) -> None:
    """An input that gave no article and no problem (a JSONL file of blank
    lines) is an error: an empty input never gives a header-only output."""
    for shard in shards:
        if shard.format != "text" and shard.source not in read_from:
            raise FramingError(f"{shard.display}: no articles in this file (only blank lines)")


# ===========================================================================
# A synthetic corpus (tests and benchmarks)
# ===========================================================================


def synthetic_articles(n: int, *, seed: int = 0, sentences: tuple[int, int] = (8, 30),
                       paragraphs: tuple[int, int] = (2, 5)) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of ``n`` articles made by resampling the seeds' sentences.

    Deterministic for a ``seed``: each article draws a number of sentences
    (uniform in ``sentences``), groups them into paragraphs (one per line, as
    the seeds), and keeps the seeds' spelling, quotes and punctuation.

    >>> [i for i, _ in synthetic_articles(2)]
    ['syn000000', 'syn000001']
    """
    import random

    from framing.text.arabic import sentence_spans
    from framing.text.corpus import load_corpus

    pool = [a.text[x:y] for a in load_corpus() for x, y in sentence_spans(a.text)]
    rng = random.Random(seed)
    for k in range(n):
        m = rng.randint(*sentences)
        chosen = [rng.choice(pool) for _ in range(m)]
        p = min(m, rng.randint(*paragraphs))
        cuts = sorted(rng.sample(range(1, m), p - 1)) if p > 1 else []
        paras = [" ".join(chosen[a:b]) for a, b in zip([0, *cuts], [*cuts, m])]
        yield f"syn{k:06d}", "\n".join(paras)


def write_jsonl(path: str | Path, articles: Iterable[tuple[str, str]], **metadata: str) -> int:
    """Write ``(id, text)`` pairs as JSONL (UTF-8, Arabic unescaped); returns the count."""
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for article_id, text in articles:
            f.write(json.dumps({"id": article_id, "text": text, **metadata}, ensure_ascii=False))
            f.write("\n")
            n += 1
    return n


def write_parquet(path: str | Path, articles: Iterable[tuple[str, str]], *,
                  row_group_size: int = 2048) -> int:
    """Write ``(id, text)`` pairs as Parquet (row groups of ``row_group_size``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("text", pa.string())])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[tuple[str, str]] = []
        for item in articles:
            batch.append(item)
            if len(batch) == row_group_size:
                writer.write_table(pa.table({"id": [a for a, _ in batch],
                                             "text": [t for _, t in batch]}, schema=schema))
                n += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.table({"id": [a for a, _ in batch],
                                         "text": [t for _, t in batch]}, schema=schema))
            n += len(batch)
    return n
