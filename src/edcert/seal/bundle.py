"""The report directory as one zip beside it (DIR.zip): what a vendor sends to a certifying body."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from .manifest import MANIFEST_NAME, sealed_files

#: A fixed time for every member, so the same files give the same zip.
_STAMP = (2000, 1, 1, 0, 0, 0)


def bundle_path(report_dir: Path) -> Path:
    return report_dir.parent / f"{report_dir.name}.zip"


def write_bundle(report_dir: Path) -> Path:
    """Zip the sealed files and manifest.json, at the zip's root, written atomically."""
    target = bundle_path(report_dir)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name in [*sealed_files(report_dir), MANIFEST_NAME]:
                info = zipfile.ZipInfo(name, _STAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                bundle.writestr(info, (report_dir / name).read_bytes())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
