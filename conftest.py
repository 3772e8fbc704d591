"""Wires the conformance suite together: edcert's pytest plugin and every steps/*_steps.py module."""

from pathlib import Path

try:
    import edcert  # noqa: F401
except ImportError:  # pragma: no cover - the newcomer's first `pytest` before installing
    import sys

    sys.exit("edcert is not installed here: python3 -m venv .venv && .venv/bin/pip install -e '.[dev]', "
             "then .venv/bin/python -m pytest")

pytest_plugins = ["edcert.run.pytest_plugin",
                  *(f"steps.{path.stem}" for path in sorted((Path(__file__).parent / "steps").glob("*_steps.py")))]
