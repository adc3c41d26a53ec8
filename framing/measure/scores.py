"""Per-article framing scores: group-bys of the mentions table, nothing else.

No function here reads text. Every number is an aggregation of rows of the
mentions table (:mod:`framing.measure.mentions`) that a reader can list, plus the
article's token and sentence counts.

The three indices
-----------------
All count mentions in the **author's own voice** only (quoted and distanced
uses are the voices of others and are reported in their own columns; frame
words in reported speech, "قالت مصادر إن …", are the source's claim), and all
are in [−1, +1], empty when nothing was counted. Each is the mean over the
author's names for its referent: a frame word for one pole +1, for the other
−1, and a neutral name 0 — an actor or title mention that is no frame word
(الجيش الوطني الليبي، المشير، حكومة الوفاق; ``<name>_Z``). So an index is
(P − N) / (P + N + Z), and ``<name>_n`` = P + N + Z is the number of mentions
it rests on. Which mention feeds which term is one function each,
:func:`framing.measure.schema.index_components_of` and
:func:`framing.measure.schema.neutral_components_of`, through
:func:`framing.measure.scorer.terms_fed`; the score row itself is
:func:`framing.measure.scorer.score_row`, the same for ``framing score`` and this table.

``islamists_index`` = (T − R) / (T + R + Z)
    T: terrorism-family mentions (terrorism, extremism, militia, mercenary),
    R: revolution-family mentions, both with target in ``islamist_groups``
    (the named Islamist factions). +1: the factions are framed only as
    terrorists/extremists/militias; −1: only as revolutionaries.
``adversaries_index`` = (T − R) / (T + R + Z)
    The same over Haftar's adversaries as a camp (``adversary_groups``: the
    Islamist factions, the Shura councils, Libya Dawn, the Tripoli governments
    and their forces, and the forces he fights named only by a label), with
    delegitimising names counted in T and legitimising names (قوات الحكومة
    الشرعية) in R. +1 is the pro-Haftar pole, as for ``haftar_index``.
``haftar_index`` = (L − D) / (L + D + Z)
    L: legitimising mentions, D: delegitimising or terrorism-family mentions,
    both with target ``haftar``. +1: the national army; −1: a putschist or
    militia leader. Official names (الجيش الوطني الليبي، المشير) are plain
    reference and not frame terms at all (framing.yaml, "Naming is not framing").

Which groups count as "the Islamist factions"
    By default the Muslim Brotherhood, the revolutionary/Islamist brigades, and
    labels for the Islamists as a whole (target ``islamists``, e.g. الجماعات
    الإسلامية) — ``DEFAULT_ISLAMIST_GROUPS``, the factions whose framing is
    contested.
    Jihadist organisations (ISIS, al-Qaeda, Ansar al-Sharia) are called
    terrorists by every side of this conflict, Haftar's opponents included, so
    counting them would credit an article with "terrorist framing of the
    Islamists" for what is a consensus label. They are reported separately
    (``jihadists_terrorism``) and can be included with ``islamist_groups``.

Uncertainty
    :func:`framing.measure.uncertainty.index_interval`: the hull of a Jeffreys Beta
    interval on the counts (deflated by the sentence design effect), which is
    wide when an index rests on few mentions, and a percentile sentence
    bootstrap (``resamples`` times, default 2,000, fixed ``seed``; resamples
    in which the index is undefined are dropped). Sentences are the unit
    because mentions in one sentence are not independent.

Example
-------
>>> from framing.measure.scores import index_value
>>> index_value(3, 1)
0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd

from framing.measure.schema import (  # the score row's definitions
    DEFAULT_ADVERSARY_GROUPS,
    DEFAULT_ISLAMIST_GROUPS,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    FAMILIES,
    INDICES,
    SCORE_COLUMNS,
    VOICES,
    is_refused,
)

#: every index term, in score-row order
COMPONENTS = tuple(f"{name}_{part}" for name, pos, neg in INDICES for part in (pos, neg, "Z"))


def index_value(positive: float, negative: float, neutral: float = 0) -> float:
    """(positive − negative) / (positive + negative + neutral); NaN when all are 0.

    ``neutral``: mentions that weigh 0 (the referent named neutrally)."""
    total = positive + negative + neutral
    return (positive - negative) / total if total else float("nan")


def frame_mentions(mentions: pd.DataFrame) -> pd.DataFrame:
    """The frame mentions (not actors, not titles) of a mentions table."""
    return mentions[mentions["kind"] == "frame"]


def index_components(
    mentions: pd.DataFrame, islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
    adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS, *, reported: bool = False,
) -> pd.DataFrame:
    """Label each authorial mention with the index terms it feeds.

    Returns the mentions that count, with a column ``component`` in
    :data:`COMPONENTS` ("islamists_T", "islamists_R", "islamists_Z",
    "adversaries_T", …, "haftar_Z") — the rows behind every index value, for
    a KWIC or a table in a notebook. Frame mentions feed T/R (L/D); actor and
    title mentions that are no frame word (:func:`framing.measure.match.neutral_names`)
    feed Z, the neutral names that weigh 0. A mention that feeds two terms (a
    revolution word about the Benghazi brigades: islamists_R and
    adversaries_R) is listed once for each.

    A distanced mention whose marker refuses the label (``refused``) feeds
    the opposite pole (:func:`framing.measure.scorer.terms_fed`).

    Frame words in reported speech (``reported_by``: "أعلنت السلطات أن …
    محاولة انقلابية") are a source's claim, attributed by the author — the
    codebook reads the author's own voice only — so they feed no index (the
    neutral names of the paraphrase still do: the author chose them);
    ``reported=True`` keeps them (:func:`reported_speech_indices` shows the
    difference) and adds a column ``reported_claim``: the rows the score row
    leaves out as a source's words (those :func:`~framing.measure.scorer.terms_fed`
    feeds only with ``reported=True``).
    """
    from framing.measure.match import neutral_names
    from framing.measure.scorer import IndexTerms, terms_fed

    neutral = _neutral_name_rows(mentions, neutral_names).tolist()
    terms = IndexTerms(islamist_groups, adversary_groups)
    reported_by = (mentions["reported_by"].fillna("").astype(str).tolist()
                   if "reported_by" in mentions.columns else [""] * len(mentions))
    refused = (mentions["refused"].map(is_refused).tolist() if "refused" in mentions.columns
               else [False] * len(mentions))
    is_name = _names_its_referent(mentions)
    fed = [(_Fed(k, v, f, t, r, x, a), n)
           for k, v, f, t, r, x, a, n in zip(mentions["kind"], mentions["voice"],
                                             mentions["family"], mentions["target"],
                                             reported_by, refused, is_name, neutral)]
    component = [terms_fed(m, n, terms, reported=reported) for m, n in fed]
    out = mentions.assign(component=[c or None for c in component])
    if reported:
        out["reported_claim"] = [not terms_fed(m, n, terms) for m, n in fed]
    out = out.explode("component")
    return out[out["component"].notna()]


class _Fed(NamedTuple):
    kind: str
    voice: str
    family: str
    target: str
    reported_by: str
    refused: bool
    is_name: bool


def _names_its_referent(mentions: pd.DataFrame) -> list[bool]:
    """Per row, whether it is a frame word that names its referent
    (:func:`framing.measure.engine.names_its_referent`), from the table's
    ``refers_to`` and ``entry_id``."""
    from framing.measure.engine import names_its_referent
    from framing.measure.target import load_narrowing

    defaults = load_narrowing().defaults
    n = len(mentions)

    def column(name: str) -> list[str]:
        return (mentions[name].fillna("").astype(str).tolist() if name in mentions.columns
                else [""] * n)

    return [names_its_referent(f, r, i, defaults)
            for f, r, i in zip(column("family"), column("refers_to"), column("entry_id"))]


def _neutral_name_rows(mentions: pd.DataFrame, rule) -> pd.Series:
    """Whether each row is a neutral name (an actor or title mention that
    :func:`framing.measure.match.neutral_names` keeps), article by article."""
    keep = pd.Series(False, index=mentions.index)
    if mentions.empty or "token_start" not in mentions.columns:
        return keep
    for _, rows in mentions.groupby("article", sort=False):
        spans = {kind: rows[rows["kind"] == kind] for kind in ("frame", "actor", "title")}
        pairs = {kind: list(zip(part["token_start"].astype(int), part["token_end"].astype(int)))
                 for kind, part in spans.items()}
        actors, titles = rule(pairs["frame"], pairs["actor"], pairs["title"])
        for kind, flags in (("actor", actors), ("title", titles)):
            if flags:
                keep.loc[spans[kind].index] = flags
    return keep


def reported_speech_mentions(
    mentions: pd.DataFrame, islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
    adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS,
) -> pd.DataFrame:
    """The frame words in reported speech that :func:`reported_speech_indices`
    counts as ``_reported``: the rows to read before trusting either value.

    One row per mention (the mentions table's columns, in its order), with
    ``components``: the index terms it would feed if reported speech counted
    ("islamists_T, adversaries_T"). Names in a paraphrase are not listed:
    they count anyway (the author chose them) — neutral names, and the
    legitimising and delegitimising words that name a side (اللواء
    المتقاعد، الجيش الليبي); a refusal (ما يسمى) in a paraphrase is listed.
    """
    components = index_components(mentions, islamist_groups, adversary_groups, reported=True)
    claims = components[components.pop("reported_claim")]
    key = ["article", "start", "end", "entry_id"]
    terms = claims.groupby(key, sort=False)["component"].agg(", ".join).rename("components")
    rows = claims.drop(columns="component").drop_duplicates(key)
    return rows.merge(terms.reset_index(), on=key, how="left").reset_index(drop=True)


def reported_speech_indices(
    mentions: pd.DataFrame, documents: pd.DataFrame,
    islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
    adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS,
) -> pd.DataFrame:
    """Each index with the mentions in reported speech, and without them.

    A source's claim paraphrased by the author (أعلنت السلطات أن … محاولة
    انقلابية; ``reported_by``, :func:`framing.measure.voice.reported_by`) is not the
    author's own voice, so the score row leaves it out (``_index_unreported``
    here is :func:`score_articles`'s index); ``_index`` counts it too, and the
    gap shows how much such claims would move an index.

    Columns: ``article``, then for ``islamists``, ``adversaries`` and ``haftar``:
    ``_n`` (the mentions with reported speech), ``_reported`` (of which in
    reported speech), ``_index`` (with them) and ``_index_unreported``.
    """
    components = index_components(mentions, islamist_groups, adversary_groups, reported=True)
    # Each article's rows by one grouping, not a scan of the table per article
    # (which made this quadratic in the corpus).
    marked = components.rename(columns={"reported_claim": "_reported"})
    parts = dict(tuple(marked.groupby("article", sort=False)))
    rows = []
    for article in documents["article"]:
        part = parts.get(article, marked.iloc[:0])
        component, reported_here = part["component"], part["_reported"]
        row: dict[str, object] = {"article": article}
        for name, pos, neg in ((n, f"{n}_{p}", f"{n}_{q}") for n, p, q in INDICES):
            is_pos = component == pos
            is_neg = component == neg
            is_zero = component == f"{name}_Z"
            row[f"{name}_n"] = int(is_pos.sum() + is_neg.sum() + is_zero.sum())
            row[f"{name}_reported"] = int(((is_pos | is_neg | is_zero) & reported_here).sum())
            row[f"{name}_index"] = index_value(is_pos.sum(), is_neg.sum(), is_zero.sum())
            row[f"{name}_index_unreported"] = index_value(
                (is_pos & ~reported_here).sum(), (is_neg & ~reported_here).sum(),
                (is_zero & ~reported_here).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def category_rates(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Count and rate per 1,000 tokens of every frame category, per article and voice.

    One row per (article, category, voice), zeros included, so a reader sees
    what was *not* found as well.
    """
    frames = frame_mentions(mentions)
    categories = (
        frames[["category", "family"]].drop_duplicates().sort_values(["family", "category"])
    )
    grid = (
        documents[["article", "tokens"]]
        .merge(categories, how="cross")
        .merge(pd.DataFrame({"voice": VOICES}), how="cross")
    )
    counts = frames.groupby(["article", "category", "voice"]).size().rename("count").reset_index()
    table = grid.merge(counts, on=["article", "category", "voice"], how="left")
    table["count"] = table["count"].fillna(0).astype(int)
    table["rate_per_1000"] = 1000 * table["count"] / table["tokens"]
    return table[["article", "family", "category", "voice", "count", "tokens", "rate_per_1000"]]


def score_articles(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
    adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """One row per article with the columns of :data:`SCORE_COLUMNS`.

    Parameters
    ----------
    mentions
        The mentions table (columns article, sentence, start, entry, category,
        family, kind, voice, target).
    documents
        One row per article: article, tokens, sentences.
    islamist_groups, adversary_groups
        Actor groups that count as the Islamist factions in ``islamists_index``
        and as Haftar's adversaries in ``adversaries_index``.
    resamples, seed
        The sentence bootstrap (at least 2,000 resamples is the study's rule).
    """
    from framing.measure.scorer import IndexTerms, SentenceBootstrap, score_row

    if resamples < 1:
        raise ValueError(f"resamples must be a positive integer, got {resamples}")
    terms = IndexTerms(islamist_groups, adversary_groups)
    bootstrap = SentenceBootstrap(resamples, seed)
    records = _score_records(mentions)
    rows = [score_row(doc.article, int(doc.tokens), int(doc.sentences),
                      records.get(doc.article, ()), terms, bootstrap)
            for doc in documents.itertuples(index=False)]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def _score_records(mentions: pd.DataFrame) -> dict[object, list]:
    """The rows of a mentions table by article, as the records
    :func:`framing.measure.scorer.score_row` reads (:class:`framing.measure.scorer.ScoredMention`;
    missing text as ``""``; without token spans no mention is a neutral name)."""
    from framing.measure.scorer import ScoredMention

    if mentions.empty:
        return {}
    columns = []
    for name in ScoredMention._fields:
        if name == "is_name":
            columns.append(_names_its_referent(mentions))
        elif name in mentions.columns:
            column = mentions[name]
            if name in ("sentence", "start"):
                column = column.astype(int)
            elif name == "refused":  # a bool, or its text in a CSV read back
                column = column.map(is_refused)
            elif name not in ("token_start", "token_end"):
                column = column.astype(object).where(column.notna(), "").astype(str)
            columns.append(column.tolist())
        else:
            columns.append([None if name in ("token_start", "token_end") else
                            0 if name in ("sentence", "start") else
                            False if name == "refused" else ""] * len(mentions))
    out: dict[object, list] = {}
    for article, *values in zip(mentions["article"].tolist(), *columns):
        out.setdefault(article, []).append(ScoredMention(*values))
    return out


def family_rates(mentions: pd.DataFrame, documents: pd.DataFrame,
                 voices: Sequence[str] = VOICES) -> pd.DataFrame:
    """Frame mentions per 1,000 tokens by article and family, over the given voices.

    One row per (article, family), zeros included: columns article, family,
    count, tokens, rate.
    """
    frames = frame_mentions(mentions)
    frames = frames[frames["voice"].isin(list(voices))]
    grid = documents[["article", "tokens"]].merge(pd.DataFrame({"family": FAMILIES}), how="cross")
    counts = frames.groupby(["article", "family"]).size().rename("count").reset_index()
    table = grid.merge(counts, on=["article", "family"], how="left")
    table["count"] = table["count"].fillna(0).astype(int)
    table["rate"] = 1000 * table["count"] / table["tokens"]
    return table[["article", "family", "count", "tokens", "rate"]]


def voice_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Frame mentions by article, family and voice (zeros included): article, family, voice, count."""
    frames = frame_mentions(mentions)
    articles = pd.DataFrame({"article": pd.unique(mentions["article"])})
    grid = (articles.merge(pd.DataFrame({"family": FAMILIES}), how="cross")
            .merge(pd.DataFrame({"voice": VOICES}), how="cross"))
    counts = frames.groupby(["article", "family", "voice"]).size().rename("count").reset_index()
    table = grid.merge(counts, on=["article", "family", "voice"], how="left")
    table["count"] = table["count"].fillna(0).astype(int)
    return table


def raw_count_indices(mentions: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """What raw counts alone would conclude, next to the measured indices.

    ``raw_islamists_index`` is (T − R)/(T + R) over *all* terrorism-family and
    revolution-family mentions of the article — every voice, whatever they are
    about; ``raw_haftar_index`` likewise over all legitimising against all
    delegitimising mentions. The difference from the measured indices is what
    voice and target change.
    """
    frames = frame_mentions(mentions)
    # one count per (article, family), not a scan of the table per article
    counts = frames.groupby(["article", "family"]).size()
    rows = []
    for article, measured in scores.set_index("article").iterrows():
        t, r, lg, dl = (int(counts.get((article, family), 0)) for family in
                        ("terrorism", "revolution", "legitimising", "delegitimising"))
        rows.append({
            "article": article,
            "raw_T": t, "raw_R": r,
            "raw_islamists_index": index_value(t, r),
            "islamists_index": measured["islamists_index"],
            "raw_L": lg, "raw_D": dl,
            "raw_haftar_index": index_value(lg, dl),
            "haftar_index": measured["haftar_index"],
        })
    return pd.DataFrame(rows)


def actor_counts(mentions: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions by article and group (long form): article, family, group, count."""
    actors = mentions[mentions["kind"] == "actor"]
    table = (actors.groupby(["article", "family", "category"]).size().rename("count")
             .reset_index().rename(columns={"category": "group"}))
    return table.sort_values(["article", "family", "count", "group"],
                             ascending=[True, True, False, True], kind="stable",
                             ).reset_index(drop=True)


def frames_by_target(mentions: pd.DataFrame, voices: Sequence[str] = ("authorial",)
                     ) -> pd.DataFrame:
    """Frame mentions by article, target group and family, over the given voices.

    ``target`` "" (no actor linked) is shown as ``(none)``.
    """
    frames = frame_mentions(mentions)
    frames = frames[frames["voice"].isin(list(voices))]
    table = (frames.assign(target=frames["target"].replace("", "(none)"))
             .groupby(["article", "target", "family"]).size().rename("count").reset_index())
    return table.sort_values(["article", "target", "family"], kind="stable").reset_index(drop=True)


def index_table(scores: pd.DataFrame) -> pd.DataFrame:
    """The indices in long form for a forest plot: article, index, value, low, high, n
    (``n``: the mentions the index rests on)."""
    rows = []
    indices = [(name, f"{name}_{p}", f"{name}_{q}") for name, p, q in INDICES
               if f"{name}_index" in scores.columns]
    for row in scores.itertuples(index=False):
        for name, pos, neg in indices:
            n = getattr(row, f"{name}_n", getattr(row, pos) + getattr(row, neg))
            index = f"{name}_index"
            rows.append({"article": row.article, "index": index,
                         "value": getattr(row, index), "low": getattr(row, f"{index}_low"),
                         "high": getattr(row, f"{index}_high"), "n": int(n)})
    return pd.DataFrame(rows)


def codebook_sensitivity(mentions: pd.DataFrame, documents: pd.DataFrame | None = None, *,
                         islamist_groups: Sequence[str] = DEFAULT_ISLAMIST_GROUPS,
                         adversary_groups: Sequence[str] = DEFAULT_ADVERSARY_GROUPS,
                         ) -> pd.DataFrame:
    """Each index recomputed with each lexicon entry left out.

    One row per (article, index, entry) for every entry that feeds the index
    in that article: ``n`` (the index's mentions), ``entry_n`` (of which from
    this entry), ``value`` (the index), ``without`` (the index with the entry
    left out, NaN when nothing is left) and ``sign_flips``: True when leaving
    the entry out changes the sign of the index (−, 0, + or undefined) — an
    article whose reading rests on one codebook choice.

    >>> import pandas as pd
    >>> m = pd.DataFrame({"article": ["a", "a", "a"], "kind": ["frame"] * 3,
    ...                   "voice": ["authorial"] * 3, "family": ["legitimising"] * 2 + ["delegitimising"],
    ...                   "target": ["haftar"] * 3, "entry_id": ["l.x", "l.x", "d.y"]})
    >>> t = codebook_sensitivity(m)
    >>> t[["entry_id", "value", "without", "sign_flips"]].values.tolist()
    [['d.y', 0.3333333333333333, 1.0, False], ['l.x', 0.3333333333333333, -1.0, True]]
    """
    components = index_components(mentions, islamist_groups, adversary_groups)
    columns = ["article", "index", "entry_id", "n", "entry_n", "value", "without", "sign_flips"]
    if documents is not None:
        components = components[components["article"].isin(set(documents["article"]))]
    rows = []
    for index, pos_part, neg_part in INDICES:
        pos, neg, zero = f"{index}_{pos_part}", f"{index}_{neg_part}", f"{index}_Z"
        mine = components[components["component"].isin([pos, neg, zero])]
        for article, group in mine.groupby("article", sort=True):
            kind = group["component"].to_numpy()
            p, q, z = int((kind == pos).sum()), int((kind == neg).sum()), int((kind == zero).sum())
            value = index_value(p, q, z)
            for entry, of_entry in group.groupby("entry_id", sort=True):
                of = of_entry["component"].to_numpy()
                ep, eq, ez = int((of == pos).sum()), int((of == neg).sum()), int((of == zero).sum())
                without = index_value(p - ep, q - eq, z - ez)
                # a reading at 0 that only becomes undefined has no sign to lose
                flips = _sign(value) != _sign(without) and not (value == 0 and without != without)
                rows.append({"article": article, "index": f"{index}_index", "entry_id": entry,
                             "n": p + q + z, "entry_n": ep + eq + ez, "value": value,
                             "without": without, "sign_flips": flips})
    return pd.DataFrame(rows, columns=columns)


def _sign(value: float) -> str:
    if value != value:  # NaN
        return "undefined"
    return "+" if value > 0 else "-" if value < 0 else "0"
