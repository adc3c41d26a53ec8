"""How sure an index is: an interval that knows how few mentions it rests on.

An index (P − N)/(P + N) from two mentions is +1, but two mentions say little:
a sentence bootstrap alone returns [+1, +1] there, because every resample that
has a mention has only positive ones. So the interval of every index is the
hull of two intervals:

``jeffreys_interval``
    The index as 2p − 1, where p is the share of positive mentions, with a
    Beta posterior under the Jeffreys prior, Beta(P + ½, N + ½), on counts
    deflated by the sentence design effect: mentions in one sentence are not
    independent (one quoted sentence carries several), so P and N are divided
    by deff = Σ mₛ² / Σ mₛ, where mₛ is the number of counted mentions in
    sentence s (deff = 1 when every mention has its own sentence, = m when
    all m share one). Two mentions in two sentences give about [−0.33, +1];
    one gives about [−0.7, +1].
the sentence bootstrap
    :class:`framing.measure.scorer.SentenceBootstrap`, which sees how the mentions are
    spread over the article's sentences.

Example
-------
>>> low, high = jeffreys_interval({0: 1, 3: 1}, {})
>>> round(low, 2), round(high, 2)
(-0.33, 1.0)
>>> hull((-0.3, 1.0), (1.0, 1.0))
(-0.3, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

LEVEL = 0.95


def design_effect(pos: Mapping[int, int], neg: Mapping[int, int]) -> float:
    """Σ mₛ² / Σ mₛ over the sentences s with counted mentions (1 if none)."""
    per: dict[int, int] = {}
    for counts in (pos, neg):
        for s, c in counts.items():
            if c:
                per[s] = per.get(s, 0) + c
    total = sum(per.values())
    return sum(c * c for c in per.values()) / total if total else 1.0


def jeffreys_interval(pos: Mapping[int, int], neg: Mapping[int, int],
                      level: float = LEVEL) -> tuple[float, float]:
    """The equal-tailed Jeffreys interval of the index, counts deflated by the
    sentence design effect; ``pos`` / ``neg`` count P and N per sentence.
    (NaN, NaN) when nothing was counted."""
    p, n = sum(pos.values()), sum(neg.values())
    if p + n == 0:
        return float("nan"), float("nan")
    deff = design_effect(pos, neg)
    low, high = _beta_quantiles(p / deff + 0.5, n / deff + 0.5, (1 - level) / 2)
    return 2 * low - 1, 2 * high - 1


@lru_cache(maxsize=1 << 14)
def _beta_quantiles(a: float, b: float, tail: float) -> tuple[float, float]:
    """The ``tail`` and ``1 - tail`` quantiles of Beta(a, b), remembered: most
    articles' counts are small, so the same few (a, b) come back."""
    from scipy.special import betaincinv  # lazy: keep `import framing` light

    return float(betaincinv(a, b, tail)), float(betaincinv(a, b, 1 - tail))


def hull(*intervals: tuple[float, float]) -> tuple[float, float]:
    """The smallest interval containing every defined one ((NaN, NaN) if none)."""
    lows = [lo for lo, _ in intervals if not math.isnan(lo)]
    highs = [hi for _, hi in intervals if not math.isnan(hi)]
    if not lows or not highs:
        return float("nan"), float("nan")
    return min(lows), max(highs)


def index_interval(pos: Mapping[int, int], neg: Mapping[int, int],
                   bootstrap: tuple[float, float], level: float = LEVEL) -> tuple[float, float]:
    """The interval of an index: the hull of :func:`jeffreys_interval` and the
    sentence ``bootstrap`` interval."""
    return hull(jeffreys_interval(pos, neg, level), bootstrap)


__all__ = ["LEVEL", "design_effect", "hull", "index_interval", "jeffreys_interval"]
