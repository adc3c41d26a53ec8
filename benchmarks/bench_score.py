"""Benchmark ``framing score`` on synthetic corpora (NOT part of the test suite).

Builds seeded synthetic corpora by resampling the seeds' sentences
(``framing.scale.stream.synthetic_articles``; 10,000 and 100,000 articles by
default) as JSONL in a temporary folder, then times, each in a fresh
subprocess:

* ``bare findall``    — read the JSONL, ``json.loads`` each line and
                        ``re.findall`` the Arabic-word regex over the text: the
                        floor of any tokenising pass over this input;
* ``framing score``   — the CLI, ``--jobs 1`` and ``--jobs 2``;
* ``dask``            — ``--engine dask --jobs 2`` (a LocalCluster);
* ``framing mentions``— the mentions table (the same engine), CSV and Parquet,
                        ``--jobs 1`` and ``--jobs 2``;
* ``liwc peer``       — with ``--liwc PYTHON`` (a Python with the ``liwc``
                        package; not a dependency of framing): read the JSONL,
                        tokenise with the bare regex and count the categories
                        of a LIWC dictionary made from the frame lexicon's
                        one-word headwords (``headword*``), per article;
* ``before``          — with ``--before DIR``: ``framing score --jobs 1`` of
                        another source tree (e.g. the main branch), in the
                        same run;

and reports MB/s (of JSONL read), articles/s, the peak RSS of the largest
process (``getrusage(RUSAGE_CHILDREN)`` of a wrapper process, and the
largest process seen by sampling /proc every 50 ms: pool workers forked by a
forkserver are not waited for by the wrapper's tree) and the peak of the sum
over the process tree (sampled). The goals of the issue are checked at the end.

Usage::

    python benchmarks/bench_score.py                 # 10k and 100k articles
    python benchmarks/bench_score.py --sizes 2000    # a quick run
    python benchmarks/bench_score.py --profile 2000  # cProfile of the scorer
    python benchmarks/bench_score.py --density 1 0.5 0.25 0.1 0   # ratio vs density

``--density``: the seeds are dense in lexicon words (about 160 of an
article's ~935 tokens hit a lexicon, ~78 mentions); a general news archive is
not. Each sentence of these corpora is a seed sentence with probability F,
else a *filler* sentence of the same length made of seed words that hit no
lexicon and no distancing marker (resampled with their frequencies, with the
seeds' commas and full stops): the same tokenising work, fewer mentions. Only
the bare pass and ``--jobs 1`` are timed; the mentions per article are read
from the scores.

Reading the numbers: on a shared machine wall times vary by ±20 % between
runs; the ratios within one run are what the goals are about.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

# The bare baseline: read, parse, tokenise with one regex (Arabic letters and
# marks, or digits), count. No normalisation, no lexicon.
BARE = r"""
import json, re, sys
from framing.text.arabic import _L, _M
word = re.compile(f"[{_L}][{_L}{_M}]*|[0-9]+")
tokens = articles = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            tokens += len(word.findall(json.loads(line)["text"]))
            articles += 1
print(articles, tokens)
"""

# Runs a command and reports the largest RSS among it and its descendants.
WRAPPER = r"""
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print("MAXRSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """(sum, max) of VmRSS over a process and its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
                        total += rss
                        largest = max(largest, rss)
                        break
        except OSError:
            pass
    return total, largest


class TreeRss:
    """Samples a process tree's RSS in a thread while the block runs:
    ``peak`` (KB, the largest sum over the tree) and ``largest`` (KB, the
    largest single process)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak, self.largest = pid, interval, 0, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            total, big = _tree_rss_kb(self.pid)
            self.peak, self.largest = max(self.peak, total), max(self.largest, big)
            time.sleep(self.interval)

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._done.set()
        self._thread.join()


# The liwc peer (run by --liwc PYTHON): the bare pass plus the liwc
# package's trie lookup of every token, category counts per article.
LIWC = r"""
import json, re, sys
from collections import Counter
import liwc
parse, categories = liwc.load_token_parser(sys.argv[2])
word = re.compile(sys.argv[3])
articles = hits = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        if line.strip():
            counts = Counter(c for token in word.findall(json.loads(line)["text"])
                             for c in parse(token))
            hits += sum(counts.values())
            articles += 1
print(articles, hits)
"""


def liwc_dictionary(path: Path) -> Path:
    """A LIWC-format dictionary of the bundled frame lexicon: its categories,
    and every one-word headword (as written) with a trailing ``*``."""
    from framing.measure.lexicon import load_lexicon

    entries = load_lexicon().entries
    categories = sorted({e.category for e in entries})
    number = {c: k for k, c in enumerate(categories, start=1)}
    words: dict[str, set[int]] = {}
    for e in entries:
        for h in e.headwords:
            if " " not in h.strip():
                words.setdefault(h.strip() + "*", set()).add(number[e.category])
    lines = ["%", *(f"{k}\t{c}" for c, k in number.items()), "%"]
    lines += [f"{w}\t" + "\t".join(map(str, sorted(ks))) for w, ks in sorted(words.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def measure(cmd: list[str], label: str, env: dict | None = None,
            cwd: str | Path = ROOT) -> dict:
    """Wall time, largest-process RSS and sampled tree RSS of ``cmd`` (run in
    ``cwd``: ``python -m framing`` imports the package found there first)."""
    start = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-c", WRAPPER, *cmd], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd, env=env)
    with TreeRss(proc.pid) as rss:
        out, err = proc.communicate()
        wall = time.perf_counter() - start
    peak, largest = rss.peak, rss.largest
    if proc.returncode:
        raise SystemExit(f"{label} failed:\n{err}")
    maxrss = int(re.search(r"MAXRSS_KB (\d+)", err).group(1))
    # getrusage(RUSAGE_CHILDREN) sees the processes that were waited for (the
    # command and its direct children); pool workers forked by a forkserver or
    # dask's nanny are not, so the sampled largest process counts too.
    return {"label": label, "seconds": wall,
            "maxrss_mb": max(maxrss, largest) / 1024, "tree_mb": peak / 1024,
            "stdout": out, "stderr": err}


def build_corpus(folder: Path, n: int, seed: int) -> Path:
    from framing.scale.stream import synthetic_articles, write_jsonl

    path = folder / f"synthetic_{n}.jsonl"
    if not path.exists():
        t0 = time.perf_counter()
        write_jsonl(path, synthetic_articles(n, seed=seed), outlet="synthetic")
        print(f"  built {path.name}: {path.stat().st_size / 1e6:.1f} MB in "
              f"{time.perf_counter() - t0:.1f} s", flush=True)
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def run_size(folder: Path, n: int, seed: int, resamples: int, dask: bool,
             liwc_python: str | None = None, before: str | None = None,
             mentions: bool = True) -> list[dict]:
    corpus = build_corpus(folder, n, seed)
    size_mb = corpus.stat().st_size / 1e6
    rows = []
    bare = measure([PYTHON, "-c", BARE, str(corpus)], "bare findall (read+json+regex)")
    rows.append(bare)
    if liwc_python:
        from framing.text.arabic import _L, _M

        dic = liwc_dictionary(folder / "framing.dic")
        rows.append(measure([liwc_python, "-c", LIWC, str(corpus), str(dic),
                             f"[{_L}][{_L}{_M}]*|[0-9]+"], "liwc peer (read+regex+liwc count)"))
    outputs = {}
    here = dict(os.environ, PYTHONPATH=str(ROOT))
    configs = [("framing score --jobs 1", ["score", "--jobs", "1"], "csv", here),
               ("framing score --jobs 2", ["score", "--jobs", "2"], "csv", here)]
    if before:
        env = dict(os.environ, PYTHONPATH=str(Path(before).resolve()))
        configs.insert(0, ("framing score --jobs 1 (before)", ["score", "--jobs", "1"], "csv",
                           env))
    if dask:
        configs.append(("framing score --engine dask --jobs 2",
                        ["score", "--engine", "dask", "--jobs", "2"], "csv", here))
    if mentions:
        for jobs in ("1", "2"):
            for fmt in ("csv", "parquet"):
                configs.append((f"framing mentions --jobs {jobs} ({fmt})",
                                ["mentions", "--jobs", jobs, "--format", fmt], fmt, here))
    for label, extra, fmt, env in configs:
        out = folder / f"out_{n}_{len(outputs)}.{fmt}"
        bootstrap = ["--resamples", str(resamples)] if extra[0] == "score" else []
        r = measure([PYTHON, "-m", "framing", extra[0], str(corpus), "-o", str(out),
                     *bootstrap, "--no-progress", *extra[1:]], label, env,
                    cwd=env["PYTHONPATH"])
        outputs[label] = sha(out)
        rows.append(r)
    for r in rows:
        r.update(n=n, mb=size_mb, mb_s=size_mb / r["seconds"], art_s=n / r["seconds"],
                 ratio=r["seconds"] / bare["seconds"])
    for r in rows:
        r["digest"] = outputs.get(r["label"], "")
    return rows


def table(rows: list[dict]) -> str:
    head = (f"{'articles':>8} {'MB':>7}  {'what':<38} {'s':>8} {'MB/s':>7} {'art/s':>8} "
            f"{'x bare':>6} {'RSS max':>8} {'RSS sum':>8}  output sha256")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r['n']:>8} {r['mb']:>7.1f}  {r['label']:<38.38} {r['seconds']:>8.1f} "
            f"{r['mb_s']:>7.2f} {r['art_s']:>8.0f} {r['ratio']:>6.2f} "
            f"{r['maxrss_mb']:>7.0f}M {r['tree_mb']:>7.0f}M  {r['digest']}")
    return "\n".join(lines)


def goals(rows: list[dict]) -> str:
    by = {(r["n"], r["label"]): r for r in rows}
    sizes = sorted({r["n"] for r in rows})
    out = []
    for n in sizes:
        one = by[(n, "framing score --jobs 1")]
        two = by[(n, "framing score --jobs 2")]
        out.append(f"{n} articles: framing score = {one['ratio']:.2f}x the bare pass "
                   f"(goal <= 3x: {'met' if one['ratio'] <= 3 else 'NOT met'}); "
                   f"--jobs 2 speed-up {one['seconds'] / two['seconds']:.2f}x "
                   f"(goal >= 1.7x: {'met' if one['seconds'] / two['seconds'] >= 1.7 else 'NOT met'})")
        dask = by.get((n, "framing score --engine dask --jobs 2"))
        if dask:
            same = dask["digest"] == one["digest"] == two["digest"]
            out.append(f"{n} articles: dask output identical to --jobs 1 and --jobs 2: {same}")
        old = by.get((n, "framing score --jobs 1 (before)"))
        if old:
            out.append(f"{n} articles: framing score --jobs 1 takes {one['seconds']:.1f} s, "
                       f"before {old['seconds']:.1f} s ({one['seconds'] / old['seconds']:.2f}x; "
                       f"same output: {old['digest'] == one['digest']})")
        peer = by.get((n, "liwc peer (read+regex+liwc count)"))
        if peer:
            out.append(f"{n} articles: framing score = {one['seconds'] / peer['seconds']:.2f}x "
                       f"the liwc peer's bare count")
        for jobs in ("1", "2"):
            score = by[(n, f"framing score --jobs {jobs}")]
            for fmt in ("csv", "parquet"):
                m = by.get((n, f"framing mentions --jobs {jobs} ({fmt})"))
                if m:
                    ratio = m["seconds"] / score["seconds"]
                    out.append(f"{n} articles: framing mentions --jobs {jobs} ({fmt}) = "
                               f"{ratio:.2f}x framing score --jobs {jobs} "
                               f"(goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
        peak = max(r["maxrss_mb"] for r in rows if r["n"] == n and r["label"].startswith("framing"))
        tree = max(r["tree_mb"] for r in rows if r["n"] == n and r["label"].startswith("framing"))
        out.append(f"{n} articles: peak RSS largest process {peak:.0f} MB, "
                   f"process tree {tree:.0f} MB (goal < 500 MB: {'met' if tree < 500 else 'NOT met'})")
    if len(sizes) >= 2:
        a, b = sizes[0], sizes[-1]
        for label in ("bare findall (read+json+regex)", "framing score --jobs 1",
                      "framing score --jobs 2"):
            ta, tb = by[(a, label)]["seconds"], by[(b, label)]["seconds"]
            per_a, per_b = ta / a * 1e3, tb / b * 1e3
            out.append(f"linearity {label}: {per_a:.3f} ms/article at {a}, {per_b:.3f} at {b} "
                       f"(time ratio {tb / ta:.1f} for {b / a:.0f}x the articles)")
    return "\n".join(out)


def diluted_articles(n: int, seed: int, density: float):
    """``(id, text)``: :func:`framing.scale.stream.synthetic_articles`' articles with
    each sentence kept with probability ``density``, else replaced by a
    filler sentence of as many words that match nothing."""
    import random

    from framing.measure.scorer import Scorer
    from framing.scale.stream import synthetic_articles
    from framing.text.arabic import sentence_spans, tokenise
    from framing.text.corpus import load_corpus

    scorer = Scorer()
    letters = re.compile("[\u0621-\u064a]+")  # plain words: no marks, quotes or digits
    quiet = [t.surface for a in load_corpus() for t in tokenise(a.text)
             if letters.fullmatch(t.surface) and not scorer.engine.lookups[t.norm]]
    rng = random.Random(seed + 1)
    word = re.compile(r"\w+")

    def filler(sentence: str) -> str:
        k = max(1, len(word.findall(sentence)))
        words = [rng.choice(quiet) for _ in range(k)]
        for j in range(7, k - 1, 8):
            words[j] += "،"
        return " ".join(words) + "."

    for article_id, text in synthetic_articles(n, seed=seed):
        paragraphs = []
        for paragraph in text.split("\n"):
            parts = [paragraph[a:b] for a, b in sentence_spans(paragraph)]
            paragraphs.append(" ".join(p if rng.random() < density else filler(p) for p in parts))
        yield article_id, "\n".join(paragraphs)


def run_density(folder: Path, n: int, seed: int, resamples: int, densities: list[float],
                repeat: int = 3) -> None:
    """Bare pass and ``--jobs 1`` on corpora of decreasing mention density
    (each timed ``repeat`` times, the fastest run kept: on a shared machine
    the minimum is the least noisy estimate)."""
    import csv

    from framing.scale.stream import write_jsonl

    head = (f"{'density':>7} {'mentions/art':>12} {'per 1k tok':>10} {'bare s':>7} "
            f"{'score s':>8} {'x bare':>6} {'ms/art':>7}")
    lines = [head, "-" * len(head)]
    for density in densities:
        corpus = folder / f"diluted_{n}_{density}.jsonl"
        if not corpus.exists():
            write_jsonl(corpus, diluted_articles(n, seed, density))
        out = folder / f"diluted_{n}_{density}.csv"
        bare = score = None
        for _ in range(repeat):  # alternating, the fastest of each kept
            b = measure([PYTHON, "-c", BARE, str(corpus)], "bare")
            s = measure([PYTHON, "-m", "framing", "score", str(corpus), "-o", str(out),
                         "--resamples", str(resamples), "--no-progress", "--jobs", "1"], "score")
            bare = b if bare is None or b["seconds"] < bare["seconds"] else bare
            score = s if score is None or s["seconds"] < score["seconds"] else score
        with open(out, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        frames = sum(sum(int(r[c]) for c in ("terrorism", "revolution", "legitimising",
                                             "delegitimising")) for r in rows)
        tokens = sum(int(r["tokens"]) for r in rows)
        lines.append(f"{density:>7.2f} {frames / n:>12.1f} {1000 * frames / tokens:>10.1f} "
                     f"{bare['seconds']:>7.1f} {score['seconds']:>8.1f} "
                     f"{score['seconds'] / bare['seconds']:>6.2f} "
                     f"{1000 * score['seconds'] / n:>7.3f}")
        print(lines[-1], flush=True)
    print()
    print("\n".join(lines))
    print("(mentions: frame mentions of the four families; actors and titles come on top)")


def profile(n: int, seed: int) -> None:
    """cProfile of the in-process scorer on ``n`` synthetic articles."""
    import cProfile
    import pstats

    from framing.measure.scorer import Scorer
    from framing.scale.stream import synthetic_articles

    scorer = Scorer()
    articles = list(synthetic_articles(n, seed=seed))
    for i, t in articles[:200]:
        scorer.score(i, t)  # warm the caches
    prof = cProfile.Profile()
    prof.enable()
    for i, t in articles:
        scorer.score(i, t)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--no-mentions", action="store_true",
                        help="leave out framing mentions")
    parser.add_argument("--liwc", metavar="PYTHON",
                        help="a Python with the liwc package: time the liwc peer too")
    parser.add_argument("--before", metavar="DIR",
                        help="a source tree (e.g. a checkout of main): time its framing score "
                             "--jobs 1 in the same run")
    parser.add_argument("--keep", metavar="DIR", help="build the corpora here and keep them")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead: cProfile the scorer on N articles")
    parser.add_argument("--density", type=float, nargs="+", metavar="F",
                        help="instead: bare vs --jobs 1 on corpora where a sentence is a seed "
                             "sentence with probability F (else a filler), first --sizes value")
    parser.add_argument("--repeat", type=int, default=3, metavar="R",
                        help="with --density: time each corpus R times, keep the fastest")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.seed)
        return
    if args.density:
        with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
            folder = Path(args.keep) if args.keep else Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            run_density(folder, args.sizes[0], args.seed, args.resamples, args.density,
                        args.repeat)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="framing-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for n in args.sizes:
            print(f"{n} articles …", flush=True)
            rows += run_size(folder, n, args.seed, args.resamples, not args.no_dask,
                             args.liwc, args.before, not args.no_mentions)
        print()
        print(table(rows))
        print()
        print(goals(rows))
        if args.json:
            Path(args.json).write_text(json.dumps(
                [{k: v for k, v in r.items() if k not in ("stdout", "stderr")} for r in rows],
                indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
