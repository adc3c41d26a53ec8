"""Step 1, the text: articles read and checked, Arabic tokenised.

:mod:`framing.text.corpus` loads a folder of articles (checksums, metadata) into
:class:`~framing.text.corpus.Article` objects; :mod:`framing.text.arabic`
normalises for matching and cuts the text into tokens, sentences, paragraphs
and clauses with character offsets. Nothing here knows a lexicon.
"""
