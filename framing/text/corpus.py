"""Corpus loading: a folder (or files) of Arabic articles → a list of :class:`Article`.

This is the first step of the flow and the only one that reads article files.
It validates at the boundary, so everything downstream can trust its input:

* every file must be UTF-8 (a UTF-8 byte-order mark is dropped silently), not
  empty, and contain Arabic letters;
* CRLF and CR line ends become LF, silently; character offsets everywhere in
  ``framing`` refer to :attr:`Article.text` as returned here;
* with a ``metadata.csv`` beside the files, every row must have its file and
  every file its row, and a row's ``sha256`` (when given) must match the file's
  bytes — a changed seed is an error, never a silently different number;
* without ``metadata.csv`` (a user's own folder), ids are the file stems.

Any problem raises :class:`~framing.errors.FramingError` with one line that
names the file and says what is wrong.

Example
-------
>>> from framing.text.corpus import load_corpus
>>> corpus = load_corpus()                     # the bundled seeds
>>> [a.id[:3] for a in corpus]
['000', '001', '002', '003', '004']
>>> corpus[0].metadata["genre"]
'news analysis'
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from framing.errors import FramingError

METADATA_FILE = "metadata.csv"
REQUIRED_METADATA_COLUMNS = ("id", "file")

# Arabic letters proper (hamza … yeh, plus the Persian/Urdu letters we fold),
# and their presentation forms (text extracted from PDFs may have only those).
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe80-\ufefc]")


@dataclass(frozen=True)
class Article:
    """One article: its id, its text (LF line ends, no BOM) and its metadata."""

    id: str
    text: str
    path: Path
    metadata: Mapping[str, str] = field(default_factory=dict)


#: The metadata fields that date an article, the first present wins
#: (``date_estimate`` is the column of ``seeds/metadata.csv``).
DATE_FIELDS = ("date", "date_estimate")


def article_date(metadata: Mapping[str, object]) -> _dt.date | None:
    """An article's date: its first :data:`DATE_FIELDS` field that is set,
    as a date (YYYY-MM-DD, or an ISO date-time's day); None when it has none.

    Lexicon entries with a period (``from`` / ``until``) count by it.

    >>> article_date({"date_estimate": "2014-05-20"})
    datetime.date(2014, 5, 20)
    >>> article_date({"date": "2019-04-06T10:30:00", "date_estimate": "2019"})
    datetime.date(2019, 4, 6)
    """
    for name in DATE_FIELDS:
        value = metadata.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, _dt.datetime):
            return value.date()
        if isinstance(value, _dt.date):
            return value
        text = str(value).strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return _dt.datetime.fromisoformat(text).date()
        except ValueError:
            raise FramingError(f"metadata {name!r} must be a date (YYYY-MM-DD), "
                               f"got {value!r}") from None
    return None


def date_text(metadata: Mapping[str, object]) -> str:
    """:func:`article_date` as ``YYYY-MM-DD``, or ``""`` for an undated article (for tables).

    >>> date_text({"date_estimate": "2014-05-20"}), date_text({})
    ('2014-05-20', '')
    """
    date = article_date(metadata)
    return date.isoformat() if date else ""


def default_corpus_dir() -> Path:
    """The project's ``seeds/`` folder (the five study articles)."""
    return Path(__file__).resolve().parents[2] / "seeds"


def load_corpus(paths: str | Path | Iterable[str | Path] | None = None) -> list[Article]:
    """Load articles from files and/or folders of ``.txt`` files.

    Parameters
    ----------
    paths
        A ``.txt`` file, a folder of them (with an optional ``metadata.csv``),
        or several of either. ``None`` loads the project's seeds.

    Returns
    -------
    list of Article
        Sorted by id within each folder, folders in the order given.

    Raises
    ------
    FramingError
        On any bad input, naming the file and the problem.
    """
    if paths is None:
        paths = [default_corpus_dir()]
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in map(Path, paths):
        if path.is_dir():
            batch = _load_folder(path)
        elif path.exists() and _entry_kind(path) is not None:
            raise FramingError(f"{path}: is {_entry_kind(path)}; give a .txt file, a folder, "
                               "a JSONL or a Parquet file")
        elif path.is_file():
            batch = [_read_article(path, path.stem, {})]
        else:
            raise FramingError(f"{path}: no such file or directory")
        for article in batch:
            if article.id in seen:
                raise FramingError(
                    f"{article.path}: duplicate article id {article.id!r} "
                    f"(also {seen[article.id]})"
                )
            seen[article.id] = article.path
            articles.append(article)
    return articles


def folder_plan(folder: Path) -> list[tuple[Path, str, dict[str, str] | None]]:
    """The articles a folder holds, without reading them: ``(path, id, metadata row)``.

    Raises for whole-folder problems (no .txt files, a bad ``metadata.csv``, a
    row whose file is missing or is not a ``.txt`` file of this folder, an
    entry named ``.txt`` that is not a regular file). With ``metadata.csv``,
    a file without its row gets ``None`` as row (the caller reports it);
    without it, every row is ``{}`` and ids are file stems. Sorted by id.
    Other entries that are not regular files (sub-folders, sockets, …) are
    reported as a :class:`~framing.errors.FramingWarning`, never silently passed over.
    """
    files = sorted(p for p in _folder_entries(folder) if p.suffix.lower() == ".txt")
    if not files:
        raise FramingError(f"{folder}: no .txt files in this directory")
    metadata_path = folder / METADATA_FILE
    if not metadata_path.exists():
        return [(p, p.stem, {}) for p in files]
    rows = _read_metadata(metadata_path)
    by_file: dict[str, dict[str, str]] = {}
    for row in rows:
        _check_metadata_file(folder, metadata_path, row, by_file)
        by_file[row["file"]] = row
    plan = [(p, by_file[p.name]["id"] if p.name in by_file else p.stem, by_file.get(p.name))
            for p in files]
    return sorted(plan, key=lambda entry: entry[1])


def _check_metadata_file(folder: Path, metadata_path: Path, row: dict[str, str],
                         by_file: dict[str, dict[str, str]]) -> None:
    """A metadata row must name a ``.txt`` file of this very folder, once — so
    that every row is scored or refused, never checked and then ignored.

    >>> _check_metadata_file(Path("c"), Path("c/metadata.csv"), {"id": "a", "file": "../a.txt"}, {})
    Traceback (most recent call last):
    framing.errors.FramingError: c/metadata.csv: row 'a' names '../a.txt': give a file name of this folder, without a folder part
    """
    name = row["file"]
    where = f"{metadata_path}: row {row['id']!r} names {name!r}"
    if "/" in name or "\\" in name or name in (".", ".."):
        raise FramingError(f"{where}: give a file name of this folder, without a folder part")
    if not name.lower().endswith(".txt"):
        raise FramingError(f"{where}: articles are .txt files")
    if name in by_file:
        raise FramingError(f"{where}, as row {by_file[name]['id']!r} does")
    if not (folder / name).is_file():
        raise FramingError(f"{where}, which is not in {folder}")


def _folder_entries(folder: Path) -> list[Path]:
    """The regular files of a folder (symbolic links followed). An entry named
    ``*.txt`` that is not one is an error; any other is reported as a warning."""
    import warnings

    from framing.errors import FramingWarning

    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise FramingError(f"{folder}: cannot read this folder: {error.strerror}") from None
    files = []
    for path in entries:
        kind = _entry_kind(path)
        if kind is None:
            files.append(path)
        elif path.suffix.lower() == ".txt":
            raise FramingError(f"{path}: is {kind}, not a regular file; an article must be one")
        else:
            warnings.warn(f"{path}: is {kind}, not a regular file; not read", FramingWarning,
                          stacklevel=2)
    return files


def _entry_kind(path: Path) -> str | None:
    """None for a regular file (or a link to one), else what the entry is.

    >>> _entry_kind(Path(__file__)) is None
    True
    """
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a broken symbolic link"
    except OSError as error:
        return f"unreadable ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def check_id(article_id: str, where: object) -> str:
    """An article id must be writable text: a lone surrogate (a JSON escape
    such as ``"\\udc80"``, or a file name that is not UTF-8) cannot be.

    >>> check_id("001", "x.txt")
    '001'
    >>> check_id(chr(0xDCC7), "x.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    framing.errors.FramingError: x.txt: the article id '\\udcc7' is not valid Unicode ...
    """
    try:
        article_id.encode("utf-8")
    except UnicodeEncodeError:
        raise FramingError(f"{where}: the article id {article_id!r} is not valid Unicode (a lone "
                           "surrogate: a JSON escape, or a file name that is not UTF-8); "
                           "rename it") from None
    return article_id


def verify_checksum(path: Path, row: dict[str, str]) -> None:
    """Raise if the file's sha256 differs from its metadata row's (when given)."""
    expected = row.get("sha256", "").strip().lower()
    if expected:
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if actual != expected:
            raise FramingError(
                f"{path}: checksum mismatch: sha256 is {actual[:12]}…, "
                f"{METADATA_FILE} expects {expected[:12]}… (the file was changed)"
            )


def _load_folder(folder: Path) -> list[Article]:
    articles = []
    for path, article_id, row in folder_plan(folder):
        if row is None:
            raise FramingError(f"{path}: no row for this file in {folder / METADATA_FILE}")
        verify_checksum(path, row)
        articles.append(_read_article(path, article_id, row))
    return articles


def _read_metadata(path: Path) -> list[dict[str, str]]:
    import io

    if not path.is_file():
        raise FramingError(f"{path}: is {_entry_kind(path)}, not a regular file")
    text = _decode(path)
    if not text.strip():
        raise FramingError(f"{path}: the file is empty (expected a header line: id,file,…)")
    # strict: an unclosed quote is an error at its line, not a row that
    # swallows the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    ids: dict[str, int] = {}
    try:
        columns = [c.strip() for c in next(reader, [])]
        missing = [c for c in REQUIRED_METADATA_COLUMNS if c not in columns]
        if missing:
            raise FramingError(f"{path}: missing column(s) {', '.join(missing)}")
        start = reader.line_num + 1
        for values in reader:
            line_no, start = start, reader.line_num + 1
            if not any(v.strip() for v in values):
                continue  # a blank line
            if len(values) != len(columns):
                raise FramingError(f"{path}: line {line_no} has {len(values)} values, expected "
                                   f"{len(columns)} (one per column: {','.join(columns)})")
            row = {k: v.strip() for k, v in zip(columns, values)}
            if not row["id"] or not row["file"]:
                raise FramingError(f"{path}: line {line_no} has an empty id or file")
            if row["id"] in ids:
                raise FramingError(f"{path}: duplicate article id {row['id']!r} on lines "
                                   f"{ids[row['id']]} and {line_no}")
            ids[row["id"]] = line_no
            rows.append(row)
    except csv.Error as error:
        problem = str(error)
        if "unexpected end of data" in problem:
            problem = 'a quoted value is never closed (a " without its closing ")'
        raise FramingError(f"{path}: line {start}: {problem}") from None
    return rows


def _decode(path: Path) -> str:
    """Read a file as UTF-8 (BOM dropped, CRLF/CR → LF) or say where it is not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FramingError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FramingError(
            f"{path}: not valid UTF-8 at byte {exc.start} (line {line}, column {column})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_article(path: Path, article_id: str, metadata: Mapping[str, str]) -> Article:
    check_id(article_id, path)
    text = _decode(path)
    if not text.strip():
        raise FramingError(f"{path}: the file is empty or whitespace only")
    if not _ARABIC_LETTER.search(text):
        raise FramingError(f"{path}: no Arabic letters in this file")
    return Article(
        id=article_id,
        text=text,
        path=path,
        metadata=MappingProxyType({k: v for k, v in metadata.items() if k not in ("id",)}),
    )


def corpus_table(articles: Iterable[Article]):
    """One row per article: id, file, and its metadata columns (a DataFrame)."""
    import pandas as pd

    rows = [{"article": a.id, "file": a.path.name, **dict(a.metadata)} for a in articles]
    return pd.DataFrame(rows)
