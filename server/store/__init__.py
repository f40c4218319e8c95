"""Storage: `open_store(config)` picks the backend from `config.database`.

None or "sqlite": the embedded SQLite file `DATA/anlaufstelle.sqlite3` (no setup at all);
"postgresql://...": PostgreSQL through psycopg 3 and its pool (docs/OPERATIONS.md). Both keep
envelopes as files in `config.blob_path` (server/store/blobs.py says why) and behave the same
(tests/server/test_store_contract.py runs one suite against both).
"""

from .base import (BlobMissing, Conflict, Store, StoreError, StoreFull, StoreUnavailable,  # noqa: F401
                   parse_utc, utc_now)

DEFAULT_GRACE_SECONDS = 3600  # longer than any request may take (config.request_timeout + upload time)


def open_store(config, grace_seconds=None):
    """The configured store, schema created or migrated. `grace_seconds`: how old a blob file
    without a row must be before recovery adopts or quarantines it (tests shorten it)."""
    if grace_seconds is None:
        grace_seconds = getattr(config, "orphan_grace_seconds", DEFAULT_GRACE_SECONDS)
    if config.uses_postgres:
        from .postgres import PostgresStore
        return PostgresStore(config, grace_seconds=grace_seconds)
    from .sqlite import SQLiteStore
    return SQLiteStore(config, grace_seconds=grace_seconds)
