"""Writing result tables reproducibly: the one place a CSV's bytes are decided.

Six significant digits (enough for every score, and stable against last-bit
floating-point noise), LF line ends, UTF-8, no index — so re-running the study
rewrites ``results/`` byte for byte.

Example
-------
>>> import pandas as pd
>>> csv_text(pd.DataFrame({"a": [1 / 3]}))
'a\\n0.333333\\n'
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

CSV_FLOAT_FORMAT = "%.6g"


def csv_text(frame: pd.DataFrame) -> str:
    """``frame`` as reproducible CSV text."""
    return frame.to_csv(index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` as :func:`csv_text` (folders created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(csv_text(frame), encoding="utf-8", newline="\n")
    return path
