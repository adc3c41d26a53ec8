"""The mentions table: every lexicon hit, one row each, with its voice and target.

The rows are the records of the one per-article engine
(:class:`framing.measure.engine.Engine`: tokens → matches in three layers, frame,
actor, title → voice → target; each rule a named function there), as a tidy
table. Everything downstream (scores, KWIC, figures) is a view or a group-by
of it; nothing downstream re-reads the text.

Columns (:data:`MENTION_COLUMNS`)
---------------------------------
``article, sentence, paragraph, clause, start, end, token_start, token_end``
    Where: ``start``/``end`` are character offsets into the article's text
    (``text[start:end] == surface``), token indices are end-exclusive.
``surface``
    The words as written.
``entry, entry_id, gloss``
    The lexicon entry: its Arabic headword, its stable id, its English gloss.
``kind``
    ``frame``, ``actor`` or ``title`` — the lexicon layer.
``category, family``
    A frame category and its family; for actors, the group and its family; for
    titles, rank / office / epithet and ``title``.
``refers_to``
    The group a frame term itself labels (كتائب الثوار → islamist_brigades).
``voice, voice_marker``
    ``authorial`` / ``quoted`` / ``distanced`` and the marks or expression that
    decided it (empty for authorial).
``refused``
    ``True`` when the distancing marker refuses the label (ما يسمى،
    المزعوم، بدعوى، تحت مسمى: ``refuses`` in
    ``framing/data/voice_markers.yaml``): the writer's own stance against
    the word, counted at the opposite pole
    (:func:`framing.measure.scorer.terms_fed`); else ``False``.
``reported_by``
    ``"verb … complementiser"`` when the mention is in reported speech (قالت
    … أن: a source's claim in the author's paraphrase), else empty
    (:func:`framing.measure.voice.reported_by`). It does not change the voice; notebook
    06 shows the indices without such mentions.
``target, target_rule``
    The actor group the mention characterises, and which rule linked it
    (:data:`framing.measure.target.TARGET_RULES`: ``self``, ``label``, ``adjacent``,
    ``nearest``, ``contrast``, ``default``, ``inverted``, ``discourse``, ``opponent``,
    ``anaphora``, ``opposed``, ``unattached``, ``none``).
``opposed``
    The opposition cue (ضد، تطهير … من), or for a terror word a verb of
    naming (يسميه، يتهم), that makes a frame term the object of someone's
    action, which blocks the nearest-actor rule (empty if none).
``title_rank``
    For rank titles, the ordinal on the official ladder (else empty).

Example
-------
>>> from framing.text.corpus import load_corpus
>>> lexicons = load_lexicons()
>>> table = mentions_table(load_corpus(), lexicons)
>>> sorted(table["kind"].unique())
['actor', 'frame', 'title']
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from framing.errors import FramingError
from framing.measure.lexicon import Lexicon, load_actors, load_lexicon, load_titles
from framing.measure.match import Matcher, build_matcher
from framing.measure.schema import MENTION_COLUMNS
from framing.text.arabic import Token
from framing.text.corpus import Article, article_date

DOCUMENT_COLUMNS = ["article", "tokens", "sentences", "characters"]


@dataclass(frozen=True)
class Lexicons:
    """The three lexicon layers and their matchers, built once and reused.

    ``matchers`` hold every entry; :meth:`matchers_on` those for a text's
    date (built once per combination of dated entries that apply).
    """

    frames: Lexicon
    actors: Lexicon
    titles: Lexicon
    matchers: tuple[Matcher, ...]
    _on: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _engine: list = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def layers(self) -> tuple[Lexicon, Lexicon, Lexicon]:
        return self.frames, self.actors, self.titles

    @property
    def dated(self) -> bool:
        """Whether some entry applies only in a period (then texts need dates)."""
        return any(lex.dated for lex in self.layers)

    @property
    def engine(self):
        """The measurement engine of these lexicons (:class:`framing.measure.engine.Engine`),
        built once."""
        if not self._engine:
            from framing.measure.engine import Engine

            self._engine.append(Engine(self.frames, self.actors, self.titles,
                                       matchers_on=self.matchers_on))
        return self._engine[0]

    def entries(self) -> dict[str, object]:
        """Every entry of every layer, by entry id."""
        return {e.entry_id: e for lex in self.layers for e in lex.entries}

    def matchers_on(self, when: _dt.date | None) -> tuple[Matcher, ...]:
        """The matchers for a text of date ``when`` (None: undated), see
        :meth:`framing.measure.lexicon.Entry.applies`."""
        if not self.dated:
            return self.matchers
        key = tuple(e.applies(when) for lex in self.layers for e in lex.entries if e.dated)
        found = self._on.get(key)
        if found is None:
            found = self._on[key] = tuple(
                build_matcher(lex.on(when)) if lex.dated else matcher
                for lex, matcher in zip(self.layers, self.matchers))
        return found

    def period_matchers(self) -> list[tuple[Matcher, ...]]:
        """The matchers of every period the dated entries make (undated texts
        first): what a query must be matched with to find all its entries."""
        bounds = sorted({d for lex in self.layers for e in lex.entries
                         for d in (e.start, e.end) if d is not None})
        whens = [None, bounds[0] - _dt.timedelta(days=1), *bounds] if bounds else [None]
        return list({id(m): m for m in map(self.matchers_on, whens)}.values())


def load_lexicons(
    lexicon: str | None = None, actors: str | None = None, titles: str | None = None
) -> Lexicons:
    """Load (bundled by default) and compile the frame, actor and title lexicons."""
    actor_lexicon = load_actors(actors)
    frame_lexicon = load_lexicon(lexicon, actors=actor_lexicon)
    title_lexicon = load_titles(titles)
    layers = (frame_lexicon, actor_lexicon, title_lexicon)
    return Lexicons(frame_lexicon, actor_lexicon, title_lexicon,
                    tuple(build_matcher(lex) for lex in layers))


def article_mentions(article: Article, lexicons: Lexicons,
                     tokens: Sequence[Token] | None = None) -> pd.DataFrame:
    """The mentions table of one article (see the module docstring for columns).

    With dated lexicon entries (``from`` / ``until``), the article's date
    (:func:`framing.text.corpus.article_date`) decides which apply. ``tokens`` is
    accepted for compatibility and not used: the engine tokenises the text
    itself (the same tokens as :func:`framing.text.arabic.tokenise`).
    """
    found = lexicons.engine.measure(article.id, article.text, dated_on(article, lexicons))
    return mentions_frame(found.mentions)


def mentions_frame(mentions: Sequence) -> pd.DataFrame:
    """The mentions table of engine records (:class:`framing.measure.engine.Mention`),
    with the table's column types (``title_rank`` a nullable integer)."""
    if not mentions:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    table = pd.DataFrame.from_records(mentions, columns=MENTION_COLUMNS)
    table["title_rank"] = table["title_rank"].astype("Int64")
    return table


def dated_on(article: Article, lexicons: Lexicons) -> _dt.date | None:
    """The date the lexicons read ``article`` at: its metadata date when some
    entry is dated (else None, unread)."""
    if not lexicons.dated:
        return None
    try:
        return article_date(article.metadata)
    except FramingError as exc:
        raise FramingError(f"{article.path}: {exc}") from None


def measure(articles: Iterable[Article], lexicons: Lexicons, *,
            cache: str | Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tokenise each article once; return (mentions table, documents table).

    With ``cache`` (a folder), the tables are kept there under a key of
    everything they depend on — the articles (ids, texts, dates), the
    lexicons and the package's own code and data — so the notebooks of one
    study measure a large corpus once, not once each. Any change to any of
    those is a new key: a cached table is never stale.
    """
    if cache is not None:
        import pickle

        articles = list(articles)
        path = Path(cache) / f"measure-{_measure_key(articles, lexicons)}.pickle"
        if path.is_file():
            with open(path, "rb") as f:
                return pickle.load(f)
        result = measure(articles, lexicons)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        try:
            with open(partial, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
        return result
    engine = lexicons.engine
    records, documents = [], []
    for article in articles:
        found = engine.measure(article.id, article.text, dated_on(article, lexicons))
        records += found.mentions
        documents.append(found[:4])
    return mentions_frame(records), pd.DataFrame(documents, columns=DOCUMENT_COLUMNS)


def _measure_key(articles: Sequence[Article], lexicons: Lexicons) -> str:
    import hashlib

    digest = hashlib.sha256(repr(lexicons).encode("utf-8"))
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".txt", ".csv"):
            digest.update(path.relative_to(package).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    for article in articles:
        date = dated_on(article, lexicons)
        for part in (article.id, article.text, date.isoformat() if date else ""):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()[:32]


def mentions_table(articles: Iterable[Article], lexicons: Lexicons) -> pd.DataFrame:
    """The mentions table of a corpus: :func:`measure` without the documents."""
    return measure(articles, lexicons)[0]

