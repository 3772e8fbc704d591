"""Wires the conformance suite together: edcert's pytest plugin and the step definitions."""

pytest_plugins = ["edcert.pytest_plugin", "steps.edfi_steps", "steps.linkit_steps"]
