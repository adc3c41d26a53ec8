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
(``framing.validate.rebuild_coded_mentions``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
KEYS = HERE / "mentions_coded.csv"
FULL = HERE / "mentions_coded_full.csv"  # git-ignored: it holds the surface forms


def rebuild(args: argparse.Namespace) -> int:
    from framing.output import write_text
    from framing.validate import rebuild_coded_mentions

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
    from framing.validate import (camp_precision, coded_split, mention_accuracy,
                                  read_coded_mentions, voice_confusion)

    coded = read_coded_mentions(args.full)
    halves = {s: coded_split(coded, s, args.full) for s in ("tune", "holdout")}
    halves["all"] = coded
    tables = {s: mention_accuracy(c).set_index(["measure", "group"]) for s, c in halves.items()}
    camps = {s: camp_precision(c).set_index(["measure", "group"]) for s, c in halves.items()}
    order = ("tune", "holdout", "all")
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
    for s in order:
        print(f"\nvoice confusion, {s} (rows: tool, columns: coder)\n")
        table = voice_confusion(halves[s]).fillna(0)
        print("| tool \\ coder | " + " | ".join(table.columns[1:]) + " |")
        print("|---|" + "---:|" * (len(table.columns) - 1))
        for _, row in table.iterrows():
            print(f"| {row['voice']} | " + " | ".join(str(int(v)) for v in row.iloc[1:]) + " |")
    return 0


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
