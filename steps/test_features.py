"""Binds every scenario of features/edfi and features/linkit to pytest (the step definitions are loaded
by conftest.py). Client-side features (features/client) are bound by their own room."""

from pytest_bdd import scenarios

scenarios("edfi")
scenarios("linkit")
