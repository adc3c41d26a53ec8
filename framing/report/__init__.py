"""Step 3, what a reader sees: figures, KWIC, annotated articles, validation, the study.

Views of the mentions table and the score rows, nothing measured again:
:mod:`~framing.report.plotting` (with :mod:`~framing.report.fonts`),
:mod:`~framing.report.titles` (Haftar's titles against his rank),
:mod:`~framing.report.kwic`, :mod:`~framing.report.annotate`,
:mod:`~framing.report.synthesis` (the article-by-article comparison),
:mod:`~framing.report.quanteda` (the lexicon as a quanteda dictionary),
:mod:`~framing.report.validate` (the indices against a close reading) and
:mod:`~framing.report.study` (every notebook, in order).
"""
