"""The mentions table end to end: traceable rows, scores recomputed from it, invariance."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.measure.mentions import MENTION_COLUMNS, article_mentions, load_lexicons, measure
from framing.measure.schema import DEFAULT_ADVERSARY_GROUPS
from framing.measure.scores import score_articles
from framing.text.arabic import tokenise
from framing.text.corpus import Article, load_corpus


@pytest.fixture(scope="module")
def lexicons():
    return load_lexicons()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


@pytest.fixture(scope="module")
def seed_tables(corpus, lexicons):
    return measure(corpus, lexicons)


def article(text: str, id_: str = "t") -> Article:
    return Article(id=id_, text=text, path=None, metadata={})


def test_every_row_is_traceable_to_its_words(seed_tables, corpus):
    mentions, documents = seed_tables
    assert list(mentions.columns) == MENTION_COLUMNS
    texts = {a.id: a.text for a in corpus}
    for row in mentions.itertuples():
        assert texts[row.article][row.start:row.end] == row.surface
    assert set(mentions["kind"]) == {"frame", "actor", "title"}
    assert set(mentions["voice"]) <= {"authorial", "quoted", "distanced"}
    assert (mentions.loc[mentions.voice == "authorial", "voice_marker"] == "").all()
    assert (mentions.loc[mentions.voice != "authorial", "voice_marker"] != "").all()
    assert list(documents["article"]) == [a.id for a in corpus]


def test_scores_are_recomputed_from_the_mentions_table(seed_tables):
    """An independent group-by over the table gives every count in scores.csv."""
    mentions, documents = seed_tables
    scores = score_articles(mentions, documents, resamples=200).set_index("article")
    frames = mentions[mentions.kind == "frame"]
    for art, rows in frames.groupby("article"):
        s = scores.loc[art]
        for family in ("terrorism", "revolution", "legitimising", "delegitimising"):
            assert s[family] == (rows.family == family).sum()
        for family in ("terrorism", "revolution"):
            for voice in ("authorial", "quoted", "distanced"):
                assert s[f"{family}_{voice}"] == ((rows.family == family)
                                                  & (rows.voice == voice)).sum()
        # the author's own voice: no quotation, no distancing, no reported claim
        # ... except a frame word that names its referent (اللواء المتقاعد، الجيش الليبي): in
        # reported speech too it is the writer's choice of name; a default brand
        # (العدوان → haftar) is a claim, not a name
        from framing.measure.target import load_narrowing
        names = rows.family.isin(["legitimising", "delegitimising"]) & (
            (rows.refers_to != "") | ((rows.family == "legitimising")
                                      & rows.entry_id.isin(list(load_narrowing().defaults))))
        own = rows[(rows.voice == "authorial") & ((rows.reported_by == "") | names)]
        # a refused label (ما يسمى، بدعوى) is the author's stance against the word: the
        # opposite family
        refused = rows[(rows.voice == "distanced") & rows.refused & (rows.reported_by == "")]
        opposite = {"terrorism": "revolution", "revolution": "terrorism",
                    "legitimising": "delegitimising", "delegitimising": "legitimising"}
        own = pd.concat([own, refused.assign(family=refused.family.map(opposite))])
        islamist = own.target.isin(["islamists", "muslim_brotherhood", "islamist_brigades"])
        t = (islamist & (own.family == "terrorism")).sum()
        r = (islamist & (own.family == "revolution")).sum()
        assert (s.islamists_T, s.islamists_R) == (t, r)
        # haftar_index: the stance on his war — his camp's names and his adversaries'
        haftar = own.target == "haftar"
        camp = own.target.isin(list(DEFAULT_ADVERSARY_GROUPS))
        # a refused name (ما يسمى مجلس شورى …) is a delegitimising name of its referent
        everything = mentions[mentions.article == art]
        frame_spans = list(zip(rows.token_start, rows.token_end))
        refused_names = everything[(everything.kind == "actor") & everything.refused
                                   & (everything.voice == "distanced")
                                   & (everything.reported_by == "")]
        refused_names = refused_names[[not any(m.token_start < e and b < m.token_end
                                               for b, e in frame_spans)
                                       for m in refused_names.itertuples()]]
        own = pd.concat([own, refused_names.assign(family="delegitimising")])
        haftar = own.target == "haftar"
        camp = own.target.isin(list(DEFAULT_ADVERSARY_GROUPS))
        lg = ((haftar & (own.family == "legitimising"))
              | (camp & own.family.isin(["terrorism", "delegitimising"]))).sum()
        dl = ((haftar & own.family.isin(["delegitimising", "terrorism"]))
              | (camp & own.family.isin(["revolution", "legitimising"]))).sum()
        assert (s.haftar_L, s.haftar_D) == (lg, dl)
        # neutral names: actor / title mentions in the author's own voice, no frame word
        everything = mentions[mentions.article == art]
        spans = list(zip(rows.token_start, rows.token_end))
        actor_spans = list(zip(everything[everything.kind == "actor"].token_start,
                               everything[everything.kind == "actor"].token_end))
        z = 0
        for m in everything[everything.kind != "frame"].itertuples():
            others = spans + (actor_spans if m.kind == "title" else [])
            if any(m.token_start < e and b < m.token_end for b, e in others):
                continue
            z += (m.voice == "authorial"  # reported or not
                  and (m.target == "haftar" or m.target in DEFAULT_ADVERSARY_GROUPS))
        # neutral wording (الجماعات المسلحة, family neutral) names its referent: Z too
        z += ((rows.family == "neutral") & (rows.voice == "authorial")
              & rows.target.isin(["haftar", *DEFAULT_ADVERSARY_GROUPS])).sum()
        assert s.haftar_Z == z
        if t + r + s.islamists_Z:
            assert s.islamists_index == pytest.approx((t - r) / (t + r + s.islamists_Z))
        else:
            assert np.isnan(s.islamists_index)
        if lg + dl + z:
            assert s.haftar_index == pytest.approx((lg - dl) / (lg + dl + z))
            assert s.haftar_index_low <= s.haftar_index + 1e-9
            assert s.haftar_index <= s.haftar_index_high + 1e-9


def test_raw_counts_and_authorial_counts_disagree_on_this_corpus(seed_tables):
    """The reason the study exists: quoted and distanced uses are a large share."""
    mentions, _ = seed_tables
    frames = mentions[(mentions.kind == "frame") & (mentions.family == "terrorism")]
    assert (frames.voice != "authorial").sum() >= 10


def test_hand_made_sentence_voice_and_target(lexicons):
    text = ('وصف حفتر خصومه بـ«الإرهابيين" في بنغازي. '
            'وقصفت ميليشيات حفتر مواقع كتائب الثوار. '
            'وهاجم ما يسمى بالجيش الوطني مدينة درنة.')
    table = article_mentions(article(text), lexicons)
    frames = table[table.kind == "frame"].set_index("surface")
    assert frames.loc["بـ«الإرهابيين", "voice"] == "quoted"
    assert frames.loc["ميليشيات حفتر", "target"] == "haftar"
    assert frames.loc["كتائب الثوار", "target"] == "islamist_brigades"
    assert frames.loc["بالجيش الوطني", "voice"] == "distanced"


def test_opposition_guard_keeps_haftar_from_his_own_vocabulary(lexicons):
    text = "أعلن المشير خليفة حفتر تحرك قواته لتطهير بنغازي من الإرهابيين."
    table = article_mentions(article(text), lexicons)
    hit = table[table.surface == "الإرهابيين"].iloc[0]
    # the object of Haftar's fight is his adversary, not him (issue 15, pattern 4)
    assert hit.target == "haftar_adversaries" and hit.target_rule == "opponent"
    assert hit.opposed.startswith("لتطهير")
    # with no party before it, a terror word takes its family's group
    # (opponent_without_subject, issue 15: the coded opposed blanks of the tune half)
    table = article_mentions(article("بدأت عملية لتطهير المدينة من الإرهابيين."), lexicons)
    hit = table[table.surface == "الإرهابيين"].iloc[0]
    assert hit.target == "haftar_adversaries" and hit.target_rule == "opponent"
    # a word of another family keeps the honest blank
    table = article_mentions(article("بدأت حملة ضد القوى الثورية في المدينة."), lexicons)
    hit = table[table.surface == "الثورية"].iloc[0]
    assert hit.target == "" and hit.target_rule == "opposed"
    # … unless it has a default referent: the coup a campaign is against is Haftar's
    table = article_mentions(article("بدأت حملة ضد الانقلاب في المدينة."), lexicons)
    hit = table[table.surface == "الانقلاب"].iloc[0]
    assert hit.target == "haftar" and hit.target_rule == "default"


def test_article_without_mentions_scores_empty(lexicons):
    mentions, documents = measure([article("ذهب الولد إلى المدرسة صباحا.")], lexicons)
    assert mentions.empty
    scores = score_articles(mentions, documents, resamples=10)
    assert scores.loc[0, "terrorism"] == 0
    assert np.isnan(scores.loc[0, "islamists_index"])


@pytest.mark.parametrize("metadata,group", [
    ({"date_estimate": "2014-05-20"}, "gnc"),              # before the House first sat
    ({"date": "2014-08-04"}, "house_of_representatives"),  # the day it did
    ({"date": "2019-04-06T09:00:00"}, "house_of_representatives"),
    ({}, "house_of_representatives"),                      # undated: today's usage
])
def test_the_parliament_is_who_it_was_on_the_articles_date(lexicons, metadata, group):
    text = "أعلن حفتر حل البرلمان، ورفض المؤتمر الوطني العام القرار."
    table = article_mentions(Article("t", text, None, metadata), lexicons)
    parliament = table[table.surface == "البرلمان"]
    assert parliament["category"].tolist() == [group]


def test_the_next_parliament_of_2014_is_the_house():
    lexicons = load_lexicons()
    text = "تسيير الأعمال إلى حين انتخاب البرلمان القادم، ثم أول جلسة للبرلمان الجديد."
    table = article_mentions(Article("t", text, None, {"date": "2014-05-20"}), lexicons)
    assert table[table.kind == "actor"]["entry_id"].tolist() == [
        "house_of_representatives.next_parliament"] * 2


def test_a_bad_date_is_a_one_line_error_naming_the_file(lexicons, tmp_path):
    from framing.errors import FramingError

    bad = Article("t", "حل البرلمان.", tmp_path / "t.txt", {"date": "May 2014"})
    with pytest.raises(FramingError) as info:
        measure([bad], lexicons)
    message = str(info.value)
    assert "\n" not in message and str(tmp_path / "t.txt") in message
    assert "'date' must be a date (YYYY-MM-DD), got 'May 2014'" in message


def test_dates_are_not_read_when_no_entry_is_dated(tmp_path):
    from framing.measure.lexicon import load_actors, load_lexicon

    paths = {}
    for name, source in (("actors", load_actors().source), ("framing", load_lexicon().source)):
        body = open(source, encoding="utf-8").read()
        # the bundled lexicon without its dated entries
        kept = [block for block in body.split("\n  - id: ")
                if "\n    from: " not in block and "\n    until: " not in block]
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text("\n  - id: ".join(kept), encoding="utf-8")
    undated = load_lexicons(str(paths["framing"]), actors=str(paths["actors"]))
    assert not undated.dated
    mentions, _ = measure([Article("t", "حفتر.", None, {"date": "not a date"})], undated)
    assert mentions["category"].tolist() == ["haftar"]


HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"


def _decorate(text: str, rng: random.Random) -> str:
    """Insert harakat and tatweel after Arabic letters; swap some spaces for NBSP."""
    out = []
    for ch in text:
        if ch == " " and rng.random() < 0.3:
            out.append("\u00a0")
            continue
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and ch != "\u0640":
            r = rng.random()
            if r < 0.15:
                out.append(rng.choice(HARAKAT))
            elif r < 0.2:
                out.append("\u0640")
    return "".join(out)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), which=st.integers(0, 4))
def test_diacritics_tatweel_and_nbsp_never_change_scores(seed, which, corpus, lexicons):
    original = corpus[which]
    decorated = Article(original.id, _decorate(original.text, random.Random(seed)), original.path,
                        original.metadata)
    before = score_articles(*measure([original], lexicons), resamples=50)
    after = score_articles(*measure([decorated], lexicons), resamples=50)
    pd.testing.assert_frame_equal(before, after)


def test_tokens_and_mentions_share_offsets(corpus, lexicons):
    text = corpus[2].text
    tokens = tokenise(text)
    table = article_mentions(corpus[2], lexicons, tokens)
    for row in table.itertuples():
        assert tokens[row.token_start].start == row.start
        assert tokens[row.token_end - 1].end == row.end


def test_measure_with_a_cache_gives_the_same_tables_and_keys_on_every_input(tmp_path):
    from dataclasses import replace

    from framing.measure.mentions import load_lexicons, measure
    from framing.text.corpus import load_corpus

    articles, lexicons = load_corpus()[:2], load_lexicons()
    plain = measure(articles, lexicons)
    first = measure(articles, lexicons, cache=tmp_path)
    again = measure(articles, lexicons, cache=tmp_path)
    assert len(list(tmp_path.glob("measure-*.pickle"))) == 1
    for table in range(2):
        pd.testing.assert_frame_equal(first[table], plain[table])
        pd.testing.assert_frame_equal(again[table], plain[table])
    changed = [articles[0], replace(articles[1], text=articles[1].text + " الإرهاب")]
    measured = measure(changed, lexicons, cache=tmp_path)
    assert len(list(tmp_path.glob("measure-*.pickle"))) == 2  # a new key, not the old table
    assert len(measured[0]) > len(plain[0])
    assert not list(tmp_path.glob("*.part"))
