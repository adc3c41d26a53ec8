"""framing.report.plotting: every plot renders and saves, files are byte-stable, Arabic is drawn right.

The figures themselves were checked by eye (Arabic joined, right to left, not
mirrored, no missing-glyph boxes); these tests pin down what can be checked
mechanically: the shaping decision on both paths, the font, the bidi
isolates, byte-for-byte reproducible files and the input checks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

matplotlib = pytest.importorskip("matplotlib")

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from framing import FramingError  # noqa: E402
from framing.report import plotting  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRESENTATION_FORMS = range(0xFB50, 0xFEFF + 1)  # Arabic Presentation Forms-A and -B
ARTICLES = ["000 Al Jazeera", "001 Al Arabiya", "002 بوابة الوسط"]


# --------------------------------------------------------------------------- tiny frames

def keyness_frame() -> pd.DataFrame:
    rows = [
        ("000 Al Jazeera", "الانقلاب", "coup", 14.2, "delegitimising"),
        ("000 Al Jazeera", "الثوار", "revolutionaries", 11.0, "revolution"),
        ("000 Al Jazeera", "حفتر", "Haftar", 8.3, None),
        ("000 Al Jazeera", "مليشيات", "militias", 6.1, "terrorism"),
        ("000 Al Jazeera", "بنغازي", "", -3.0, None),
        ("001 Al Arabiya", "الإرهاب", "terrorism", 19.5, "terrorism"),
        ("001 Al Arabiya", "الجيش الوطني", "national army", 12.4, "legitimising"),
        ("001 Al Arabiya", "عملية الكرامة", "Operation Dignity", 9.9, "legitimising"),
        ("001 Al Arabiya", "المتطرفين", "extremists", 5.2, "terrorism"),
        ("002 بوابة الوسط", "المشير", "field marshal", 7.7, None),
        ("002 بوابة الوسط", "مجلس النواب", None, 4.4, None),
    ]
    return pd.DataFrame(rows, columns=["article", "term", "gloss", "g2", "family"])


def topic_frame() -> pd.DataFrame:
    weights = np.array([[0.62, 0.21, 0.17], [0.10, 0.75, 0.15], [0.30, 0.30, 0.40]])
    return pd.DataFrame(weights, index=ARTICLES,
                        columns=["T1 الجيش · army", "T2 الثوار · rebels", "T3 النفط · oil"])


def test_topic_heatmap_accepts_the_long_form():
    wide = topic_frame()
    long = (wide.rename_axis("article").reset_index()
            .melt(id_vars="article", var_name="label", value_name="weight"))
    long["topic"] = long["label"].map({c: i for i, c in enumerate(wide.columns)})
    shuffled = long.sample(frac=1, random_state=0)
    fig = plotting.topic_heatmap(shuffled)
    ax = fig.axes[0]
    articles = list(pd.unique(shuffled["article"]))  # rows in order of first appearance
    assert [t.get_text() for t in ax.get_yticklabels()] == articles
    assert [t.get_text() for t in ax.get_xticklabels()] == list(wide.columns)  # by topic
    assert np.allclose(ax.images[0].get_array(), wide.loc[articles].to_numpy())


def test_keyness_prefers_the_display_form():
    df = keyness_frame().assign(display=lambda d: d["term"] + "ـ")
    fig = plotting.keyness_bars(df, n=1)
    assert fig.axes[0].get_yticklabels()[0].get_text().startswith("\u2067الانقلابـ")


def rates_frame() -> pd.DataFrame:
    rows = []
    for i, article in enumerate(ARTICLES):
        for j, family in enumerate(plotting.FAMILY_ORDER):
            if (i, j) == (2, 1):
                continue  # no revolution mentions: drawn as zero
            rows.append((article, family, 1.0 + i + 2 * j % 5))
    return pd.DataFrame(rows, columns=["article", "family", "rate"])


def voice_frame() -> pd.DataFrame:
    rows = []
    for i, article in enumerate(ARTICLES):
        for j, family in enumerate(["terrorism", "revolution", "legitimising"]):
            for k, voice in enumerate(plotting.VOICE_ORDER):
                rows.append((article, family, voice, (i + j + k) % 4))
    return pd.DataFrame(rows, columns=["article", "family", "voice", "count"])


def index_frame() -> pd.DataFrame:
    nan = float("nan")
    return pd.DataFrame(
        [("000 Al Jazeera", "islamists_index", 0.45, 0.2, 0.7),
         ("000 Al Jazeera", "haftar_index", -0.6, -0.85, -0.3),
         ("001 Al Arabiya", "islamists_index", -0.8, -0.95, -0.55),
         ("001 Al Arabiya", "haftar_index", 0.7, 0.5, 0.9),
         ("002 بوابة الوسط", "islamists_index", nan, nan, nan),
         ("002 بوابة الوسط", "haftar_index", 0.1, nan, nan)],
        columns=["article", "index", "value", "low", "high"])


def mentions_frame() -> tuple[pd.DataFrame, dict[str, int]]:
    rows = [("000 Al Jazeera", 5, "revolution", "revolution"),
            ("000 Al Jazeera", 40, "militia", "terrorism"),
            ("000 Al Jazeera", 41, "delegitimising", "delegitimising"),
            ("000 Al Jazeera", 390, "revolution", "revolution"),
            ("001 Al Arabiya", 0, "terrorism", "terrorism"),
            ("001 Al Arabiya", 150, "legitimising", "legitimising"),
            ("001 Al Arabiya", 299, "extremism", "terrorism")]
    df = pd.DataFrame(rows, columns=["article", "token_start", "category", "family"])
    return df, {"000 Al Jazeera": 400, "001 Al Arabiya": 300, "002 بوابة الوسط": 250}


def titles_frame() -> pd.DataFrame:
    # ranks on the titles lexicon's ladder: major general 3, lieutenant general 4, marshal 6
    rows = [("000 Al Jazeera", "2014-05-20", "اللواء المتقاعد", 3, 3, "retired major general"),
            ("000 Al Jazeera", "2014-05-20", "اللواء المتقاعد", 3, 3, "retired major general"),
            ("001 Al Arabiya", "2015-06-10", "الفريق", 4, 4, "lieutenant general"),
            ("001 Al Arabiya", "2015-06-10", "القائد العام", 4, 4, "lieutenant general"),
            ("002 بوابة الوسط", "2017-02-01", "المشير", 6, 6, "field marshal"),
            ("002 بوابة الوسط", "2017-02-01", "حفتر", 0, 6, "field marshal")]
    return pd.DataFrame(rows, columns=["article", "date", "title", "title_rank",
                                       "official_rank", "official_label"])


def plots() -> dict[str, Figure]:
    mentions, sizes = mentions_frame()
    return {
        "keyness_bars": plotting.keyness_bars(keyness_frame(), n=4),
        "topic_heatmap": plotting.topic_heatmap(topic_frame()),
        "family_rates": plotting.family_rates(rates_frame()),
        "voice_bars": plotting.voice_bars(voice_frame()),
        "index_forest": plotting.index_forest(index_frame()),
        "dispersion": plotting.dispersion(mentions, sizes),
        "titles_vs_rank": plotting.titles_vs_rank(titles_frame()),
    }


# --------------------------------------------------------------------------- rendering

@pytest.fixture(scope="module")
def figures() -> dict[str, Figure]:
    return plots()


@pytest.mark.parametrize("name", ["keyness_bars", "topic_heatmap", "family_rates", "voice_bars",
                                  "index_forest", "dispersion", "titles_vs_rank"])
def test_plot_renders_and_saves_png_and_pdf(figures, name, tmp_path):
    fig = figures[name]
    assert isinstance(fig, Figure)
    paths = plotting.save_figure(fig, tmp_path / "sub" / name, dpi=72)
    assert [p.name for p in paths] == [f"{name}.png", f"{name}.pdf"]
    assert paths[0].read_bytes().startswith(b"\x89PNG")
    assert paths[1].read_bytes().startswith(b"%PDF")
    for ax in fig.axes:
        if ax.get_visible() and ax.get_label() != "<colorbar>":
            assert ax.get_xlabel() or ax.get_ylabel() or ax.get_title(loc="left")


def test_every_axis_is_labelled_in_english(figures):
    for name, fig in figures.items():
        labelled = [ax for ax in fig.axes if ax.get_visible() and ax.get_xlabel()]
        assert labelled, name
        for ax in labelled:
            assert ax.get_xlabel().isascii() or "−" in ax.get_xlabel() or "²" in ax.get_xlabel()


def test_save_figure_is_byte_stable_across_constructions(tmp_path):
    first = plotting.save_figure(plotting.keyness_bars(keyness_frame()), tmp_path / "a" / "k",
                                 formats=("png", "pdf", "svg"), dpi=100)
    second = plotting.save_figure(plotting.keyness_bars(keyness_frame()), tmp_path / "b" / "k",
                                  formats=("png", "pdf", "svg"), dpi=100)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.suffix


def test_save_figure_is_byte_stable_across_processes(tmp_path):
    # PDF font-subset names and set orders could depend on the string-hash seed:
    # a fresh interpreter with a fixed seed must write what this one writes.
    fig = plotting.titles_vs_rank(titles_frame())
    here = plotting.save_figure(fig, tmp_path / "here" / "fig", ("png", "pdf"), dpi=72)
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        import test_plotting as t
        from framing.report import plotting
        fig = plotting.titles_vs_rank(t.titles_frame())
        plotting.save_figure(fig, sys.argv[1], ("png", "pdf"), dpi=72)
    """)
    there = tmp_path / "there" / "fig"
    subprocess.run([sys.executable, "-c", script, str(there)], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONHASHSEED": "12345"})
    for path in here:
        assert path.read_bytes() == there.with_suffix(path.suffix).read_bytes(), path.suffix


def test_pdf_has_no_timestamps_and_keeps_text_as_truetype(tmp_path):
    (pdf,) = plotting.save_figure(plotting.family_rates(rates_frame()), tmp_path / "f",
                                  formats=["pdf"])
    data = pdf.read_bytes()
    assert b"CreationDate" not in data and b"ModDate" not in data
    assert b"FontFile2" in data  # Type 42 (TrueType) embedding, text stays searchable
    assert b"NotoNaskhArabic" in data


def test_png_has_no_software_stamp(tmp_path):
    (png,) = plotting.save_figure(plotting.family_rates(rates_frame()), tmp_path / "f.png",
                                  formats="png")
    assert png.name == "f.png"
    assert b"Software" not in png.read_bytes() and b"matplotlib" not in png.read_bytes().lower()


def test_save_figure_leaves_identical_file_untouched(tmp_path):
    fig = plotting.family_rates(rates_frame())
    (png,) = plotting.save_figure(fig, tmp_path / "f", formats=["png"])
    stamp = png.stat().st_mtime_ns
    os.utime(png, ns=(stamp - 10**9, stamp - 10**9))
    plotting.save_figure(fig, tmp_path / "f", formats=["png"])
    assert png.stat().st_mtime_ns == stamp - 10**9


def test_save_figure_rejects_unknown_format(tmp_path):
    with pytest.raises(FramingError, match="unknown format"):
        plotting.save_figure(plotting.new_figure(), tmp_path / "f", formats=["jpg"])


def test_figure_png_for_notebooks():
    assert plotting.figure_png(plotting.index_forest(index_frame())).startswith(b"\x89PNG")


# --------------------------------------------------------------------------- Arabic

def test_renderer_detection_matches_matplotlib():
    import matplotlib.ft2font

    assert plotting.renderer_shapes_arabic() == hasattr(matplotlib.ft2font,
                                                         "__libraqm_version__")


def test_arabic_label_is_unchanged_when_the_renderer_shapes(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: True)
    for text in ["الإرهاب", plotting.term_label("الإرهاب", "terrorism"), "Haftar"]:
        assert plotting.arabic_label(text) == text


def test_arabic_label_shapes_and_reorders_for_an_old_renderer(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: False)
    # الإرهاب: alef, lam-alef-with-hamza-below ligature, reh, heh, alef, beh —
    # in visual order (reversed), each in its contextual presentation form.
    assert [hex(ord(c)) for c in plotting.arabic_label("الإرهاب")] == [
        "0xfe8f", "0xfe8e", "0xfeeb", "0xfead", "0xfef9", "0xfe8d"]
    # حفتر: final reh, medial teh, medial feh, initial hah (visual order).
    assert plotting.arabic_label("حفتر") == "\ufeae\ufe98\ufed4\ufea3"
    assert plotting.arabic_label("Haftar 2016") == "Haftar 2016"


def test_old_renderer_path_resolves_and_removes_bidi_isolates(monkeypatch):
    monkeypatch.setattr(plotting, "renderer_shapes_arabic", lambda: False)
    out = plotting.arabic_label(plotting.term_label("الإرهاب", "terrorism"))
    assert "\u2067" not in out and "\u2069" not in out
    assert not any("\u0600" <= c <= "\u06ff" for c in out)  # every letter shaped
    assert sum(ord(c) in PRESENTATION_FORMS for c in out) == 6
    # right to left: the Arabic term (first in logical order) ends up at the right.
    assert out.startswith("terrorism · ")
    assert out.endswith("\ufe8d")  # the alef that begins الإرهاب, now rightmost


def test_arabic_label_explicit_renderer_flag():
    assert plotting.arabic_label("حفتر", shaped=True) == "حفتر"
    assert plotting.arabic_label("حفتر", shaped=False) != "حفتر"
    assert isinstance(plotting.pillow_shapes_arabic(), bool)


def test_rtl_wraps_once():
    assert plotting.rtl("terrorism · الإرهاب") == "\u2067terrorism · الإرهاب\u2069"
    assert plotting.rtl(plotting.rtl("x")) == plotting.rtl("x")
    assert plotting.rtl("") == ""


def test_term_label():
    assert plotting.term_label("الإرهاب", "terrorism") == "\u2067الإرهاب · \u2066terrorism\u2069\u2069"
    assert plotting.term_label("الإرهاب", "") == "الإرهاب"
    assert plotting.term_label("الإرهاب", float("nan")) == "الإرهاب"
    assert plotting.term_label("الإرهاب", None) == "الإرهاب"


def test_bundled_font_is_registered_and_found():
    plotting.register_fonts()
    found = Path(font_manager.findfont("Noto Naskh Arabic", fallback_to_default=False))
    assert found.name == "NotoNaskhArabic-Regular.ttf"
    assert found.parent == plotting.font_paths()[0].parent
    bold = font_manager.FontProperties(family="Noto Naskh Arabic", weight="bold")
    assert Path(font_manager.findfont(bold, fallback_to_default=False)).name == \
        "NotoNaskhArabic-Bold.ttf"
    assert plotting.STYLE["font.family"] == ["Noto Naskh Arabic", "DejaVu Sans"]


def test_naskh_font_covers_the_arabic_we_draw():
    from matplotlib.ft2font import FT2Font

    naskh = FT2Font(str(plotting.font_paths()[0]))
    for ch in "الإرهابحفترالمشيرمليشياتالقائدالعام،ةى":
        assert naskh.get_char_index(ord(ch)) != 0, ch


def test_mixed_labels_render_without_missing_glyphs(tmp_path):
    """Arabic, Latin, isolates, '·', '×', '−' all find a glyph (no tofu warning)."""
    import warnings

    fig = plotting.new_figure(figsize=(3, 1))
    with plotting.style():
        fig.text(0.05, 0.6, plotting.term_label("الإرهاب", "terrorism"))
        fig.text(0.05, 0.2, plotting.rtl("المشير ×2 − Haftar، 2016"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plotting.figure_png(fig)
        plotting.save_figure(fig, tmp_path / "mixed", formats=["pdf"])


# --------------------------------------------------------------------------- input checks

def test_missing_column_is_one_line_framing_error():
    with pytest.raises(FramingError, match=r"keyness_bars: missing column\(s\) g2") as info:
        plotting.keyness_bars(keyness_frame().drop(columns="g2"))
    assert "\n" not in str(info.value)


def test_empty_table_is_rejected():
    with pytest.raises(FramingError, match="no rows"):
        plotting.family_rates(rates_frame().iloc[:0])


def test_index_forest_rejects_values_outside_range():
    bad = index_frame().assign(value=2.0)
    with pytest.raises(FramingError, match="outside"):
        plotting.index_forest(bad)


def test_index_forest_shows_no_mentions_not_zero():
    fig = plotting.index_forest(index_frame())
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert texts.count("no mentions") == 1


def test_dispersion_checks_positions():
    mentions, sizes = mentions_frame()
    with pytest.raises(FramingError, match="outside"):
        plotting.dispersion(mentions, {**sizes, "000 Al Jazeera": 100})
    with pytest.raises(FramingError, match="no entry"):
        plotting.dispersion(mentions, {"000 Al Jazeera": 400})


def test_titles_vs_rank_checks_the_scale():
    bad = titles_frame().assign(official_rank=5)
    with pytest.raises(FramingError, match="disagrees with the schedule"):
        plotting.titles_vs_rank(bad)


def test_voice_bars_rejects_unknown_voice():
    bad = voice_frame().assign(voice="whispered")
    with pytest.raises(FramingError, match="unknown voice"):
        plotting.voice_bars(bad)


def test_titles_vs_rank_keeps_dots_of_nearby_articles_apart():
    from framing.report.plotting import dodge_points

    days = pd.to_datetime(["2014-05-18", "2014-05-20", "2014-05-20", "2015-08-18"])
    offsets = dodge_points(days, [3, 3, 3, 3], ["002", "000", "001", "004"])
    assert sorted(offsets[(k, d, 3)] for k, d in zip(["002", "000", "001"], days)) == [
        -9.0, 0.0, 9.0]
    assert offsets[("004", days[3], 3)] == 0.0


def test_figures_carry_alt_text_into_notebook_html():
    from framing.report.plotting import figure_alt, figure_html, index_forest, with_alt

    df = pd.DataFrame({"article": ["a"], "index": ["haftar_index"], "value": [0.4],
                       "low": [0.1], "high": [0.6]})
    fig = index_forest(df)
    assert "Haftar index" in figure_alt(fig)  # a description even without one given
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "← delegitimising" in texts and "legitimising →" in texts
    html = figure_html(with_alt(fig, "Forest plot <of> indices"))
    assert html.startswith('<img alt="Forest plot &lt;of&gt; indices" src="data:image/png;base64,')


@pytest.mark.parametrize("plot", ["titles_vs_rank", "corpus_timeline", "index_forest"])
def test_a_figure_per_article_draws_the_first_articles_only(plot):
    """Every figure with a mark per article is cut at MAX_ARTICLES (one decorator)."""
    import matplotlib.pyplot as plt

    n = plotting.MAX_ARTICLES + 6
    articles = [f"a{k:02d}" for k in range(n)]
    tables = {
        "titles_vs_rank": pd.DataFrame({"article": articles, "date": ["2019-04-06"] * n,
                                        "title": ["المشير"] * n, "title_rank": [6] * n,
                                        "official_rank": [6] * n,
                                        "official_label": ["field marshal"] * n}),
        "corpus_timeline": pd.DataFrame({"article": articles, "date": ["2019-04-06"] * n,
                                         "tokens": [100] * n, "genre": ["news"] * n}),
        "index_forest": pd.DataFrame({"article": articles, "index": ["haftar_index"] * n,
                                      "value": [0.5] * n, "low": [0.0] * n, "high": [1.0] * n}),
    }
    draw = getattr(plotting, plot)
    assert hasattr(draw, "__wrapped__"), f"{plot} is not cut at MAX_ARTICLES"
    fig = draw(tables[plot])
    assert f"The first {plotting.MAX_ARTICLES} of {n} articles" in fig._suptitle.get_text()
    plt.close("all")


def test_titles_vs_rank_labels_stay_right_of_the_y_axis():
    # The first article's label, centred on a dot near the left edge, ran over
    # the y axis and its tick labels (05's "اللواء المتقاعد" at 2014-05).
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plotting.titles_vs_rank(titles_frame().assign(date="2014-04-20").head(2))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    ax = fig.axes[0]
    renderer = canvas.get_renderer()
    labels = [t for t in ax.texts if "اللواء" in t.get_text()]
    assert labels
    assert all(t.get_window_extent(renderer).x0 >= ax.bbox.x0 for t in labels)
