"""Start the built-in reference target and describe it as a profile."""

from __future__ import annotations

from . import reference
from .masking import Secret
from .profile import EdfiProfile, LinkitProfile, Profile

BUILTIN_SOURCE = "built-in reference target"


def profile_for(target: reference.RunningTarget, source: str = BUILTIN_SOURCE) -> Profile:
    creds = target.state.credentials
    return Profile(
        source,
        EdfiProfile(target.edfi_base_url, target.token_url, creds.edfi_client_id, Secret(creds.edfi_client_secret)),
        LinkitProfile(target.linkit_base_url, creds.linkit_access_key, Secret(creds.linkit_secret)),
    )


def start_builtin_target() -> tuple[reference.RunningTarget, Profile]:
    target = reference.start()
    return target, profile_for(target)
