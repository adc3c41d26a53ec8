"""framing.measure.engine: the one per-article engine yields the pinned mentions
table and score rows (tests/data/mentions_golden.jsonl.gz, written by
tests/make_mentions_golden.py).

The file was first written from main at 8350403 — the table pipeline with
the narrowed target rules of issue 15 — and the engine reproduced it in
every column of every row before it replaced that pipeline. It was written
again, from the engine, for two rule changes (issue 15, seventh session),
which changed exactly these rows and nothing else: 192 actor names alone in
quotation marks went from ``quoted`` to ``authorial`` (a proper name in
quotation marks is house style, :func:`framing.measure.engine.mention_voice`),
and the new ``refused`` column is true on 404 rows governed by a marker that
refuses its label (ما يسمى، المزعوم، بدعوى), which moved the indices of 191
of the 425 articles (:func:`framing.measure.scorer.terms_fed`); and once more
for three lexicon entries (gangs, Turkey's militias, the putschist), which
added one ``militia.gangs`` row to one article; and for label inversion
(rule ``inverted``: 54 default names moved from ``haftar`` to
``haftar_adversaries``, 26 words around them followed) and for names in a
paraphrase (a legitimising or delegitimising word that names its referent
counts in reported speech), which moved the score rows of 41 articles; and
for a marker that refuses a claim (بدعوى، تحت ستار: ``refuses: words``),
which no longer refuses the names inside it (41 actor rows, 39 articles);
and for the present-tense and participle forms of the verbs of saying
(مؤكدا أن، تقول إن …), which marked 1,123 more rows as reported speech
(74 articles' rows moved); and, in the eighth session, for the brands of a
coup or an aggression with Haftar as their default referent (الانقلاب،
العدوان … : 116 rows became ``default``, and as anchors they moved 128 of
their neighbours from ``nearest`` to ``adjacent``; 150 articles' rows moved)
and for direct speech after a colon (2 rows became ``quoted``); and for two
lexicon headwords, ``سلاح الجو الليبي`` and the word order ``القوات العربية
الليبية المسلحة``; and, in the ninth session, for the grammar of who a word
is about (the speaker of a brand, verbs of fighting, affiliation phrases, one
referent per name, conjuncts, titles of people no lexicon knows:
tests/test_target_grammar.py): 283 rows of 134 articles changed target or
rule (95 ``nearest`` and 64 ``none`` became ``opponent``; 20 default names
became ``discourse``), and 26 score rows moved; and, in the tenth session,
for proximity that is no reference (``never_nearest``: a revolution word
takes no nearest anchor, a terror word never Haftar) and the names of real
2014–2017 copy (tests/test_naming_devices.py): 56 ``nearest`` rows became
``none`` and 24 ``anaphora``, 3 more changed rule, 16 rows were added
(قوات الحكومة الليبية and الحكومة الليبية, legitimising names of the GNA),
and 60 score rows moved; and, in the eleventh session, for Haftar's title as
the codebook reads it (a post, القائد العام, only when the article gives no
rank or epithet: ``most_frequent_title``): ``haftar_title`` of 12 score rows
moved, no mention row; and, in the twelfth session, for الجماعات المسلحة as
neutral wording (framing.yaml's ``descriptive`` category, family ``neutral``,
which feeds Z): 168 rows of 139 articles changed entry, category and family
and nothing else, and the score rows of those 139 articles moved; and, in
the thirteenth session, for the names around an attributed claim (an
attributing marker governs a name only when it introduces it:
:func:`framing.measure.engine.governs_a_name`; 82 actor and 32 title rows went
from ``distanced`` to ``authorial``), the bare الثورة as an event name (16
``anaphora`` rows became ``none``; 2 terror words beside it became
``contrast``) and the House of Representatives as no terror word's nearest
anchor (no golden row): 132 rows of 90 articles, 87 score rows; and for
the Libyan army dated (الجيش الليبي before the split of 4 August 2014 is the
state's, ``legitimising.state_army``, default referent ``gnc``) with a title's
nearest anchor never a default referent: 34 rows of 24 articles changed entry
or target (14 ``state_army`` rows kept Haftar by adjacency, 12 went to the
Congress; 6 militia words became Haftar's by contrast and 4 armed-groups words
the Congress's, all in synthetic articles whose dates are drawn at random), 13
score rows; and, in the fourteenth session, for Qatar as a group of its own
(``qatar.country``, a patron of Haftar's adversaries, apart from ``gulf``):
one row (والدوحة, entry and group), no score row; and, in the fifteenth
session, for a bare terror or extremism label (rule ``unattached``,
:func:`framing.measure.engine.unattached_labels`): 46 rows of 41 articles went
from ``none`` to ``haftar_adversaries``, and nothing else; 21 score rows moved;
and, in the sixteenth session, for the nisba brands (داعشي، إخواني), Russia's
mercenaries as Haftar's (``mercenary.russian_mercenaries``), an editor's
title indefinite (رئيس تحرير) and a headline's speaker before a colon
(:func:`framing.measure.engine.headline_speech`): one row (مرتزقة فاغنر in
d11, entry ``mercenary.russian_mercenaries`` by ``label``) and its score row;
then for the dissolved House (counted for Haftar's camp), the Tobruk army, the
army a defector left, the liberation verbs (يحرر، حرر، المحررة) and the
councils of revolutionaries as names: one row (المحررة in v07 of
tests/data/validation/) and its score row.

Compared: the seeds, validation/devices/, tests/data/validation/, 300
synthetic articles (dated and undated), 60 perturbed and 36 scraped texts —
425 articles, 11,330 rows, every column of every row."""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest

from framing.measure.engine import ArticleTokens, Engine
from framing.measure.mentions import MENTION_COLUMNS, load_lexicons, measure
from framing.measure.schema import SCORE_COLUMNS
from framing.text.corpus import Article, article_date

GOLDEN = Path(__file__).resolve().parent / "data" / "mentions_golden.jsonl.gz"


def _golden() -> list[dict]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


CASES = _golden()


def _article(case: dict) -> Article:
    return Article(case["id"], case["text"], Path(case["id"]), case["metadata"])


def _plain(value):
    if hasattr(value, "item"):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if str(value) == "<NA>":
        return None
    return value


def test_the_golden_file_covers_every_corpus():
    corpora = {c["corpus"] for c in CASES}
    assert corpora == {"seeds", "devices", "validation_fixture", "synthetic", "perturbed",
                       "scraped"}
    assert sum(len(c["rows"]) for c in CASES) > 10_000


@pytest.mark.parametrize("corpus", ["seeds", "devices", "validation_fixture", "synthetic",
                                    "perturbed", "scraped"])
def test_engine_records_equal_the_table_pipeline(corpus):
    lexicons = load_lexicons()
    engine = lexicons.engine
    for case in (c for c in CASES if c["corpus"] == corpus):
        article = _article(case)
        date = article_date(article.metadata) if lexicons.dated else None
        found = engine.measure(article.id, article.text, date)
        assert [found.article, found.tokens, found.sentences, found.characters] == \
            case["document"], article.id
        rows = [list(m) for m in found.mentions]
        assert len(rows) == len(case["rows"]), article.id
        for row, expected in zip(rows, case["rows"]):
            assert row == expected, (article.id, [
                (c, a, b) for c, a, b in zip(MENTION_COLUMNS, row, expected) if a != b])


@pytest.mark.parametrize("corpus", ["seeds", "devices", "synthetic", "perturbed"])
def test_mentions_table_and_score_rows_equal_the_table_pipeline(corpus):
    from framing.measure.scores import score_articles

    lexicons = load_lexicons()
    cases = [c for c in CASES if c["corpus"] == corpus]
    table, documents = measure([_article(c) for c in cases], lexicons)
    assert list(table.columns) == MENTION_COLUMNS
    assert str(table["title_rank"].dtype) == "Int64"
    rows = [[_plain(v) for v in row] for row in table.itertuples(index=False)]
    assert rows == [r for c in cases for r in c["rows"]]
    assert documents.values.tolist() == [c["document"] for c in cases]
    scores = score_articles(table, documents)
    for case, (_, row) in zip(cases, scores.iterrows()):
        got = [_plain(row[c]) for c in SCORE_COLUMNS]
        assert got == case["score"], case["id"]


def test_an_article_without_mentions():
    found = Engine().measure("x", "كلام عادي.")
    assert found.mentions == [] and found.tokens == 2 and found.sentences == 1
    assert ArticleTokens("").n == 0


def test_scorer_rows_equal_the_table_pipeline():
    """``framing score``'s rows (the engine's records, no table) are the
    score rows the table pipeline computed, on every golden article."""
    from framing.measure.scorer import Scorer

    scorer = Scorer()
    lexicons = load_lexicons()
    for case in CASES:
        article = _article(case)
        date = article_date(article.metadata) if lexicons.dated else None
        row = [_plain(v) for v in scorer.score(article.id, article.text, date)]
        assert row == case["score"], (article.id, [
            (c, a, b) for c, a, b in zip(SCORE_COLUMNS, row, case["score"]) if a != b])


@pytest.mark.parametrize("module", ["framing.text.arabic",
                                    "framing.measure.engine", "framing.measure.scorer",
                                    "framing.measure.voice", "framing.measure.target",
                                    "framing.measure.match", "framing.measure.apply"])
def test_the_rules_docstring_examples_hold(module):
    """Each rule's docstring example (the academics' entry point) is run."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
