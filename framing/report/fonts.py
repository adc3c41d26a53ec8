"""The bundled Arabic font: where its files are, and the subset a web page embeds.

Noto Naskh Arabic ships in ``framing/data/fonts`` under the SIL Open Font
License 1.1. Figures register the whole files with matplotlib
(:func:`framing.report.plotting.register_fonts`); an HTML page written by
``framing annotate`` embeds only the glyphs of its own characters
(:func:`font_face_css`), so a machine without an Arabic font still shows every
letter (ٱ, the Persian/Urdu letters, harakat) instead of a box, with nothing
loaded from the network.

The subset is TrueType (``font/ttf``): WOFF2 would be about a third smaller
but needs the brotli package, which is not a dependency. It keeps the font's
copyright and licence name records (name IDs 0, 13, 14), which is how the OFL
asks a modified copy to carry its notice; the page adds the same notice as a
CSS comment. Hinting is dropped: it is a third of the subset's bytes and
today's browsers render Naskh at text sizes well without it.

Same characters, same bytes: the subset keeps the source file's ``head``
timestamps (fontTools would otherwise stamp the time of saving).

Example
-------
>>> css = font_face_css("كلمة ٱلله")
>>> css.startswith("/* Noto Naskh Arabic")
True
>>> "src:url(data:font/ttf;base64," in css
True
"""

from __future__ import annotations

import base64
import functools
import io
from importlib import resources
from pathlib import Path

from framing.errors import FramingError

#: The family name the embedded subset is declared under: the first name of
#: every font stack in the package's pages, so the subset wins over any
#: installed copy (whose glyphs may be older) and over the fallbacks.
FAMILY = "Noto Naskh Arabic"
FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf")
LICENCE_FILE = "LICENSE-NotoNaskhArabic.txt"
#: Name records kept in a subset: family and style names, and the
#: copyright (0), licence description (13) and licence URL (14) the OFL asks for.
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def font_paths() -> list[Path]:
    """Paths of the Arabic font files shipped inside the package (regular, bold).

    >>> [p.name for p in font_paths()]
    ['NotoNaskhArabic-Regular.ttf', 'NotoNaskhArabic-Bold.ttf']
    """
    root = resources.files("framing") / "data" / "fonts"
    paths = []
    for name in FONT_FILES:
        path = Path(str(root / name))
        if not path.is_file():
            raise FramingError(f"{path}: bundled font is missing; reinstall the framing package")
        paths.append(path)
    return paths


@functools.cache
def covered_characters() -> frozenset[str]:
    """Every character the regular font has a glyph for.

    >>> "ٱ" in covered_characters(), "✓" in covered_characters()
    (True, False)
    """
    from fontTools.ttLib import TTFont

    with TTFont(font_paths()[0], lazy=True) as font:
        return frozenset(chr(code) for code in font.getBestCmap())


@functools.cache
def font_notice() -> str:
    """The OFL notice a page embedding the subset carries, from the font's own
    name records (family, version, copyright, licence) and the licence file's name.

    >>> font_notice().startswith("Noto Naskh Arabic 2.004 (a subset")
    True
    """
    from fontTools.ttLib import TTFont

    with TTFont(font_paths()[0], lazy=True) as font:
        name = font["name"]
        version = name.getDebugName(5).split(";")[0].removeprefix("Version ").strip()
        notice = (f"{name.getDebugName(1)} {version} (a subset: the characters of this page). "
                  f"{name.getDebugName(0)} {name.getDebugName(13)} "
                  f"Full text: framing/data/fonts/{LICENCE_FILE}")
    return notice.replace("*/", "* /")  # never closes the comment it sits in


#: The Arabic script's blocks (Arabic, its Supplement and Extended-A, the
#: presentation forms) and the joiners: what the embedded font draws.
ARABIC_SCRIPT = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                 (0xFE70, 0xFEFF), (0x200C, 0x200D))


def embedded_characters(text: str) -> frozenset[str]:
    """The characters of ``text`` the embedded font draws: its Arabic script
    (:data:`ARABIC_SCRIPT`) that the font has. Everything else (English,
    digits, punctuation, arrows) stays in the reader's own font, so a page's
    English looks as it always does and no Latin line takes Naskh's height.

    >>> sorted(embedded_characters("Haftar حفتر «x» → ٱ"))
    ['ت', 'ح', 'ر', 'ف', 'ٱ']
    """
    found = {ch for ch in set(text)
             if any(low <= ord(ch) <= high for low, high in ARABIC_SCRIPT)}
    return frozenset(found) & covered_characters()


@functools.lru_cache(maxsize=64)
def subset_font(characters: frozenset[str]) -> bytes:
    """The regular font cut down to ``characters`` and the glyphs shaping them
    needs (joining forms, ligatures, marks: fontTools' layout closure), as
    TrueType bytes; the same characters always give the same bytes.

    Cached because the pages of one corpus mostly share an alphabet.

    >>> subset_font(frozenset("حفتر")) == subset_font(frozenset("حفتر"))
    True
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.name_IDs = list(NAME_IDS)
    options.hinting = False
    font = TTFont(font_paths()[0], recalcTimestamp=False)  # keep head.modified: same bytes
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(ch) for ch in characters))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def unicode_range(characters: frozenset[str]) -> str:
    """A CSS ``unicode-range`` value listing ``characters`` as runs of code points.

    >>> unicode_range(frozenset("ابةت«"))
    'U+AB, U+627-62A'
    """
    codes = sorted(ord(ch) for ch in characters)
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


def font_face_css(text: str) -> str:
    """A CSS ``@font-face`` rule embedding the subset for the characters of
    ``text`` (a whole page) as a ``data:`` URL, headed by the font's notice;
    "" when ``text`` has no character the font draws.

    >>> font_face_css("English only")
    ''
    """
    # The unicode-range keeps the space out of the face, so the "first
    # available font" that sets line heights stays the reader's Latin font:
    # English tables keep their usual row height next to Naskh's tall lines.
    characters = embedded_characters(text)
    if not characters:
        return ""
    data = base64.b64encode(subset_font(characters)).decode("ascii")
    return (f"/* {font_notice()} */\n"
            f"@font-face {{ font-family: '{FAMILY}'; font-style: normal; font-weight: 400; "
            f"unicode-range: {unicode_range(characters)}; "
            f"src:url(data:font/ttf;base64,{data}) format('truetype'); }}\n")
