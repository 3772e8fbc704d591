"""The client side's scenarios: those of features/client/, by folder."""

from __future__ import annotations

from ..record.catalogue import catalogue
from ..record.suite import suite_root


def client_specs(folders: tuple[str, ...], chosen: tuple[str, ...] | None = None) -> dict:
    """The scenarios of features/client/<folder> for these folders (for readback, only the chosen phase's)."""
    specs = catalogue(suite_root() / "features" / "client", folders)
    return {sid: spec for sid, spec in specs.items() if chosen is None or sid.removeprefix("CLIENT-") in chosen}
