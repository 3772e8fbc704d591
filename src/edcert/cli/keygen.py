"""`edcert keygen [--out PREFIX]`: write an Ed25519 key pair for signing reports (PREFIX.key, PREFIX.pub)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import EXIT_OK


def add_parser(commands: argparse._SubParsersAction) -> None:
    keygen = commands.add_parser("keygen", help="write an Ed25519 key pair for signing reports",
                                 description="Write an Ed25519 key pair: PREFIX.key (private, mode 0600; give it to "
                                 "edcert run --sign-key) and PREFIX.pub (public; give it to whoever verifies). "
                                 "Existing files are never overwritten.")
    keygen.add_argument("--out", default="edcert-signing", metavar="PREFIX",
                        help="path prefix of the two files (default: edcert-signing)")


def execute(args: argparse.Namespace, extra: list[str]) -> int:
    from ..seal.keys import fingerprint, generate, load_public

    private, public = generate(Path(args.out))
    print(f"edcert keygen: private key {private} (mode 0600; keep it secret), public key {public}; "
          f"fingerprint {fingerprint(load_public(public))}")
    return EXIT_OK
