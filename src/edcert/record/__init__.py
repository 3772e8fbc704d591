"""What a run records, and where: the scenarios it knows, the checks they pass or fail, their evidence,
and the verdict that follows from them.

- ``catalogue``: the scenarios of the feature files (ids, tags, whether required); ``suite``: where the
  features, steps and schemas live, and their digest; ``schemas``: the JSON Schemas of ``schemas/``.
- ``results``: each scenario's result and checks; ``checks``: the primitives a step uses to pass, warn
  or fail a requirement with the exchange it rests on; ``evidence`` and ``har``: the exchanges attached
  to a check, as Allure attachments and as evidence.har entries.
- ``run_state``: the state of one run; ``verdict``: the rule from scenario statuses to the verdict and
  the exit code; ``generated``: the data a run generates from its seed.
- ``report_dir`` and ``files``: the report directory (its lock) and files written whole or not at all.

Imports the shared modules of the root, ``http``, ``inputs``, ``profile`` and ``requirements``; never a
suite, the seal, the reports, the run or the reference packages. Every suite builds on it.
"""
