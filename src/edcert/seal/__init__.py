"""The seal of a report directory: manifest.json (a digest of every file and the facts of the run),
an optional Ed25519 signature, the zip bundle, and the offline verification a certifying body runs.

- ``published``: the suite digest published for each edcert version, shipped inside the package.
- ``runkind``: whether a run is a certification run (no selection, no weakening option, the published suite).
- ``manifest``: the manifest of a report directory.
- ``keys``: Ed25519 key pairs, signatures and fingerprints (the ``cryptography`` package).
- ``consistency``: what the reports must say of themselves (verdict from statuses, statuses from checks,
  evidence in evidence.har, every required scenario, no secret).
- ``verify``: every check of ``edcert verify`` over a directory or a zip.
- ``bundle``: the report directory as one zip.
- ``plugin``: the pytest options (--sign-key, --bundle) and the sealing at the end of a run.
"""
