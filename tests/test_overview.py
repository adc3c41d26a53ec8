"""The corpus overview tables of the first notebook."""

from __future__ import annotations

from framing.explore.overview import (article_labels, corpus_overview, normalisation_examples,
                                      spelling_variants, text_quirks)
from framing.text.corpus import load_corpus

CORPUS = load_corpus()


def test_overview_has_one_row_per_article_with_its_sizes():
    table = corpus_overview(CORPUS)
    assert list(table.article) == [a.id for a in CORPUS]
    assert (table.tokens > 300).all() and (table.sentences > 0).all()
    assert set(table.genre) == {"news", "news analysis", "analysis", "opinion"}


def test_normalisation_examples_are_real_and_show_the_rule():
    table = normalisation_examples(CORPUS).set_index("rule")
    texts = "".join(a.text for a in CORPUS)
    for rule, row in table.iterrows():
        if row.tokens:
            assert row.before in texts, rule
            assert row.before != row.after
    assert table.loc["quote inside a word", "tokens"] >= 3
    assert table.loc["glued words split", "before"] == "الولاياتالمتحدة"
    assert table.loc["number with a clitic", "after"] == "1500"


def test_quirks_and_variants_are_found():
    quirks = text_quirks(CORPUS).groupby("quirk")["count"].sum()
    assert quirks["no-break space"] == 1
    assert quirks["words glued by a lost space"] == 3
    assert quirks['« opened, closed by "'] == 4
    variants = spelling_variants(CORPUS).set_index("spelling")["tokens"]
    assert variants["الارهاب"] > 0 and variants["الإرهاب"] > 0
    assert variants["مليشيا"] > 0 and variants["ميليشيا"] > 0


def test_article_labels_are_short_and_dated():
    labels = article_labels(CORPUS)
    assert labels[CORPUS[0].id] == "000 · 2014-05"
