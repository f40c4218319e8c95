"""Shared helpers of the storage tests: a store per test on either backend, envelopes, accounts.

A "store case" gets a fresh data directory (and, for PostgreSQL, a fresh database in the one
throw-away cluster of tests/server/pg.py) and closes and removes both afterwards.
"""

import dataclasses
import hashlib
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from server.config import Config  # noqa: E402
from server.store import open_store  # noqa: E402

KEY_ID = "0123456789abcdef"


def envelope(size=2000, marker=b""):
    """Bytes that start like an envelope (magic, version, flags, key id), then `marker`, then noise."""
    head = b"ANLS\x01\x00" + bytes.fromhex(KEY_ID) + marker
    return head + secrets.token_bytes(max(0, size - len(head)))


def save(store, data, chunk=65536):
    with store.incoming() as inc:
        for i in range(0, len(data), chunk):
            inc.write(data[i:i + chunk])
        return store.save_submission(inc, KEY_ID)


def read_all(store, reference, chunk=65536):
    size, f = store.open_submission(reference)
    with f:
        parts = iter(lambda: f.read(chunk), b"")
        data = b"".join(parts)
    assert size == len(data)
    return data


def account(name, role="intake", **extra):
    base = {
        "name": name, "role": role, "public_key": secrets.token_hex(16),
        "kdf": {"alg": "argon2id13", "salt": secrets.token_hex(8), "opslimit": 3, "memlimit": 67108864},
        "wrapped_secret_key": {"alg": "xchacha20poly1305-ietf", "nonce": "n", "ciphertext": "c"},
        "login_token_sha256": hashlib.sha256(name.encode()).hexdigest(),
        "office_key_wrap": "wrap-of-" + name,
    }
    base.update(extra)
    return base


def office(key_id="00000000000000aa", staff=()):
    return {"version": 2, "key_id": key_id, "public_key": "pk-" + key_id, "staff": list(staff)}


class Backend:
    """Where a test's store lives; `open()` may be called again (a restart on the same data)."""

    def __init__(self, postgres, **config):
        self.postgres = postgres
        self.data = tempfile.mkdtemp(prefix="anl-store-")
        self.db_name = None
        database = None
        if postgres:
            import pg
            self.cluster = pg.cluster()
            self.db_name, database = self.cluster.create_database()
        self.config = Config(data=self.data, database=database, **config)
        self.stores = []

    def open(self, **kwargs):
        store = open_store(self.config, **kwargs)
        self.stores.append(store)
        return store

    def replace(self, **fields):
        self.config = dataclasses.replace(self.config, **fields)

    def cleanup(self):
        for store in self.stores:
            try:
                store.close()
            except Exception:
                pass
        if self.db_name:
            self.cluster.drop_database(self.db_name)
        shutil.rmtree(self.data, ignore_errors=True)


def files_under(path):
    for root, _, names in os.walk(path):
        for name in names:
            yield os.path.join(root, name)


def grep(path, marker):
    """Files under `path` whose bytes contain `marker`."""
    hits = []
    for name in files_under(path):
        with open(name, "rb") as f:
            if marker in f.read():
                hits.append(os.path.relpath(name, path))
    return hits
