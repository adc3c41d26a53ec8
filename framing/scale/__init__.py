"""Large corpora: streaming inputs, shards, engines, and writing a run's outputs.

:mod:`~framing.scale.stream` runs the one engine of :mod:`framing.measure` over
JSONL, Parquet or folders in bounded memory, on one core, local processes or
Dask (``framing score``, ``framing mentions``); :mod:`~framing.scale.output` is
how every command writes a file (never over an input, never half of one).
"""
