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
from framing.schema import DEFAULT_RESAMPLES, DEFAULT_SEED

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
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")


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
    score.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                       help="worker processes, each reading its own shards of the input "
                            "(0: one per CPU; default: 1, or one per CPU with --engine dask)")
    score.add_argument("--engine", choices=("local", "dask"), default="local",
                       help="local: --jobs processes (default); dask: a dask LocalCluster of "
                            "--jobs workers (or --scheduler)")
    score.add_argument("--scheduler", metavar="ADDRESS",
                       help="with --engine dask: an existing dask cluster (tcp://host:8786); "
                            "its workers must see the input paths")
    score.add_argument("--on-error", choices=("fail", "skip"), default="fail",
                       help="fail: stop at the first bad article, write nothing (default); "
                            "skip: score the rest, list the bad ones in --skipped")
    score.add_argument("--skipped", metavar="FILE",
                       help="with --on-error skip: where to list skipped articles "
                            "(default: OUTPUT.skipped.csv)")
    score.add_argument("--keep", metavar="FIELD[,FIELD…]", action="append", default=[],
                       help="metadata fields to carry into the output after the scores "
                            "(JSONL keys, Parquet columns, metadata.csv columns, or path), "
                            "e.g. --keep date,outlet")
    progress = score.add_mutually_exclusive_group()
    progress.add_argument("--progress", dest="progress", action="store_true", default=None,
                          help="show a progress bar on stderr (default: when it is a terminal)")
    progress.add_argument("--no-progress", dest="progress", action="store_false")

    mentions = commands.add_parser("mentions", help="the mentions table: one row per lexicon hit")
    _add_corpus_arguments(mentions)
    _add_table_output(mentions)

    kwic = commands.add_parser("kwic", help="mentions of ENTRY in context (keyword in context)")
    kwic.add_argument("entry", metavar="ENTRY", help="an entry id, headword, category or family")
    _add_corpus_arguments(kwic)
    kwic.add_argument("--window", type=int, default=6, help="words of context on each side")
    kwic.add_argument(
        "--visual", action="store_true",
        help="reorder Arabic for terminals without bidi support",
    )

    lexicon = commands.add_parser("lexicon", help="inspect or export a lexicon")
    lexicon_commands = lexicon.add_subparsers(dest="lexicon_command", metavar="ACTION")
    export = lexicon_commands.add_parser("export", help="write the lexicon in another format")
    export.add_argument("--format", choices=("quanteda",), default="quanteda")
    export.add_argument("--lexicon", metavar="FILE", help="lexicon file (default: bundled)")
    export.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    return parser


def _write(text: str, output: str | None, inputs: Sequence[str]) -> None:
    """Write a command's output by :mod:`framing.output`'s rules (never over
    one of ``inputs``, atomically, nothing on failure)."""
    from framing.output import input_files, write_text

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
        from framing.lexicon import export_quanteda, load_lexicon

        if args.lexicon_command != "export":
            parser.parse_args(["lexicon", "--help"])
        _write(export_quanteda(load_lexicon(args.lexicon)), args.output,
               [args.lexicon] if args.lexicon else [])
        return 0

    if args.command == "score":
        return _score(args)

    from framing.mentions import load_lexicons, measure
    from framing.stream import read_articles

    inputs = [*(args.paths or []), *(p for p in (args.lexicon, args.actors) if p)]
    if args.command == "mentions":  # refuse a bad output before the work
        from framing.output import input_files, plan_outputs

        plan_outputs({"--output": args.output}, input_files(inputs))
    lexicons = load_lexicons(args.lexicon, args.actors)
    articles = read_articles(args.paths)
    mentions, documents = measure(articles, lexicons)
    if args.command == "mentions":
        _write(_table_text(mentions, args.format), args.output, inputs)
    elif args.command == "kwic":
        from framing.kwic import kwic, kwic_text

        rows = kwic(mentions, articles, args.entry, window=args.window, lexicons=lexicons)
        _write(kwic_text(rows, visual=args.visual), None, inputs)  # UTF-8, whatever the terminal
    return 0


def _score(args: argparse.Namespace) -> int:
    """``framing score``: the fast scorer (framing.scorer) streamed over the
    input (framing.stream), same numbers as ``score_articles(*measure(...))``,
    written only once everything succeeded."""
    from framing.scorer import ScoreSettings
    from framing.stream import score_corpus

    jobs = args.jobs
    if jobs is None:
        jobs = 1 if args.engine == "local" else 0
    if jobs < 0:
        raise FramingError(f"--jobs must be 0 (one per CPU) or more, got {jobs}")
    settings = ScoreSettings(lexicon=args.lexicon, actors=args.actors, seed=args.seed,
                             resamples=args.resamples)
    progress = args.progress
    if progress is None:
        progress = sys.stderr.isatty()
    score_corpus(
        args.paths or None, args.output, format=args.format, engine=args.engine,
        jobs=jobs, scheduler=args.scheduler, on_error=args.on_error,
        skipped=args.skipped, settings=settings, progress=progress,
        keep=[name for value in args.keep for name in value.split(",")],
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from framing.output import Terminated, signals_as_exceptions

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
    except Terminated:  # outputs are committed all together or not at all (framing.output)
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
