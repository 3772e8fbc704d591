"""Named faults of the reference target that leave a later check without the state it builds on: the check of
that state must fail, not the one built on it."""

from __future__ import annotations

from .base import Fault

STORED_STATE_FAULTS: tuple[Fault, ...] = (
    Fault("etag-unchanged-by-put", "edfi", "concurrency",
          "a PUT stores the change but keeps the ETag the association had, so the ETag before it never goes stale",
          ("SCA-N22", "SCA-N39"),
          ("EDFI-ETAG-CHANGES",)),
)
