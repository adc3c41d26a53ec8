"""Run the study: execute the numbered notebooks in order, headless, byte-stably.

``make reproduce`` calls ``python -m framing.study run notebooks``. Each notebook
runs in a fresh kernel with its own folder as working directory (so relative
paths in the notebooks mean the same in JupyterLab, here and under papermill
``--cwd``), and is written back in place. Two choices keep re-runs
byte-identical: cell timing is not recorded, and no run-dependent ids or
timestamps are written (nbclient adds none when ``record_timing`` is off).
Inline figures need the kernel's inline backend, so ``MPLBACKEND`` is removed
from the kernel's environment (exporting ``MPLBACKEND=Agg`` silently drops every
figure from an executed notebook).

Parameters are injected the way papermill does it: a cell tagged
``injected-parameters`` right after the cell tagged ``parameters``.

Example
-------
>>> from framing.study import execute_notebook                  # doctest: +SKIP
>>> execute_notebook("notebooks/01_corpus.ipynb", parameters={"output_root": "/tmp/out"})
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

INJECTED_TAG = "injected-parameters"


def notebook_paths(folder: str | Path) -> list[Path]:
    """The study's notebooks in reading order (``NN_name.ipynb``)."""
    return sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))


def _parameter_source(parameters: Mapping[str, object]) -> str:
    lines = ["# Parameters injected by framing.study"]
    lines += [f"{name} = {value!r}" for name, value in parameters.items()]
    return "\n".join(lines)


def inject_parameters(notebook, parameters: Mapping[str, object]):
    """Return a copy of ``notebook`` with an ``injected-parameters`` cell."""
    import copy

    import nbformat

    notebook = copy.deepcopy(notebook)
    cells = [c for c in notebook.cells if INJECTED_TAG not in c.metadata.get("tags", [])]
    position = next(
        (i + 1 for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", [])), 0
    )
    cell = nbformat.v4.new_code_cell(_parameter_source(parameters))
    cell.metadata["tags"] = [INJECTED_TAG]
    cell.id = "injected-parameters"
    cells.insert(position, cell)
    notebook.cells = cells
    return notebook


def execute_notebook(
    path: str | Path,
    *,
    parameters: Mapping[str, object] | None = None,
    output: str | Path | None = None,
    timeout: int = 600,
) -> Path:
    """Execute one notebook in a fresh kernel, in its own folder; write it to ``output``.

    ``output`` defaults to ``path`` (in place). Raises nbclient's
    ``CellExecutionError`` — with the failing cell and its traceback — on any
    error, so a broken notebook fails loudly.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(path).resolve()
    notebook = nbformat.read(path, as_version=4)
    if parameters:
        notebook = inject_parameters(notebook, parameters)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with _kernel_transport() as transport:
        client = NotebookClient(
            notebook,
            config=transport,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute(env=env)
    target = Path(output) if output is not None else path
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target


@contextmanager
def _kernel_transport() -> Iterator[object]:
    """The kernel's transport for one notebook run, as traitlets config.

    Where the platform has Unix sockets the kernel talks over IPC, through
    sockets in a private temporary folder: no localhost ports to race for
    when several kernels start at once (the test suite), nothing in plain
    TCP, and no "running over TCP without encryption" warning from
    ipykernel on every run. Elsewhere (Windows) the default, TCP.
    """
    from traitlets.config import Config

    if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
        yield Config()
        return
    with tempfile.TemporaryDirectory(prefix="framing-kernel-") as folder:
        yield Config({"KernelManager": {"transport": "ipc", "ip": os.path.join(folder, "k")}})


# The libraries whose versions decide a figure's bytes: matplotlib draws,
# FreeType (inside matplotlib) rasterises glyphs, libraqm shapes Arabic,
# kiwisolver solves the layout, numpy computes positions, Pillow encodes PNG,
# fontTools subsets the fonts embedded in PDF, zlib compresses both.
_RENDERING_PACKAGES = ("matplotlib", "numpy", "pillow", "fonttools", "kiwisolver")


def platform_fingerprint() -> dict[str, str]:
    """What figure bytes depend on: machine, Python, and the rendering libraries.

    Tables must be identical everywhere; PNG/PDF bytes only where this matches.
    Elsewhere figures are compared for what they show (:func:`figure_difference`).
    """
    import platform
    import zlib
    from importlib.metadata import version

    from matplotlib import ft2font

    return {
        "machine": platform.machine(),
        "system": platform.system(),
        "python": platform.python_version(),
        **{name: version(name) for name in _RENDERING_PACKAGES},
        "freetype": str(ft2font.__freetype_version__),
        "libraqm": str(getattr(ft2font, "__libraqm_version__", "none")),
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    }


# Largest RMS difference (0-255 grey levels) between two renderings of one
# figure that still counts as "shows the same": anti-aliasing and hinting move
# edge pixels between FreeType or Ghostscript versions, a changed bar, label or
# number moves far more.
FIGURE_TOLERANCE = 2.0


def figure_difference(produced: str | Path, tracked: str | Path,
                      tolerance: float = FIGURE_TOLERANCE) -> str | None:
    """``None`` when two figures show the same, else a one-line reason.

    PNG files are compared pixel by pixel; PDF files by page count and by
    their pages rendered with Ghostscript — never by bytes, which change with
    every release of the libraries that write them.

    Example
    -------
    >>> figure_difference("out/figures/04_voice.png", "figures/04_voice.png")  # doctest: +SKIP
    """
    from matplotlib.testing.compare import compare_images

    produced, tracked = Path(produced), Path(tracked)
    if produced.suffix == ".pdf":
        pages = (_pdf_page_count(produced), _pdf_page_count(tracked))
        if pages[0] != pages[1]:
            return f"{produced.name}: {pages[0]} pages, the tracked figure has {pages[1]}"
    try:
        result = compare_images(str(tracked), str(produced), tol=tolerance, in_decorator=True)
    except Exception as error:  # a size mismatch, or no Ghostscript to render a PDF with
        return f"{produced.name}: cannot be compared with the tracked figure: " + \
            " ".join(str(error).split())
    if result is None:
        return None
    return f"{produced.name}: differs from the tracked figure (RMS {result['rms']:.2f} > {tolerance})"


def _pdf_page_count(path: Path) -> int:
    """Pages of a PDF, counted from its page objects (matplotlib writes no object streams)."""
    import re

    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


FINGERPRINT_FILE = "PLATFORM.json"


def run(folder: str | Path) -> list[Path]:
    """Execute every notebook in ``folder`` in order, in place.

    Afterwards ``figures/PLATFORM.json`` (beside the notebooks' folder) records
    the platform the figures were drawn on (:func:`platform_fingerprint`).
    """
    import json

    paths = notebook_paths(folder)
    if not paths:
        raise SystemExit(f"framing.study: no NN_*.ipynb notebooks in {folder}")
    for path in paths:
        print(f"executing {path}", flush=True)
        execute_notebook(path)
    figures = Path(folder).resolve().parent / "figures"
    figures.mkdir(exist_ok=True)
    (figures / FINGERPRINT_FILE).write_text(
        json.dumps(platform_fingerprint(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2 or argv[0] != "run":
        print("usage: python -m framing.study run NOTEBOOK_FOLDER", file=sys.stderr)
        return 2
    run(argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
