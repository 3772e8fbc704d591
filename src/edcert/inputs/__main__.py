"""``python -m edcert.inputs --write`` rewrites the model's tables in features and README; ``--check``
exits 1 when one is out of date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalogue import all_tables
from .render import stale_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edcert.inputs")
    parser.add_argument("--write", action="store_true", help="rewrite stale tables")
    parser.add_argument("--check", action="store_true", help="exit 1 when a table is stale")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository (default: here)")
    args = parser.parse_args(argv)
    stale = stale_files(args.root, all_tables(), write=args.write)
    for path in stale:
        print(f"{'rewrote' if args.write else 'stale'}: {path.relative_to(args.root)}")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
