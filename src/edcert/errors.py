"""The few exception types edcert raises, and how each one counts in a verdict.

- ``CheckFailed`` (an AssertionError): the target broke a requirement -> scenario ``failed``.
- ``TargetUnreachable``: the target could not be reached at all -> scenario ``error``.
- ``PrerequisiteMissing``: the data a scenario needs is not on the target -> ``error``.
- ``RecordOfAnotherClient``: a record the scenario must write belongs to another client -> ``error``.
- ``HarnessError``: edcert itself is wrong (a fixture that breaks its own schema) -> ``error``.
- ``ProfileError`` / ``UsageError``: the user's invocation or profile is wrong -> exit 2.
"""

from __future__ import annotations


class EdcertError(Exception):
    """Base of the errors edcert reports as one line, without a traceback."""


class UsageError(EdcertError):
    """The command line is wrong."""


class ProfileError(EdcertError):
    """The target profile is wrong: names the file, the key and the fix."""

    def __init__(self, path: str, key: str, problem: str, fix: str) -> None:
        self.path, self.key, self.problem, self.fix = path, key, problem, fix
        super().__init__(f"profile {path}: {key} {problem}; {fix}")


class TargetUnreachable(EdcertError):
    """No HTTP answer could be had: refused connection, unknown host, TLS failure."""


class PrerequisiteMissing(EdcertError):
    """A prerequisite record is missing on the target; never blamed on the scenario under test."""


class RecordOfAnotherClient(EdcertError):
    """The target refuses a write to a record that exists and was written by another client (ownership-based
    authorization): the API decides rightly for its own data, and nothing about the scenario can be judged."""


class HarnessError(EdcertError):
    """edcert produced something invalid; a bug in the suite or its fixtures, not in the target."""


class CheckFailed(AssertionError):
    """A required behaviour of the target was not observed."""
