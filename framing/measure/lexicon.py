"""Lexicons as data: the framing codebook, the actors, and Haftar's titles.

Three YAML files ship in ``framing/data/lexicons/`` and every loader accepts the
user's own file instead:

``framing.yaml`` (:func:`load_lexicon`, ``kind="frame"``)
    Frame terms in eight categories, each declared at the top of the file with
    its family: ``terrorism``, ``extremism``, ``militia``, ``mercenary`` (family
    ``terrorism``); ``revolution``; ``legitimising``; ``delegitimising``; and
    ``descriptive`` (family ``neutral``: الجماعات المسلحة, the wire's wording,
    which weighs 0 in the indices like a neutral name).
``actors.yaml`` (:func:`load_actors`, ``kind="actor"``)
    Actor names in groups (``category`` = group), each group with its family
    (``haftar``; ``islamists``: ``muslim_brotherhood``, ``islamist_brigades``,
    ``jihadists``; ``other``: ``gna``, ``gnc``, ``un``, ``egypt`` …).
``titles.yaml`` (:func:`load_titles`, ``kind="title"``)
    How Haftar is named: ranks (with an ordinal ``rank``), offices and epithets
    (``category`` = kind, family ``title``), plus his official-title timeline
    (:attr:`Lexicon.timeline`, :func:`official_title`).

All three share one entry format (documented in the header of ``framing.yaml``):
``id``, ``headwords`` (original spelling; the first is the headword, the rest
variants), ``gloss``, the category key (``category`` / ``group`` / ``kind``),
``rationale``, and optionally ``refers_to`` (frames only), ``inflect``,
``article``, ``suffixes``, ``exceptions``, ``rank`` (titles only) and a period
``from`` / ``until`` (:meth:`Entry.applies`: a name whose referent changed
counts by the article's date). File-level
``defaults`` set inflect / article / suffixes for all entries (bundled: frame
terms take the article and suffixes; actor names neither; titles the article
only when written with it — they are all written with ال — and no suffixes).

Strings that are both a frame term and an actor name
-----------------------------------------------------
الجيش الوطني الليبي is a *legitimising* frame and also names Haftar's camp;
كتائب الثوار is a *revolution* frame and also names the Islamist brigades. The
two lexicons are separate layers, matched independently (:mod:`framing.measure.match`),
so the mentions table holds BOTH rows for the same span:

* a frame row (kind ``frame``, category ``legitimising``) whose ``refers_to``
  names the group the term labels (``haftar``), and
* an actor row (kind ``actor``, category ``haftar``) used, like every other
  actor mention, to link nearby frame terms to their target.

Counting frames never counts actor rows and vice versa, so nothing is counted
twice. ``refers_to`` is set only when the term itself labels a group, and
names an actor GROUP (the ``target`` of a mention is always a group):
كتائب الثوار → ``islamist_brigades``, الجيش الوطني الليبي → ``haftar``, and the
collective labels الجماعات الإرهابية / الجماعات المتشددة → ``islamist_brigades``
(what Haftar's camp calls the armed Islamist coalitions; jihadist organisations
are named by name: داعش is an actor mention). Terms applied to anyone
(الإرهابيين, الميليشيات) have no ``refers_to``: their target comes from context.
``refers_to`` values are checked against the groups of the actor lexicon (the
bundled one unless ``actors`` is given).

Validation
----------
Every problem raises :class:`~framing.errors.FramingError` with one line naming
the file (and the entry, with its line): a missing file, YAML syntax (with the
line number), missing / unknown / ill-typed keys, an undeclared category, a
headword that normalises to nothing, the same normalised headword in two
entries whose periods meet (both named, with their categories), a period that
is not YYYY-MM-DD or ends before it starts, an exception that does not
contain the term, an unknown ``refers_to``.

Example
-------
>>> from framing.measure.lexicon import load_lexicon
>>> lexicon = load_lexicon()
>>> lexicon.get("terrorism.irhab").headword
'إرهاب'
>>> lexicon.family_of("militia")
'terrorism'
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from framing.errors import FramingError

__all__ = [
    "Entry",
    "Lexicon",
    "RankPeriod",
    "load_lexicon",
    "load_actors",
    "load_titles",
    "official_title",
    "normalise_phrase",
    "DEFAULT_FILES",
]

#: The bundled files, by lexicon kind (names inside ``framing/data/lexicons``).
DEFAULT_FILES = {"frame": "framing.yaml", "actor": "actors.yaml", "title": "titles.yaml"}


# ---------------------------------------------------------------------------
# Data types
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry (a frame term, an actor name, or a title).

    Attributes
    ----------
    entry_id : str
        Stable identifier (``terrorism.irhab``); the ``entry`` of a mention.
    headword : str
        The first headword, in original spelling.
    variants : tuple of str
        The other headwords (spelling variants, irregular plurals), original spelling.
    norms : tuple of str
        Normalised forms of ``headword`` and ``variants`` (words joined by one
        space), duplicates removed, order kept.
    gloss, category, family, rationale : str
        English gloss; category (frame category, actor group, or title kind);
        its family; one-line rationale.
    refers_to : str or None
        The actor group the term labels (frames only).
    inflect : bool
        False: only the exact normalised headwords match (no clitics).
    article : bool
        Whether ال may be added to a headword written without it.
    suffixes : bool
        Whether a single-word headword takes suffixes (ة ات ين ون ا, pronouns);
        False for names and titles by default (مصر must not give مصراته).
    exceptions : tuple of str
        Phrases (original spelling) in which the term does not count.
    rank : int or None
        Ordinal on the official rank ladder (title entries of kind ``rank``).
    start, end : datetime.date or None
        The entry applies to texts dated from ``start`` (inclusive) to ``end``
        (exclusive), YAML keys ``from`` and ``until``: a name whose referent
        changed (البرلمان was the General National Congress until the House
        of Representatives first sat on 4 August 2014). See :meth:`applies`.
    """

    entry_id: str
    headword: str
    variants: tuple[str, ...]
    norms: tuple[str, ...]
    gloss: str
    category: str
    family: str
    rationale: str = ""
    refers_to: str | None = None
    inflect: bool = True
    article: bool = True
    suffixes: bool = True
    exceptions: tuple[str, ...] = ()
    rank: int | None = None
    start: _dt.date | None = None
    end: _dt.date | None = None

    @property
    def headwords(self) -> tuple[str, ...]:
        """The headword followed by its variants."""
        return (self.headword, *self.variants)

    @property
    def dated(self) -> bool:
        """Whether the entry has a period (``from`` or ``until``)."""
        return self.start is not None or self.end is not None

    def applies(self, when: _dt.date | None) -> bool:
        """Whether the entry counts in a text of date ``when``. An undated text
        (``None``) is read as current usage: every entry but those with an
        end (``until``)."""
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class RankPeriod:
    """A period of Haftar's official title: ``start`` (inclusive) to ``end`` (exclusive).

    ``start`` / ``end`` are None for an open beginning / end; ``title`` and
    ``office`` are entry ids of the titles lexicon.
    """

    start: _dt.date | None
    end: _dt.date | None
    title: str
    office: str | None
    gloss: str

    def contains(self, when: _dt.date) -> bool:
        """Whether ``when`` falls in this period."""
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True)
class Lexicon:
    """A loaded lexicon: its entries and their categories.

    Attributes
    ----------
    kind : str
        ``"frame"``, ``"actor"`` or ``"title"`` (the ``kind`` of its mentions).
    entries : tuple of Entry
        In file order.
    categories : Mapping[str, str]
        Category (or group, or title kind) → family, in file order.
    source : str
        The file it was read from.
    timeline : tuple of RankPeriod
        Haftar's official titles (titles lexicon only).
    """

    kind: str
    entries: tuple[Entry, ...]
    categories: Mapping[str, str]
    source: str = ""
    timeline: tuple[RankPeriod, ...] = ()
    _by_id: Mapping[str, Entry] = field(default_factory=dict, init=False, repr=False,
                                        compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))
        object.__setattr__(self, "_by_id", MappingProxyType({e.entry_id: e for e in self.entries}))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __hash__(self) -> int:
        return hash((self.kind, self.entries, self.source))

    @property
    def families(self) -> tuple[str, ...]:
        """The families, in order of first appearance."""
        return tuple(dict.fromkeys(self.categories.values()))

    def family_of(self, category: str) -> str:
        """The family of ``category``."""
        try:
            return self.categories[category]
        except KeyError:
            raise FramingError(f"{self.source}: unknown category {category!r}") from None

    def get(self, entry_id: str) -> Entry:
        """The entry called ``entry_id``."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            raise FramingError(f"{self.source}: no entry {entry_id!r}") from None

    @property
    def dated(self) -> bool:
        """Whether some entry applies only in a period (``from`` / ``until``)."""
        return any(e.dated for e in self.entries)

    def on(self, when: _dt.date | None) -> Lexicon:
        """The lexicon for a text of date ``when``: the entries that apply
        (:meth:`Entry.applies`; ``None`` is an undated text). Itself when no
        entry is dated."""
        if not self.dated:
            return self
        return Lexicon(kind=self.kind, entries=tuple(e for e in self.entries if e.applies(when)),
                       categories=self.categories, source=self.source, timeline=self.timeline)

    def to_frame(self):
        """One row per entry (tidytext style); list fields joined with `` | ``.

        Columns: entry_id, headword, variants, norms, gloss, category, family,
        rationale, refers_to, inflect, article, exceptions, rank, from, until, kind.

        >>> load_lexicon().to_frame().columns[:3].tolist()
        ['entry_id', 'headword', 'variants']
        """
        import pandas as pd

        columns = ["entry_id", "headword", "variants", "norms", "gloss", "category", "family",
                   "rationale", "refers_to", "inflect", "article", "suffixes", "exceptions", "rank",
                   "from", "until", "kind"]
        rows = []
        for e in self.entries:
            rows.append({
                "entry_id": e.entry_id, "headword": e.headword,
                "variants": " | ".join(e.variants), "norms": " | ".join(e.norms),
                "gloss": e.gloss, "category": e.category, "family": e.family,
                "rationale": e.rationale, "refers_to": e.refers_to, "inflect": e.inflect,
                "article": e.article, "suffixes": e.suffixes,
                "exceptions": " | ".join(e.exceptions),
                "rank": e.rank, "from": e.start, "until": e.end, "kind": self.kind,
            })
        frame = pd.DataFrame(rows, columns=columns)
        frame["rank"] = frame["rank"].astype("Int64")
        return frame


# ---------------------------------------------------------------------------
# Normalisation of headwords (the same function as for text)
# ---------------------------------------------------------------------------


def normalise_phrase(phrase: str) -> str:
    """The matching key of a headword: its tokens' norms joined by one space.

    Uses :func:`framing.text.arabic.tokenise`, exactly as for running text, so a
    headword and the text it should match are normalised by the same code.

    >>> normalise_phrase("الجماعات الإرهابيَّة")   # taa marbuta folded to ه by default
    'الجماعات الارهابيه'
    """
    from framing.text.arabic import tokenise

    return " ".join(t.norm for t in tokenise(phrase) if t.norm)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    kind: str
    header: str          # top-level key declaring the categories
    category_key: str    # the entry key naming the category
    extra_keys: frozenset[str]


_SPECS = {
    "frame": _Spec("frame", "categories", "category", frozenset({"refers_to"})),
    "actor": _Spec("actor", "groups", "group", frozenset()),
    "title": _Spec("title", "kinds", "kind", frozenset({"rank"})),
}
_COMMON_KEYS = frozenset({"id", "headwords", "gloss", "rationale", "inflect", "article",
                          "suffixes", "exceptions", "from", "until"})
_TOP_KEYS = frozenset({"lexicon", "version", "defaults", "entries"})
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ENTRY_ID = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_TITLE_KINDS = frozenset({"rank", "office", "epithet"})


def _default_path(kind: str) -> Path:
    return Path(str(resources.files("framing").joinpath("data", "lexicons", DEFAULT_FILES[kind])))


def _read_yaml(path: Path) -> tuple[Any, str]:
    import yaml

    try:
        if path.is_file() and path.stat().st_size > MAX_YAML_BYTES:
            raise FramingError(f"{path}: {path.stat().st_size:,} bytes; a lexicon file may "
                               f"have at most {MAX_YAML_BYTES:,}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FramingError(f"{path}: lexicon file not found") from None
    except IsADirectoryError:
        raise FramingError(f"{path}: is a folder, expected a lexicon YAML file") from None
    except UnicodeDecodeError:
        raise FramingError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise FramingError(f"{path}: cannot read ({error.strerror})") from None
    try:
        return safe_load(text, where=str(path)), text
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        line = f":{mark.line + 1}" if mark is not None else ""
        if "exceeded maximum nesting depth" in problem:
            raise FramingError(f"{path}{line}: nested too deeply (at most "
                               f"{MAX_YAML_DEPTH} levels)") from None
        tag = re.search(r"for the tag '(?:tag:yaml\.org,2002:)?([^']*)'", str(error))
        if isinstance(error, yaml.constructor.ConstructorError) and tag:
            raise FramingError(f"{path}{line}: the tag !!{tag.group(1)} is not allowed "
                               "(a lexicon is plain YAML: mappings, lists, strings, "
                               "numbers, dates)") from None
        raise FramingError(f"{path}: YAML syntax error{where}: {problem}") from None


def _entry_lines(text: str) -> list[int]:
    """1-based line of each item of the top-level ``entries`` list (best effort)."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError:  # pragma: no cover - already parsed once
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "entries" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


#: Limits on a YAML file (lexicons, markers): its size, its nesting, and the
#: nodes its aliases (``*name``) add — a 5 KB "billion laughs" file expands
#: to 10⁹ strings when walked.
MAX_YAML_BYTES = 64 << 20
MAX_YAML_DEPTH = 64
MAX_YAML_ALIAS_NODES = 100_000


def safe_load(text: str, *, where: str = "YAML") -> Any:
    """``yaml.safe_load`` with limits (:data:`MAX_YAML_BYTES`,
    :data:`MAX_YAML_DEPTH`, :data:`MAX_YAML_ALIAS_NODES`), with libyaml's
    parser when PyYAML has it (~10x faster: it was most of the lexicons' load
    time); on a syntax error the pure-Python parser runs again, so that
    messages do not depend on it.

    >>> safe_load("a: [1, 2]")
    {'a': [1, 2]}
    >>> safe_load("[" * 100 + "]" * 100, where="x.yaml")
    Traceback (most recent call last):
    framing.errors.FramingError: x.yaml: nested too deeply (more than 64 levels)
    """
    import yaml

    if len(text) > MAX_YAML_BYTES:
        raise FramingError(f"{where}: {len(text):,} characters; at most {MAX_YAML_BYTES:,}")
    loader = getattr(yaml, "CSafeLoader", None)
    _check_yaml_shape(text, loader or yaml.SafeLoader, where)
    if loader is not None:
        try:
            return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            pass
    try:
        return yaml.safe_load(text)
    except RecursionError:  # pragma: no cover - _check_yaml_shape bounds the depth
        raise FramingError(f"{where}: nested too deeply") from None


def _check_yaml_shape(text: str, loader: Any, where: str) -> None:
    """Walk the parse events once (no objects built): nesting depth, and the
    nodes that aliases would add. A syntax error is left to the loader."""
    import yaml

    if "[" * (MAX_YAML_DEPTH + 1) not in text and "*" not in text \
            and text.count("\n") < 100_000 and not _deeply_indented(text):
        return  # the usual lexicon: nothing to walk (the walk costs ~15 % of a load)
    size: dict[str, int] = {}     # anchor → nodes under it
    stack: list[list] = []        # open collections: [nodes so far, anchor]
    added = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([1, event.anchor])
                if len(stack) > MAX_YAML_DEPTH:
                    raise FramingError(f"{where}: nested too deeply (more than "
                                       f"{MAX_YAML_DEPTH} levels)")
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                nodes, anchor = stack.pop()
            elif isinstance(event, yaml.ScalarEvent):
                nodes, anchor = 1, event.anchor
            elif isinstance(event, yaml.AliasEvent):
                nodes, anchor = size.get(event.anchor, 1), None
                added += nodes
                if added > MAX_YAML_ALIAS_NODES:
                    raise FramingError(f"{where}: its aliases (*{event.anchor} …) expand to "
                                       f"more than {MAX_YAML_ALIAS_NODES:,} values; write "
                                       "them out")
            else:
                continue
            if anchor:
                size[anchor] = nodes
            if stack:
                stack[-1][0] += nodes
    except yaml.YAMLError as error:
        if "exceeded maximum nesting depth" in str(error):
            raise FramingError(f"{where}: nested too deeply (more than "
                               f"{MAX_YAML_DEPTH} levels)") from None
        return  # the loader reports it, with its line


def _deeply_indented(text: str) -> bool:
    """Whether some line is indented deeper than :data:`MAX_YAML_DEPTH` levels
    could be (a cheap test before walking the events)."""
    return any(len(line) - len(line.lstrip(" ")) > MAX_YAML_DEPTH
               for line in text.splitlines())


class _Where:
    """Builds the one-line error prefix for an entry (the entries' line
    numbers are only looked up when a message is written)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text, self._lines = path, text, None

    @property
    def lines(self) -> list[int]:
        if self._lines is None:
            self._lines = _entry_lines(self.text)
        return self._lines

    def entry(self, number: int, entry_id: str | None = None) -> _Place:
        return _Place(self, number, entry_id)


class _Place:
    """Where an entry is, as text when formatted: ``PATH: entry N 'id' (line L)``."""

    __slots__ = ("where", "number", "entry_id")

    def __init__(self, where: _Where, number: int, entry_id: str | None) -> None:
        self.where, self.number, self.entry_id = where, number, entry_id

    def __str__(self) -> str:
        name = f" {self.entry_id!r}" if self.entry_id else ""
        lines = self.where.lines
        line = f" (line {lines[self.number - 1]})" if self.number - 1 < len(lines) else ""
        return f"{self.where.path}: entry {self.number}{name}{line}"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _as_str_list(value: Any, what: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise FramingError(f"{where}: {what} must be a non-empty list of strings")
    out = []
    for item in value:
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str) or not item.strip():
            raise FramingError(f"{where}: {what} must be a non-empty list of strings, got {item!r}")
        out.append(item.strip())
    return tuple(out)


def _bool(value: Any, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise FramingError(f"{where}: {key} must be true or false, got {value!r}")
    return value


def _parse_categories(data: dict, spec: _Spec, path: Path) -> dict[str, str]:
    declared = data.get(spec.header)
    if declared is None:
        raise FramingError(f"{path}: missing top-level '{spec.header}:' declaring each "
                           f"{spec.category_key} with its family")
    if not isinstance(declared, dict) or not declared:
        raise FramingError(f"{path}: '{spec.header}:' must map each {spec.category_key} "
                           "to {family: ...}")
    out: dict[str, str] = {}
    for name, body in declared.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise FramingError(f"{path}: {spec.category_key} name {name!r} must be lower_snake_case")
        family = body.get("family") if isinstance(body, dict) else body
        if not isinstance(family, str) or not _NAME.match(family):
            raise FramingError(f"{path}: {spec.category_key} {name!r} needs a lower_snake_case "
                               f"family, got {family!r}")
        if spec.kind == "title" and name not in _TITLE_KINDS:
            raise FramingError(f"{path}: title kind {name!r} is not one of "
                               f"{', '.join(sorted(_TITLE_KINDS))}")
        out[name] = family
    return out


def without_gc(function):
    """Run ``function`` with the cyclic garbage collector paused.

    Loading a lexicon and compiling its matcher allocate millions of
    objects that all stay alive (~2 million forms for 10,000 entries); at
    Python's default thresholds the collector walks all of them again and
    again, which made loading superlinear: measured on 10,000 entries,
    4.0 s → 1.3 s for the YAML entries, 27 s → 20 s for the matcher.
    Nothing here makes reference cycles worth collecting.
    """
    import functools
    import gc

    @functools.wraps(function)
    def run(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return run


@without_gc
def _load(path: str | Path | None, kind: str, refers_to_names: frozenset[str] | None) -> Lexicon:
    spec = _SPECS[kind]
    path = _default_path(kind) if path is None else Path(path)
    data, text = _read_yaml(path)
    if not isinstance(data, dict):
        raise FramingError(f"{path}: expected a YAML mapping with '{spec.header}:' and 'entries:'")
    unknown = set(data) - _TOP_KEYS - {spec.header} - ({"timeline"} if kind == "title" else set())
    if unknown:
        raise FramingError(f"{path}: unknown top-level key(s) {', '.join(map(repr, sorted(unknown, key=str)))}")
    categories = _parse_categories(data, spec, path)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict) or set(defaults) - {"inflect", "article", "suffixes"}:
        raise FramingError(f"{path}: 'defaults:' may only set inflect, article and suffixes")
    default_inflect = _bool(defaults.get("inflect", True), "defaults.inflect", str(path))
    default_article = _bool(defaults.get("article", kind != "actor"), "defaults.article", str(path))
    default_suffixes = _bool(defaults.get("suffixes", kind == "frame"), "defaults.suffixes",
                             str(path))

    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise FramingError(f"{path}: missing or empty top-level 'entries:' list")
    where = _Where(path, text)
    allowed = _COMMON_KEYS | {spec.category_key} | spec.extra_keys

    entries: list[Entry] = []
    seen_ids: dict[str, int] = {}
    owner: dict[str, list[Entry]] = {}   # normalised headword → its entries
    for number, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            raise FramingError(f"{where.entry(number)}: must be a mapping of keys, got {type(raw).__name__}")
        entry_id = raw.get("id")
        here = where.entry(number, entry_id if isinstance(entry_id, str) else None)
        bad = sorted(set(map(str, raw)) - allowed)
        if bad:
            raise FramingError(f"{here}: unknown key(s) {', '.join(map(repr, bad))} "
                               f"(allowed: {', '.join(sorted(allowed))})")
        for key in ("headwords", "gloss", spec.category_key):
            if raw.get(key) in (None, "", []):
                raise FramingError(f"{here}: missing required key {key!r}")
        if kind == "frame" and not raw.get("rationale"):
            raise FramingError(f"{here}: missing required key 'rationale' (the codebook needs one line)")
        headwords = _as_str_list(raw["headwords"], "headwords", here)
        category = raw[spec.category_key]
        if not isinstance(category, str) or category not in categories:
            raise FramingError(f"{here}: unknown {spec.category_key} {category!r} "
                               f"(declared: {', '.join(categories)})")
        if entry_id is None:
            entry_id = f"{category}:{headwords[0]}"
        elif not isinstance(entry_id, str) or not _ENTRY_ID.match(entry_id):
            raise FramingError(f"{here}: id must be ASCII letters, digits and . _ : -, got {entry_id!r}")
        if entry_id in seen_ids:
            raise FramingError(f"{here}: id {entry_id!r} is already used by entry {seen_ids[entry_id]}")
        seen_ids[entry_id] = number
        for key in ("gloss", "rationale"):
            if key in raw and not isinstance(raw[key], str):
                raise FramingError(f"{here}: {key} must be a string")

        norms: list[str] = []
        for headword in headwords:
            norm = normalise_phrase(headword)
            if not norm:
                raise FramingError(f"{here}: headword {headword!r} normalises to nothing")
            if norm not in norms:
                norms.append(norm)
        inflect = _bool(raw.get("inflect", default_inflect), "inflect", here)
        article = _bool(raw.get("article", default_article), "article", here)
        suffixes = _bool(raw.get("suffixes", default_suffixes), "suffixes", here)

        exceptions: tuple[str, ...] = ()
        if "exceptions" in raw:
            exceptions = _as_str_list(raw["exceptions"], "exceptions", here)
            for phrase in exceptions:
                words = normalise_phrase(phrase).split()
                if not words:
                    raise FramingError(f"{here}: exception {phrase!r} normalises to nothing")
                inside = [n for n in norms if _contains(words, n.split())]
                if not inside:
                    raise FramingError(f"{here}: exception {phrase!r} does not contain the term")
                if all(len(words) <= len(n.split()) for n in inside):
                    raise FramingError(f"{here}: exception {phrase!r} must be longer than the term")

        refers_to = raw.get("refers_to")
        if refers_to is not None:
            if not isinstance(refers_to, str) or not _NAME.match(refers_to):
                raise FramingError(f"{here}: refers_to must be an actor group name, "
                                   f"got {refers_to!r}")
            if refers_to_names is not None and refers_to not in refers_to_names:
                raise FramingError(f"{here}: refers_to {refers_to!r} is not a group of the actor "
                                   f"lexicon ({', '.join(sorted(refers_to_names))})")

        rank = raw.get("rank")
        if kind == "title":
            if category == "rank":
                if not isinstance(rank, int) or isinstance(rank, bool) or rank < 0:
                    raise FramingError(f"{here}: a rank title needs an integer 'rank' (ordinal)")
            elif rank is not None:
                raise FramingError(f"{here}: 'rank' must be null for a title of kind {category!r}")

        start, end = (_period_bound(raw.get(key), key, here) for key in ("from", "until"))
        if start is not None and end is not None and not start < end:
            raise FramingError(f"{here}: 'from' ({start}) must be before 'until' ({end})")

        entry = Entry(
            entry_id=entry_id, headword=headwords[0], variants=headwords[1:], norms=tuple(norms),
            gloss=raw["gloss"], category=category, family=categories[category],
            rationale=raw.get("rationale") or "", refers_to=refers_to, inflect=inflect,
            article=article, suffixes=suffixes, exceptions=exceptions, rank=rank,
            start=start, end=end,
        )
        for key in dict.fromkeys(_conflict_key(n) for n in norms):
            # a headword may sit in two entries only in periods that do not meet
            for other in owner.get(key, ()):
                if not _overlap(entry, other):
                    continue
                if other.category != category:
                    raise FramingError(
                        f"{here}: {key!r} is under {spec.category_key} {category!r} and also "
                        f"under {other.category!r} in entry {other.entry_id!r}"
                        + (" (their periods overlap)" if entry.dated or other.dated else ""))
                raise FramingError(f"{here}: {key!r} is already a headword of entry "
                                   f"{other.entry_id!r}"
                                   + (" (their periods overlap)" if entry.dated or other.dated
                                      else ""))
            owner.setdefault(key, []).append(entry)
        entries.append(entry)

    timeline: tuple[RankPeriod, ...] = ()
    if kind == "title" and data.get("timeline") is not None:
        timeline = _parse_timeline(data["timeline"], {e.entry_id: e for e in entries}, path)
    return Lexicon(kind=kind, entries=tuple(entries), categories=categories, source=str(path),
                   timeline=timeline)


def _period_bound(value: Any, key: str, where: Any) -> _dt.date | None:
    """An entry's ``from`` / ``until``: a YYYY-MM-DD date, or absent.
    (``where`` is only formatted for an error: its line number costs a parse.)"""
    if isinstance(value, _dt.datetime):
        return value.date()
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise FramingError(f"{where}: {key!r} must be a date (YYYY-MM-DD), got {value!r}")


def _overlap(a: Entry, b: Entry) -> bool:
    """Whether two entries' periods share a day (no period: all time)."""
    return ((a.start is None or b.end is None or a.start < b.end)
            and (b.start is None or a.end is None or b.start < a.end))


def _conflict_key(norm: str) -> str:
    """A normalised headword without the article on its first word: الإرهاب and
    إرهاب match the same tokens, so they may not sit in two entries."""
    first, _, rest = norm.partition(" ")
    if first.startswith("ال") and len(first) >= 5:
        first = first[2:]
    return f"{first} {rest}" if rest else first


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` occurs in ``words``, each word possibly with proclitics
    (ميدان التحرير contains تحرير)."""
    n = len(part)
    return any(all(words[i + k].endswith(part[k]) for k in range(n))
               for i in range(len(words) - n + 1))


def _as_date(value: Any, what: str) -> Any:
    """A YYYY-MM-DD string or a datetime as a date; anything else unchanged."""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            raise FramingError(f"{what} must be a date (YYYY-MM-DD), got {value!r}") from None
    if isinstance(value, _dt.datetime):
        value = value.date()
    return value


def _parse_timeline(raw: Any, by_id: Mapping[str, Entry], path: Path) -> tuple[RankPeriod, ...]:
    if not isinstance(raw, list) or not raw:
        raise FramingError(f"{path}: 'timeline:' must be a non-empty list of periods")
    starts: list[_dt.date | None] = []
    items = []
    for number, item in enumerate(raw, start=1):
        here = f"{path}: timeline period {number}"
        if not isinstance(item, dict) or set(item) - {"from", "title", "office", "gloss"}:
            raise FramingError(f"{here}: must be a mapping with from, title, office, gloss")
        start = _as_date(item.get("from"), f"{here}: 'from'")
        if start is None and number != 1:
            raise FramingError(f"{here}: only the first period may have 'from: null'")
        if start is not None and not isinstance(start, _dt.date):
            raise FramingError(f"{here}: 'from' must be a date (YYYY-MM-DD), got {start!r}")
        if starts and starts[-1] is not None and start <= starts[-1]:
            raise FramingError(f"{here}: periods must be in increasing date order")
        for key, wanted in (("title", "rank"), ("office", "office")):
            value = item.get(key)
            if value is None and key == "office":
                continue
            if value not in by_id or by_id[value].category != wanted:
                raise FramingError(f"{here}: {key} {value!r} is not the id of a {wanted} entry")
        starts.append(start)
        items.append(item)
    periods = []
    for i, item in enumerate(items):
        end = starts[i + 1] if i + 1 < len(starts) else None
        periods.append(RankPeriod(start=starts[i], end=end, title=item["title"],
                                  office=item.get("office"), gloss=str(item.get("gloss") or "")))
    return tuple(periods)


@lru_cache(maxsize=1)
def _bundled_actor_names() -> frozenset[str]:
    return frozenset(_load(None, "actor", None).categories)


def load_lexicon(path: str | Path | None = None, *, actors: Lexicon | None = None) -> Lexicon:
    """Load and validate a framing lexicon (default: the bundled ``framing.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        Your own lexicon file; None for the bundled one.
    actors : Lexicon, optional
        The actor lexicon whose groups ``refers_to`` values must name; default
        the bundled actors.

    Raises
    ------
    FramingError
        One line naming the file (and entry) for any problem in it.

    Example
    -------
    >>> lexicon = load_lexicon()
    >>> sorted(set(e.category for e in lexicon))[:3]
    ['delegitimising', 'extremism', 'legitimising']
    """
    names = _bundled_actor_names() if actors is None else frozenset(actors.categories)
    return _load(path, "frame", names)


def load_actors(path: str | Path | None = None) -> Lexicon:
    """Load and validate an actor lexicon (default: the bundled ``actors.yaml``).

    >>> load_actors().family_of("jihadists")
    'islamists'
    """
    return _load(path, "actor", None)


def load_titles(path: str | Path | None = None) -> Lexicon:
    """Load and validate a titles lexicon (default: the bundled ``titles.yaml``).

    >>> load_titles().get("title.field_marshal").rank
    6
    """
    return _load(path, "title", None)


def official_title(when: _dt.date | str, titles: Lexicon | None = None) -> RankPeriod:
    """Haftar's official title on a date, from the titles timeline.

    >>> official_title("2015-06-01").title
    'title.lieutenant_general'
    >>> official_title("2014-05-18").title
    'title.retired_major_general'
    """
    titles = load_titles() if titles is None else titles
    when = _as_date(when, "date")
    for period in titles.timeline:
        if period.contains(when):
            return period
    raise FramingError(f"{titles.source}: no timeline period covers {when.isoformat()}")


def codebook_table(codebook: "pd.DataFrame") -> "pd.DataFrame":
    """The codebook for reading: every entry, grouped by family (in the
    study's order: terrorism, revolution, legitimising, delegitimising, then
    any other) and category, the family named once at the head of its group.

    ``codebook`` is ``lexicons.frames.to_frame()``.

    >>> import pandas as pd
    >>> book = pd.DataFrame({"family": ["revolution", "terrorism", "terrorism"],
    ...     "category": ["revolution", "militia", "extremism"], "headword": ["ثوار", "ب", "ا"],
    ...     "gloss": ["", "", ""], "rationale": ["", "", ""]})
    >>> codebook_table(book)[["family", "category"]].values.tolist()
    [['terrorism', 'extremism'], ['', 'militia'], ['revolution', 'revolution']]
    """
    from framing.measure.schema import FAMILIES

    order = {family: i for i, family in enumerate(FAMILIES)}
    table = (codebook.assign(_family=codebook["family"].map(lambda f: order.get(f, len(order))))
             .sort_values(["_family", "family", "category"], kind="stable")
             [["family", "category", "headword", "gloss", "rationale"]]
             .reset_index(drop=True))
    # Repeated family names are noise in a table read top to bottom.
    table["family"] = table["family"].where(table["family"] != table["family"].shift(), "")
    return table
