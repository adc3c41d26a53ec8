"""framing: how Arabic news media frame Khalifa Haftar and the Islamist factions.

The data flows one way, one module per step::

    corpus → arabic (tokens) → mentions → scores → plotting
                              ↘ vocabulary (TF-IDF, keyness), topics (LDA)

Heavy libraries (gensim, matplotlib, scikit-learn) are imported inside the
modules that need them, so ``import framing`` stays fast.
"""

from __future__ import annotations

from framing.errors import FramingError

__version__ = "0.1.0"

__all__ = ["FramingError", "__version__"]
