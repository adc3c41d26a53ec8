"""Benchmark ``framing study`` on synthetic corpora (NOT part of the test suite).

Writes seeded synthetic corpora (``framing.scale.stream.synthetic_articles``: the
seeds' sentences resampled, 8–30 an article, ~935 tokens) as JSONL with a
date on every article, runs ``framing study CORPUS --output DIR`` once per
size in a fresh process, and reports the wall time, the time each notebook
took (from the command's progress lines), the peak RSS of the largest process
and the sampled peak of the whole process tree (the CLI and the kernels it
starts).

Usage::

    python benchmarks/bench_study.py                  # 1,000 and 10,000 articles
    python benchmarks/bench_study.py --sizes 200      # a quick run

Goals (issue "Reproducible anywhere", 2 cores): 1,000 articles under 5
minutes; 10,000 under 30 minutes with peak memory under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_score import TreeRss  # noqa: E402  (one memory sampler for both benchmarks)

ROOT = Path(__file__).resolve().parent.parent


def build_corpus(folder: Path, n: int, seed: int) -> Path:
    from framing.scale.stream import synthetic_articles

    path = folder / f"dated_{n}.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for k, (article_id, text) in enumerate(synthetic_articles(n, seed=seed)):
            date = f"{2014 + k % 6}-{1 + k % 12:02d}-{1 + k % 28:02d}"
            f.write(json.dumps({"id": article_id, "text": text, "date": date},
                               ensure_ascii=False) + "\n")
    return path


def run(corpus: Path, out: Path) -> dict:
    """Wall time, per-notebook times and peak memory of one ``framing study``."""
    cmd = [sys.executable, "-m", "framing", "study", str(corpus), "--output", str(out)]
    # The kernels import `framing` too: PYTHONPATH makes them (and the CLI) use
    # this checkout's code, whichever checkout the venv's editable install names.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")]))}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env=env)
    marks: list[tuple[str, float]] = []
    with TreeRss(proc.pid, interval=0.1) as rss:
        for line in proc.stderr:  # "executing NN_name.ipynb", one per notebook, as it starts
            if line.startswith("executing "):
                marks.append((line.split()[-1], time.perf_counter() - start))
        proc.wait()
        wall = time.perf_counter() - start
    peak, largest = rss.peak, rss.largest
    if proc.returncode:
        raise SystemExit(f"framing study failed on {corpus}: {marks[-1:]}")
    ends = [t for _, t in marks[1:]] + [wall]
    notebooks = {name: end - begin for (name, begin), end in zip(marks, ends)}
    return {"seconds": wall, "notebooks": notebooks, "largest_mb": largest / 1024,
            "tree_mb": peak / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-study-") as tmp:
        for n in args.sizes:
            corpus = build_corpus(Path(tmp), n, args.seed)
            result = run(corpus, Path(tmp) / f"study_{n}")
            per = "  ".join(f"{name[:2]} {s:.0f}s" for name, s in result["notebooks"].items())
            print(f"{n:>7,} articles  {corpus.stat().st_size / 1e6:6.1f} MB  "
                  f"{result['seconds']:7.0f} s  largest process {result['largest_mb']:6.0f} MB  "
                  f"tree {result['tree_mb']:6.0f} MB  |  {per}", flush=True)


if __name__ == "__main__":
    main()
