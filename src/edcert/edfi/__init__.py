"""The Ed-Fi v3 suite's library: OAuth2 client credentials, resource calls, scenario data, discovery.

Imports ``record``, ``http``, ``inputs``, ``profile`` and the shared root modules; never another suite,
the seal, the reports or the run.
"""
