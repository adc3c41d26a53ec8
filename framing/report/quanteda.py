"""The lexicon as a quanteda YAML dictionary: ``framing lexicon export``.

quanteda (R) reads a dictionary as nested keys → glob patterns; this module
writes a :class:`framing.measure.lexicon.Lexicon` in that shape, either with
globs standing for clitics or as every form :mod:`framing.measure.match`
generates (:func:`export_quanteda`). A view of the codebook, downstream of the
matcher: the lexicon itself knows nothing of its export.

Example
-------
>>> text = export_quanteda(load_lexicon())
>>> text.startswith("# quanteda dictionary exported by framing")
True
"""

from __future__ import annotations

import re
from pathlib import Path

from framing.errors import FramingError
from framing.measure.lexicon import Entry, Lexicon, load_lexicon, normalise_phrase
from framing.measure.match import entry_forms

__all__ = ["export_quanteda"]


def _strip_marks(text: str) -> str:
    # Diacritics and tatweel only; hamza spelling kept (the original spelling).
    return re.sub(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]", "", text)


def _glob_patterns(entry: Entry) -> list[str]:
    patterns: list[str] = []
    spellings: list[str] = []
    for headword, norm in zip(entry.headwords, _norms_per_headword(entry)):
        for spelling in (" ".join(_strip_marks(headword).split()), norm):
            if spelling and spelling not in spellings:
                spellings.append(spelling)
    for spelling in spellings:
        words = spelling.split()
        single = len(words) == 1
        end = "*" if single and entry.suffixes else ""
        if not entry.inflect:
            forms = [words]
        else:
            forms = [["*" + words[0] + end, *words[1:]]]
            if single and entry.suffixes and words[0][-1] in "ةه" and len(words[0]) >= 3:
                # ة → ت before a suffix (ثورتهم), ة → ات in the plural (ثورات)
                forms += [["*" + words[0][:-1] + "ت*"], ["*" + words[0][:-1] + "ات*"]]
            if words[0].startswith("ال") and len(words[0]) >= 4:
                # ل + ال → لل (للمشير), and ل + الل → لل (للواء)
                rest = words[0][2:] if words[0].startswith("الل") else words[0][1:]
                forms.append(["*ل" + rest + end, *words[1:]])
            elif (entry.article and not single
                  and not any(w.startswith("ال") for w in words[1:])):
                # the definite shape of an indefinite phrase: ال on every word
                forms.append(["*ال" + words[0]] + [_with_article(w) for w in words[1:]])
        for form in forms:
            pattern = " ".join(form)
            if pattern not in patterns:
                patterns.append(pattern)
    return patterns


def _with_article(word: str) -> str:
    return word if word.startswith("ال") or not re.search("[\u0621-\u064a]", word) else "ال" + word


def _norms_per_headword(entry: Entry) -> list[str]:
    return [normalise_phrase(h) for h in entry.headwords]


def export_quanteda(lexicon: Lexicon, *, style: str = "glob") -> str:
    """The lexicon as a quanteda YAML dictionary: family → category → patterns.

    ``dictionary(file = "framing.yml", format = "YAML")`` in R reads it; use it
    with ``tokens_lookup(..., valuetype = "glob")``. Multi-word patterns are
    phrases (quanteda matches them token by token).

    Styles
    ------
    ``"glob"`` (default)
        Each headword in its original spelling (diacritics removed) and in its
        normalised spelling (hamza folded), with globs standing for clitics: a
        single inflecting word becomes ``*word*`` (any proclitic chain and
        article before, any suffix after); a multi-word term gets ``*`` on its
        first word only (``*محاولة انقلابية``) and, when written fully
        indefinite with ``article: true``, also its definite shape
        (``*المحاولة الانقلابية``); ``inflect: false`` terms stay exact. Globs
        over-match a little (``*مصر*`` would also find مصراته), so the
        ``"forms"`` style exists for exact work.
    ``"forms"``
        No globs: every form :mod:`framing.measure.match` generates, normalised —
        identical to this package's matching when the R side normalises its
        tokens with the same rules (:func:`framing.text.arabic.normalise`).

    Example
    -------
    >>> import yaml
    >>> data = yaml.safe_load(export_quanteda(load_lexicon()))
    >>> "*ارهاب*" in data["terrorism"]["terrorism"]
    True
    """
    import yaml

    if style not in ("glob", "forms"):
        raise FramingError(f"quanteda export: unknown style {style!r} (use 'glob' or 'forms')")
    tree: dict[str, dict[str, list[str]]] = {}
    for category, family in lexicon.categories.items():
        tree.setdefault(family, {})[category] = []
    if style == "forms":
        for entry in lexicon.entries:
            bucket = tree[entry.family][entry.category]
            seen = set(bucket)
            for form in entry_forms(entry):
                if form not in seen:
                    seen.add(form)
                    bucket.append(form)
    else:
        for entry in lexicon.entries:
            bucket = tree[entry.family][entry.category]
            for pattern in _glob_patterns(entry):
                if pattern not in bucket:
                    bucket.append(pattern)
    tree = {fam: {cat: pats for cat, pats in cats.items() if pats} for fam, cats in tree.items()}
    tree = {fam: cats for fam, cats in tree.items() if cats}
    header = (f"# quanteda dictionary exported by framing from {Path(lexicon.source).name} "
              f"({lexicon.kind} lexicon, style {style}).\n"
              "# Keys: family -> category -> patterns. In R:\n"
              "#   dict <- quanteda::dictionary(file = \"this.yml\", format = \"YAML\")\n"
              "#   quanteda::tokens_lookup(toks, dict, valuetype = \"glob\", levels = 1:2)\n")
    dated = [e for e in lexicon.entries if e.dated]
    if dated:
        header += ("# Dated entries are listed without their periods (a quanteda dictionary "
                   "has none);\n# export `lexicon.on(date)` per period instead: "
                   + ", ".join(f"{e.entry_id} ({e.start or '…'} to {e.end or '…'})"
                               for e in dated) + "\n")
    return header + yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1000)
