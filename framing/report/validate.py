"""Validation: the indices against a close human reading, and coded mentions.

Grimmer & Stewart's "validate, validate, validate" as one step of the
pipeline. Two inputs, two reports:

* **Labelled articles** (``framing validate LABELS.csv CORPUS``): each
  article read by a person *before* scoring. Every index of the score row is
  compared with the label it measures (:data:`INDEX_LABELS`), and so is a
  **raw-count baseline** beside it (all voices, any target), because the
  study's claim is that voice and target do better than raw counts.
* **Coded mentions** (``framing validate --mentions CODED.csv|DIR …``): rows of the
  mentions table with a coder's verdict on the voice and the target; voice
  accuracy per voice and target precision per ``target_rule``, with Wilson
  intervals. A rule below :data:`PRECISION_FLOOR` is flagged "narrow or drop".
  ``--split`` keeps one half (a ``split`` column). A coding of third-party
  texts is kept as facts only (:data:`CODED_KEY_COLUMNS`: key, verdicts, the
  coder's reading) and the full table rebuilt from the texts with the current
  tool (:func:`rebuild_coded_mentions`; ``validation/coded_mentions.py``).

The label file
--------------
One row per article (UTF-8 CSV; extra columns are kept and ignored)::

    id,url,outlet,outlet_country,date,date_source,genre,takes_side,
    haftar_stance,adversaries_frame,haftar_title,split,rationale

``id`` (the corpus's article id), ``takes_side`` (pro | anti | neutral),
``haftar_stance`` (an integer −2 … +2) and ``adversaries_frame`` (−2 … +2,
blank = the article does not characterise Haftar's adversaries) are required.
The others may be missing (a device set without outlets or splits): missing
or blank ``outlet``/``genre`` are reported as ``(unknown)``, a blank ``split``
is simply in no split. ``split`` ∈ tune | holdout.

Directions (the label and the index must point the same way):
``haftar_stance`` +2 = the author legitimises Haftar (his national army, the
field marshal), −2 = delegitimises him (militias, putschist) — as
``haftar_index``. ``adversaries_frame`` +2 = the author frames Haftar's
adversaries as terrorists, extremists, militias, mercenaries; −2 = as
revolutionaries or legitimate forces — as ``islamists_index`` = (T − R)/(T + R).

What is measured, per index (one row per index and measure)
-----------------------------------------------------------
``rho``
    Spearman's ρ between label and value, over the labelled articles whose
    value is defined (``n_rho``); ties get average ranks.
``auc``
    P(value of a pro article > value of an anti article), ties ½, over the
    articles with label > 0 (``n_pro``) or < 0 (``n_anti``) whose value is
    defined. Undefined values are left out, not set to 0: ``coverage`` says
    how many that is.
``rho_low``, ``rho_high``, ``auc_low``, ``auc_high``
    Percentile bootstrap 95 % intervals, resampling articles with
    replacement (``resamples``, ``seed``); resamples where the statistic is
    undefined (one class, constant ranks) are dropped.
``coverage``
    Of the articles that take a side on this label (label ≠ 0, not blank;
    ``n_sides``), the share whose value is defined (not NaN).
``neutral_median_abs``
    Median |value| over the neutral copy (``takes_side`` neutral) whose
    value is defined (``n_neutral``): 0 is right for neutral copy.

The raw-count baseline is the notebooks' (:func:`framing.measure.scores.raw_count_indices`),
from the score row's family counts — every voice, whatever the target:
``raw_haftar_index`` = (legitimising − delegitimising)/(legitimising +
delegitimising); ``raw_islamists_index`` (and ``raw_adversaries_index``) =
(terrorism − revolution)/(terrorism + revolution) — oriented as the index it
stands beside (+1 = terrorists), so ρ and AUC compare like with like.

Example
-------
>>> import pandas as pd
>>> spearman([1, 2, 3, 4], [10, 20, 40, 30])
0.8
>>> auc([0.9, 0.2, -0.5, 0.1], [True, True, False, False])
1.0
>>> [round(x, 3) for x in wilson_interval(17, 20)]
[0.64, 0.948]
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from framing.errors import FramingError
from framing.measure.schema import DEFAULT_RESAMPLES, DEFAULT_SEED, VOICES

__all__ = [
    "INDEX_LABELS", "IndexLabel", "LABEL_COLUMNS", "PRECISION_FLOOR", "TABLES",
    "agreement_figure", "command_table", "index_agreement", "raw_index",
    "agreement_summary", "articles_view", "auc", "bootstrap_interval", "camp_of",
    "camp_precision", "claim_precision", "coded_files", "coded_split", "combine_coded",
    "index_labels_for",
    "join_labels", "mention_accuracy", "read_coded_mentions", "read_labels",
    "rebuild_coded_mentions", "right_aligned", "score_rows", "sign_agreement",
    "sign_confusion", "spearman", "summary_view", "title_agreement", "title_of_label",
    "validate_labels",
    "voice_confusion", "wilson_interval",
]


# ===========================================================================
# What is compared with what (data, not code)
# ===========================================================================


@dataclass(frozen=True)
class IndexLabel:
    """An index of the score row, the human label it measures, and its raw baseline.

    ``raw_positive`` / ``raw_negative``: score-row count columns (all voices,
    any target) whose (P − N)/(P + N) is the raw-count baseline.
    """

    index: str
    label: str
    raw_positive: str
    raw_negative: str

    @property
    def raw(self) -> str:
        """Column name of the raw-count baseline, e.g. ``raw_haftar_index``."""
        return f"raw_{self.index}"


#: Which label each index is validated against. ``adversaries_index`` is used
#: when the score row has it (issue 15: Haftar's adversaries as a camp).
INDEX_LABELS: tuple[IndexLabel, ...] = (
    IndexLabel("haftar_index", "haftar_stance", "legitimising", "delegitimising"),
    IndexLabel("islamists_index", "adversaries_frame", "terrorism", "revolution"),
    IndexLabel("adversaries_index", "adversaries_frame", "terrorism", "revolution"),
)

LABEL_COLUMNS = ("id", "url", "outlet", "outlet_country", "date", "date_source", "genre",
                 "takes_side", "haftar_stance", "adversaries_frame", "haftar_title", "split",
                 "rationale")
REQUIRED_LABEL_COLUMNS = ("id", "takes_side", "haftar_stance", "adversaries_frame")
#: label column → whether it may be blank
LABEL_SCALES = {"haftar_stance": False, "adversaries_frame": True}
LABEL_RANGE = (-2, 2)
TAKES_SIDE = ("pro", "anti", "neutral")
#: A split is any name of letters, digits, ``_`` or ``-`` (``tune``, ``holdout``,
#: ``fresh`` …): the halves a development set is reported by, in the order they
#: first appear in the label file.
SPLIT_NAME = re.compile(r"[A-Za-z0-9_-]+")
UNKNOWN = "(unknown)"

#: Target precision below this on the coded sample: narrow or drop the rule.
PRECISION_FLOOR = 0.85
LEVEL = 0.95

MENTION_COLUMNS = ("article", "start", "end", "entry_id", "kind", "voice", "target",
                   "target_rule", "voice_correct", "target_correct")
#: Optional 1/0 columns of a coded file: the tool's reported-speech flag and the coder's.
REPORTED_COLUMNS = ("reported", "reported_true")
#: The coder's word for "no actor" in ``target_true`` (the tool writes a blank target).
NO_TARGET = "none"
_VERDICTS = {"1": 1.0, "0": 0.0, "yes": 1.0, "no": 0.0, "y": 1.0, "n": 0.0,
             "true": 1.0, "false": 0.0, "": float("nan")}

#: The tables ``framing validate`` can write (``--table``).
TABLES = ("summary", "outlet", "genre", "confusion", "titles", "articles")


# ===========================================================================
# Statistics (plain arrays in, floats out)
# ===========================================================================


def _ranks(values: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(values, axis=-1)


def _rowwise_pearson(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson r of each row pair; NaN where a row is constant."""
    x = x - x.mean(axis=-1, keepdims=True)
    y = y - y.mean(axis=-1, keepdims=True)
    denominator = np.sqrt((x * x).sum(axis=-1) * (y * y).sum(axis=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (x * y).sum(axis=-1) / denominator
    return np.where(denominator > 1e-12, r, np.nan)


def _spearman_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return _rowwise_pearson(_ranks(x), _ranks(y))


def _auc_rows(values: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """Mann–Whitney AUC of each row; NaN where a row has one class only."""
    ranks = _ranks(values)
    n_pos = positive.sum(axis=-1)
    n_neg = positive.shape[-1] - n_pos
    with np.errstate(invalid="ignore", divide="ignore"):
        u = (ranks * positive).sum(axis=-1) - n_pos * (n_pos + 1) / 2
        a = u / (n_pos * n_neg)
    return np.where((n_pos > 0) & (n_neg > 0), a, np.nan)


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's ρ (Pearson r of average ranks); NaN for fewer than 2 pairs or constant data.

    >>> spearman([1, 2, 3], [3, 2, 1])
    -1.0
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2:
        return float("nan")
    return float(_spearman_rows(x, y))


def auc(values: Sequence[float], positive: Sequence[bool]) -> float:
    """Area under the ROC curve: P(value of a positive > value of a negative), ties ½.

    NaN when either class is empty.

    >>> auc([1, 0, 0], [True, False, True])
    0.75
    """
    values = np.asarray(values, dtype=float)
    positive = np.asarray(positive, dtype=bool)
    if len(values) == 0:
        return float("nan")
    return float(_auc_rows(values, positive))


def bootstrap_interval(statistic: Callable[..., np.ndarray], *columns: Sequence,
                       resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED,
                       level: float = LEVEL) -> tuple[float, float]:
    """Percentile bootstrap interval of a row-wise ``statistic``, resampling rows.

    ``statistic`` takes one 2-D array per column (one resample a row) and
    returns one value a row (NaN: undefined in that resample, dropped).

    >>> x = np.arange(10.0)
    >>> bootstrap_interval(_spearman_rows, x, x)
    (1.0, 1.0)
    """
    arrays = [np.asarray(c) for c in columns]
    n = len(arrays[0])
    if n < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(resamples, n))
    values = statistic(*(a[picks] for a in arrays))
    values = values[~np.isnan(values)]
    if values.size == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def wilson_interval(successes: int, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson score interval of a proportion (NaN, NaN for n = 0).

    >>> wilson_interval(0, 10)[0]
    0.0
    """
    from scipy.stats import norm

    if n == 0:
        return float("nan"), float("nan")
    z = float(norm.ppf(1 - (1 - level) / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # exact bounds at 0 and n (the formula gives 1 − 1e-16)
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def raw_index(positive: pd.Series, negative: pd.Series) -> pd.Series:
    """(P − N)/(P + N) element-wise, NaN where P + N = 0 (as :func:`framing.measure.scores.index_value`).

    >>> raw_index(pd.Series([3, 0]), pd.Series([1, 0])).tolist()
    [0.5, nan]
    """
    positive, negative = positive.astype(float), negative.astype(float)
    total = positive + negative
    return ((positive - negative) / total).where(total > 0)


def _sign(values: pd.Series) -> pd.Series:
    """−1, 0, +1, NaN for undefined."""
    return np.sign(values.astype(float))


# ===========================================================================
# Reading the inputs (validated at the boundary: one line naming file and line)
# ===========================================================================


def _csv_records(path: str | Path, required: Sequence[str]) -> tuple[list[str], list[tuple]]:
    """``(header, [(line, row dict), …])`` of a UTF-8 CSV with the required columns."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FramingError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise FramingError(f"{path}: not UTF-8 (byte {error.start})") from None
    except OSError as error:
        raise FramingError(f"{path}: cannot read: {error.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if not header:
        raise FramingError(f"{path}: empty file (expected a header with {', '.join(required)})")
    reader.fieldnames = header
    missing = [c for c in required if c not in header]
    if missing:
        raise FramingError(f"{path}:1: missing column(s) {', '.join(missing)} "
                           f"(required: {', '.join(required)})")
    records = []
    for row in reader:
        if None in row:
            raise FramingError(f"{path}:{reader.line_num}: more fields than the header has")
        records.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    return header, records


def _label_value(value: str, column: str, blank: bool, where: str) -> float:
    """An integer label −2 … +2 (U+2212 minus accepted); NaN for blank when allowed."""
    if value == "":
        if blank:
            return float("nan")
        raise FramingError(f"{where}: {column} is blank (expected an integer −2 … +2)")
    try:
        number = int(value.replace("\u2212", "-"))
    except ValueError:
        raise FramingError(f"{where}: {column} {value!r} is not an integer −2 … +2") from None
    low, high = LABEL_RANGE
    if not low <= number <= high:
        raise FramingError(f"{where}: {column} {value!r} is outside −2 … +2")
    return float(number)


def _choice(value: str, column: str, choices: Sequence[str], where: str,
            blank: bool = False) -> str:
    value = value.lower()
    if value in choices or (blank and value == ""):
        return value
    shown = "blank" if value == "" else repr(value)
    raise FramingError(f"{where}: {column} {shown} is not one of {', '.join(choices)}")


def read_labels(path: str | Path) -> pd.DataFrame:
    """Read and check a label file (see the module docstring); one row per article.

    Returns every column of the file (text, stripped) with the label columns
    as floats (NaN = blank), ``takes_side`` and ``split`` lower-cased, missing
    optional columns as ``""``, and ``line`` (the row's line in the file).

    Raises
    ------
    FramingError
        ``FILE:LINE: problem`` for a missing column, a blank or repeated id, a
        value outside its set, a label outside −2 … +2.

    >>> labels = read_labels("tests/data/validation/labels.csv")  # doctest: +SKIP
    >>> labels[["id", "haftar_stance"]].iloc[0].tolist()          # doctest: +SKIP
    ['v01', 2.0]
    """
    header, records = _csv_records(path, REQUIRED_LABEL_COLUMNS)
    rows, seen = [], {}
    for line, row in records:
        where = f"{path}:{line}"
        if row["id"] == "":
            raise FramingError(f"{where}: id is blank")
        if row["id"] in seen:
            raise FramingError(f"{where}: duplicate id {row['id']!r} (also line {seen[row['id']]})")
        seen[row["id"]] = line
        row["takes_side"] = _choice(row["takes_side"], "takes_side", TAKES_SIDE, where)
        split = str(row.get("split", "")).strip()
        if split and not SPLIT_NAME.fullmatch(split):
            raise FramingError(f"{where}: split {split!r} is not a name (letters, digits, _ "
                               "or -)")
        row["split"] = split
        for column, blank in LABEL_SCALES.items():
            row[column] = _label_value(row[column], column, blank, where)
        row["line"] = line
        rows.append({**dict.fromkeys(LABEL_COLUMNS, ""), **row})  # optional columns: blank
    columns = list(dict.fromkeys([*header, *LABEL_COLUMNS, "line"]))
    frame = pd.DataFrame(rows, columns=columns)
    for column in LABEL_SCALES:
        frame[column] = frame[column].astype(float)
    frame["line"] = frame["line"].astype(int)
    return frame


def _verdict(value: str, column: str, where: str) -> float:
    key = value.lower()
    if key not in _VERDICTS:
        raise FramingError(f"{where}: {column} {value!r} is not 1, 0, yes, no or blank")
    return _VERDICTS[key]


def read_coded_mentions(paths: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """Read and check hand-coded mentions (the coding mode's CSV): one file,
    or several files and folders (each folder: its ``*.csv`` files, in name
    order), combined into one table (:func:`combine_coded`), so that a coder
    who codes N pages downloads N files and validates them at once.

    Columns: the mentions table's (at least :data:`MENTION_COLUMNS` minus the
    verdicts) plus ``voice_correct`` and ``target_correct`` (1/0, yes/no,
    true/false, or blank = not coded) and, optionally, ``voice_true`` and
    ``target_true`` (the coder's correction; ``none`` = no actor, the same as
    a blank ``target``). A blank verdict with a correction is derived from it
    (``voice_true == voice``); a verdict that contradicts its correction is an
    error. Verdicts become floats (1, 0, NaN). Optional ``reported`` (the
    tool: the mention is in reported speech, ``reported_by`` set) and
    ``reported_true`` (the coder's reading) are read as 1/0 too, for
    :func:`mention_accuracy`'s reported-speech and own-voice rows.
    ``file`` and ``line`` say where each row was read.

    Raises
    ------
    FramingError
        ``FILE:LINE: problem`` for a missing column, a voice, kind or
        target_rule outside its set, a verdict that is not 1/0/yes/no/blank,
        a start or end that is not an integer, a mention coded twice in
        different ways; ``FOLDER: no .csv file`` for a folder with none.

    >>> read_coded_mentions(["coding/a.coded.csv", "coding/more/"])  # doctest: +SKIP
    """
    return combine_coded([_read_coded_file(path) for path in coded_files(paths)])


def coded_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """The coded CSVs that ``paths`` name: each file as given, each folder's
    ``*.csv`` files in name order (any name: a browser saves a second download
    of one page as ``… (1).csv``, which must not be missed).

    >>> coded_files("tests/data/validation/coded_mentions.csv")
    [PosixPath('tests/data/validation/coded_mentions.csv')]
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
            if not found:
                raise FramingError(f"{path}: no .csv file in this folder (expected the coding "
                                   "mode's downloads, <article>.coded.csv)")
            files += found
        else:
            files.append(path)
    return files  # a file named twice is harmless: combine_coded keeps one copy of a row


#: What makes two coded rows the same mention (its key in the mentions
#: table), what the tool measured about it, and what the coder said.
CODED_KEY = ("article", "start", "end", "entry_id", "kind")
_MEASURED = ("voice", "target", "target_rule")
_CODES = ("voice_correct", "target_correct", "voice_true", "target_true")


def _code_text(value) -> str:
    """A verdict or correction as the coder gave it ("" not coded; 1.0 → "1")."""
    if isinstance(value, float):
        return "" if math.isnan(value) else str(int(value))
    return str(value)


def combine_coded(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Tables of :func:`read_coded_mentions` (with ``file`` and ``line``) as
    one, a row per mention (:data:`CODED_KEY`), in order of first appearance.

    A mention listed more than once (two downloads of a page, or pages coded
    in turn by one coder) keeps its coded row; rows with no code at all give
    way to it. Coded twice, its codes must be the same, and so must what the
    tool measured (else the pages came from different versions of the tool):
    otherwise an error names both places.

    >>> a = pd.DataFrame({"article": ["x"], "start": [0], "end": [4], "entry_id": ["e"],
    ...     "kind": ["frame"], "voice": ["quoted"], "target": ["haftar"],
    ...     "target_rule": ["nearest"], "voice_correct": [1.0], "target_correct": [float("nan")],
    ...     "voice_true": [""], "target_true": [""], "file": ["a.csv"], "line": [2]})
    >>> b = a.assign(voice_correct=float("nan"), file="b.csv")
    >>> combine_coded([a, b])[["voice_correct", "file"]].values.tolist()
    [[1.0, 'a.csv']]
    >>> combine_coded([a, a.assign(voice_correct=0.0, file="c.csv")])
    Traceback (most recent call last):
    ...
    framing.errors.FramingError: c.csv:2: mention x 0–4 e (frame) is coded differently in a.csv:2 (voice_correct '0' here, '1' there)
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=[*MENTION_COLUMNS, "voice_true", "target_true", "file",
                                     "line"])
    table = pd.concat(frames, ignore_index=True, sort=False)
    kept: dict[tuple, int] = {}  # key → index of the row kept (dicts keep first appearance)
    for index, row in enumerate(table[[*CODED_KEY, *_MEASURED, *_CODES, "file", "line"]]
                                .itertuples(index=False)):
        row = row._asdict()
        key = tuple(str(row[c]) for c in CODED_KEY)
        if key not in kept:
            kept[key] = index
            continue
        first = table.iloc[kept[key]]
        here, there = f"{row['file']}:{row['line']}", f"{first['file']}:{first['line']}"
        mention = f"{key[0]} {key[1]}–{key[2]} {key[3]} ({key[4]})"
        for column in _MEASURED:
            if _code_text(row[column]) != _code_text(first[column]):
                raise FramingError(
                    f"{here}: mention {mention} has {column} {_code_text(row[column])!r} but "
                    f"{_code_text(first[column])!r} in {there} (pages from different runs of "
                    "the tool? code the pages of one run)")
        mine = [_code_text(row[c]) for c in _CODES]
        theirs = [_code_text(first[c]) for c in _CODES]
        if not any(mine):
            continue
        if not any(theirs):
            kept[key] = index
            continue
        for column, a, b in zip(_CODES, mine, theirs):
            if a != b:
                raise FramingError(f"{here}: mention {mention} is coded differently in "
                                   f"{there} ({column} {a!r} here, {b!r} there)")
    return table.iloc[list(kept.values())].reset_index(drop=True)


def _read_coded_file(path: str | Path) -> pd.DataFrame:
    """One coded CSV, checked row by row (see :func:`read_coded_mentions`)."""
    from framing.measure.target import KINDS, TARGET_RULES

    header, records = _csv_records(path, MENTION_COLUMNS)
    rows = []
    for line, row in records:
        where = f"{path}:{line}"
        for column in ("start", "end"):
            if not row[column].isdigit():
                raise FramingError(f"{where}: {column} {row[column]!r} is not a character offset")
            row[column] = int(row[column])
        row["kind"] = _choice(row["kind"], "kind", KINDS, where)
        row["voice"] = _choice(row["voice"], "voice", VOICES, where)
        row["target_rule"] = _choice(row["target_rule"], "target_rule", TARGET_RULES, where)
        row["voice_true"] = _choice(row.get("voice_true", ""), "voice_true", VOICES, where,
                                    blank=True)
        row["target_true"] = row.get("target_true", "")
        for what in ("voice", "target"):
            column, truth = f"{what}_correct", row[f"{what}_true"]
            verdict = _verdict(row[column], column, where)
            if truth != "":
                agrees = float(_no_target(truth) == _no_target(row[what]))
                if math.isnan(verdict):
                    verdict = agrees
                elif verdict != agrees:
                    raise FramingError(f"{where}: {column} {row[column]!r} contradicts "
                                       f"{what}_true {truth!r} (the tool said {row[what]!r})")
            row[column] = verdict
        for column in REPORTED_COLUMNS:
            if column in row:
                row[column] = _verdict(row[column], column, where)
        row["file"], row["line"] = str(path), line
        rows.append(row)
    columns = list(dict.fromkeys([*header, "voice_true", "target_true", "file", "line"]))
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("voice_correct", "target_correct",
                   *(c for c in REPORTED_COLUMNS if c in frame.columns)):
        frame[column] = frame[column].astype(float)
    return frame


def _no_target(target: str) -> str:
    """A target as compared: ``none`` (the coder's word for no actor) is blank."""
    return "" if target.strip().lower() == NO_TARGET else target


# ===========================================================================
# Scores and the join
# ===========================================================================


def score_rows(paths: str | Path | Iterable[str | Path] | None, *, lexicon: str | None = None,
               actors: str | None = None, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """The score row of every article of ``paths`` — ``framing score``'s fast
    path (:func:`framing.scale.stream.score_corpus`), so the numbers validated are
    the numbers users get. Any input ``framing score`` reads.

    >>> score_rows(None)["article"].str[:3].tolist()  # doctest: +SKIP
    ['000', '001', '002', '003', '004']
    """
    from framing.measure.scorer import ScoreSettings
    from framing.scale.stream import _STR_COLUMNS, score_corpus

    out = io.StringIO()
    score_corpus(paths, stdout=out,
                 settings=ScoreSettings(lexicon=lexicon, actors=actors, seed=seed))
    text = list(_STR_COLUMNS)
    # read text columns as written ("NA" is an id, not a missing value)
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype={c: str for c in text},
                        keep_default_na=False, na_values=[""])
    frame[text] = frame[text].fillna("")
    return frame


@contextmanager
def _dated_corpus(labels: pd.DataFrame, corpus):
    """The corpus to score, with the label file's ``date`` as each article's date.

    A folder of ``.txt`` files without a ``metadata.csv`` (the development set's
    git-ignored ``validation/texts/``) has no dates, so dated lexicon entries
    (``from`` / ``until``: اللواء المتقاعد is a choice only from March 2015)
    would read every article as today's. When the labels have a ``date``
    column, each such folder — given alone or among several paths, as the
    command line gives it — is scored as a temporary JSONL of ``id``, ``text``
    and ``date``; any other input is scored as it is.
    """
    items = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    undated = [Path(p) for p in items if isinstance(p, (str, Path)) and Path(p).is_dir()
               and not (Path(p) / "metadata.csv").exists()]
    if not undated or "date" not in labels.columns:
        yield corpus
        return
    import json
    import tempfile

    dates = {str(i): str(d).strip() for i, d in zip(labels["id"], labels["date"])
             if isinstance(d, str) and d.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        dated = []
        for n, item in enumerate(items):
            folder = Path(item) if isinstance(item, (str, Path)) else None
            if folder not in undated:
                dated.append(item)
                continue
            path = Path(tmp) / f"corpus-{n}.jsonl"
            with open(path, "w", encoding="utf-8") as out:
                for txt in sorted(folder.glob("*.txt")):
                    try:
                        text = txt.read_text(encoding="utf-8")
                    except (OSError, UnicodeDecodeError):
                        yield corpus  # let the ordinary reader report the bad file
                        return
                    record = {"id": txt.stem, "text": text}
                    if txt.stem in dates:
                        record["date"] = dates[txt.stem]
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            dated.append(str(path))
        yield dated[0] if isinstance(corpus, (str, Path)) else dated


def index_labels_for(scores: pd.DataFrame, indices: Sequence[str] | None = None
                     ) -> list[IndexLabel]:
    """The :data:`INDEX_LABELS` to validate: those asked for, else those the score row has.

    >>> [s.index for s in index_labels_for(pd.DataFrame(columns=["haftar_index"]))]
    ['haftar_index']
    """
    known = {spec.index: spec for spec in INDEX_LABELS}
    if indices is None:
        return [spec for spec in INDEX_LABELS if spec.index in scores.columns]
    chosen = []
    for name in indices:
        if name not in known:
            raise FramingError(f"--index {name}: not a validated index "
                               f"(choose from {', '.join(known)})")
        if name not in scores.columns:
            raise FramingError(f"--index {name}: the score row has no such column")
        chosen.append(known[name])
    return chosen


def join_labels(labels: pd.DataFrame, scores: pd.DataFrame, specs: Sequence[IndexLabel], *,
                source: str = "labels", missing: str = "error") -> pd.DataFrame:
    """One row per labelled article: its labels, its indices and their raw baselines.

    Articles of the corpus without a label are left out (a labelled sample
    of a larger corpus). A labelled id with no article is an error naming
    its line (``missing="error"``: a validation silently run on fewer
    articles than were labelled would misreport); with ``missing="drop"`` it
    is left out and listed in ``.attrs["missing"]``.

    Columns: ``id``, ``outlet``, ``genre``, ``takes_side``, ``split``, the
    label columns, then per index its value and ``raw_<index>``, then
    ``haftar_title`` (label), ``measured_title`` (score row), ``title_match``.
    """
    from framing.text.arabic import normalise

    if missing not in ("error", "drop"):
        raise FramingError(f"missing must be 'error' or 'drop', got {missing!r}")
    absent = labels[~labels["id"].isin(scores["article"])]
    if len(absent) and missing == "error":
        first = absent.iloc[0]
        raise FramingError(f"{source}:{first['line']}: id {first['id']!r} has no article in the "
                           f"corpus ({len(absent)} of {len(labels)} labelled ids have none)")
    row = scores.set_index("article").reindex(labels["id"])
    joined = pd.DataFrame({
        "id": labels["id"].to_numpy(),
        "outlet": labels["outlet"].replace("", UNKNOWN).to_numpy(),
        "genre": labels["genre"].replace("", UNKNOWN).to_numpy(),
        "takes_side": labels["takes_side"].to_numpy(),
        "split": labels["split"].to_numpy(),
    })
    for column in dict.fromkeys(spec.label for spec in specs):
        joined[column] = labels[column].to_numpy()
    for spec in specs:
        joined[spec.index] = row[spec.index].astype(float).to_numpy()
        joined[spec.raw] = raw_index(row[spec.raw_positive], row[spec.raw_negative]).to_numpy()
    joined["haftar_title"] = labels["haftar_title"].to_numpy()
    joined["measured_title"] = row["haftar_title"].fillna("").to_numpy()
    joined["title_match"] = [title_of_label(a) == normalise(b)
                             for a, b in zip(joined["haftar_title"], joined["measured_title"])]
    joined = joined[labels["id"].isin(scores["article"]).to_numpy()].reset_index(drop=True)
    joined.attrs["missing"] = absent["id"].tolist()
    return joined


# ===========================================================================
# Agreement with the labels
# ===========================================================================


def _measures(spec: IndexLabel) -> tuple[tuple[str, str], ...]:
    """(measure name, column) of an index and its baseline."""
    return (("index", spec.index), ("raw_counts", spec.raw))


def index_agreement(label: pd.Series, value: pd.Series, takes_side: pd.Series, *,
                    resamples: int = DEFAULT_RESAMPLES, seed: int = DEFAULT_SEED) -> dict:
    """ρ, AUC (each with its bootstrap interval), coverage and the neutral
    median of one value column against one label column (see the module
    docstring for each definition).

    >>> label = pd.Series([2.0, 1, -1, -2, 0])
    >>> value = pd.Series([1.0, float("nan"), -0.5, -1, 0.2])
    >>> out = index_agreement(label, value, pd.Series(["pro"] * 2 + ["anti"] * 2 + ["neutral"]))
    >>> out["auc"], out["coverage"], out["neutral_median_abs"]
    (1.0, 0.75, 0.2)
    """
    label, value = label.astype(float).to_numpy(), value.astype(float).to_numpy()
    labelled, defined = ~np.isnan(label), ~np.isnan(value)
    both = labelled & defined
    sides = labelled & (label != 0)
    scored_sides = sides & defined
    positive = label[scored_sides] > 0
    neutral = (takes_side.to_numpy() == "neutral") & defined
    options = {"resamples": resamples, "seed": seed}
    rho_low, rho_high = bootstrap_interval(_spearman_rows, label[both], value[both], **options)
    auc_low, auc_high = bootstrap_interval(_auc_rows, value[scored_sides], positive, **options)
    return {
        "n": int(labelled.sum()),
        "rho": spearman(label[both], value[both]), "rho_low": rho_low, "rho_high": rho_high,
        "n_rho": int(both.sum()),
        "auc": auc(value[scored_sides], positive), "auc_low": auc_low, "auc_high": auc_high,
        "n_pro": int(positive.sum()), "n_anti": int((~positive).sum()),
        "coverage": float(scored_sides.sum() / sides.sum()) if sides.any() else float("nan"),
        "n_sides": int(sides.sum()),
        "neutral_median_abs": float(np.median(np.abs(value[neutral]))) if neutral.any()
        else float("nan"),
        "n_neutral": int(neutral.sum()),
    }


SUMMARY_COLUMNS = ["split", "index", "label", "measure", "n", "rho", "rho_low", "rho_high",
                   "n_rho", "auc", "auc_low", "auc_high", "n_pro", "n_anti", "coverage",
                   "n_sides", "neutral_median_abs", "n_neutral"]


def _splits(joined: pd.DataFrame, split: str | None) -> list[tuple[str, pd.DataFrame]]:
    """("all", everything) then each split present; only ``split`` when given."""
    if split is not None:
        return [(split, joined[joined["split"] == split])]
    present = [s for s in dict.fromkeys(joined["split"]) if s]
    return [("all", joined)] + [(s, joined[joined["split"] == s]) for s in present]


def agreement_summary(joined: pd.DataFrame, specs: Sequence[IndexLabel], *,
                      split: str | None = None, resamples: int = DEFAULT_RESAMPLES,
                      seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """One row per split, index and measure (the index, then its raw-count
    baseline): the columns of :data:`SUMMARY_COLUMNS`.

    Splits: ``all`` and each split present (tune, holdout), or only ``split``.
    """
    rows = []
    for name, part in _splits(joined, split):
        for spec in specs:
            for measure, column in _measures(spec):
                figures = index_agreement(part[spec.label], part[column], part["takes_side"],
                                          resamples=resamples, seed=seed)
                rows.append({"split": name, "index": spec.index, "label": spec.label,
                             "measure": measure, **figures})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def sign_agreement(joined: pd.DataFrame, specs: Sequence[IndexLabel], by: str) -> pd.DataFrame:
    """Sign agreement of each index and baseline with its label, per ``by`` group.

    Over the articles with a (non-blank) label: ``agree`` (same sign: −, 0
    or +), ``disagree`` (defined, other sign), ``undefined`` (NaN value).

    >>> joined = pd.DataFrame({"outlet": ["a", "a", "b"], "haftar_stance": [2.0, -1, 0],
    ...                        "haftar_index": [1.0, 0.5, float("nan")],
    ...                        "raw_haftar_index": [1.0, -1, 0]})
    >>> table = sign_agreement(joined, INDEX_LABELS[:1], "outlet")
    >>> table[["group", "measure", "agree"]].values.tolist()
    [['a', 'index', 1], ['a', 'raw_counts', 2], ['b', 'index', 0], ['b', 'raw_counts', 1]]
    """
    rows = []
    for group, part in joined.groupby(by, sort=True):
        for spec in specs:
            labelled = part[part[spec.label].notna()]
            truth = _sign(labelled[spec.label])
            for measure, column in _measures(spec):
                sign = _sign(labelled[column])
                rows.append({"by": by, "group": group, "index": spec.index, "measure": measure,
                             "n": len(labelled), "agree": int((sign == truth).sum()),
                             "disagree": int((sign.notna() & (sign != truth)).sum()),
                             "undefined": int(sign.isna().sum())})
    return pd.DataFrame(rows, columns=["by", "group", "index", "measure", "n", "agree",
                                       "disagree", "undefined"])


SIGN_NAMES = {-1.0: "negative", 0.0: "zero", 1.0: "positive"}


def sign_confusion(joined: pd.DataFrame, specs: Sequence[IndexLabel]) -> pd.DataFrame:
    """Label sign × value sign counts, per index and measure (long rows, wide signs).

    Columns: ``index``, ``measure``, ``label_sign`` (negative, zero,
    positive), then the counts of value ``negative``, ``zero``, ``positive``,
    ``undefined``.
    """
    rows = []
    for spec in specs:
        labelled = joined[joined[spec.label].notna()]
        truth = _sign(labelled[spec.label])
        for measure, column in _measures(spec):
            sign = _sign(labelled[column])
            for t, name in SIGN_NAMES.items():
                mine = sign[truth == t]
                rows.append({"index": spec.index, "measure": measure, "label_sign": name,
                             **{v: int((mine == s).sum()) for s, v in SIGN_NAMES.items()},
                             "undefined": int(mine.isna().sum())})
    return pd.DataFrame(rows, columns=["index", "measure", "label_sign", *SIGN_NAMES.values(),
                                       "undefined"])


def title_of_label(value: str) -> str:
    """A reader's ``haftar_title``, normalised; the codebook's ``none`` (name
    only, an epithet, not named) is no title, as a blank is.

    >>> title_of_label("none"), title_of_label(" المشير ") == title_of_label("المشير")
    ('', True)
    """
    from framing.text.arabic import normalise

    value = str(value).strip()
    return "" if value.lower() == "none" else normalise(value)


def title_agreement(joined: pd.DataFrame, *, split: str | None = None) -> pd.DataFrame:
    """How often Haftar's most frequent title (score row) is the reader's
    ``haftar_title`` (:func:`title_of_label`; ``none`` or blank and no title
    measured agree): split, n, matches, share."""
    rows = []
    for name, part in _splits(joined, split):
        matches = int(part["title_match"].sum())
        rows.append({"split": name, "n": len(part), "matches": matches,
                     "share": matches / len(part) if len(part) else float("nan")})
    return pd.DataFrame(rows, columns=["split", "n", "matches", "share"])


def validate_labels(labels_path: str | Path, corpus: str | Path | Iterable[str | Path] | None,
                    *, indices: Sequence[str] | None = None, split: str | None = None,
                    lexicon: str | None = None, actors: str | None = None,
                    missing: str = "error", resamples: int = DEFAULT_RESAMPLES,
                    seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """Everything ``framing validate LABELS CORPUS`` reports, as tables.

    ``corpus`` None: the folder of the label file. Returns the tables of
    :data:`TABLES` by name (``articles``: the joined per-article table, the
    rows behind every figure).

    >>> tables = validate_labels("tests/data/validation/labels.csv", None)  # doctest: +SKIP
    >>> sorted(tables) == sorted(TABLES)                                     # doctest: +SKIP
    True
    """
    labels = read_labels(labels_path)
    if corpus is None or (not isinstance(corpus, (str, Path)) and not list(corpus)):
        corpus = Path(labels_path).parent
    with _dated_corpus(labels, corpus) as dated:
        scores = score_rows(dated, lexicon=lexicon, actors=actors, seed=seed)
    specs = index_labels_for(scores, indices)
    joined = join_labels(labels, scores, specs, source=str(labels_path), missing=missing)
    if split is not None:
        joined = joined[joined["split"] == split].reset_index(drop=True)
        if joined.empty:
            raise FramingError(f"{labels_path}: no labelled article in split {split!r}")
    tables = {
        "summary": agreement_summary(joined, specs, split=split, resamples=resamples, seed=seed),
        "outlet": sign_agreement(joined, specs, "outlet"),
        "genre": sign_agreement(joined, specs, "genre"),
        "confusion": sign_confusion(joined, specs),
        "titles": title_agreement(joined, split=split),
        "articles": joined,
    }
    tables["articles"].attrs["missing"] = joined.attrs.get("missing", [])
    return tables


# ===========================================================================
# Coded mentions: is the voice right, is the target right?
# ===========================================================================


ACCURACY_COLUMNS = ["measure", "group", "n", "correct", "value", "low", "high", "flag"]


def _proportion_row(measure: str, group: str, verdicts: pd.Series, flag_below: float | None,
                    level: float) -> dict:
    coded = verdicts.dropna()
    n, correct = len(coded), int(coded.sum())
    low, high = wilson_interval(correct, n, level)
    value = correct / n if n else float("nan")
    flag = "narrow or drop" if flag_below is not None and n and value < flag_below else ""
    return {"measure": measure, "group": group, "n": n, "correct": correct, "value": value,
            "low": low, "high": high, "flag": flag}


def mention_accuracy(coded: pd.DataFrame, *, floor: float = PRECISION_FLOOR,
                     level: float = LEVEL) -> pd.DataFrame:
    """Voice accuracy and target precision of hand-coded mentions, with Wilson intervals.

    Rows (columns :data:`ACCURACY_COLUMNS`; ``n`` counts coded rows only):

    * ``voice_accuracy``: ``all``, then each voice the tool gave;
    * ``target_precision``: ``linked`` (mentions the tool linked to an actor,
      i.e. with a target — precision proper), ``linked_not_self`` (without
      actor names, whose target is themselves: the linking decisions), then
      each ``target_rule`` (for ``none`` and ``opposed``, the share where
      leaving the target blank was right). A rule below ``floor`` is flagged
      ``narrow or drop``;
    * when the file has ``reported`` and ``reported_true``:
      ``reported_speech`` (``frame``: is the tool right that a frame word is,
      or is not, in reported speech) and ``own_voice`` (``all``, ``frame``:
      do tool and coder agree on whether the mention counts as the author's
      own voice in the indices — authorial and, for a frame word, not in
      reported speech).

    >>> coded = pd.DataFrame({"voice": ["authorial"] * 3, "voice_correct": [1.0, 1, 0],
    ...                       "target": ["haftar"] * 3, "target_rule": ["nearest"] * 3,
    ...                       "target_correct": [1.0, 0, float("nan")]})
    >>> mention_accuracy(coded).query("group == 'nearest'")[["n", "value", "flag"]].values.tolist()
    [[2, 0.5, 'narrow or drop']]
    """
    rows = [_proportion_row("voice_accuracy", "all", coded["voice_correct"], None, level)]
    for voice in VOICES:
        mine = coded[coded["voice"] == voice]
        if len(mine):
            rows.append(_proportion_row("voice_accuracy", voice, mine["voice_correct"], None,
                                        level))
    linked = coded[coded["target"].fillna("").astype(str) != ""]
    rows.append(_proportion_row("target_precision", "linked", linked["target_correct"], None,
                                level))
    not_self = linked[linked["target_rule"] != "self"]
    rows.append(_proportion_row("target_precision", "linked_not_self",
                                not_self["target_correct"], None, level))
    from framing.measure.target import TARGET_RULES

    for rule in _rules_present(coded):
        mine = coded[coded["target_rule"] == rule]
        rows.append(_proportion_row("target_precision", str(rule), mine["target_correct"], floor,
                                    level))
    if all(c in coded.columns for c in REPORTED_COLUMNS):
        frames = coded[coded["kind"] == "frame"]
        said = (frames["reported"] == frames["reported_true"]).where(
            frames["reported"].notna() & frames["reported_true"].notna()).astype(float)
        rows.append(_proportion_row("reported_speech", "frame", said, None, level))
        own = _own_voice_agrees(coded)
        rows.append(_proportion_row("own_voice", "all", own, None, level))
        rows.append(_proportion_row("own_voice", "frame", own[coded["kind"] == "frame"], None,
                                    level))
    return pd.DataFrame(rows, columns=ACCURACY_COLUMNS)


def _rules_present(coded: pd.DataFrame) -> list[str]:
    """The target rules of ``coded`` in :data:`framing.measure.target.TARGET_RULES` order, then others."""
    from framing.measure.target import TARGET_RULES

    present = set(coded["target_rule"])
    return [r for r in TARGET_RULES if r in present] + sorted(present - set(TARGET_RULES))


def _coder_value(coded: pd.DataFrame, what: str) -> pd.Series:
    """The coder's voice or target: the correction when given, else the tool's
    value when judged right; NaN when unknown (not coded, or wrong without a
    correction). Targets with ``none`` as blank."""
    truth = coded.get(f"{what}_true", pd.Series("", index=coded.index)).fillna("").astype(str)
    tool = coded[what].fillna("").astype(str)
    if what == "target":
        truth, tool = truth.map(_no_target), tool.map(_no_target)
        given = coded.get("target_true", pd.Series("", index=coded.index)).fillna("") != ""
    else:
        given = truth != ""
    return truth.where(given, tool.where(coded[f"{what}_correct"] == 1))


def _own_voice_agrees(coded: pd.DataFrame) -> pd.Series:
    """Per row, 1.0 when the tool and the coder agree on whether the mention is
    in the author's own voice *as the indices read it* — authorial, and for a
    frame word not in reported speech (a claim's frame words are the source's;
    names in a paraphrase are the author's choice) — 0.0 when not, NaN when
    the coder's reading is unknown."""
    frame = coded["kind"] == "frame"
    tool = (coded["voice"] == "authorial") & ~(frame & (coded["reported"] == 1))
    voice = _coder_value(coded, "voice")
    truth = (voice == "authorial") & ~(frame & (coded["reported_true"] == 1))
    known = voice.notna() & coded["reported_true"].notna()
    return (tool == truth).astype(float).where(known)


def camp_of(target: str, adversary_groups: Sequence[str] | None = None,
            patrons: Mapping[str, str] | None = None) -> str:
    """The side of the war an actor group belongs to, as the indices read it:
    ``haftar``, ``adversaries`` (:data:`framing.measure.schema.DEFAULT_ADVERSARY_GROUPS`),
    ``none`` (no actor), else the group itself (an outside party). A patron
    whose frame words count for the camp it arms (``patrons``,
    :data:`framing.measure.schema.DEFAULT_PATRONS`: Turkey, Qatar; the House of
    Representatives for Haftar's) is in that camp here too, since the indices
    count it there.

    >>> [camp_of(t) for t in ("haftar", "gna", "islamist_brigades", "", "egypt", "turkey")]
    ['haftar', 'adversaries', 'adversaries', 'none', 'egypt', 'adversaries']
    """
    from framing.measure.schema import DEFAULT_ADVERSARY_GROUPS, DEFAULT_PATRONS, HAFTAR_GROUP

    groups = DEFAULT_ADVERSARY_GROUPS if adversary_groups is None else adversary_groups
    target = _no_target(str(target))
    target = (DEFAULT_PATRONS if patrons is None else patrons).get(target, target)
    if target == "":
        return NO_TARGET
    if target == HAFTAR_GROUP:
        return "haftar"
    return "adversaries" if target in groups else target


def camp_precision(coded: pd.DataFrame, *, level: float = LEVEL) -> pd.DataFrame:
    """Target precision at the level of the war's sides (:func:`camp_of`), per
    ``target_rule``: a target is right here when it falls in the coder's camp
    (ميليشيات الوفاق given to ``haftar_adversaries`` for ``gna`` counts; given
    to ``haftar`` does not). This is what an index sees, since each index
    counts a camp. Rows as :func:`mention_accuracy` (measure ``target_camp``;
    no flag: the floor is for :func:`mention_accuracy`'s precision).
    """
    return _precision_by(coded, "target_camp", lambda t, u: camp_of(t) == camp_of(u), level)


#: the targets that name a camp, not one of its actors: "one of Haftar's adversaries, not
#: named more precisely" (:func:`claim_precision`)
CAMP_TARGETS = {"haftar_adversaries": "adversaries"}


def claim_precision(coded: pd.DataFrame, *, level: float = LEVEL) -> pd.DataFrame:
    """Target precision at the tool's own level of detail, per ``target_rule``:
    a target is right when it is the coder's actor, or when it names a camp
    without naming its actor (:data:`CAMP_TARGETS`: ``haftar_adversaries``,
    "one of Haftar's adversaries") and the coder's actor belongs to that camp
    (the Benghazi brigades the army fights). A specific target is judged as
    :func:`mention_accuracy` judges it — ``gna`` for the coder's
    ``islamist_brigades`` is wrong here, right in :func:`camp_precision`. Rows
    as :func:`mention_accuracy` (measure ``target_claim``).

    >>> coded = pd.DataFrame({"target": ["haftar_adversaries", "gna", "haftar"],
    ...                       "target_rule": ["opponent"] * 3, "target_correct": [0.0, 0, 1],
    ...                       "target_true": ["islamist_brigades", "islamist_brigades", ""]})
    >>> claim_precision(coded).set_index("group").loc["opponent", ["n", "correct"]].tolist()
    [3, 2]
    """
    def agrees(tool: str, coder: str) -> bool:
        tool, coder = _no_target(tool), _no_target(coder)
        return tool == coder or (tool in CAMP_TARGETS and camp_of(coder) == CAMP_TARGETS[tool])

    return _precision_by(coded, "target_claim", agrees, level)


def _precision_by(coded: pd.DataFrame, measure: str, agree: Callable[[str, str], bool],
                  level: float) -> pd.DataFrame:
    """Rows of a target precision whose verdict is ``agree(tool, coder)``:
    linked targets, then each ``target_rule``."""
    truth = _coder_value(coded, "target")
    agrees = pd.Series([float(agree(str(t), u)) if isinstance(u, str) else float("nan")
                        for t, u in zip(coded["target"].fillna(""), truth)], index=coded.index)
    linked = coded["target"].fillna("").astype(str).map(_no_target) != ""
    rows = [_proportion_row(measure, "linked", agrees[linked], None, level)]
    for rule in _rules_present(coded):
        rows.append(_proportion_row(measure, str(rule),
                                    agrees[coded["target_rule"] == rule], None, level))
    return pd.DataFrame(rows, columns=ACCURACY_COLUMNS)


def voice_confusion(coded: pd.DataFrame) -> pd.DataFrame:
    """The tool's voice (rows) against the coder's (columns), coded rows only.

    The coder's voice is ``voice_true`` when given, else the tool's voice
    when ``voice_correct`` is 1; rows judged wrong without a correction are
    counted as ``(wrong)``.
    """
    coded = coded[coded["voice_correct"].notna()]
    truth = coded["voice_true"].where(coded["voice_true"] != "",
                                      coded["voice"].where(coded["voice_correct"] == 1, "(wrong)"))
    table = pd.crosstab(coded["voice"].rename("voice"), truth.rename("coder"))
    order = [v for v in (*VOICES, "(wrong)") if v in table.columns]
    rows = [v for v in VOICES if v in table.index]
    return table.reindex(index=rows, columns=order).reset_index().rename_axis(columns=None)


# ===========================================================================
# Coded keys: the coding kept as facts, the full table rebuilt from the texts
# ===========================================================================

#: What identifies a mention across runs of the tool.
MENTION_KEY = ("article", "start", "end", "entry_id")
#: A key file (``validation/mentions_coded.csv``): facts only, no text — the
#: key, what the tool said when the mention was coded, the verdicts and the
#: coder's reading of every row (``voice_true``, ``target_true`` with ``none``
#: for no actor, ``reported_true``), and a rationale in the coder's words.
CODED_KEY_COLUMNS = ("split", *MENTION_KEY, "kind", "voice", "target", "target_rule",
                     "reported", "voice_correct", "target_correct", "voice_true", "target_true",
                     "reported_true", "rationale")
#: Columns of the rebuilt table after the mentions table's own.
CODED_COLUMNS = ("coded_voice", "coded_target", "coded_target_rule", "changed", "reported",
                 "voice_true", "target_true", "reported_true", "voice_correct",
                 "target_correct", "rationale")


def _key_text(row) -> str:
    return f"{row['article']}:{row['start']}-{row['end']} {row['entry_id']}"


def rebuild_coded_mentions(keys_path: str | Path, corpus: str | Path, *,
                           labels_path: str | Path | None = None, lexicon: str | None = None,
                           actors: str | None = None, unmatched: str = "error") -> pd.DataFrame:
    """The full coded-mentions table (what ``framing validate --mentions``
    reads) from a key file of facts (:data:`CODED_KEY_COLUMNS`) and the
    articles' texts, measured now.

    The mentions of ``corpus`` are recomputed with the current tool (dated by
    the ``date`` column of ``labels_path`` when ``corpus`` is a folder without
    a ``metadata.csv``, as ``framing validate`` does) and joined with the keys
    on :data:`MENTION_KEY`. The verdicts are derived again from the coder's
    reading, so the coding outlives a rule change: where the tool now says
    something else than when the row was coded (``changed``), ``voice_correct``
    and ``target_correct`` judge what it says now (NaN where the coder's
    reading is unknown).

    A key with no mention now (a rule or lexicon change moved or removed it)
    is never dropped silently: ``unmatched="error"`` stops on it, naming its
    line and how many keys have none; ``unmatched="report"`` leaves those rows
    out and lists them (``"article:start-end entry_id (line N)"``) in
    ``.attrs["unmatched"]``. ``.attrs["changed"]`` counts the changed rows.

    >>> table = rebuild_coded_mentions("tests/data/validation/coded_keys.csv",  # doctest: +SKIP
    ...                                "tests/data/validation")
    >>> table[["article", "surface", "voice_correct"]].head(1)                  # doctest: +SKIP
    """
    from contextlib import nullcontext

    from framing.measure.mentions import MENTION_COLUMNS, load_lexicons, measure
    from framing.scale.stream import read_articles

    if unmatched not in ("error", "report"):
        raise FramingError(f"unmatched must be 'error' or 'report', got {unmatched!r}")
    keys = _read_coded_file(keys_path)  # one file, uncombined: a repeated key is an error
    seen: dict[tuple, int] = {}
    for line, *key in zip(keys["line"], *(keys[c] for c in MENTION_KEY)):
        if tuple(key) in seen:
            raise FramingError(f"{keys_path}:{line}: the same mention as line {seen[tuple(key)]}")
        seen[tuple(key)] = line
    articles = set(keys["article"])
    dating = nullcontext(corpus) if labels_path is None else _dated_corpus(
        read_labels(labels_path), corpus)
    with dating as dated:
        chosen = [a for a in read_articles(dated) if a.id in articles]
    mentions, _ = measure(chosen, load_lexicons(lexicon, actors))
    mentions = mentions.astype({"start": int, "end": int})
    voice, target = _coder_value(keys, "voice"), _coder_value(keys, "target")
    coding = pd.DataFrame({
        **{c: keys[c] for c in MENTION_KEY},
        "split": keys["split"] if "split" in keys.columns else "",
        "coded_voice": keys["voice"], "coded_target": keys["target"].fillna(""),
        "coded_target_rule": keys["target_rule"],
        "voice_true": voice.fillna(""),
        "target_true": target.map(lambda t: t if t else NO_TARGET, na_action="ignore").fillna(""),
        "reported_true": keys["reported_true"] if "reported_true" in keys.columns
        else float("nan"),
        "rationale": keys["rationale"] if "rationale" in keys.columns else "",
        "line": keys["line"],
    })
    joined = coding.merge(mentions, on=list(MENTION_KEY), how="left", indicator=True)
    lost = joined[joined["_merge"] == "left_only"]
    listed = [f"{_key_text(r)} (line {r['line']})" for _, r in lost.iterrows()]
    if len(lost) and unmatched == "error":
        first = lost.iloc[0]
        raise FramingError(f"{keys_path}:{first['line']}: no mention {_key_text(first)} in the "
                           f"corpus now ({len(lost)} of {len(keys)} keys have none: a rule or "
                           "lexicon change? list them with unmatched='report')")
    out = joined[joined["_merge"] == "both"].drop(columns="_merge").reset_index(drop=True)
    # the left join made the mention's integer columns float when a key had no mention
    out = out.astype({c: mentions[c].dtype for c in mentions.columns if c in out.columns})
    target_now = out["target"].fillna("").astype(str)
    out["changed"] = ((out["voice"] != out["coded_voice"])
                      | (target_now != out["coded_target"])
                      | (out["target_rule"] != out["coded_target_rule"]))
    out["reported"] = (out["reported_by"].fillna("").astype(str) != "").astype(int)
    out["voice_correct"] = (out["voice"] == out["voice_true"]).astype(float).where(
        out["voice_true"] != "")
    out["target_correct"] = (target_now.map(_no_target) == out["target_true"].map(_no_target)
                             ).astype(float).where(out["target_true"] != "")
    out = out[["split", *MENTION_COLUMNS, *CODED_COLUMNS]]
    for column in ("voice_correct", "target_correct", "reported_true"):
        out[column] = out[column].astype("Int64")  # written 1 / 0 / blank, as read
    out.attrs["unmatched"] = listed
    out.attrs["changed"] = int(out["changed"].sum())
    return out


# ===========================================================================
# Reading the tables in a notebook: short grouped headers, one cell per figure
# ===========================================================================


def _estimate(value: float, low: float, high: float) -> str:
    """A measure with its interval, two decimals ("—" when undefined).

    >>> _estimate(0.894427, 0.467064, 1.0), _estimate(float("nan"), 1, 1)
    ('0.89 [0.47, 1.00]', '—')
    """
    if pd.isna(value):
        return "—"
    interval = "" if pd.isna(low) else f" [{low:.2f}, {high:.2f}]"
    return f"{value:.2f}{interval}".replace("-", "\u2212")


def summary_view(summary: pd.DataFrame) -> pd.DataFrame:
    """:func:`agreement_summary` for reading: ρ and AUC each in one cell with
    its interval, coverage and neutral copy with their counts, under grouped
    headers (two-level columns for :class:`framing.report.kwic.RTLTable`), so that
    its 19 columns fit a notebook ~900 px wide; the CSV keeps them all.

    >>> row = {c: float("nan") for c in SUMMARY_COLUMNS}
    >>> row.update(split="all", index="haftar_index", label="haftar_stance", measure="index",
    ...            n=8, rho=0.8944, rho_low=0.467, rho_high=1.0, n_rho=8, coverage=1.0, n_sides=6)
    >>> summary_view(pd.DataFrame([row])).iloc[0, 4:8].map(str).tolist()
    ['0.89 [0.47, 1.00]', '8', '—', '— / —']
    """
    def count(value) -> object:
        return "—" if pd.isna(value) else int(value)

    table = {
        ("", "split"): summary["split"], ("", "index"): summary["index"],
        ("", "label"): summary["label"], ("", "measure"): summary["measure"],
        ("Spearman ρ", "[95 % CI]"): [_estimate(*v) for v in
                                      zip(summary["rho"], summary["rho_low"], summary["rho_high"])],
        ("Spearman ρ", "n"): [count(v) for v in summary["n_rho"]],
        ("AUC, pro vs anti", "[95 % CI]"): [_estimate(*v) for v in zip(
            summary["auc"], summary["auc_low"], summary["auc_high"])],
        ("AUC, pro vs anti", "n pro / anti"): [f"{count(p)} / {count(a)}" for p, a in
                                               zip(summary["n_pro"], summary["n_anti"])],
        ("", "coverage"): ["—" if pd.isna(c) else f"{c:.0%} of {count(n)}"
                           for c, n in zip(summary["coverage"], summary["n_sides"])],
        ("neutral copy", "median |value|"): ["—" if pd.isna(v) else f"{v:.2f}"
                                             for v in summary["neutral_median_abs"]],
        ("neutral copy", "n"): [count(v) for v in summary["n_neutral"]],
    }
    return pd.DataFrame({k: list(v) for k, v in table.items()},
                        columns=pd.MultiIndex.from_tuples(list(table)))


def articles_view(articles: pd.DataFrame) -> pd.DataFrame:
    """:func:`validate_labels`' per-article table for reading: each label
    beside the index and the raw count that measure it, and the two titles,
    under grouped headers; the outlet and genre are in the tables by outlet
    and genre, the titles' match in the titles table, and
    ``results/validation_articles.csv`` keeps every column.

    >>> a = pd.DataFrame({"id": ["v01"], "takes_side": ["pro"], "split": ["tune"],
    ...     "haftar_stance": [2.0], "haftar_index": [0.5], "raw_haftar_index": [1.0]})
    >>> articles_view(a).columns.tolist()[3:]
    [('Haftar', 'label'), ('Haftar', 'index'), ('Haftar', 'raw count')]
    """
    from framing.report.kwic import signed_text

    def label(value) -> str:
        if pd.isna(value):
            return ""
        return f"{int(value):+d}".replace("-", "\u2212") if value else "0"

    table = {("", "id"): articles["id"], ("", "side"): articles["takes_side"]}
    if "split" in articles:
        table[("", "split")] = articles["split"]
    groups = (("Haftar", "haftar_stance", ("haftar",)),
              ("his adversaries", "adversaries_frame", ("islamists", "adversaries")))
    for group, label_column, indices in groups:
        if label_column not in articles:
            continue
        table[(group, "label")] = articles[label_column].map(label)
        for name in indices:
            for column, shown in ((f"{name}_index", "index"), (f"raw_{name}_index", "raw count")):
                if column in articles:
                    head = shown if len(indices) == 1 else f"{name} {shown}"
                    table[(group, head)] = articles[column].map(signed_text)
    # (whether the two match: the titles table, which counts the matches)
    for column, shown in (("haftar_title", "as read"), ("measured_title", "as measured")):
        if column in articles:
            table[("Haftar's title", shown)] = articles[column]
    return pd.DataFrame({k: list(v) for k, v in table.items()},
                        columns=pd.MultiIndex.from_tuples(list(table)))


def right_aligned(view: pd.DataFrame, groups: Sequence[str]) -> dict:
    """``align`` for :class:`framing.report.kwic.RTLTable`: the columns of ``groups`` to the right.

    >>> right_aligned(pd.DataFrame(columns=pd.MultiIndex.from_tuples([("", "id"), ("A", "x")])),
    ...               ["A"])
    {('A', 'x'): 'right'}
    """
    return {column: "right" for column in view.columns if column[0] in groups}


# ===========================================================================
# The command (framing validate): arguments in, one table out
# ===========================================================================

#: The tables of ``framing validate --mentions`` (``--table``).
MENTION_TABLES = ("accuracy", "voices")


def coded_split(coded: pd.DataFrame, split: str | None,
                source: str | Path = "coded") -> pd.DataFrame:
    """The coded mentions of one half (``split`` column), or all when ``split`` is None.

    >>> coded_split(pd.DataFrame({"split": ["tune", "holdout"]}), "tune")["split"].tolist()
    ['tune']
    """
    if split is None:
        return coded
    if "split" not in coded.columns:
        raise FramingError(f"{source}: --split {split} needs a split column")
    mine = coded[coded["split"].astype(str).str.lower() == split]
    if mine.empty:
        raise FramingError(f"{source}: no coded mention in split {split!r}")
    return mine.reset_index(drop=True)


def command_table(args) -> tuple[pd.DataFrame, list[str]]:
    """The table ``framing validate`` writes, and warning lines for stderr.

    ``args``: the parsed arguments of the ``validate`` sub-command
    (:func:`framing.cli.build_parser`).
    """
    if args.mentions is not None:
        if args.labels is not None or args.paths:
            raise FramingError("framing validate: give LABELS.csv [CORPUS] or --mentions "
                               "CODED.csv, not both")
        table = args.table or "accuracy"
        if table not in MENTION_TABLES:
            raise FramingError(f"--table {table}: with --mentions, choose from "
                               f"{', '.join(MENTION_TABLES)}")
        # files and folders, combined
        coded = coded_split(read_coded_mentions(args.mentions), args.split,
                            " ".join(map(str, args.mentions)))
        return (mention_accuracy(coded) if table == "accuracy" else voice_confusion(coded)), []
    if args.labels is None:
        raise FramingError("framing validate: give LABELS.csv [CORPUS] (default CORPUS: the "
                           "label file's folder) or --mentions CODED.csv")
    table = args.table or "summary"
    if table not in TABLES:
        raise FramingError(f"--table {table}: choose from {', '.join(TABLES)} "
                           f"({', '.join(MENTION_TABLES)} are for --mentions)")
    if args.resamples < 1:
        raise FramingError(f"--resamples must be a positive integer, got {args.resamples}")
    indices = None
    if args.index:
        indices = [name.strip() for value in args.index for name in value.split(",")
                   if name.strip()]
    tables = validate_labels(args.labels, args.paths or None, indices=indices, split=args.split,
                             lexicon=args.lexicon, actors=args.actors,
                             missing="drop" if args.allow_missing else "error",
                             resamples=args.resamples, seed=args.seed)
    missing = tables["articles"].attrs.get("missing", [])
    warnings = []
    if missing:
        shown = ", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
        warnings.append(f"{len(missing)} labelled id{' has' if len(missing) == 1 else 's have'} "
                        f"no article in the corpus, left out: {shown}")
    return tables[table], warnings


# ===========================================================================
# The figure of notebook 07 (kept here, beside the tables it draws)
# ===========================================================================

SIDE_COLOURS = {"pro": "#0072B2", "anti": "#D55E00", "neutral": "#999999"}
_UNDEFINED_Y = -1.45


def agreement_figure(joined: pd.DataFrame, summary: pd.DataFrame,
                     specs: Sequence[IndexLabel], *, split: str = "all"):
    """Each index (rows) and its raw-count baseline (columns) against the human label.

    One point per article: x = the label (−2 … +2, articles with the same
    label side by side), y = the value; an undefined value is drawn in the
    "no value" band below −1, never as 0. Colour: ``takes_side``. Panel
    titles give ρ, AUC and coverage from ``summary`` (the ``split`` rows).

    >>> tables = validate_labels("tests/data/validation/labels.csv", None)  # doctest: +SKIP
    >>> fig = agreement_figure(tables["articles"], tables["summary"],  # doctest: +SKIP
    ...                        INDEX_LABELS[:2])
    """
    from framing.report.plotting import new_figure, style

    figures = summary[summary["split"] == split].set_index(["index", "measure"])
    fig = new_figure(figsize=(7.2, 2.9 * len(specs) + 0.6))
    with style():
        axes = fig.subplots(len(specs), 2, squeeze=False, sharey=True)
        for row, spec in zip(axes, specs):
            labelled = joined[joined[spec.label].notna()]
            for ax, (measure, column) in zip(row, _measures(spec)):
                ax.axhline(0, color="#999999", linewidth=0.8, zorder=0)
                ax.axhspan(_UNDEFINED_Y - 0.2, _UNDEFINED_Y + 0.2, color="#EEEEEE", zorder=0)
                for label, group in labelled.groupby(spec.label, sort=True):
                    # side by side, in file order: deterministic, no random jitter
                    offsets = np.linspace(-0.25, 0.25, len(group)) if len(group) > 1 else [0.0]
                    for dx, (_, article) in zip(offsets, group.iterrows()):
                        value = article[column]
                        undefined = pd.isna(value)
                        colour = SIDE_COLOURS.get(article["takes_side"], "#000000")
                        ax.plot([label + dx], [_UNDEFINED_Y if undefined else value], marker="o",
                                markersize=6, linestyle="none", color=colour,
                                markerfacecolor="white" if undefined else colour)
                f = figures.loc[(spec.index, measure)] if (spec.index, measure) in figures.index \
                    else None
                # the row's left panel names the index; its right panel, the baseline
                title = (_words(spec.index) if measure == "index"
                         else "raw counts (any voice, any target)")
                if f is not None:
                    title += (f"\nρ {_fmt(f['rho'], signed=True)}, AUC {_fmt(f['auc'])}, "
                              f"coverage {_fmt(f['coverage'], percent=True)}")
                ax.set_title(title, loc="left", fontsize=9)
                ax.set_xlim(-2.6, 2.6)
                ax.set_xticks([-2, -1, 0, 1, 2], ["−2", "−1", "0", "+1", "+2"])
                ax.set_xlabel(f"human reading: {_words(spec.label)} (−2 … +2)")
                ax.grid(axis="y")
            row[0].set_yticks([_UNDEFINED_Y, -1, -0.5, 0, 0.5, 1],
                              ["no value", "−1", "−0.5", "0", "+0.5", "+1"])
            row[0].set_ylim(_UNDEFINED_Y - 0.25, 1.15)
            row[0].set_ylabel("value")
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], marker="o", linestyle="none", color=c, label=side)
                   for side, c in SIDE_COLOURS.items()]
        fig.legend(handles=handles, title="the article takes a side (human reading)", loc="outside lower center", ncols=3,
                   frameon=False)
    return fig


def _words(name: str) -> str:
    """A column name as words for a figure (``haftar_index`` → ``Haftar index``).

    >>> _words("haftar_index"), _words("adversaries_frame")
    ('Haftar index', 'Adversaries frame')
    """
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


def _fmt(value: float, *, percent: bool = False, signed: bool = False) -> str:
    """A figure for a panel title: ``–`` when undefined, a typographic minus."""
    if pd.isna(value):
        return "–"
    if percent:
        return f"{value:.0%}"
    return (f"{value:+.2f}" if signed else f"{value:.2f}").replace("-", "−")
