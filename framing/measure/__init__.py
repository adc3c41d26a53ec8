"""Step 2, the measurement: every lexicon hit with its voice and target, and the score row.

:mod:`~framing.measure.lexicon` (the YAML codebooks) →
:mod:`~framing.measure.match` (the inflected forms, the matcher) →
:mod:`~framing.measure.voice` (quotes, distancing markers, reported speech) and
:mod:`~framing.measure.target` (the target rules' data) →
:mod:`~framing.measure.engine` (the one per-article pass that yields the mention
records, every rule a named function) → :mod:`~framing.measure.mentions` (the
mentions table) → :mod:`~framing.measure.scorer` / :mod:`~framing.measure.scores`
(the score row, with :mod:`~framing.measure.uncertainty`'s intervals and
:mod:`~framing.measure.schema`'s columns). :mod:`~framing.measure.apply` runs the
engine's voice and target rules over a table you bring. Imports only
:mod:`framing.text` (and :mod:`framing.errors`).
"""
