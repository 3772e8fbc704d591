"""The pytest side of a certification: the plugins that make a pytest session an edcert run.

- ``pytest_plugin``: the options, the profile, the target (``builtin_target`` starts the reference one
  when no profile is given), which scenarios run, the fixtures the API suites' steps receive, and the
  reports at the end; ``tracking`` records each scenario's outcome as pytest reports it.
- ``client_plugin``: the same for ``edcert listen`` and ``edcert readback`` (loaded with ``-p``).
- ``bdd_lookup``: finding a pytest-bdd scenario's feature and Gherkin text.

The highest layer below the command line: it may import the suites, the reports and the seal; nothing but
``cli`` imports it.
"""
