"""Figures: one style, Arabic that renders correctly, files that are byte-stable.

This is the only module that imports matplotlib. It never selects a backend
(no ``matplotlib.use``, no ``MPLBACKEND``): figures are plain
:class:`matplotlib.figure.Figure` objects, built without pyplot's global
state, so

* a notebook shows a returned figure inline (see :func:`show`, and the PNG
  display hook installed when this module is imported inside IPython), and
* :func:`save_figure` writes PNG/PDF/SVG through matplotlib's own per-format
  canvases, with metadata that would change from run to run removed, so
  re-running the study rewrites identical bytes.

Arabic
------
matplotlib >= 3.11 lays text out with libraqm: it shapes Arabic (joining forms,
ligatures) and orders bidirectional text itself. Older matplotlib draws one
glyph per character, left to right, so Arabic must be shaped and reordered
beforehand with ``arabic_reshaper`` + ``python-bidi``. Doing that on a
renderer that already shapes draws every label mirror-reversed without any
error, so the decision is made in one place, :func:`renderer_shapes_arabic`,
and every string drawn by this module goes through :func:`arabic_label`.

The Noto Naskh Arabic font ships in ``framing/data/fonts`` (SIL OFL 1.1) and
is registered with matplotlib on first use; the family list is
``["Noto Naskh Arabic", "DejaVu Sans"]``, so Arabic is drawn in Naskh and
Latin letters fall back to DejaVu Sans.

Mixed Arabic/Latin labels (``"الإرهاب · terrorism"``) are wrapped in Unicode
bidi isolates by :func:`rtl` (U+2067 RIGHT-TO-LEFT ISOLATE ... U+2069 POP
DIRECTIONAL ISOLATE) so they read right to left whatever their first letter.
libraqm honours the isolates and draws nothing for them; on the fallback path
they are resolved by python-bidi and then removed.

Plot functions
--------------
Each takes a pandas DataFrame (shapes in the docstrings), returns a Figure,
and labels every axis in English; Arabic appears where it is the data.

Example
-------
>>> import pandas as pd
>>> from framing.report import plotting
>>> df = pd.DataFrame({"article": ["a", "b"], "family": ["terrorism", "revolution"],
...                    "rate": [3.2, 1.5]})
>>> fig = plotting.family_rates(df)
>>> paths = plotting.save_figure(fig, "/tmp/family_rates")  # family_rates.png, .pdf
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import matplotlib
import matplotlib.ft2font
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib import font_manager
from matplotlib.figure import Figure

from framing.errors import FramingError
from framing.report.titles import RankPeriod, official_schedule

__all__ = [
    "DPI",
    "FAMILY_COLOURS",
    "FAMILY_ORDER",
    "FONT_FAMILY",
    "NEUTRAL",
    "OKABE_ITO",
    "RankPeriod",
    "STYLE",
    "VOICE_COLOURS",
    "VOICE_ORDER",
    "arabic_label",
    "corpus_timeline",
    "dispersion",
    "family_rates",
    "figure_png",
    "font_paths",
    "index_forest",
    "keyness_bars",
    "new_figure",
    "pillow_shapes_arabic",
    "register_fonts",
    "renderer_shapes_arabic",
    "rtl",
    "save_figure",
    "show",
    "style",
    "term_label",
    "topic_terms",
    "titles_vs_rank",
    "topic_heatmap",
    "voice_bars",
]

# ---------------------------------------------------------------------------
# Palette: Okabe & Ito (2008), "Color Universal Design", defined once.
# ---------------------------------------------------------------------------

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
"""The Okabe–Ito colour-blind-safe palette (plus its customary grey)."""

NEUTRAL = "#4D4D4D"
"""Dark grey for marks that carry no category (e.g. keyness bars)."""

FAMILY_ORDER: tuple[str, ...] = ("terrorism", "revolution", "legitimising", "delegitimising")
"""Frame families in the order every figure lists them."""

FAMILY_COLOURS: dict[str, str] = {
    "terrorism": OKABE_ITO["vermillion"],
    "revolution": OKABE_ITO["bluish_green"],
    "legitimising": OKABE_ITO["blue"],
    "delegitimising": OKABE_ITO["orange"],
    "neutral": OKABE_ITO["grey"],  # الجماعات المسلحة: named, not framed
}
"""One colour per frame family, the same in every figure."""

VOICE_ORDER: tuple[str, ...] = ("authorial", "quoted", "distanced")
"""Voices, bottom to top in stacked bars."""

VOICE_COLOURS: dict[str, str] = {
    "authorial": OKABE_ITO["sky_blue"],
    "quoted": OKABE_ITO["reddish_purple"],
    "distanced": OKABE_ITO["grey"],
}
"""One colour per voice (author's own words, quoted source, distanced/scare-quoted)."""

VOICE_HATCHES: dict[str, str] = {"authorial": "", "quoted": "", "distanced": "///"}
"""Hatching that keeps 'distanced' distinguishable in greyscale print."""

# Colours for categories outside the families above (actors, unknown families).
_SPARE_COLOURS: tuple[str, ...] = (
    OKABE_ITO["sky_blue"], OKABE_ITO["reddish_purple"], OKABE_ITO["black"],
    OKABE_ITO["yellow"], OKABE_ITO["grey"],
)

# Colours for articles (markers in the time plot): the full palette but yellow,
# which is too light for small markers on white.
_ARTICLE_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"], OKABE_ITO["orange"], OKABE_ITO["sky_blue"],
    OKABE_ITO["black"], OKABE_ITO["grey"],
)

# ---------------------------------------------------------------------------
# Fonts
# ---------------------------------------------------------------------------

FONT_FAMILY: list[str] = ["Noto Naskh Arabic", "DejaVu Sans"]
"""Font fallback list: Arabic from Noto Naskh Arabic, everything else from DejaVu Sans."""


def font_paths() -> list[Path]:
    """Paths of the Arabic font files shipped inside the package
    (:func:`framing.report.fonts.font_paths`, the one place that knows them).

    Example
    -------
    >>> [p.name for p in font_paths()]
    ['NotoNaskhArabic-Regular.ttf', 'NotoNaskhArabic-Bold.ttf']
    """
    from framing.report.fonts import font_paths as bundled

    return bundled()


@functools.cache
def register_fonts() -> None:
    """Register the bundled Noto Naskh Arabic fonts with matplotlib (once per process).

    Example
    -------
    >>> register_fonts()
    >>> from matplotlib import font_manager
    >>> Path(font_manager.findfont("Noto Naskh Arabic")).name
    'NotoNaskhArabic-Regular.ttf'
    """
    for path in font_paths():
        font_manager.fontManager.addfont(str(path))


# ---------------------------------------------------------------------------
# Arabic text: the one shaping decision
# ---------------------------------------------------------------------------

LRI = "\u2066"  # LEFT-TO-RIGHT ISOLATE
RLI = "\u2067"  # RIGHT-TO-LEFT ISOLATE
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
# Explicit bidi formatting characters: resolved by python-bidi on the fallback
# path and then removed, because a renderer without libraqm would draw them as
# missing-glyph boxes.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                                        "\u2066\u2067\u2068\u2069"))


def renderer_shapes_arabic() -> bool:
    """Whether matplotlib's text layout shapes and reorders Arabic itself.

    True when ``matplotlib.ft2font`` was built with libraqm (matplotlib >= 3.11);
    then strings must be passed in logical order, unshaped. False on older
    matplotlib, where :func:`arabic_label` shapes and reorders them instead.

    Example
    -------
    >>> isinstance(renderer_shapes_arabic(), bool)
    True
    """
    return hasattr(matplotlib.ft2font, "__libraqm_version__")


def pillow_shapes_arabic() -> bool:
    """Whether Pillow's text drawing shapes Arabic (Pillow built with libraqm).

    Use it for word clouds drawn with Pillow:
    ``arabic_label(word, shaped=pillow_shapes_arabic())``.

    Example
    -------
    >>> isinstance(pillow_shapes_arabic(), bool)
    True
    """
    try:
        from PIL import features
    except ImportError:  # pragma: no cover - Pillow comes with matplotlib
        return False
    try:
        return bool(features.check("raqm"))
    except Exception:  # pragma: no cover - very old Pillow
        return False


def arabic_label(text: object, *, shaped: bool | None = None) -> str:
    """Prepare a string for drawing: unchanged if the renderer shapes Arabic.

    Parameters
    ----------
    text : object
        The label in logical (typing) order; non-strings are converted with ``str``.
    shaped : bool, optional
        Whether the target renderer shapes Arabic itself. Defaults to
        :func:`renderer_shapes_arabic` (matplotlib); pass
        :func:`pillow_shapes_arabic` for Pillow.

    Returns
    -------
    str
        ``text`` itself when the renderer shapes; otherwise ``text`` reshaped to
        Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) and reordered
        into visual order by the Unicode bidi algorithm, with the bidi control
        characters removed.

    Example
    -------
    >>> arabic_label("حفتر", shaped=True)
    'حفتر'
    >>> [hex(ord(c)) for c in arabic_label("حفتر", shaped=False)]
    ['0xfeae', '0xfe98', '0xfed4', '0xfea3']
    """
    text = "" if text is None else str(text)
    if shaped is None:
        shaped = renderer_shapes_arabic()
    if shaped or not _has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text)).translate(_BIDI_CONTROLS)


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def rtl(text: object) -> str:
    """Wrap a label in a right-to-left isolate (U+2067 ... U+2069).

    A mixed label such as ``"الإرهاب · terrorism"`` then reads right to left
    (the Arabic term first, at the right) even when it starts with a Latin
    letter or a digit. Idempotent; empty strings stay empty.

    Example
    -------
    >>> rtl("terrorism · الإرهاب") == "\\u2067terrorism · الإرهاب\\u2069"
    True
    >>> rtl(rtl("x")) == rtl("x")
    True
    """
    text = "" if text is None else str(text)
    if not text or (text.startswith(RLI) and text.endswith(PDI)):
        return text
    return f"{RLI}{text}{PDI}"


def term_label(term: object, gloss: object = None) -> str:
    """Label an Arabic term with its English gloss: ``"الإرهاب · terrorism"``.

    The result is wrapped with :func:`rtl`, so the Arabic term reads first (at
    the right); the gloss sits in a left-to-right isolate (U+2066 … U+2069) so
    its own punctuation stays in English order ("(Fayez) al-Sarraj" would
    otherwise be reordered). Without a gloss (None, NaN or blank) the term
    alone is returned.

    Example
    -------
    >>> term_label("الإرهاب", "terrorism") == rtl("الإرهاب · \u2066terrorism\u2069")
    True
    >>> term_label("الإرهاب", float("nan"))
    'الإرهاب'
    """
    term = "" if _missing(term) else str(term).strip()
    gloss = "" if _missing(gloss) else str(gloss).strip()
    if not gloss:
        return term
    return rtl(f"{term} · {LRI}{gloss}{PDI}")


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _t(text: object) -> str:
    """Every string this module draws goes through here (once)."""
    return arabic_label(text)


# ---------------------------------------------------------------------------
# Style
# ---------------------------------------------------------------------------

DPI = 200
"""Resolution of saved raster figures (dots per inch)."""

STYLE: dict[str, object] = {
    "font.family": FONT_FAMILY,
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.labelsize": 9.5,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.title_fontsize": 9.5,
    "legend.frameon": False,
    "figure.titlesize": 12,
    "axes.prop_cycle": cycler(color=list(_ARTICLE_COLOURS)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "axes.grid": False,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.6,
    "image.cmap": "cividis",
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    # Reproducible files: TrueType (Type 42) keeps PDF text searchable and is
    # deterministic; a fixed salt makes SVG ids stable; SVG text as paths needs
    # no font on the reader's machine.
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
    "svg.hashsalt": "framing",
}
"""The one set of rcParams applied by :func:`style`."""


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Apply the study's style (fonts registered, :data:`STYLE`) within a block.

    Example
    -------
    >>> with style():
    ...     fig = Figure()
    """
    register_fonts()
    with matplotlib.rc_context(STYLE):
        yield


def new_figure(**kwargs: object) -> Figure:
    """A pyplot-free Figure in the study's style, with constrained layout.

    Parameters
    ----------
    **kwargs
        Passed to :class:`matplotlib.figure.Figure` (e.g. ``figsize``).

    Example
    -------
    >>> fig = new_figure(figsize=(4, 3))
    >>> ax = fig.add_subplot()
    """
    kwargs.setdefault("layout", "constrained")
    with style():
        return Figure(**kwargs)


def _arabic_ticks(ax) -> None:
    # Tick labels are created lazily at draw time and then read rcParams, so a
    # figure drawn outside style() (e.g. by the inline backend) would lose the
    # Arabic font for them; pin the family on the axis itself.
    ax.tick_params(labelfontfamily=FONT_FAMILY)


# ---------------------------------------------------------------------------
# Output: deterministic files, notebook display
# ---------------------------------------------------------------------------

FORMATS = ("png", "pdf", "svg")

# Metadata that varies by run or by matplotlib version, removed so the same
# figure always gives the same bytes.
_METADATA: dict[str, dict[str, object]] = {
    "png": {"Software": None},
    "pdf": {"Creator": "framing", "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Date": None, "Creator": "framing"},
}


def _render(fig: Figure, fmt: str, dpi: float) -> bytes:
    buffer = io.BytesIO()
    with style():
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_METADATA[fmt],
                    facecolor="white")
    return buffer.getvalue()


def figure_png(fig: Figure, *, dpi: float = 100) -> bytes:
    """Render a figure to PNG bytes (deterministic; used for notebook display).

    Example
    -------
    >>> figure_png(new_figure()).startswith(b"\\x89PNG")
    True
    """
    return _render(fig, "png", dpi)


def save_figure(fig: Figure, path: str | Path, formats: Sequence[str] = ("png", "pdf"),
                *, dpi: float = DPI) -> list[Path]:
    """Write a figure to ``path.<format>`` for each format, byte-for-byte reproducibly.

    Parameters
    ----------
    fig : Figure
        The figure (from one of the plot functions or :func:`new_figure`).
    path : str or Path
        Target path without suffix, e.g. ``figures/keyness``. A trailing
        ``.png``/``.pdf``/``.svg`` is dropped. Parent folders are created.
    formats : sequence of str
        Any of ``"png"``, ``"pdf"``, ``"svg"``.
    dpi : float
        Resolution of the PNG (default :data:`DPI`).

    Returns
    -------
    list of Path
        The files, in the order of ``formats``. A file whose bytes would not
        change is left untouched (its modification time too).

    Example
    -------
    >>> save_figure(new_figure(), "/tmp/empty", formats=["png"])
    [PosixPath('/tmp/empty.png')]
    """
    if not isinstance(fig, Figure):
        raise FramingError(f"save_figure: expected a matplotlib Figure, got {type(fig).__name__}")
    if isinstance(formats, str):
        formats = (formats,)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise FramingError(f"save_figure: unknown format(s) {bad or list(formats)}; "
                           f"choose from {list(FORMATS)}")
    base = Path(path)
    if base.suffix.lstrip(".").lower() in FORMATS:
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = base.with_name(f"{base.name}.{fmt}")
        data = _render(fig, fmt, dpi)
        if not (target.is_file() and target.read_bytes() == data):
            target.write_bytes(data)
        written.append(target)
    return written


def show(fig: Figure, *, dpi: float = 100) -> None:
    """Display a figure in a notebook (as a PNG), whatever the matplotlib backend.

    A Figure returned as the last expression of a cell is displayed too, once
    this module has been imported inside IPython; use ``show`` to display one
    mid-cell or several per cell.

    Example
    -------
    >>> show(fig)  # doctest: +SKIP
    """
    try:
        from IPython.display import Image, display
    except ImportError as exc:
        raise FramingError("show: IPython is not installed; use save_figure(fig, path)") from exc
    display(Image(data=figure_png(fig, dpi=dpi), format="png"))


def with_alt(fig: Figure, alt: str) -> Figure:
    """``fig`` with its alternative text (what the figure shows, for a reader
    who cannot see it): a notebook displays it as ``<img alt=…>``
    (:func:`figure_html`). Returns ``fig``, so a cell can end with it.

    >>> figure_alt(with_alt(new_figure(), "Bars per article"))
    'Bars per article'
    """
    fig.set_label(alt)
    return fig


def figure_alt(fig: Figure) -> str:
    """The figure's alternative text: the one given with :func:`with_alt`,
    else its panel titles and axis labels (never empty).

    >>> figure_alt(new_figure())
    'Figure'
    """
    if fig.get_label():
        return fig.get_label()
    parts = []
    for ax in fig.get_axes():
        words = [ax.get_title(loc) for loc in ("left", "center", "right")]
        words += [ax.get_xlabel(), ax.get_ylabel()]
        parts += [w.replace("\n", " ") for w in words if w]
    return "Figure: " + "; ".join(dict.fromkeys(parts)) if parts else "Figure"


def figure_html(fig: Figure, *, dpi: float = 100) -> str:
    """The figure as an inline ``<img>`` with its alt text, for notebooks.

    JupyterLab's image renderer and nbconvert's lab template drop any alt
    text given with ``image/png`` output; an ``<img alt=… src="data:…">`` in
    the ``text/html`` output keeps it in both (Lab's sanitizer allows ``alt``,
    and checks URL schemes only on ``href`` and ``cite``), and both prefer
    ``text/html`` to ``image/png``. The PNG stays in the output too, for any
    other viewer.

    >>> figure_html(with_alt(new_figure(), 'a "b"')).startswith('<img alt="a &quot;b&quot;"')
    True
    """
    import base64
    import html

    data = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    return (f'<img alt="{html.escape(figure_alt(fig))}" '
            f'src="data:image/png;base64,{data}">')


def _install_notebook_display() -> None:
    """Let IPython display a returned Figure as PNG and as ``<img alt>`` HTML.

    The inline backend registers a PNG hook only once pyplot is imported;
    this module never imports pyplot, so it registers its own (rendered in
    :func:`style`). An existing PNG hook (e.g. matplotlib-inline's) is kept.
    The HTML hook carries the alt text (:func:`figure_html`).
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return
    try:
        shell = ipython.get_ipython()
        if shell is None:
            return
        formatters = shell.display_formatter.formatters
        for mime, render in (("image/png", figure_png), ("text/html", figure_html)):
            try:
                formatters[mime].lookup_by_type(Figure)
            except KeyError:
                formatters[mime].for_type(Figure, render)
    except Exception:  # pragma: no cover - display is a convenience, never fatal
        return


_install_notebook_display()

# ---------------------------------------------------------------------------
# Input checks and small helpers
# ---------------------------------------------------------------------------


def empty_figure(message: str) -> Figure:
    """A small figure that says why there is nothing to draw (a corpus without
    dates, or without a kind of mention), so a notebook still runs and shows it."""
    fig = new_figure(figsize=(7.0, 1.2))
    with style():
        fig.text(0.5, 0.5, message, ha="center", va="center", color=NEUTRAL, wrap=True)
    return fig


def _require(df: object, columns: Iterable[str], func: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise FramingError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise FramingError(f"{func}: missing column(s) {', '.join(missing)} "
                           f"(expected {', '.join(columns)})")
    if df.empty:
        raise FramingError(f"{func}: the table has no rows")
    return df


def _numeric(df: pd.DataFrame, column: str, func: str) -> pd.Series:
    values = pd.to_numeric(df[column], errors="coerce")
    bad = values.isna() & df[column].notna()
    if bad.any():
        first = df.loc[bad, column].iloc[0]
        raise FramingError(f"{func}: column {column} holds a non-number ({first!r})")
    return values.astype(float)


def _order(values: pd.Series | Sequence[object]) -> list:
    """Categorical order when the column is categorical, else first appearance."""
    series = pd.Series(values)
    if isinstance(series.dtype, pd.CategoricalDtype):
        present = set(series.dropna())
        return [c for c in series.cat.categories if c in present]
    return list(pd.unique(series.dropna()))


def _family_order(values: Iterable[object]) -> list:
    present = list(pd.unique(pd.Series(list(values)).dropna()))
    return [f for f in FAMILY_ORDER if f in present] + [f for f in present if f not in FAMILY_ORDER]


def _colours(keys: Sequence[object], known: Mapping[str, str]) -> dict:
    spare = iter(c for c in _SPARE_COLOURS if c not in known.values())
    out = {}
    for key in keys:
        out[key] = known.get(key) or next(spare, OKABE_ITO["grey"])
    return out


def _title(name: object) -> str:
    """'legitimising' -> 'Legitimising'; 'haftar_index' -> 'Haftar index'."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text.isascii() else text


def _grid(n: int, ncols: int | None, max_cols: int = 3) -> tuple[int, int]:
    ncols = max(1, min(n, ncols or max_cols))
    return math.ceil(n / ncols), ncols


def _hide_unused(axes: np.ndarray, used: int) -> None:
    for ax in axes.flat[used:]:
        ax.set_visible(False)


def _family_handles(families: Sequence[str], colours: Mapping[str, str]):
    from matplotlib.patches import Patch

    return [Patch(facecolor=colours[f], label=_t(_title(f))) for f in families]


#: Most articles a per-article figure shows. A figure of a thousand panels or
#: rows reads as nothing and takes minutes to draw; every article is still in
#: the tables under results/.
MAX_ARTICLES = 24


def per_article(plot):
    """Decorator for figures with a panel, row or bar per article: past
    :data:`MAX_ARTICLES` articles only the first ones (in the table's order,
    i.e. corpus order) are drawn, and a footnote on the figure says so.
    """
    @functools.wraps(plot)
    def draw(df, *args, **kwargs):
        shown, total = df, None
        if isinstance(df, pd.DataFrame):
            articles = (df["article"] if "article" in df.columns
                        else pd.Series(df.index, index=df.index))
            order = list(pd.unique(articles))
            if len(order) > MAX_ARTICLES:
                keep = set(order[:MAX_ARTICLES])
                shown, total = df[articles.isin(keep).to_numpy()], len(order)
                args = tuple({k: v for k, v in a.items() if k in keep}
                             if isinstance(a, Mapping) else a for a in args)
        fig = plot(shown, *args, **kwargs)
        if total is not None and fig.axes:  # (a figure that says "nothing to draw" has none)
            fig.suptitle(f"The first {MAX_ARTICLES} of {total:,} articles, in corpus order; "
                         "every article is in the tables under results/.",
                         fontsize=7.5, color=NEUTRAL, x=0.01, ha="left")
        return fig
    return draw


# ---------------------------------------------------------------------------
# 1. Keyness
# ---------------------------------------------------------------------------


@per_article
def keyness_bars(df: pd.DataFrame, n: int = 10, *, ncols: int | None = None,
                 sharex: bool = False) -> Figure:
    """Top-``n`` key terms of each article, one small-multiple panel per article.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``term`` (Arabic display form), ``gloss`` (English,
        may be empty/NaN), ``g2`` (signed log-likelihood G²: positive = used
        more in this article than in the rest of the corpus). Optional column
        ``family``: bars of terms in a frame family take the family colour.
        Optional ``display``: shown instead of ``term`` when present (as in
        :func:`framing.explore.vocabulary.article_keyness`, whose ``term`` is the
        normalised key).
    n : int
        Terms per article (those with the largest positive G²).
    ncols : int, optional
        Panels per row (default: up to 3).
    sharex : bool
        Share the G² axis across panels.

    Returns
    -------
    Figure
        Horizontal bars, largest G² on top, labelled ``"الإرهاب · terrorism"``.

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a", "a"], "term": ["الإرهاب", "ثوار"],
    ...                    "gloss": ["terrorism", "revolutionaries"], "g2": [12.5, 7.1]})
    >>> fig = keyness_bars(df, n=5)
    """
    func = "keyness_bars"
    _require(df, ["article", "term", "gloss", "g2"], func)
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise FramingError(f"{func}: n must be a positive integer, got {n!r}")
    data = df.assign(g2=_numeric(df, "g2", func))
    tops = {}
    for article in _order(data["article"]):
        rows = data[(data["article"] == article) & (data["g2"] > 0)]
        tops[article] = rows.sort_values(["g2", "term"], ascending=[False, True],
                                         kind="mergesort").head(n)
    return _term_panels(tops, "g2", "Keyness (G², this article vs. the rest)",
                        "no positive key terms", ncols=ncols, sharex=sharex)


def _term_panels(tops: Mapping[object, pd.DataFrame], value: str, xlabel: str, empty: str,
                 *, ncols: int | None = None, sharex: bool = False) -> Figure:
    """Small multiples of horizontal term bars: one panel per key of ``tops``.

    Each frame of ``tops`` is already ranked (first row on top) and has
    ``term``, ``gloss``, ``value`` and optionally ``display`` and ``family``.
    """
    has_family = any("family" in t.columns for t in tops.values())
    families = (_family_order(pd.concat([t["family"] for t in tops.values()
                                         if "family" in t.columns]))
                if has_family else [])
    colours = _colours(families, FAMILY_COLOURS)
    most = max(1, max(len(t) for t in tops.values()))
    nrows, ncols = _grid(len(tops), ncols)
    # Room for the longest "term · gloss" label beside each panel's bars.
    longest = max((len(str(t)) + len(str(g)) for top in tops.values()
                   for t, g in zip(top["term"], top["gloss"])), default=10)
    panel = max(3.9, 2.2 + 0.075 * longest)
    fig = new_figure(figsize=(panel * ncols, (0.26 * most + 0.9) * nrows + 0.3))
    with style():
        axes = fig.subplots(nrows, ncols, squeeze=False, sharex=sharex)
        for ax, (panel, top) in zip(axes.flat, tops.items()):
            _arabic_ticks(ax)
            top = top.iloc[::-1]  # largest on top, panels top-aligned
            y = np.arange(most - len(top), most)
            bar_colours = ([colours.get(f, NEUTRAL) if not _missing(f) else NEUTRAL
                            for f in top["family"]] if "family" in top.columns else NEUTRAL)
            ax.barh(y, top[value].to_numpy(), color=bar_colours, height=0.7)
            shown = top["term"]
            if "display" in top.columns:
                shown = top["display"].where(top["display"].notna(), top["term"])
            ax.set_yticks(y, [_t(term_label(t, g)) for t, g in zip(shown, top["gloss"])])
            ax.set_ylim(-0.6, most - 0.4)
            ax.set_title(_t(panel), loc="left")
            ax.set_xlabel(xlabel)
            ax.tick_params(axis="y", length=0)
            ax.grid(axis="x")
            if top.empty:
                ax.text(0.5, 0.5, empty, transform=ax.transAxes,
                        ha="center", va="center", color=OKABE_ITO["grey"], style="italic")
        _hide_unused(axes, len(tops))
        if has_family and families:
            fig.legend(handles=_family_handles(families, colours), title="Frame family",
                       loc="outside lower center", ncols=len(families))
    return fig


def topic_terms(df: pd.DataFrame, n: int = 8, *, ncols: int | None = None) -> Figure:
    """The offline topic view: each topic's terms ranked by relevance, bars = P(term | topic).

    A static stand-in for pyLDAvis (which loads its JavaScript from a CDN):
    terms are ranked by relevance = λ·log φ + (1−λ)·log(φ/p) as computed by
    :func:`framing.explore.topics.topic_table` (its ``rank``), and each bar shows φ.

    Parameters
    ----------
    df : DataFrame
        Columns ``label`` (topic), ``rank``, ``term``, ``gloss``, ``weight``;
        optional ``display``.

    Example
    -------
    >>> df = pd.DataFrame({"label": ["T0", "T0"], "rank": [1, 2], "term": ["داعش", "سرت"],
    ...                    "gloss": ["Daesh", "Sirte"], "weight": [0.03, 0.02]})
    >>> fig = topic_terms(df)
    """
    func = "topic_terms"
    _require(df, ["label", "rank", "term", "gloss", "weight"], func)
    data = df.assign(weight=_numeric(df, "weight", func), rank=_numeric(df, "rank", func))
    tops = {label: data[data["label"] == label].sort_values("rank", kind="mergesort").head(n)
            for label in _order(data["label"])}
    return _term_panels(tops, "weight", "P(term | topic), ranked by relevance",
                        "no terms", ncols=ncols)


# ---------------------------------------------------------------------------
# 2. Topics
# ---------------------------------------------------------------------------


@per_article
def topic_heatmap(df: pd.DataFrame, *, annotate: bool | None = None) -> Figure:
    """Topic mixture of each article as a heat map.

    Parameters
    ----------
    df : DataFrame
        Wide: index = article, columns = topic labels (may be Arabic, e.g. top
        words), values = mixture weights (0–1; rows usually sum to 1).
        Or long, as :func:`framing.explore.topics.article_topics` returns it: columns
        ``article``, ``weight`` and ``label`` (or ``topic``), one row per
        article and topic; it is pivoted to the wide form.
    annotate : bool, optional
        Print the weight in each cell (default: when there are at most 120 cells).

    Example
    -------
    >>> df = pd.DataFrame({"T1 الجيش": [0.7, 0.2], "T2 الثوار": [0.3, 0.8]},
    ...                   index=["a", "b"])
    >>> fig = topic_heatmap(df)
    """
    func = "topic_heatmap"
    if not isinstance(df, pd.DataFrame):
        raise FramingError(f"{func}: expected a pandas DataFrame, got {type(df).__name__}")
    if {"article", "weight"} <= set(df.columns) and ({"label", "topic"} & set(df.columns)):
        df = _topics_wide(df, func)
    if df.empty:
        raise FramingError(f"{func}: the table has no rows or no topic columns")
    try:
        values = df.apply(pd.to_numeric, errors="raise").to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise FramingError(f"{func}: every cell must be a number (topic weight)") from exc
    nrows, ncols = values.shape
    if annotate is None:
        annotate = values.size <= 120
    vmax = max(1.0, float(np.nanmax(values))) if np.isfinite(values).any() else 1.0
    fig = new_figure(figsize=(max(5.0, 0.8 * ncols + 3.2), max(2.6, 0.42 * nrows + 1.8)))
    with style():
        ax = fig.add_subplot()
        _arabic_ticks(ax)
        image = ax.imshow(values, cmap="cividis", vmin=0.0, vmax=vmax, aspect="auto")
        ax.set_xticks(np.arange(ncols), [_t(c) for c in df.columns], rotation=35,
                      ha="right", rotation_mode="anchor")
        ax.set_yticks(np.arange(nrows), [_t(i) for i in df.index])
        ax.set_xlabel("Topic")
        ax.set_ylabel("Article")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if annotate:
            for (i, j), v in np.ndenumerate(values):
                if np.isfinite(v):
                    ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=8,
                            color="black" if v > 0.55 * vmax else "white")
        bar = fig.colorbar(image, ax=ax, shrink=0.9)
        bar.set_label("Topic weight")
        bar.outline.set_visible(False)
    return fig


def _topics_wide(df: pd.DataFrame, func: str) -> pd.DataFrame:
    if "model" in df.columns and df["model"].nunique() > 1:
        raise FramingError(f"{func}: the table holds several models "
                           f"({', '.join(map(str, _order(df['model'])))}); pass one")
    column = "label" if "label" in df.columns else "topic"
    if "topic" in df.columns:
        order = df.sort_values("topic", kind="mergesort")[column]
    else:
        order = df[column]
    if df.duplicated(["article", column]).any():
        raise FramingError(f"{func}: more than one weight for an (article, {column}) pair")
    wide = df.pivot(index="article", columns=column, values="weight")
    return wide.reindex(index=_order(df["article"]), columns=list(pd.unique(order)))


# ---------------------------------------------------------------------------
# 3. Family rates
# ---------------------------------------------------------------------------


@per_article
def family_rates(df: pd.DataFrame) -> Figure:
    """Rate of each frame family per article, as grouped bars.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``family``, ``rate`` (mentions per 1,000 tokens).
        Optional ``low`` and ``high`` (e.g. bootstrap interval) draw error bars.
        A missing (article, family) pair, or NaN rate, is drawn as zero: the
        article has no mention of that family.

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a", "a", "b"],
    ...                    "family": ["terrorism", "revolution", "terrorism"],
    ...                    "rate": [4.0, 1.0, 2.5]})
    >>> fig = family_rates(df)
    """
    func = "family_rates"
    _require(df, ["article", "family", "rate"], func)
    data = df.assign(rate=_numeric(df, "rate", func))
    intervals = "low" in data.columns and "high" in data.columns
    if intervals:
        data = data.assign(low=_numeric(data, "low", func), high=_numeric(data, "high", func))
    if (data["rate"] < 0).any():
        raise FramingError(f"{func}: column rate holds a negative rate")
    articles = _order(data["article"])
    families = _family_order(data["family"])
    colours = _colours(families, FAMILY_COLOURS)
    keyed = data.drop_duplicates(["article", "family"], keep="last").set_index(["article", "family"])

    width = 0.8 / len(families)
    fig = new_figure(figsize=(max(4.5, 0.9 * len(articles) * max(1, len(families)) / 2 + 2.0), 3.6))
    with style():
        ax = fig.add_subplot()
        _arabic_ticks(ax)
        x = np.arange(len(articles))
        for k, family in enumerate(families):
            offset = (k - (len(families) - 1) / 2) * width
            rates, lows, highs = [], [], []
            for article in articles:
                row = keyed.loc[(article, family)] if (article, family) in keyed.index else None
                rate = 0.0 if row is None or _missing(row["rate"]) else float(row["rate"])
                rates.append(rate)
                if intervals and row is not None and not _missing(row["low"]):
                    lows.append(rate - float(row["low"]))
                    highs.append(float(row["high"]) - rate)
                else:
                    lows.append(np.nan)
                    highs.append(np.nan)
            ax.bar(x + offset, rates, width=width * 0.92, color=colours[family],
                   label=_t(_title(family)))
            if intervals:
                ax.errorbar(x + offset, rates, yerr=[lows, highs], fmt="none",
                            ecolor="black", elinewidth=0.8, capsize=2)
        ax.set_xticks(x, [_t(a) for a in articles])
        ax.set_xlabel("Article")
        ax.set_ylabel("Mentions per 1,000 tokens")
        ax.set_ylim(bottom=0)
        ax.grid(axis="y")
        fig.legend(title="Frame family", loc="outside right upper")
    return fig


# ---------------------------------------------------------------------------
# 4. Voice
# ---------------------------------------------------------------------------


@per_article
def voice_bars(df: pd.DataFrame, *, proportion: bool = False,
               ncols: int | None = None) -> Figure:
    """Who speaks each frame: stacked authorial / quoted / distanced counts.

    One panel per article; in each, one bar per frame family, stacked by voice.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``family``, ``voice`` (``authorial``, ``quoted``
        or ``distanced``), ``count``. Rows for the same triple are summed.
    proportion : bool
        Show each bar as shares of 1 instead of counts.
    ncols : int, optional
        Panels per row (default: up to 3).

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a", "a"], "family": ["terrorism"] * 2,
    ...                    "voice": ["authorial", "quoted"], "count": [5, 2]})
    >>> fig = voice_bars(df)
    """
    func = "voice_bars"
    _require(df, ["article", "family", "voice", "count"], func)
    data = df.assign(count=_numeric(df, "count", func).fillna(0.0))
    if (data["count"] < 0).any():
        raise FramingError(f"{func}: column count holds a negative count")
    unknown = sorted(set(data["voice"].dropna()) - set(VOICE_ORDER))
    if unknown:
        raise FramingError(f"{func}: unknown voice(s) {unknown}; expected {list(VOICE_ORDER)}")
    articles = _order(data["article"])
    families = _family_order(data["family"])
    table = data.pivot_table(index=["article", "family"], columns="voice", values="count",
                             aggfunc="sum", fill_value=0.0, observed=True)
    table = table.reindex(columns=list(VOICE_ORDER), fill_value=0.0)

    nrows, ncols = _grid(len(articles), ncols)
    fig = new_figure(figsize=(max(2.6, 0.62 * len(families) + 1.2) * ncols + 0.4,
                              2.7 * nrows + 0.5))
    with style():
        axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
        x = np.arange(len(families))
        for ax, article in zip(axes.flat, articles):
            _arabic_ticks(ax)
            if article in table.index.get_level_values("article"):
                block = table.xs(article, level="article").reindex(families, fill_value=0.0)
            else:  # every count of this article was empty
                block = pd.DataFrame(0.0, index=families, columns=list(VOICE_ORDER))
            totals = block.sum(axis=1).to_numpy()
            bottom = np.zeros(len(families))
            for voice in VOICE_ORDER:
                heights = block[voice].to_numpy(dtype=float)
                if proportion:
                    heights = np.divide(heights, totals, out=np.zeros_like(heights),
                                        where=totals > 0)
                ax.bar(x, heights, bottom=bottom, width=0.7, color=VOICE_COLOURS[voice],
                       hatch=VOICE_HATCHES[voice], edgecolor="white", linewidth=0.5,
                       label=voice.capitalize())
                bottom += heights
            ax.set_xticks(x, [_t(_title(f)) for f in families], rotation=30, ha="right",
                          rotation_mode="anchor")
            ax.set_title(_t(article), loc="left")
            ax.grid(axis="y")
            for xi, total in zip(x, totals):
                if total == 0:
                    ax.text(xi, 0, "none", ha="center", va="bottom", fontsize=7.5,
                            color=OKABE_ITO["grey"], style="italic")
        for ax in axes[:, 0]:
            ax.set_ylabel("Share of mentions" if proportion else "Mentions")
        for ax in axes.flat[:len(articles)]:
            ax.set_xlabel("Frame family")
        _hide_unused(axes, len(articles))
        handles, labels = axes.flat[0].get_legend_handles_labels()
        fig.legend(handles, labels, title="Voice", loc="outside lower center",
                   ncols=len(VOICE_ORDER))
    return fig


# ---------------------------------------------------------------------------
# 5. Indices
# ---------------------------------------------------------------------------


#: What each end of an index means, written under its axis (−1 end, +1 end).
INDEX_POLES = {
    "islamists_index": ("as revolutionaries", "as terrorists"),
    "adversaries_index": ("as revolutionaries", "as terrorists"),
    "haftar_index": ("delegitimising", "legitimising"),
}


@per_article
def index_forest(df: pd.DataFrame, *, index_labels: Mapping[str, str] | None = None,
                 xlabel: str = "Index value (−1 … +1)",
                 poles: Mapping[str, tuple[str, str]] | None = None) -> Figure:
    """Forest plot of framing indices with intervals, one panel per index.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``index`` (e.g. ``islamists_index``,
        ``haftar_index``), ``value``, ``low``, ``high``, optionally ``n`` (the
        mentions the index rests on, written beside each point as "n=…", so a
        wide interval reads as few mentions). NaN ``value`` means the article
        has no mentions to score: drawn as "no mentions", never as 0. NaN
        ``low``/``high`` with a value draws the point without interval.
    index_labels : mapping, optional
        Panel titles per index name (default: ``"haftar_index"`` → ``"Haftar index"``).
    xlabel : str
        Label of the x axis (shared range −1 to +1).
    poles : mapping, optional
        Per index, what its −1 and +1 ends mean, written under the axis as
        "← −1 meaning" and "+1 meaning →" (default :data:`INDEX_POLES`).

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a", "b"], "index": ["haftar_index"] * 2,
    ...                    "value": [0.4, float("nan")], "low": [0.1, float("nan")],
    ...                    "high": [0.6, float("nan")]})
    >>> fig = index_forest(df)
    """
    func = "index_forest"
    _require(df, ["article", "index", "value", "low", "high"], func)
    data = df.assign(**{c: _numeric(df, c, func) for c in ("value", "low", "high")})
    for column in ("value", "low", "high"):
        if (data[column].abs() > 1 + 1e-9).any():
            raise FramingError(f"{func}: column {column} holds a value outside −1 … +1")
    articles = _order(data["article"])
    indices = _order(data["index"])
    labels = dict(index_labels or {})
    keyed = data.drop_duplicates(["article", "index"], keep="last").set_index(["article", "index"])

    fig = new_figure(figsize=(2.9 * len(indices) + 1.4, 0.38 * len(articles) + 1.3))
    with style():
        axes = fig.subplots(1, len(indices), squeeze=False, sharey=True)[0]
        y = np.arange(len(articles))[::-1]  # first article on top
        for ax, index in zip(axes, indices):
            _arabic_ticks(ax)
            ax.axvline(0, color=OKABE_ITO["grey"], linewidth=0.8, zorder=0)
            for yi, article in zip(y, articles):
                row = keyed.loc[(article, index)] if (article, index) in keyed.index else None
                if row is None or _missing(row["value"]):
                    ax.text(0, yi, "no mentions", ha="center", va="center", fontsize=8,
                            color=OKABE_ITO["grey"], style="italic",
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
                    continue
                value = float(row["value"])
                if not (_missing(row["low"]) or _missing(row["high"])):
                    ax.hlines(yi, float(row["low"]), float(row["high"]), color="black",
                              linewidth=1.4)
                ax.plot([value], [yi], marker="o", markersize=6, color="black",
                        markerfacecolor="white", markeredgewidth=1.4, linestyle="none")
                if "n" in row.index and not _missing(row["n"]):
                    ax.text(1.0, yi + 0.18, f"n={int(row['n'])}", ha="right", va="bottom",
                            fontsize=7, color=OKABE_ITO["grey"])
            ax.set_xlim(-1.05, 1.05)
            ax.set_xticks([-1, -0.5, 0, 0.5, 1], ["−1", "−0.5", "0", "+0.5", "+1"])
            ax.set_title(_t(labels.get(index, _title(index))), loc="left")
            ax.set_xlabel(_t(xlabel))
            ax.grid(axis="x")
            low_end, high_end = (INDEX_POLES if poles is None else poles).get(index, ("", ""))
            for x, text, ha in ((0, f"← {low_end}", "left"), (1, f"{high_end} →", "right")):
                if text.strip("←→ "):  # under the tick labels, at the end it names
                    ax.annotate(_t(text), (x, 0), xycoords="axes fraction", xytext=(0, -16),
                                textcoords="offset points", ha=ha, va="top", fontsize=8,
                                color="#444444")
        axes[0].set_yticks(y, [_t(a) for a in articles])
        axes[0].set_ylim(-0.7, len(articles) - 0.3)
        axes[0].set_ylabel("Article")
        for ax in axes:
            ax.tick_params(axis="y", length=0)
    return fig


# ---------------------------------------------------------------------------
# 6. Dispersion ("x-ray")
# ---------------------------------------------------------------------------


@per_article
def dispersion(df: pd.DataFrame, tokens_per_article: Mapping[object, int] | pd.Series,
               *, by: str | None = None) -> Figure:
    """Lexical dispersion plot: where in each article the mentions fall.

    One band per article; within it one row per group (frame family by
    default), a tick at each mention's relative position (token index / tokens).

    Parameters
    ----------
    df : DataFrame
        Mentions table rows; needs ``article``, ``token_start`` and the
        grouping column (``family`` if present, else ``category``).
    tokens_per_article : mapping or Series
        Number of tokens of each article. Its order is the order of the
        bands; articles without mentions still get an (empty) band.
    by : str, optional
        Grouping column (default ``"family"``, or ``"category"`` without it).

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a", "a", "b"], "token_start": [3, 80, 10],
    ...                    "family": ["terrorism", "revolution", "terrorism"]})
    >>> fig = dispersion(df, {"a": 100, "b": 50})
    """
    func = "dispersion"
    if by is None:
        by = "family" if isinstance(df, pd.DataFrame) and "family" in df.columns else "category"
    _require(df, ["article", "token_start", by], func)
    if isinstance(tokens_per_article, pd.Series):
        tokens_per_article = tokens_per_article.to_dict()
    if not isinstance(tokens_per_article, Mapping) or not tokens_per_article:
        raise FramingError(f"{func}: tokens_per_article must be a non-empty mapping "
                           "article → number of tokens")
    sizes = {}
    for article, size in tokens_per_article.items():
        if _missing(size) or float(size) <= 0:
            raise FramingError(f"{func}: article {article}: number of tokens must be > 0, "
                               f"got {size!r}")
        sizes[article] = float(size)
    data = df.assign(token_start=_numeric(df, "token_start", func))
    unknown = [a for a in _order(data["article"]) if a not in sizes]
    if unknown:
        raise FramingError(f"{func}: article {unknown[0]} has mentions but no entry in "
                           "tokens_per_article")
    data = data.assign(position=data["token_start"] / data["article"].map(sizes))
    beyond = data[(data["position"] < 0) | (data["position"] >= 1) | data["position"].isna()]
    if not beyond.empty:
        row = beyond.iloc[0]
        raise FramingError(f"{func}: article {row['article']}: token_start {row['token_start']} "
                           f"is outside 0 … {int(sizes[row['article']]) - 1}")
    articles = list(sizes)
    groups = _family_order(data[by]) if by == "family" else _order(data[by])
    colours = _colours(groups, FAMILY_COLOURS)

    row_height = 0.16
    band = len(groups) * row_height + 0.22
    fig = new_figure(figsize=(7.0, band * len(articles) + 1.3))
    with style():
        ax = fig.add_subplot()
        _arabic_ticks(ax)
        centres = []
        for a, article in enumerate(articles):
            top = -a * (len(groups) + 1)
            centres.append(top - (len(groups) - 1) / 2)
            rows = data[data["article"] == article]
            for g, group in enumerate(groups):
                xs = rows.loc[rows[by] == group, "position"].to_numpy()
                ax.plot(xs, np.full(len(xs), top - g), linestyle="none", marker="|",
                        markersize=9, markeredgewidth=1.3, color=colours[group])
            if rows.empty:
                ax.text(0.5, centres[-1], "no mentions", ha="center", va="center",
                        fontsize=8, color=OKABE_ITO["grey"], style="italic")
            if a:
                ax.axhline(top + 1, color="#DDDDDD", linewidth=0.6)
        ax.set_yticks(centres, [_t(a) for a in articles])
        ax.set_ylim(-(len(articles) * (len(groups) + 1)) + 1, 1)
        ax.set_xlim(0, 1)
        ax.set_xlabel("Position in the article (0 = first token, 1 = last)")
        ax.set_ylabel("Article")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        from matplotlib.lines import Line2D

        handles = [Line2D([], [], linestyle="none", marker="|", markersize=9,
                          markeredgewidth=1.5, color=colours[g], label=_t(_title(g)))
                   for g in groups]
        fig.legend(handles=handles, title="Frame family" if by == "family" else _title(by),
                   loc="outside lower center", ncols=min(len(groups), 5))
    return fig


# ---------------------------------------------------------------------------
# 7. Titles vs. official rank
# ---------------------------------------------------------------------------


# Rank scale, to be shared with the mentions table's title_rank:
# 1 = major general, 2 = lieutenant general, 3 = field marshal (0 is left for
# references without a military title). Dates: appointed commander-in-chief
# and promoted lieutenant general by the House of Representatives on
# 2 March 2015; promoted field marshal on 14 September 2016.



def _official_rank_on(day: pd.Timestamp, schedule: Sequence[RankPeriod]) -> RankPeriod | None:
    current = None
    for period in sorted(schedule, key=lambda p: p.start):
        if pd.Timestamp(period.start) <= day:
            current = period
    return current


def _halo(width: float = 2.5) -> list:
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def dodge_points(dates: Sequence, ranks: Sequence, keys: Sequence, *, days: int = 90,
                 step: float = 9.0) -> dict:
    """Horizontal offsets (points) that keep dots of different articles on one
    rank apart when their dates are within ``days`` of each other (000 and 002,
    two days apart, would otherwise be one dot): each such group is spread
    ``step`` points apart around its dates, in date order.

    >>> d = pd.to_datetime(["2014-05-18", "2014-05-20", "2019-04-06"])
    >>> dodge_points(d, [3, 3, 5], ["b", "a", "c"]) == {
    ...     ("b", d[0], 3): -4.5, ("a", d[1], 3): 4.5, ("c", d[2], 5): 0.0}
    True
    """
    points = sorted(zip(ranks, dates, keys), key=lambda p: (p[0], p[1]))
    groups: list[list] = []
    for rank, day, key in points:
        last = groups[-1][-1] if groups else None
        if last is not None and last[0] == rank and abs((day - last[1]).days) <= days:
            groups[-1].append((rank, day, key))
        else:
            groups.append([(rank, day, key)])
    offsets = {}
    for group in groups:
        for i, (rank, day, key) in enumerate(group):
            offsets[(key, day, rank)] = (i - (len(group) - 1) / 2) * step
    return offsets


@per_article
def titles_vs_rank(df: pd.DataFrame, *, schedule: Sequence[RankPeriod] | None = None,
                   rank_labels: Mapping[int, str] | None = None,
                   start: str = "2014-01-01", end: str = "2019-12-31") -> Figure:
    """Titles each article gives Haftar, against his official rank over time.

    The official rank is a grey step line (from ``schedule``); each article's
    titles are plotted at their rank on the article's date (marker area grows
    with the number of uses), with the Arabic titles written above them.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``date`` (datetime or ISO string), ``title``
        (Arabic), ``title_rank`` (int, 0 = lowest), ``official_rank`` (int,
        same scale), ``official_label`` (English). One row per title use (or
        per distinct title). ``official_rank`` must agree with ``schedule``
        on each date, so that both are on one scale.
    schedule : sequence of RankPeriod
        Official ranks and the dates they began (default: the timeline of
        the bundled titles lexicon, :func:`framing.report.titles.official_schedule`).
    rank_labels : mapping int → str, optional
        Y-axis labels for ranks the schedule does not name (default: the
        table's ``official_label``, else ``"rank N"``).
    start, end : str
        The time axis (default 2014–2019; widened to include every article).

    Example
    -------
    >>> df = pd.DataFrame({"article": ["a"], "date": ["2017-05-01"], "title": ["المشير"],
    ...                    "title_rank": [6], "official_rank": [6],
    ...                    "official_label": ["field marshal"]})
    >>> fig = titles_vs_rank(df)
    """
    func = "titles_vs_rank"
    columns = ["article", "date", "title", "title_rank", "official_rank", "official_label"]
    if isinstance(df, pd.DataFrame) and df.empty:
        return empty_figure("No title of Haftar in a dated article: titles are judged "
                            "against his rank on the article's date.")
    _require(df, columns, func)
    if schedule is None:
        schedule = official_schedule()
    if not schedule:
        raise FramingError(f"{func}: schedule is empty")
    try:
        dates = pd.to_datetime(df["date"], errors="raise")
    except (TypeError, ValueError) as exc:
        raise FramingError(f"{func}: column date holds a value that is not a date ({exc})") from exc
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    data = df.assign(date=dates, title_rank=_numeric(df, "title_rank", func),
                     official_rank=_numeric(df, "official_rank", func))
    if data[["date", "title_rank", "official_rank"]].isna().any().any():
        raise FramingError(f"{func}: date, title_rank and official_rank must not be empty")
    for row in data.itertuples(index=False):
        period = _official_rank_on(row.date, schedule)
        if period is not None and period.rank != row.official_rank:
            raise FramingError(
                f"{func}: article {row.article}: official_rank {int(row.official_rank)} on "
                f"{row.date.date()} disagrees with the schedule ({period.rank}, {period.label}); "
                "pass schedule= on the same scale")

    steps = sorted(schedule, key=lambda p: p.start)
    pad = pd.Timedelta(days=100)
    lo = min(pd.Timestamp(start), data["date"].min()) - pad
    hi = max(pd.Timestamp(end), data["date"].max() + pad)
    names: dict[int, str] = {int(r): str(v) for r, v in (rank_labels or {}).items()}
    for period in steps:
        names.setdefault(period.rank, rtl(f"{period.label_ar} · {period.label}"))
    for rank, label in zip(data["official_rank"], data["official_label"]):
        if not _missing(label):
            names.setdefault(int(rank), str(label))
    for rank in data["title_rank"]:
        names.setdefault(int(rank), f"rank {int(rank)}")
    ranks = sorted(names)

    articles = _order(data["article"])
    colours = dict(zip(articles, (_ARTICLE_COLOURS * len(articles))[:len(articles)]))
    fig = new_figure(figsize=(8.6, 0.8 * (ranks[-1] - ranks[0] + 1) + 1.6))
    with style():
        import matplotlib.dates as mdates

        ax = fig.add_subplot()
        _arabic_ticks(ax)
        xs = [max(pd.Timestamp(p.start), lo) for p in steps] + [hi]
        ys = [p.rank for p in steps] + [steps[-1].rank]
        ax.step(xs, ys, where="post", color=OKABE_ITO["grey"], linewidth=2.2, alpha=0.8,
                label="Official rank", zorder=1)
        for p in steps[1:]:
            when = pd.Timestamp(p.start)
            note = f"{when.day} {when:%b %Y}"
            if p.note or p.note_ar:
                note += "\n" + rtl(" · ".join(x for x in (p.note_ar, p.note) if x))
            ax.annotate(_t(note), (when, p.rank), xytext=(4, -5), textcoords="offset points",
                        ha="left", va="top", fontsize=7.5, color="#555555",
                        path_effects=_halo(), zorder=2)

        placed: dict = {}
        uses = (data.groupby(["article", "date", "title", "title_rank"], sort=False)
                .size().rename("uses").reset_index())
        from matplotlib.transforms import offset_copy

        dodge = dodge_points(uses["date"], uses["title_rank"], uses["article"])
        for article in articles:
            rows = uses[uses["article"] == article]
            for i, (day, rank, n) in enumerate(zip(rows["date"], rows["title_rank"],
                                                   rows["uses"])):
                dx = dodge[(article, day, rank)]
                ax.scatter([day], [rank], s=30 + 25 * np.sqrt(n), color=colours[article],
                           edgecolor="white", linewidth=0.7, label=_t(article) if i == 0 else None,
                           zorder=3, transform=offset_copy(ax.transData, fig, x=dx, y=0,
                                                           units="points"))
            for (day, rank), group in rows.groupby(["date", "title_rank"], sort=False):
                text = "، ".join(f"{t} ×{u}" if u > 1 else str(t)
                                 for t, u in zip(group["title"], group["uses"]))
                # Labels of nearby dots on one rank alternate above and below.
                crowded = any(r == rank and abs((day - d).days) < 400 for d, r in placed)
                below = crowded and placed.get(next(
                    (d, r) for d, r in placed if r == rank and abs((day - d).days) < 400)) == "above"
                placed[(day, rank)] = "below" if below else "above"
                # A label centred on a dot at the left edge would run over the
                # y axis and its tick labels: there it starts at the dot instead.
                edge = (day - lo) / (hi - lo) < 0.15  # half a label: ~0.1 of the axis
                ax.annotate(_t(rtl(text)), (day, rank),
                            xytext=(dodge[(article, day, rank)] - (6 if edge else 0),
                                    -9 if below else 7),
                            textcoords="offset points", ha="left" if edge else "center",
                            va="top" if below else "bottom",
                            fontsize=9, color=colours[article], path_effects=_halo(), zorder=4)
        ax.set_yticks(ranks, [_t(names[r]) for r in ranks])
        ax.set_ylim(ranks[0] - 0.5, ranks[-1] + 0.6)
        ax.set_xlim(lo, hi)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel("Date of the article")
        ax.set_ylabel("Rank: official (line) and as titled (dots)")
        ax.grid(axis="y")
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(handles, labels, title="Article (dot size = uses)",
                   loc="outside right upper")
    return fig


# ---------------------------------------------------------------------------
# 8. The corpus
# ---------------------------------------------------------------------------


@per_article
def corpus_timeline(df: pd.DataFrame) -> Figure:
    """The articles on a time line: date against length, labelled with their genre.

    Parameters
    ----------
    df : DataFrame
        Columns ``article``, ``date`` (ISO string or datetime), ``tokens``,
        ``genre``.

    Example
    -------
    >>> df = pd.DataFrame({"article": ["000"], "date": ["2014-05-20"], "tokens": [590],
    ...                    "genre": ["news analysis"]})
    >>> fig = corpus_timeline(df)
    """
    func = "corpus_timeline"
    _require(df, ["article", "date", "tokens", "genre"], func)
    undated = int((df["date"].isna() | (df["date"].astype(str) == "")).sum())
    df = df[df["date"].notna() & (df["date"].astype(str) != "")]
    if df.empty:
        return empty_figure("No article has a date: there is nothing to place on a time line.")
    try:
        dates = pd.to_datetime(df["date"], errors="raise")
    except (TypeError, ValueError) as exc:
        raise FramingError(f"{func}: column date holds a value that is not a date ({exc})") from exc
    data = df.assign(date=dates, tokens=_numeric(df, "tokens", func))
    genres = _order(data["genre"])
    colours = _colours(genres, {})
    fig = new_figure(figsize=(7.5, 3.2))
    with style():
        import matplotlib.dates as mdates

        ax = fig.add_subplot()
        _arabic_ticks(ax)
        for genre in genres:
            rows = data[data["genre"] == genre]
            ax.vlines(rows["date"], 0, rows["tokens"], color=colours[genre], linewidth=2.5)
            ax.scatter(rows["date"], rows["tokens"], color=colours[genre], s=40, zorder=3,
                       label=_t(str(genre)))
        for row in data.itertuples(index=False):
            ax.annotate(_t(str(row.article)), (row.date, row.tokens), xytext=(0, 6),
                        textcoords="offset points", ha="center", va="bottom", fontsize=8.5,
                        path_effects=_halo())
        pad = pd.Timedelta(days=120)
        ax.set_xlim(data["date"].min() - pad, data["date"].max() + pad)
        ax.set_ylim(0, data["tokens"].max() * 1.25)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel("Estimated date of the article")
        ax.set_ylabel("Length (tokens)")
        ax.grid(axis="y")
        fig.legend(title="Genre", loc="outside right upper")
        if undated:
            ax.set_title(f"{undated:,} undated article(s) not shown", fontsize=8, loc="left")
    return fig
