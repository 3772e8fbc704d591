"""Ed25519 key pairs, signatures and fingerprints, with the ``cryptography`` package (no crypto of our own).

The private key is PKCS#8 PEM, unencrypted, written with mode 0600; the public key is
SubjectPublicKeyInfo PEM. A fingerprint is ``SHA256:`` and the unpadded base64 of the SHA-256 of the
raw 32-byte public key, as OpenSSH prints fingerprints.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import UsageError

ALGORITHM = "Ed25519"
_RAW = {"encoding": serialization.Encoding.Raw, "format": serialization.PublicFormat.Raw}


def public_raw(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(**_RAW)


def fingerprint(public: Ed25519PublicKey) -> str:
    digest = hashlib.sha256(public_raw(public)).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def generate(prefix: Path) -> tuple[Path, Path]:
    """Write PREFIX.key (mode 0600) and PREFIX.pub; never overwrite either."""
    private_path, public_path = Path(f"{prefix}.key"), Path(f"{prefix}.pub")
    for path in (private_path, public_path):
        if path.exists():
            raise UsageError(f"--out {prefix}: {path} exists already; choose another --out or remove it")
    if not private_path.parent.is_dir():
        raise UsageError(f"--out {prefix}: the folder {private_path.parent} does not exist; create it first")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        public_path.write_bytes(public_pem)
    except OSError as exc:
        raise UsageError(f"--out {prefix}: cannot write the key pair ({exc.strerror}); choose a folder you can "
                         "write to") from None
    return private_path, public_path


def _read(path: Path, option: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{option} {path}: cannot be read ({exc.strerror}); give the path of a key file") from None


def load_private(path: Path, option: str = "--sign-key") -> Ed25519PrivateKey:
    data = _read(path, option)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise UsageError(f"{option} {path}: not an unencrypted PEM private key; make one with edcert keygen") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{option} {path}: not an Ed25519 key; make one with edcert keygen")
    return key


def load_public(path: Path, option: str = "--public-key") -> Ed25519PublicKey:
    """A public key from its PEM file (a private key file gives its public half)."""
    data = _read(path, option)
    key: object
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        try:
            key = serialization.load_pem_private_key(data, password=None).public_key()
        except (ValueError, TypeError):
            raise UsageError(f"{option} {path}: not a PEM public key; give the .pub file edcert keygen wrote") from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{option} {path}: not an Ed25519 key; give the .pub file edcert keygen wrote")
    return key


def signature_block(key: Ed25519PrivateKey, data: bytes) -> dict[str, str]:
    public = key.public_key()
    return {"algorithm": ALGORITHM, "public_key": base64.b64encode(public_raw(public)).decode(),
            "fingerprint": fingerprint(public), "value": base64.b64encode(key.sign(data)).decode()}


def signature_problems(block: object, data: bytes) -> tuple[list[str], Ed25519PublicKey | None]:
    """What is wrong with a manifest's signature block over these bytes; and the key that signed it."""
    if not isinstance(block, dict) or block.get("algorithm") != ALGORITHM:
        return [f"the signature is not an {ALGORITHM} signature block"], None
    try:
        public = Ed25519PublicKey.from_public_bytes(base64.b64decode(str(block.get("public_key", "")), validate=True))
        value = base64.b64decode(str(block.get("value", "")), validate=True)
    except ValueError:
        return ["the signature block's public key or value is not valid base64 of an Ed25519 key and signature"], None
    problems = []
    if block.get("fingerprint") != fingerprint(public):
        problems.append(f"the signature names key {block.get('fingerprint')} but holds key {fingerprint(public)}")
    try:
        public.verify(value, data)
    except InvalidSignature:
        problems.append(f"the signature by key {fingerprint(public)} does not match manifest.json: the manifest "
                        "was changed after it was signed")
    return problems, public
