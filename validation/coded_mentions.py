"""The hand-coded sample of real mentions (issue 15): rebuild the full table, report it.

The coding is committed as facts only (``validation/mentions_coded.csv``: key,
what the tool said, verdicts, the coder's reading and a rationale in English;
no text). The surface forms and every other column come from the git-ignored
texts, measured again with the current tool:

    python validation/coded_mentions.py rebuild    # → validation/mentions_coded_full.csv
    python validation/coded_mentions.py report     # per split: the README's tables
    framing validate --mentions validation/mentions_coded_full.csv --split holdout

(``make validation-mentions`` runs the first two.) A key with no mention now
stops ``rebuild`` with its line; ``--allow-unmatched`` writes the rest and lists
every unmatched key on stderr. Rows where the tool now says something else than
when they were coded are judged on what it says now, from the coder's reading
(``framing.report.validate.rebuild_coded_mentions``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
KEYS = HERE / "mentions_coded.csv"
FULL = HERE / "mentions_coded_full.csv"  # git-ignored: it holds the surface forms
#: the halves whose mentions were drawn and coded blind with the current rules, which no rule
#: change followed: final19 and final20 (sixteenth session, rules 19367c5; final20 was gathered
#: and scored after final19 with no rule change between). final18 was this column for the
#: session's first round (06bf5e1), and final15, final16 and final17 for the fifteenth
#: session's rules (034ea6f), until rules were made on their misses. final2 + final3 were this
#: column in the eighth session, final4 for the ninth session's first rules (b64eca4), final5 +
#: final6 for its last (ebcfab3), final7 + final8 for the tenth session's (eb056a9), final9 for
#: round D (1306869), final10 + final11 for the twelfth session's (8d56949), final12 for the
#: thirteenth session's first (90af242), final13 for its last (fd360c1) and final14 for the
#: fourteenth session's (3279b1d); the rules were then changed, so they are seen now.
UNTOUCHED = ("final19", "final20")


def rebuild(args: argparse.Namespace) -> int:
    from framing.report.validate import rebuild_coded_mentions
    from framing.scale.output import write_text

    table = rebuild_coded_mentions(args.keys, args.texts, labels_path=args.labels,
                                   unmatched="report" if args.allow_unmatched else "error")
    for key in table.attrs["unmatched"]:
        print(f"unmatched key, left out: {key}", file=sys.stderr)
    write_text(table.to_csv(index=False, lineterminator="\n"), args.output,
               inputs=[args.keys, args.labels])
    print(f"{args.output}: {len(table)} coded mentions, {table.attrs['changed']} judged on "
          f"output that changed since coding, {len(table.attrs['unmatched'])} keys unmatched",
          file=sys.stderr)
    return 0


def _fmt(row) -> str:
    if row["n"] == 0:
        return "–"
    return f"{row['value']:.2f} [{row['low']:.2f}, {row['high']:.2f}]"


def report(args: argparse.Namespace) -> int:
    from framing.report.validate import (camp_precision, claim_precision, coded_split,
                                         mention_accuracy, read_coded_mentions, voice_confusion,
                                         wilson_interval)

    coded = read_coded_mentions(args.full)
    # each split in the file's order (tune, holdout, fresh, …), then the development half
    # (tune + holdout, what the rules were changed on), the untouched half (UNTOUCHED) and
    # everything
    present = list(dict.fromkeys(coded["split"].astype(str)))
    splits = [s for s in ("tune", "holdout", "fresh") if s in present] + [
        s for s in present if s not in ("tune", "holdout", "fresh")]
    halves = {s: coded_split(coded, s, args.full) for s in splits}
    halves["dev"] = coded[coded["split"].isin(["tune", "holdout"])]
    untouched = coded[coded["split"].isin(UNTOUCHED)]
    if len(untouched):
        halves["untouched"] = untouched
    halves["all"] = coded
    tables = {s: mention_accuracy(c).set_index(["measure", "group"]) for s, c in halves.items()}
    # the target at the tool's own level of detail (a camp named as a camp), then at the camp's
    camps = {s: pd.concat([claim_precision(c), camp_precision(c)]).set_index(["measure", "group"])
             for s, c in halves.items()}
    order = tuple(halves)
    print("| measure | group | " + " | ".join(f"{s}: n | {s}: value [95 % Wilson]"
                                                for s in order) + " |")
    print("|---|---|" + "---:|---|" * len(order))
    for key in tables["all"].index:
        cells = []
        for s in order:
            row = tables[s].loc[key] if key in tables[s].index else None
            cells += ["0", "–"] if row is None else [str(int(row["n"])), _fmt(row)]
        flag = tables["all"].loc[key, "flag"]
        label = f"**{key[1]}**" if flag or any(
            key in tables[s].index and tables[s].loc[key, "flag"] for s in order) else key[1]
        print(f"| {key[0]} | {label} | " + " | ".join(cells) + " |")
    for key in camps["all"].index:
        cells = []
        for s in order:
            row = camps[s].loc[key] if key in camps[s].index else None
            cells += ["0", "–"] if row is None else [str(int(row["n"])), _fmt(row)]
        print(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    weights = _population_strata()
    print("\npopulation-weighted (each target_rule × voice-group stratum weighted by its share "
          "of the population the sample was drawn from; ± 1.96 stratified standard errors)\n")
    print("| measure | " + " | ".join(order) + " |")
    print("|---|" + "---|" * len(order))
    for name, column, only in (("voice_accuracy", "voice_correct", None),
                               ("target_precision (linked)", "target_correct", "linked"),
                               ("target_precision (linked_not_self)", "target_correct",
                                "not_self"),
                               ("own_voice", "own", None)):
        cells = []
        for s in order:
            part = halves[s]
            if column == "own":
                from framing.report.validate import _own_voice_agrees

                part = part.assign(own=_own_voice_agrees(part))
            if only is not None:
                part = part[part["target"].fillna("") != ""]
            if only == "not_self":
                part = part[part["target_rule"] != "self"]
            value, half = _weighted(part, column, weights, only)
            cells.append(f"{value:.2f} ± {half:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("\nframe mentions and the indices (haftar_index, adversaries_index): of those the "
          "tool counts, how many it counts rightly (the coder's camp, and the author's own "
          "voice as the indices read it); of those it leaves out, how many the coder would "
          "count\n")
    print("| split | counted | counted rightly [95 % Wilson] | left out | should count |")
    print("|---|---:|---|---:|---:|")
    for s in order:
        counted, right, out, missed = _index_rows(halves[s])
        low, high = wilson_interval(right, counted)
        print(f"| {s} | {counted} | {right} = {right / counted:.2f} [{low:.2f}, {high:.2f}] | "
              f"{out} | {missed} |")
    for s in order:
        print(f"\nvoice confusion, {s} (rows: tool, columns: coder)\n")
        table = voice_confusion(halves[s]).fillna(0)
        print("| tool \\ coder | " + " | ".join(table.columns[1:]) + " |")
        print("|---|" + "---:|" * (len(table.columns) - 1))
        for _, row in table.iterrows():
            print(f"| {row['voice']} | " + " | ".join(str(int(v)) for v in row.iloc[1:]) + " |")
    return 0


def _index_rows(coded: pd.DataFrame) -> tuple[int, int, int, int]:
    """(frames the tool counts in an index, of which rightly, frames it leaves
    out, of which the coder would count): right camp (:func:`camp_of`) and own
    voice (authorial, not in reported speech — or a name, which is the
    writer's choice in a paraphrase too)."""
    from framing.measure.scores import _names_its_referent, index_components
    from framing.report.validate import _coder_value, camp_of

    frames = coded[coded["kind"] == "frame"].assign(
        target=lambda d: d["target"].fillna(""), reported_by=lambda d: d["reported_by"].fillna(""))
    fed = index_components(frames)
    fed = set(zip(fed["article"], fed["start"], fed["entry_id"]))
    counted = pd.Series([k in fed for k in zip(frames["article"], frames["start"],
                                                frames["entry_id"])], index=frames.index)
    voice, target = _coder_value(frames, "voice"), _coder_value(frames, "target")
    # a name in a paraphrase is the writer's choice (the codebook; names_its_referent)
    names = pd.Series(_names_its_referent(frames), index=frames.index, dtype=bool)
    own = (voice == "authorial") & ((frames["reported_true"] == 0) | names)
    camp = pd.Series([isinstance(t, str) and camp_of(t) == camp_of(u)
                      for t, u in zip(target, frames["target"])], index=frames.index)
    side = target.map(lambda t: isinstance(t, str) and camp_of(t) in ("haftar", "adversaries"))
    return (int(counted.sum()), int((counted & own & camp).sum()), int((~counted).sum()),
            int((~counted & own & side).sum()))


def _population_strata() -> pd.DataFrame:
    """Size of each (split, target_rule, group) stratum of the sampled
    population (``sample_mentions.population``), with ``linked`` (has a target)."""
    sys.path.insert(0, str(HERE))
    from sample_mentions import population

    from framing.measure.mentions import load_lexicons, measure
    from framing.report.validate import _dated_corpus, read_labels
    from framing.scale.stream import read_articles

    labels = read_labels(HERE / "sources.csv")
    with _dated_corpus(labels, str(HERE / "texts")) as corpus:
        mentions, _ = measure(read_articles([corpus]), load_lexicons())
    pop = population(mentions, labels.set_index("id")["split"])
    pop = pop.assign(group=(pop["voice"] == "authorial").map({True: "authorial", False: "other"}),
                     linked=pop["target"].fillna("") != "")
    return pop


def _weighted(part: pd.DataFrame, column: str, pop: pd.DataFrame, only: str | None
              ) -> tuple[float, float]:
    """Stratified estimate of the mean of ``column`` and 1.96 standard errors."""
    part = part.assign(group=(part["voice"] == "authorial").map({True: "authorial",
                                                                 False: "other"}))
    pop = pop[pop["split"].isin(set(part["split"]))]
    if only is not None:
        pop = pop[pop["linked"]]
    if only == "not_self":
        pop = pop[pop["target_rule"] != "self"]
    sizes = pop.groupby(["split", "target_rule", "group"]).size()
    coded = part.dropna(subset=[column]).groupby(["split", "target_rule", "group"])[column]
    stats = pd.DataFrame({"p": coded.mean(), "n": coded.size()}).join(sizes.rename("N"),
                                                                       how="inner")
    w = stats["N"] / stats["N"].sum()
    value = float((w * stats["p"]).sum())
    variance = float((w ** 2 * stats["p"] * (1 - stats["p"]) / stats["n"]).sum())
    return value, 1.96 * variance ** 0.5


def main(argv: list[str] | None = None) -> int:
    from framing.errors import FramingError

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("rebuild", help="the full coded table from the keys and the texts")
    one.add_argument("--keys", default=str(KEYS))
    one.add_argument("--texts", default=str(HERE / "texts"))
    one.add_argument("--labels", default=str(HERE / "sources.csv"),
                     help="dates for the texts (its date column)")
    one.add_argument("--output", "-o", default=str(FULL))
    one.add_argument("--allow-unmatched", action="store_true",
                     help="write the keys that still match and list the others on stderr")
    two = commands.add_parser("report", help="accuracy and precision per split, markdown")
    two.add_argument("--full", default=str(FULL))
    args = parser.parse_args(argv)
    try:
        return rebuild(args) if args.command == "rebuild" else report(args)
    except FramingError as error:
        print(f"coded_mentions: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
