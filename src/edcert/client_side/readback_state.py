"""What the first phase of edcert readback found, kept in the report directory for the second phase.

Phase 1 (after the SIS did scenarios 1 and 2) remembers the id of each record it found; phase 2
(after scenario 3) reads the record of scenario 1 again and requires the same id: an update, not a
delete and re-create. The file holds ids and values only, never a credential.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

STATE_FILE = "readback-state.json"
READBACK_SCENARIOS = ("SCA-S1", "SCA-S2", "SCA-S3")


def readback_scenarios(text: str) -> tuple[str, ...]:
    """The scenarios of one readback phase; raises ValueError with the fix when they mix the phases."""
    chosen = tuple(dict.fromkeys(s.strip().upper().removeprefix("CLIENT-") for s in text.split(",") if s.strip()))
    unknown = [s for s in chosen if s not in READBACK_SCENARIOS]
    if unknown or not chosen:
        raise ValueError(f"--scenarios {text!r}: use SCA-S1,SCA-S2 (first phase) or SCA-S3 (second phase)")
    if "SCA-S3" in chosen and len(chosen) > 1:
        raise ValueError("--scenarios: SCA-S3 is read back in a second run, after the SIS did scenario 3; "
                         "read SCA-S1,SCA-S2 first")
    return chosen


@dataclass
class ReadbackState:
    path: Path
    base_url: str
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, report_dir: Path, base_url: str) -> ReadbackState:
        path = report_dir / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path, base_url)
        if not isinstance(data, dict) or data.get("base_url") != base_url or not isinstance(data.get("records"), dict):
            return cls(path, base_url)  # another API's first phase says nothing about this one
        return cls(path, base_url, data["records"])

    def remember(self, scenario: str, record_id: str, values: dict[str, Any]) -> None:
        self.records[scenario] = {"id": record_id, "values": values,
                                  "found_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"base_url": self.base_url, "records": self.records}, handle, indent=2)
        os.replace(tmp, self.path)

    def found(self, scenario: str) -> dict[str, Any] | None:
        return self.records.get(scenario)
