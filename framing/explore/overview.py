"""The corpus at a glance: sizes, what normalisation does, and the text's quirks.

Views for the first notebook, computed from the corpus and the text layer
(nothing here is used by the measurement itself).

Example
-------
>>> from framing.text.corpus import load_corpus
>>> overview = corpus_overview(load_corpus())
>>> list(overview.columns)[:4]
['article', 'date', 'event', 'genre']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from framing.text.arabic import GLUED, tokenise
from framing.text.corpus import date_text

OVERVIEW_COLUMNS = ["article", "date", "event", "genre", "characters", "tokens", "sentences",
                    "paragraphs"]

# Each normalisation rule, as a test on (surface, norm) of one token, in the
# order the table shows them. A token can illustrate several rules.
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_RULES: list[tuple[str, str, object]] = [
    ("hamza seats folded", "أ إ آ ٱ → ا",
     lambda s, n: any(c in s for c in "أإآٱ")),
    ("harakat stripped", "short vowels, shadda, sukun, dagger alef removed",
     lambda s, n: bool(_HARAKAT.search(s))),
    ("tatweel stripped", "ـ removed", lambda s, n: "\u0640" in s),
    ("taa marbuta folded", "ة → ه", lambda s, n: "ة" in s),
    ("quote inside a word", "ب«الإرهابيين\" is one word, the mark is dropped",
     lambda s, n: any(q in s for q in "«»\"“”")),
    ("article after ل", "ل + ال → لل (ل«الجيش → للجيش)",
     lambda s, n: s.startswith("ل") and any(q in s[:2] for q in "«\"“") and n.startswith("لل")),
    ("glued words split", "a lost space restored (الولاياتالمتحدة)",
     lambda s, n: False),  # shown from GLUED below: each half is its own token
    ("number with a clitic", "ب1500 → 1500", lambda s, n: n.isdigit() and s != n),
]


def corpus_overview(articles: Iterable) -> pd.DataFrame:
    """One row per article: date, event, genre (from metadata) and its sizes."""
    rows = []
    for article in articles:
        tokens = tokenise(article.text)
        rows.append({
            "article": article.id,
            "date": date_text(article.metadata),
            "event": article.metadata.get("event", ""),
            "genre": article.metadata.get("genre", ""),
            "characters": len(article.text),
            "tokens": len(tokens),
            "sentences": tokens[-1].sentence + 1 if tokens else 0,
            "paragraphs": tokens[-1].paragraph + 1 if tokens else 0,
        })
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


def normalisation_examples(articles: Iterable) -> pd.DataFrame:
    """For each normalisation rule: how many tokens it changed, and a real example.

    Columns: rule, what, tokens (how many tokens of the corpus it applies to),
    before (surface as written), after (the matching key), article.
    """
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str, str]] = {}
    glued_seen = 0
    for article in articles:
        text = article.text
        for token in tokenise(text):
            for name, _, test in _RULES:
                if test(token.surface, token.norm):
                    counts[name] += 1
                    first.setdefault(name, (token.surface, token.norm, article.id))
        for glued in GLUED:
            n = text.count(glued)
            if n:
                glued_seen += n
                halves = " + ".join(t.norm for t in tokenise(glued))
                first.setdefault("glued words split", (glued, halves, article.id))
    counts["glued words split"] = glued_seen
    rows = []
    for name, what, _ in _RULES:
        before, after, article_id = first.get(name, ("", "", ""))
        rows.append({"rule": name, "what": what, "tokens": counts[name], "before": before,
                     "after": after, "article": article_id})
    return pd.DataFrame(rows)


_QUIRKS = {
    "« opened, closed by \"": re.compile("«[^«»\"\n]{1,300}\""),
    "straight double quote": re.compile("\""),
    "no-break space": re.compile("\u00a0"),
    "punctuation without a space after it": re.compile("[،,.؛:](?=[\u0621-\u064a])"),
    "space before punctuation": re.compile(" [،,.؛:]"),
}


def text_quirks(articles: Iterable) -> pd.DataFrame:
    """How often each scraping quirk occurs per article, with the first example."""
    rows = []
    for article in articles:
        text = article.text
        for quirk, pattern in _QUIRKS.items():
            hits = list(pattern.finditer(text))
            example = ""
            if hits:
                a, b = hits[0].span()
                example = text[max(0, a - 12):b + 12].replace("\n", " ")
            rows.append({"article": article.id, "quirk": quirk, "count": len(hits),
                         "example": example})
        glued = sum(text.count(g) for g in GLUED)
        rows.append({"article": article.id, "quirk": "words glued by a lost space",
                     "count": glued, "example": next((g for g in GLUED if g in text), "")})
    return pd.DataFrame(rows)


DEFAULT_VARIANTS = (("الإرهاب", "الارهاب"), ("ميليشيا", "مليشيا"), ("الإسلامية", "الاسلامية"))


def spelling_variants(articles: Iterable,
                      groups: Iterable[Iterable[str]] = DEFAULT_VARIANTS) -> pd.DataFrame:
    """How often each spelling of the same word occurs (as part of a token).

    Shows why matching needs normalisation and variant lists: these articles
    write الارهاب and الإرهاب, مليشيا and ميليشيا. Harakat are ignored.
    """
    groups = [tuple(g) for g in groups]
    surfaces = [_HARAKAT.sub("", t.surface) for a in articles for t in tokenise(a.text)]
    rows = [{"word": group[0], "spelling": variant,
             "tokens": sum(variant in surface for surface in surfaces)}
            for group in groups for variant in group]
    return pd.DataFrame(rows, columns=["word", "spelling", "tokens"])


def metadata_notes(articles: Iterable) -> pd.DataFrame:
    """One row per article with the metadata :func:`corpus_overview` does not show
    (the seeds' ``notes``: the clues behind each date estimate); checksums and
    file names are left out. A corpus without metadata gives the ids alone.
    """
    shown = {"file", "sha256", "path", "date", "event", "genre", "text", "id"}
    rows = [{"article": a.id, **{k: v for k, v in a.metadata.items() if k not in shown}}
            for a in articles]
    return pd.DataFrame(rows).fillna("")


def article_labels(articles: Iterable) -> dict[str, str]:
    """Short labels for figures: ``000 · 2014-05`` (id prefix and month of its date)."""
    labels = {}
    for article in articles:
        date = date_text(article.metadata)[:7]
        prefix = article.id.split("_", 1)[0]
        labels[article.id] = f"{prefix} · {date}" if date else prefix
    return labels
