"""Exploring the text beside the measurement: the corpus at a glance, vocabulary, topics.

:mod:`~framing.explore.overview` (sizes, what normalisation does),
:mod:`~framing.explore.vocabulary` (TF-IDF, keyness) and
:mod:`~framing.explore.topics` (LDA) read the tokens of :mod:`framing.text`;
no score depends on them.
"""
