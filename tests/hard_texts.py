"""Hard texts made from the seeds, for the tests that compare the engine's
views (tests/test_scorer.py) and for the golden table (make_mentions_golden.py):
one recipe, so both meet the same corner cases."""

from __future__ import annotations

import random
from collections.abc import Sequence

from framing.text.arabic import _COMPAT, tokenise
from framing.text.corpus import Article


def perturbed_texts(seeds: Sequence[Article], seed: int = 7) -> list[str]:
    """Random cuts of the seeds (unbalanced quotes, half sentences) and seed
    sentences with random punctuation, parentheses, quotes, digits, Latin
    words, harakat and line breaks inserted: the tokeniser's corner cases."""
    rng = random.Random(seed)
    texts = [a.text for a in seeds]
    noise = ["(", ")", "«", "»", '"', "“", "”", ".", "،", ":", "-", " - ", "؟", "...", "\n",
             "\r\n", "\u064e", "\u0640", " 2014.08.15 ", "ب1500", " UN-led ", "و«", "ل\"",
             "الولاياتالمتحدة", "\u200f", " (انظر ص. 3) ", "!", "؛",
             # other paragraph breaks and spacing, and distancing markers, so that
             # the scorer's shortcuts (markers found from their second word,
             # quotations mapped to tokens through the spaces) meet them
             "\r", "\u2028", "\x85", "\t", "   ", "\u00a0", " ما يسمى ", " حسب قوله ",
             " على حد قوله ", " من وصفهم ب", " المزعوم ", " بحجة ", " التي تسميها ", "«»", '""']
    out = []
    for _ in range(30):
        t = rng.choice(texts)
        a = rng.randrange(len(t))
        out.append(t[a:a + rng.randrange(40, 1500)])
    for _ in range(30):
        t = list(rng.choice(texts)[: rng.randrange(200, 1200)])
        for _ in range(rng.randrange(1, 25)):
            t.insert(rng.randrange(len(t) + 1), rng.choice(noise))
        out.append("".join(t))
    return [t for t in out if tokenise(t)]


def scraped_texts(seeds: Sequence[Article], seed: int = 13) -> list[str]:
    """Seed paragraphs as a PDF extraction or a scrape gives them: letters in
    presentation forms (ﺍ ﻟ ﻻ), invisible characters inside words."""
    glyphs: dict[str, list[str]] = {}
    for code, letters in _COMPAT.items():
        glyphs.setdefault(letters, []).append(chr(code))
    invisible = ["\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200f", "\ufe7f", "\u034f"]
    rng = random.Random(seed)
    out = []
    for article in seeds:
        for paragraph in article.text.split("\n"):
            if not paragraph.strip():
                continue
            chars, i = [], 0
            while i < len(paragraph):
                pair = paragraph[i:i + 2]
                if pair in glyphs and rng.random() < 0.5:
                    chars.append(rng.choice(glyphs[pair]))
                    i += 2
                    continue
                ch = paragraph[i]
                chars.append(rng.choice(glyphs[ch]) if ch in glyphs and rng.random() < 0.3 else ch)
                if ch.isalpha() and paragraph[i + 1:i + 2].isalpha() and rng.random() < 0.05:
                    chars.append(rng.choice(invisible))
                i += 1
            out.append("".join(chars))
    return out
