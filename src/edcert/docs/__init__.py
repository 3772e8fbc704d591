"""Generators of the README's reference tables (``python -m edcert.docs.fault_tables README.md``).

They read the fault registries of the reference packages and the requirements, and import nothing
else; nothing in the harness imports them.
"""
