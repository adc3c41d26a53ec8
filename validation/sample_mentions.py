"""Draw the hand-coding sample of real mentions (issue 15): seeded, stratified.

Run from the repository root, with the git-ignored texts in validation/texts/:

    python validation/sample_mentions.py > /tmp/sample.csv

Population, per split of ``validation/sources.csv`` (tune / holdout): the
mentions that matter for the indices, from the current tool (the articles
dated as ``framing validate`` dates them):

* every frame and title mention, whatever its voice and target (whether a
  frame word reaches an index is exactly what its target rule decides);
* actor names (rule ``self``) that feed an index as a neutral name in the
  author's voice (``framing.measure.scores.index_components``), and every quoted or
  distanced actor name.

Strata: ``target_rule`` × voice group (authorial / other = quoted or
distanced). Quota per rule (``QUOTA``; rules not listed: all of them); within
a rule, up to a third from the quoted/distanced group, the rest authorial,
each group topped up from the other when it runs short. Order: one seeded
permutation of the whole population (``numpy.random.default_rng(SEED)``,
rows sorted by split, article, start, end, entry_id first); each stratum takes
its first rows in that order. Output: the key columns, sorted, no text.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

SEED = 15
QUOTA = {"self": 24, "label": 24, "adjacent": 24, "nearest": 30, "none": 16}
KEY = ["split", "article", "start", "end", "entry_id"]


def population(mentions: pd.DataFrame, splits: pd.Series) -> pd.DataFrame:
    from framing.measure.scores import index_components

    feeding = index_components(mentions)
    fed = set(zip(feeding["article"], feeding["start"], feeding["entry_id"]))
    m = mentions.assign(split=mentions["article"].map(splits))
    feeds = [(a, s, e) in fed for a, s, e in zip(m["article"], m["start"], m["entry_id"])]
    m = m.assign(feeds_index=feeds)
    keep = (m["kind"] != "actor") | (m["voice"] != "authorial") | m["feeds_index"]
    return m[keep & m["split"].notna()]


def draw(pop: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    pop = pop.sort_values(KEY).reset_index(drop=True)
    pop = pop.iloc[np.random.default_rng(seed).permutation(len(pop))].reset_index(drop=True)
    pop["group"] = np.where(pop["voice"] == "authorial", "authorial", "other")
    picked = []
    for (split, rule), part in pop.groupby(["split", "target_rule"], sort=True):
        quota = QUOTA.get(rule, len(part))
        other = part[part["group"] == "other"]
        own = part[part["group"] == "authorial"]
        n_other = min(len(other), -(-quota // 3))
        n_own = min(len(own), quota - n_other)
        n_other = min(len(other), quota - n_own)
        picked += [own.head(n_own), other.head(n_other)]
    return pd.concat(picked).sort_values(KEY).reset_index(drop=True)


def main() -> None:
    import argparse

    from framing.measure.mentions import load_lexicons, measure
    from framing.report.validate import _dated_corpus, read_labels
    from framing.scale.stream import read_articles

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", default="tune,holdout",
                        help="the splits to draw from (default: tune,holdout, the first draw; "
                             "the seventh session drew --splits fresh --seed 16, the eighth "
                             "final, final2 and final3 with seeds 17, 18, 19, the ninth "
                             "final4, final5 and final6 with seeds 20, 21, 22, the tenth "
                             "final7 and final8 with seeds 23, 24, the eleventh final9 with "
                             "seed 25, the twelfth final10 and final11 with seeds 26, 27, "
                             "the thirteenth final12 and final13 with seeds 28, 29, the "
                             "fourteenth final14 with seed 30, the fifteenth final15, final16 and "
                             "final17 with seeds 31, 32, 33, the sixteenth final18, final19 and "
                             "final20 with seeds 34, 35, 36)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    labels = read_labels("validation/sources.csv")
    labels = labels[labels["split"].isin(args.splits.split(","))]
    with _dated_corpus(labels, "validation/texts") as corpus:
        mentions, _ = measure(read_articles([corpus]), load_lexicons())
    sample = draw(population(mentions, labels.set_index("id")["split"]), seed=args.seed)
    columns = ["split", "article", "start", "end", "entry_id", "kind", "voice", "target",
               "target_rule", "feeds_index"]
    sample[columns].to_csv(sys.stdout, index=False)


if __name__ == "__main__":
    main()
