"""The run's outputs: certification.json/.html, junit.xml, Allure extras, the console summary.

Imports ``record``, the seal (the report's first line and seal section) and the shared root modules;
the verdict rule itself lives in ``record.verdict``.
"""
