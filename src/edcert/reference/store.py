"""SQLite state of the reference target: Ed-Fi resources and LinkIt! program enrolments.

All access goes through one connection guarded by a lock, and every mutation runs in
one transaction, so concurrent requests cannot interleave a read-modify-write.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    id TEXT PRIMARY KEY,
    resource TEXT NOT NULL,
    natural_key TEXT NOT NULL,
    body TEXT NOT NULL,
    etag TEXT NOT NULL,
    last_modified TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS resources_by_key ON resources (resource, natural_key);
CREATE TABLE IF NOT EXISTS programs (program_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS linkit_students (student_id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS enrolments (
    student_id INTEGER NOT NULL,
    program_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (student_id, program_id)
);
"""


@dataclass
class StoredResource:
    id: str
    resource: str
    natural_key: str
    body: dict
    etag: str
    last_modified: str


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_etag() -> str:
    return uuid.uuid4().hex[:16]


class Store:
    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        # A test fixture, not a system of record: no fsync on every commit (WAL stays consistent after a crash).
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._seq = self._conn.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM (SELECT seq FROM resources UNION ALL SELECT seq FROM enrolments)"
        ).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _next_seq(self) -> int:
        self._seq += 1
        return self._seq

    # --- Ed-Fi resources ------------------------------------------------------------------
    def _row(self, row: tuple | None) -> StoredResource | None:
        if row is None:
            return None
        rid, resource, key, body, etag, modified = row
        return StoredResource(rid, resource, key, json.loads(body), etag, modified)

    def get(self, resource: str, rid: str) -> StoredResource | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, resource, natural_key, body, etag, last_modified FROM resources"
                " WHERE resource = ? AND id = ?",
                (resource, rid),
            ).fetchone()
        return self._row(row)

    def find_by_key(self, resource: str, natural_key: str) -> StoredResource | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, resource, natural_key, body, etag, last_modified FROM resources"
                " WHERE resource = ? AND natural_key = ? ORDER BY seq LIMIT 1",
                (resource, natural_key),
            ).fetchone()
        return self._row(row)

    def all(self, resource: str) -> list[StoredResource]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, resource, natural_key, body, etag, last_modified FROM resources"
                " WHERE resource = ? ORDER BY seq",
                (resource,),
            ).fetchall()
        return [self._row(row) for row in rows]  # type: ignore[misc]

    def insert(self, resource: str, natural_key: str, body: dict, rid: str | None = None) -> StoredResource:
        record = StoredResource(rid or uuid.uuid4().hex, resource, natural_key, body, new_etag(), _now())
        with self._lock:
            self._conn.execute(
                "INSERT INTO resources (id, resource, natural_key, body, etag, last_modified, seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (record.id, resource, natural_key, json.dumps(body), record.etag, record.last_modified,
                 self._next_seq()),
            )
        return record

    def update(self, record: StoredResource, natural_key: str, body: dict, *,
               keep_etag: bool = False) -> StoredResource:
        updated = StoredResource(record.id, record.resource, natural_key, body,
                                 record.etag if keep_etag else new_etag(), _now())
        with self._lock:
            self._conn.execute(
                "UPDATE resources SET natural_key = ?, body = ?, etag = ?, last_modified = ? WHERE id = ?",
                (natural_key, json.dumps(body), updated.etag, updated.last_modified, record.id),
            )
        return updated

    def delete(self, rid: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM resources WHERE id = ?", (rid,))

    # --- LinkIt! programs -----------------------------------------------------------------
    def add_program(self, program_id: int, name: str) -> None:
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO programs VALUES (?, ?)", (program_id, name))

    def add_linkit_student(self, student_id: int) -> None:
        with self._lock:
            self._conn.execute("INSERT OR IGNORE INTO linkit_students VALUES (?)", (student_id,))

    def program_name(self, program_id: int) -> str | None:
        with self._lock:
            row = self._conn.execute("SELECT name FROM programs WHERE program_id = ?", (program_id,)).fetchone()
        return row[0] if row else None

    def student_exists(self, student_id: int) -> bool:
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM linkit_students WHERE student_id = ?", (student_id,)
            ).fetchone()
        return row is not None

    def programs_of(self, student_id: int) -> list[tuple[int, str]]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT e.program_id, COALESCE(p.name, '') FROM enrolments e"
                " LEFT JOIN programs p ON p.program_id = e.program_id"
                " WHERE e.student_id = ? ORDER BY e.seq",
                (student_id,),
            ).fetchall()
        return [(int(pid), name) for pid, name in rows]

    def enrol(self, student_id: int, program_id: int) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO enrolments VALUES (?, ?, ?)", (student_id, program_id, self._next_seq())
            )

    def withdraw(self, student_id: int, program_id: int) -> None:
        with self._lock:
            self._conn.execute(
                "DELETE FROM enrolments WHERE student_id = ? AND program_id = ?", (student_id, program_id)
            )

    def withdraw_all(self, student_id: int) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM enrolments WHERE student_id = ?", (student_id,))
