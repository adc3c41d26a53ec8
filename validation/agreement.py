"""Inter-reader agreement on the article labels (issue 15): how far two close readings agree,
and how far the indices agree with each reading — the ceiling that the index-to-label figures of
`framing validate` should be read against.

Run from the repository root, with the git-ignored texts in validation/texts/:
    python validation/agreement.py
Reads ``validation/sources.csv`` (the first reading) and ``validation/second_reading.csv`` (a
second reader's labels of some of the same articles, made without seeing the first), scores the
articles with the current tool, and prints, for the articles both readers labelled: Spearman ρ
between the readers and between each index and each reading (95 % percentile bootstrap over
articles, seed 15), Cohen's kappa on ``takes_side``, and the share of exact and ±1 agreement.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
LABELS = ("haftar_stance", "adversaries_frame")
INDEX_OF = {"haftar_stance": "haftar_index", "adversaries_frame": "adversaries_index"}


def spearman_ci(x: np.ndarray, y: np.ndarray, *, resamples: int = 2000, seed: int = 15
                ) -> tuple[float, float, float]:
    """Spearman ρ of ``x`` and ``y`` and its 95 % percentile bootstrap interval."""
    from scipy.stats import spearmanr

    rho = float(spearmanr(x, y).statistic)
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(resamples):
        k = rng.integers(0, len(x), len(x))
        if len(set(x[k])) > 1 and len(set(y[k])) > 1:
            draws.append(spearmanr(x[k], y[k]).statistic)
    low, high = np.percentile(draws, [2.5, 97.5])
    return rho, float(low), float(high)


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa of two categorical codings of the same items."""
    cats = sorted(set(a) | set(b))
    po = float((a.values == b.values).mean())
    pe = sum(float((a == c).mean()) * float((b == c).mean()) for c in cats)
    return (po - pe) / (1 - pe)


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    from framing.measure.mentions import load_lexicons, measure
    from framing.measure.scores import score_articles
    from framing.report.validate import _dated_corpus, read_labels
    from framing.scale.stream import read_articles

    first = read_labels(str(HERE / "sources.csv"))
    second = pd.read_csv(HERE / "second_reading.csv", dtype={"id": str})
    both = first.merge(second, on="id", suffixes=("", "_2"))
    with _dated_corpus(both, str(HERE / "texts")) as corpus:
        scores = score_articles(*measure(read_articles([corpus]), load_lexicons()))
    both = both.merge(scores[["article", *INDEX_OF.values()]], left_on="id", right_on="article")
    # each session's second reading apart (the halves that were untouched when it was made),
    # then all of them
    for splits in (("final2", "final3"), ("final5",), tuple(sorted(both["split"].unique()))):
        part = both[both["split"].isin(splits)]
        if len(part):
            report(part)
    return 0


def report(both: pd.DataFrame) -> None:
    """The agreement tables of the articles in ``both`` (both readings and the indices)."""
    print(f"{len(both)} articles read twice ({', '.join(sorted(both['split'].unique()))})\n")
    print("| label | n | readers: ρ [95 %] | exact | within 1 | index vs reading 1 | "
          "index vs reading 2 | index vs the mean |")
    print("|---|---:|---|---:|---:|---|---|---|")
    for label in LABELS:
        d = both[[label, f"{label}_2", INDEX_OF[label]]].apply(pd.to_numeric, errors="coerce")
        pair = d.dropna(subset=[label, f"{label}_2"])
        r1, r2 = pair[label].to_numpy(float), pair[f"{label}_2"].to_numpy(float)
        rho, low, high = spearman_ci(r1, r2)
        cells = [f"{rho:.2f} [{low:.2f}, {high:.2f}]", f"{(r1 == r2).mean():.2f}",
                 f"{(abs(r1 - r2) <= 1).mean():.2f}"]
        scored = pair.dropna(subset=[INDEX_OF[label]])
        x = scored[INDEX_OF[label]].to_numpy(float)
        for y in (scored[label], scored[f"{label}_2"], (scored[label] + scored[f"{label}_2"]) / 2):
            rho, low, high = spearman_ci(x, y.to_numpy(float))
            cells.append(f"{rho:.2f} [{low:.2f}, {high:.2f}] ({len(scored)})")
        print(f"| {label} | {len(pair)} | " + " | ".join(cells) + " |")
    kappa = cohen_kappa(both["takes_side"], both["takes_side_2"])
    agree = float((both["takes_side"] == both["takes_side_2"]).mean())
    print(f"\ntakes_side: the readers agree on {agree:.2f} of the articles, Cohen's kappa {kappa:.2f}")
    print(pd.crosstab(both["takes_side"], both["takes_side_2"]).to_string() + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
