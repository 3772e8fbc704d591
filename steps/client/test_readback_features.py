"""Binds the client features that judge what an SIS stored, read back by edcert readback (features/client/readback)."""

from pytest_bdd import scenarios

scenarios("client/readback")
