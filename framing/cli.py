"""The ``framing`` command line: I/O at the edge, one error line, exit status 2.

Every sub-command reads its input, calls pure functions of the package, and
writes its output only once everything has been computed — so a user error
never leaves a half-written file behind. A :class:`~framing.errors.FramingError`
is caught here, once, and printed as ``framing: error: <message>``.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Sequence

from framing import __version__
from framing.errors import FramingError
from framing.measure.schema import DEFAULT_RESAMPLES, DEFAULT_SEED

EXIT_USER_ERROR = 2


def _add_corpus_arguments(parser: argparse.ArgumentParser, *, lexicon: bool = True,
                          paths_help: str = "a .txt file or a folder of them, a .jsonl or a "
                                            ".parquet file (default: the bundled seeds)") -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=paths_help,
    )
    if lexicon:
        parser.add_argument(
            "--lexicon", metavar="FILE", help="your own framing lexicon (YAML; default: bundled)"
        )
        parser.add_argument(
            "--actors", metavar="FILE", help="your own actor lexicon (YAML; default: bundled)"
        )


def _add_table_output(parser: argparse.ArgumentParser) -> None:
    # default None: on a terminal without -o or --format, a readable summary
    parser.add_argument("--format", choices=("csv", "json"), default=None,
                        help="csv (the default when piped or with -o) or json; on a terminal "
                             "without -o or --format, a summary is shown instead")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


def _add_streaming_arguments(parser: argparse.ArgumentParser, command: str) -> None:
    """What `framing score` and `framing mentions` share: workers, engines,
    errors, kept fields, the progress bar (framing.scale.stream)."""
    verb, what = ("score", "scores") if command == "score" else ("measure", "mention columns")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="worker processes, each reading its own shards of the input "
                             "(0: one per CPU; default: 1, or one per CPU with --engine dask)")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="local: --jobs processes (default); dask: a dask LocalCluster of "
                             "--jobs workers (or --scheduler)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: an existing dask cluster (tcp://host:8786); "
                             "its workers must see the input paths")
    parser.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                        help="fail: stop at the first bad article, write nothing (default); "
                             f"skip: {verb} the rest, list the bad ones in --skipped")
    parser.add_argument("--skipped", metavar="FILE",
                        help="with --on-error skip: where to list skipped articles "
                             "(default: OUTPUT.skipped.csv)")
    parser.add_argument("--keep", metavar="FIELD[,FIELD…]", action="append", default=[],
                        help=f"metadata fields to carry into the output after the {what} "
                             "(JSONL keys, Parquet columns, metadata.csv columns, or path), "
                             "e.g. --keep date,outlet")
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="show a progress bar on stderr (default: when it is a terminal)")
    progress.add_argument("--no-progress", dest="progress", action="store_false")


class _Parser(argparse.ArgumentParser):
    """argparse with the CLI's error contract: a bad option is one line,
    ``framing: error: …`` with where to read more, exit status 2 (not the
    whole usage of the sub-command). Sub-parsers inherit it."""

    def error(self, message: str):
        self.exit(EXIT_USER_ERROR, f"framing: error: {' '.join(message.split())} "
                                   f"(see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="framing",
        description="How Arabic news media frame Khalifa Haftar and the Islamist factions.",
    )
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    score = commands.add_parser(
        "score", help="per-article framing scores",
        description="Per-article framing scores, one row per article. Inputs: .txt files or "
        "folders of them, JSONL files (one {\"id\", \"text\", …} object per line) and "
        "Parquet files (id and text columns), streamed in bounded memory.",
    )
    _add_corpus_arguments(score)
    score.add_argument("--format", choices=("csv", "json", "parquet"), default="csv",
                       help="output format (default: csv; parquet needs --output)")
    score.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    score.add_argument("--seed", type=int, default=DEFAULT_SEED,
                       help=f"bootstrap seed (default: {DEFAULT_SEED})")
    score.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES,
                       help=f"bootstrap resamples (default: {DEFAULT_RESAMPLES})")
    _add_streaming_arguments(score, "score")

    mentions = commands.add_parser(
        "mentions", help="the mentions table: one row per lexicon hit",
        description="The mentions table, one row per lexicon hit (the notebooks' table), "
        "streamed like `framing score`: .txt files or folders, JSONL and Parquet files; "
        "--jobs, --engine dask, csv, json or parquet. On a terminal without -o or --format, "
        "a summary instead.",
    )
    _add_corpus_arguments(mentions)
    # default None: on a terminal without -o or --format, a readable summary
    mentions.add_argument("--format", choices=("csv", "json", "parquet"), default=None,
                          help="csv (the default when piped or with -o), json or parquet "
                               "(needs --output); on a terminal without -o or --format, a "
                               "summary is shown instead")
    mentions.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    _add_streaming_arguments(mentions, "mentions")

    kwic = commands.add_parser(
        "kwic", help="mentions of ENTRY in context (keyword in context)",
        description="Every row of `framing mentions` that ENTRY selects, with the words around "
        "it. On a terminal: one line per mention (article:offset, kind, category, voice→target; "
        "refused→target for a refused label), "
        "then the words after the match, the match and the words before it, aligned on the "
        "match within the terminal's width and marked right-to-left for a bidi-aware terminal "
        "(--visual for one without). Piped or redirected: tab-separated lines in logical order "
        "without direction marks.",
    )
    kwic.add_argument(
        "entry", metavar="ENTRY",
        help="what to show: an entry id (terrorism.irhab), a headword in any spelling or "
             "inflected form (الإرهاب, والإرهابيين), a category (militia), a family "
             "(terrorism), a kind (frame, actor, title), a voice (authorial, quoted, "
             "distanced) or an actor group, as target or as actor (haftar, islamist_brigades)")
    _add_corpus_arguments(kwic)
    kwic.add_argument("--window", type=int, default=6, metavar="N",
                      help="words of context on each side, within the paragraph (default: 6)")
    kwic.add_argument(
        "--visual", action="store_true",
        help="reorder Arabic for terminals without bidi support (e.g. plain xterm)",
    )

    study = commands.add_parser(
        "study", help="run the whole study (every notebook) on your corpus",
        description="Execute every notebook of the study on CORPUS into a new folder: executed "
        "notebooks, figures/, results/ and an HTML report (index.html) readable without "
        "Jupyter. The tracked study is never touched; a failed run leaves nothing behind.")
    study.add_argument("paths", nargs="+", metavar="CORPUS",
                       help="what `framing score` reads: .txt files or folders of them (with or "
                            "without metadata.csv), .jsonl or .parquet")
    study.add_argument("--output", "-o", metavar="DIR", required=True,
                       help="a new (or empty) folder for the study")
    study.add_argument("--lexicon", metavar="FILE", help="your own framing lexicon (YAML)")
    study.add_argument("--actors", metavar="FILE", help="your own actor lexicon (YAML)")
    study.add_argument("--seed", type=int, default=DEFAULT_SEED,
                       help=f"seed of every random step: bootstrap, LDA (default: {DEFAULT_SEED})")
    study.add_argument("--n-topics", type=int, default=None, metavar="K",
                       help="topics of the LDA model (default: chosen by coherence)")

    validate = commands.add_parser(
        "validate", help="agreement of the indices with human labels; coded mentions",
        description="Score CORPUS and compare each index, and a raw-count baseline beside it, "
        "with the human labels of LABELS.csv (Spearman rho and AUC with bootstrap intervals, "
        "coverage, neutral copy, sign agreement by outlet and genre, Haftar's title); or, "
        "with --mentions, voice accuracy and target precision per target rule of hand-coded "
        "mentions. See framing/report/validate.py for every definition.",
    )
    validate.add_argument("labels", nargs="?", metavar="LABELS.csv",
                          help="one row per article: id, takes_side, haftar_stance, "
                               "adversaries_frame, … (framing/report/validate.py)")
    _add_corpus_arguments(validate, paths_help="the labelled articles: anything `framing "
                          "score` reads (default: the folder of LABELS.csv)")
    validate.add_argument("--mentions", metavar="CODED.csv|DIR", nargs="+", action="extend",
                          help="hand-coded mentions (voice_correct, target_correct) instead: "
                               "one or more CSVs of the coding mode (`framing annotate "
                               "--coding`) or folders of them (every *.csv), combined; a "
                               "mention coded twice must be coded the same way")
    validate.add_argument("--index", metavar="NAME[,NAME…]", action="append", default=[],
                          help="indices to validate (default: every one the score row has)")
    validate.add_argument("--split", metavar="NAME",
                          help="only this split of the labels, e.g. tune, holdout (default: "
                               "all, then each split in the label file's order)")
    validate.add_argument("--table", choices=("summary", "outlet", "genre", "confusion",
                                              "titles", "articles", "accuracy", "voices"),
                          help="which table to write (default: summary; with --mentions: "
                               "accuracy)")
    validate.add_argument("--allow-missing", action="store_true",
                          help="leave out labelled ids with no article (a warning) instead "
                               "of stopping")
    validate.add_argument("--seed", type=int, default=DEFAULT_SEED,
                          help=f"bootstrap seed (default: {DEFAULT_SEED})")
    validate.add_argument("--resamples", type=int, default=DEFAULT_RESAMPLES,
                          help=f"bootstrap resamples (default: {DEFAULT_RESAMPLES})")
    _add_table_output(validate)

    annotate = commands.add_parser(
        "annotate", help="one annotated HTML page per article, every mention marked",
        description="Write one self-contained, offline HTML page per article (OUTPUT/<id>.html, "
        "and OUTPUT/index.html listing them): the text right-to-left with every row of "
        "`framing mentions` marked in place (colour: family; line: voice; hover: target and "
        "rule) and the article's score row with its intervals at the top.",
    )
    _add_corpus_arguments(annotate)
    annotate.add_argument("--output", "-o", metavar="DIR", required=True,
                          help="a new (or empty) folder for the pages")
    annotate.add_argument("--coding", action="store_true",
                          help="add controls to code each mention's voice and target as "
                               "right or wrong, and a button that downloads each page's codes "
                               "as CSV (<article>.coded.csv); code as many pages as you like, "
                               "then validate them at once: `framing validate --mentions "
                               "DOWNLOADS/` (a folder, or the files one by one)")

    lexicon = commands.add_parser("lexicon", help="export a lexicon")
    lexicon.description = ("Write a lexicon (the bundled frame lexicon, or --lexicon FILE) in "
                           "another format: `framing lexicon export --format quanteda` gives "
                           "a YAML dictionary for quanteda's dictionary().")
    lexicon_commands = lexicon.add_subparsers(dest="lexicon_command", metavar="ACTION")
    export = lexicon_commands.add_parser("export", help="write the lexicon in another format")
    export.add_argument("--format", choices=("quanteda",), default="quanteda")
    export.add_argument("--lexicon", metavar="FILE", help="lexicon file (default: bundled)")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    return parser


def _write(text: str, output: str | None, inputs: Sequence[str]) -> None:
    """Write a command's output by :mod:`framing.scale.output`'s rules (never over
    one of ``inputs``, atomically, nothing on failure)."""
    from framing.scale.output import input_files, write_text

    write_text(text, output, inputs=input_files(inputs))


def _table_text(frame, fmt: str) -> str:
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    from framing.tables import csv_text

    return csv_text(frame)


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command is None:
        parser.print_help()
        return 0
    if args.command == "lexicon":
        from framing.measure.lexicon import load_lexicon
        from framing.report.quanteda import export_quanteda

        if args.lexicon_command != "export":
            parser.parse_args(["lexicon", "--help"])
        _write(export_quanteda(load_lexicon(args.lexicon)), args.output,
               [args.lexicon] if args.lexicon else [])
        return 0

    if args.command == "score":
        return _score(args)
    if args.command == "study":
        from framing.report.study import run_study

        done = run_study(args.paths, args.output, lexicon=args.lexicon, actors=args.actors,
                         seed=args.seed, n_topics=args.n_topics,
                         log=lambda line: print(line, file=sys.stderr, flush=True))
        print(f"{done / 'index.html'}")
        return 0

    if args.command == "validate":
        from framing.report.validate import coded_files, command_table
        from framing.scale.output import input_files, plan_outputs

        # A folder of coded CSVs: its files are inputs too (never an output).
        coded = [str(p) for p in coded_files(args.mentions)] if args.mentions else []
        inputs = [p for p in (args.labels, *coded, *(args.paths or []), args.lexicon,
                              args.actors) if p]
        plan_outputs({"--output": args.output}, input_files(inputs))  # before the work
        table, warnings = command_table(args)
        for line in warnings:
            print(f"framing: warning: {line}", file=sys.stderr)
        _write(_table_text(table, args.format), args.output, inputs)
        return 0

    if args.command == "mentions" and (args.output is not None or args.format is not None
                                       or not sys.stdout.isatty()):
        return _score(args, table="mentions")  # streamed; a terminal gets a summary below
    from framing.measure.mentions import load_lexicons, measure
    from framing.scale.stream import read_articles

    inputs = [*(args.paths or []), *(p for p in (args.lexicon, args.actors) if p)]
    if args.command == "mentions":
        from framing.scale.output import input_files, plan_outputs

        plan_outputs({"--output": args.output}, input_files(inputs))
    lexicons = load_lexicons(args.lexicon, args.actors)
    articles = read_articles(args.paths)
    if args.command == "annotate":
        from framing.report.annotate import annotate_pages, write_pages
        from framing.scale.output import check_new_folder

        check_new_folder(args.output, "framing annotate")  # before the work
        write_pages(annotate_pages(articles, lexicons, coding=args.coding), args.output)
        return 0
    mentions, documents = measure(articles, lexicons)
    if args.command == "mentions":  # on a terminal: a summary
        from framing.report.kwic import mentions_summary

        _write(mentions_summary(mentions), None, inputs)
    elif args.command == "kwic":
        from framing.report.kwic import kwic, kwic_text

        rows = kwic(mentions, articles, args.entry, window=args.window, lexicons=lexicons)
        # UTF-8, whatever the terminal; aligned with direction marks only on a terminal
        _write(kwic_text(rows, visual=args.visual, terminal=sys.stdout.isatty()), None, inputs)
    return 0


def _score(args: argparse.Namespace, table: str = "scores") -> int:
    """``framing score`` (and ``framing mentions``, ``table="mentions"``):
    the engine (framing.measure.engine, framing.measure.scorer) streamed over the input
    (framing.scale.stream), the rows of ``score_articles(*measure(...))`` (of
    ``measure(...)[0]``), written only once everything succeeded."""
    from framing.measure.scorer import ScoreSettings
    from framing.scale.stream import score_corpus

    jobs = args.jobs
    if jobs is None:
        jobs = 1 if args.engine == "local" else 0
    if jobs < 0:
        raise FramingError(f"--jobs must be 0 (one per CPU) or more, got {jobs}")
    if table == "scores":
        settings = ScoreSettings(lexicon=args.lexicon, actors=args.actors, seed=args.seed,
                                 resamples=args.resamples)
    else:
        settings = ScoreSettings(lexicon=args.lexicon, actors=args.actors)
    progress = args.progress
    if progress is None:
        progress = sys.stderr.isatty()
    score_corpus(
        args.paths or None, args.output, format=args.format or "csv", engine=args.engine,
        jobs=jobs, scheduler=args.scheduler, on_error=args.on_error,
        skipped=args.skipped, settings=settings, progress=progress,
        keep=[name for value in args.keep for name in value.split(",")], table=table,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from framing.scale.output import Terminated, signals_as_exceptions

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with signals_as_exceptions(), _warnings_as_lines():
            return _run(args, parser)
    except FramingError as error:
        print(f"framing: error: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # `framing mentions | head` is not an error
        sys.stderr.close()
        return 0
    except OSError as error:
        # the environment refused (permissions, a full disk) on a file no
        # check above named: still one line, naming the file
        if error.filename is None:
            raise
        print(f"framing: error: {FramingError(f'{error.filename}: {error.strerror}')}",
              file=sys.stderr)  # FramingError: one line, whatever the file name holds
        return EXIT_USER_ERROR
    except Terminated:  # outputs are committed all together or not at all (framing.scale.output)
        print("framing: terminated (SIGTERM)", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        print("framing: interrupted (Ctrl-C)", file=sys.stderr)
        return 128 + signal.SIGINT


@contextlib.contextmanager
def _warnings_as_lines():
    """A :class:`~framing.errors.FramingWarning` is one ``framing: warning: …`` line."""
    import warnings

    from framing.errors import FramingWarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, FramingWarning):
            print(f"framing: warning: {' '.join(str(message).split())}", file=sys.stderr)
        else:
            default(message, category, filename, lineno, file, line)

    default = warnings.showwarning
    with warnings.catch_warnings():
        warnings.simplefilter("always", FramingWarning)
        warnings.showwarning = show
        yield


if __name__ == "__main__":
    sys.exit(main())
