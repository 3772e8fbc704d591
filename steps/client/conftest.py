"""Wires the client-side steps. They are bound only when edcert listen or edcert readback judges a
client (both load edcert.run.client_plugin); plain `pytest` in the repository does not collect
this folder's tests, which have nothing to judge without a client."""

from __future__ import annotations

from pathlib import Path

import pytest

from steps.client.common_steps import *  # noqa: F403
from steps.client.edfi_listen_steps import *  # noqa: F403
from steps.client.edfi_token_steps import *  # noqa: F403
from steps.client.linkit_listen_steps import *  # noqa: F403
from steps.client.readback_steps import *  # noqa: F403
from steps.client.request_model_steps import *  # noqa: F403


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if config.getoption("edcert_client", default=None) is None and collection_path.name.startswith("test_"):
        return True
    return None
