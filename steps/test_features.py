"""Binds every scenario of features/ to pytest (the step definitions are loaded by conftest.py)."""

from pytest_bdd import scenarios

scenarios("edfi/student_cohort_association.feature")
scenarios("linkit/program_assignment.feature")
