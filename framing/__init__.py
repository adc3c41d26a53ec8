"""framing: how Arabic news media frame Khalifa Haftar and the Islamist factions.

The data flows one way, one folder per step::

    text/ (corpus → arabic: tokens) → measure/ (lexicon, match, voice, target → engine
    → mentions → scorer, scores) → report/ (plotting, kwic, annotate, validate, study)
          ↘ explore/ (overview, vocabulary: TF-IDF, keyness; topics: LDA)
    scale/ (stream, output) runs the measurement over large corpora; cli.py is the command.

A module imports only its own step and earlier ones (``tests/test_layout.py``).

Heavy libraries (gensim, matplotlib, scikit-learn) are imported inside the
modules that need them, so ``import framing`` stays fast.
"""

from __future__ import annotations

from framing.errors import FramingError

__version__ = "0.1.0"

__all__ = ["FramingError", "__version__"]
