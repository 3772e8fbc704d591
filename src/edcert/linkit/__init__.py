"""The LinkIt! suite's library: signed URLs, JSON and XML bodies, the Result/Data/Error envelope.

Imports ``record``, ``http``, ``inputs``, ``profile`` and the shared root modules; never another suite,
the seal, the reports or the run.
"""
