"""The suite digest published for each edcert version, shipped inside the package (published.json).

A run compares the digest of the suite it ran with the one published for its version; so does
``edcert verify``, with its own copy of this table, so an edited suite cannot publish itself.

After changing features/, steps/ or schemas/, publish the new digest for the current version:

    python -m edcert.seal.published --write

(``--check`` says whether the table matches the suite in the tree; the harness's tests run it.)
Digests of earlier versions stay in the table, so reports made by them can still be verified.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import cache
from pathlib import Path

from .. import __version__

PUBLISHED_FILE = Path(__file__).with_name("published.json")


@cache
def published_digests() -> dict[str, str]:
    """Version -> suite_sha256, as shipped."""
    try:
        table = json.loads(PUBLISHED_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in table.get("suite_sha256", {}).items()} if isinstance(table, dict) else {}


def published_digest(version: str = __version__) -> str | None:
    return published_digests().get(version)


def _write(digest: str) -> None:
    table = dict(published_digests())
    table[__version__] = digest
    text = json.dumps({"about": "suite_sha256 published for each edcert version; "
                       "regenerate with python -m edcert.seal.published --write",
                       "suite_sha256": dict(sorted(table.items()))}, indent=2) + "\n"
    PUBLISHED_FILE.write_text(text, encoding="utf-8")
    published_digests.cache_clear()


def main(argv: list[str] | None = None) -> int:
    from ..record.suite import suite_sha256

    parser = argparse.ArgumentParser(prog="python -m edcert.seal.published",
                                     description="Publish (or check) the suite digest of this edcert version.")
    parser.add_argument("--write", action="store_true", help="write the digest of the suite in the tree")
    parser.add_argument("--check", action="store_true", help="exit 1 when the published digest differs")
    args = parser.parse_args(argv)
    digest, published = suite_sha256(), published_digest()
    if args.write:
        _write(digest)
        print(f"published suite digest of edcert {__version__}: {digest}")
        return 0
    if digest == published:
        print(f"edcert {__version__}: the suite in the tree is the published one ({digest})")
        return 0
    print(f"edcert {__version__}: the suite in the tree ({digest}) differs from the published digest "
          f"({published or 'none'}); run python -m edcert.seal.published --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
