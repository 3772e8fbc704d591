"""Binds the client features that judge an edcert listen session (features/client/edfi, features/client/linkit)."""

from pytest_bdd import scenarios

scenarios("client/edfi")
scenarios("client/linkit")
