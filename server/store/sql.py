"""The storage semantics both SQL backends share, written once.

SQLite and PostgreSQL differ in connections, schema DDL, locking and error codes; what a call
*means* (which rows change, in which order, what is a Conflict) is here, so the two backends
cannot drift apart. SQL is written with `?` placeholders and portable syntax (ON CONFLICT,
partial indexes); the PostgreSQL backend translates the placeholders.

A backend provides `_read(fn)` and `_write(fn, sync_dirs=())`, each calling `fn(cursor)` inside
one transaction and returning its result once committed (mapping its errors onto StoreFull /
StoreUnavailable), plus the hooks `_lock_keyring`, `_after_delete` and `_check_write_space`.
"""

import datetime
import json
import logging
import secrets
import time

from . import base
from .base import Conflict, StoreUnavailable, new_reference, utc_now
from .blobs import BlobDir, remove_quietly

log = logging.getLogger("anlaufstelle.store")

ACCOUNT_FIELDS = ("name", "role", "public_key", "kdf", "wrapped_secret_key", "login_token_sha256",
                  "office_key_wrap", "totp_secret", "totp_pending", "must_change_passphrase", "created_at")
JSON_FIELDS = ("kdf", "wrapped_secret_key")
REQUIRED_FIELDS = ("name", "role", "public_key", "kdf", "wrapped_secret_key", "login_token_sha256")
ROLES = ("admin", "intake")
ACCOUNT_SELECT = "SELECT " + ", ".join(ACCOUNT_FIELDS) + " FROM accounts"
CHUNK = 500  # rows per DELETE ... IN (...)
CASE_FIELDS = ("locator", "salt", "public_key", "token_sha256", "opslimit", "memlimit", "created_at")
ITEM_FIELDS = ("id", "author", "audience", "created_at", "size", "read_by_applicant_at", "read_by_office_at")
READ_COLUMNS = {"applicant": "read_by_applicant_at", "office": "read_by_office_at"}
UPLOAD_FIELDS = ("id", "locator", "length", "offset", "expires_at", "item")


def shared_tables(boolean, serial):
    """The tables of versions 2 and 3 that both backends create alike (the DDL differs only in
    the type of a flag column, `boolean`: the dialect's "BOOLEAN ... DEFAULT FALSE" or INTEGER,
    and of a row number in insertion order, `serial`: its auto-numbered primary key)."""
    return [
        """CREATE TABLE IF NOT EXISTS office_keys(
            key_id TEXT PRIMARY KEY,
            public_key TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('current', 'retired')),
            wrap TEXT,
            created_at TEXT NOT NULL)""",
        "CREATE UNIQUE INDEX IF NOT EXISTS office_keys_one_current ON office_keys(status) WHERE status = 'current'",
        f"""CREATE TABLE IF NOT EXISTS accounts(
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('admin', 'intake')),
            public_key TEXT NOT NULL,
            kdf TEXT NOT NULL,
            wrapped_secret_key TEXT NOT NULL,
            login_token_sha256 TEXT NOT NULL,
            office_key_wrap TEXT,
            totp_secret TEXT,
            totp_pending TEXT,
            must_change_passphrase {boolean},
            created_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS sessions(
            hash TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS sessions_name ON sessions(name)",
        """CREATE TABLE IF NOT EXISTS settings(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL)""",
        # Version 3: the case channel (issue 11).
        """CREATE TABLE IF NOT EXISTS cases(
            locator TEXT PRIMARY KEY,
            salt TEXT NOT NULL,
            public_key TEXT NOT NULL,
            token_sha256 TEXT NOT NULL,
            opslimit BIGINT NOT NULL,
            memlimit BIGINT NOT NULL,
            created_at TEXT NOT NULL)""",
        f"""CREATE TABLE IF NOT EXISTS case_items(
            seq {serial},
            id TEXT UNIQUE NOT NULL,
            locator TEXT NOT NULL,
            author TEXT NOT NULL CHECK (author IN ('applicant', 'office')),
            audience TEXT NOT NULL CHECK (audience IN ('case', 'office')),
            created_at TEXT NOT NULL,
            size BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            blob TEXT NOT NULL,
            read_by_applicant_at TEXT,
            read_by_office_at TEXT)""",
        "CREATE INDEX IF NOT EXISTS case_items_locator ON case_items(locator, seq)",
        """CREATE TABLE IF NOT EXISTS case_submissions(
            reference TEXT PRIMARY KEY,
            locator TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS case_submissions_locator ON case_submissions(locator)",
        """CREATE TABLE IF NOT EXISTS case_uploads(
            id TEXT PRIMARY KEY,
            locator TEXT NOT NULL,
            length BIGINT NOT NULL,
            upload_offset BIGINT NOT NULL,
            expires_at TEXT NOT NULL,
            item TEXT)""",
        "CREATE INDEX IF NOT EXISTS case_uploads_expires_at ON case_uploads(expires_at)",
    ]


def _account(row):
    account = dict(zip(ACCOUNT_FIELDS, row))
    for field in JSON_FIELDS:
        account[field] = json.loads(account[field])
    account["must_change_passphrase"] = bool(account["must_change_passphrase"])
    return account


def _column_value(field, value):
    if field in JSON_FIELDS:
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    if field == "must_change_passphrase":
        return bool(value)
    if field == "role" and value not in ROLES:
        raise ValueError("role must be admin or intake")
    return value


def _plus_days(received_at, days):
    t = datetime.datetime.fromisoformat(received_at[:-1]) + datetime.timedelta(days=days)
    return t.strftime(base.TIME_FORMAT)


def _chunks(items):
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


class SqlStore(base.Store):
    def __init__(self, config, blob_dir, grace_seconds):
        self.default_submission_days = config.submission_days
        self.blobs = BlobDir(blob_dir, config.min_free_bytes, grace_seconds)

    # hooks a backend may override
    def _lock_keyring(self, cur):
        """Serialise key and account changes across processes (SQLite's write lock already does)."""

    def _after_delete(self):
        """Make deleted rows unrecoverable from the database files, as far as the backend can."""

    def _check_write_space(self):
        """StoreFull before writing a row if the database's disk is nearly full (where known)."""

    # -- submissions ---------------------------------------------------------------------------
    def incoming(self):
        return self.blobs.incoming()

    def _save_blob(self, incoming, names, insert):
        """The one way a blob and its row become durable: fsync the upload, rename it to a final
        name carrying `name` (the next of `names` after a collision), fsync the directory, then
        commit its row: `insert(cur, name, rel, unix_time)` returns True once the row holds.
        Returns (name, unix_time). On failure the file is removed, unless the commit itself may
        have happened (then the file stays: either a row names it, or a later scan finds it; a
        duplicate beats a loss)."""
        incoming.finish()
        now = int(time.time())
        try:
            for name in names:
                rel = self.blobs.place(incoming, name, now)
                if self._write(lambda cur, name=name, rel=rel: insert(cur, name, rel, now), sync_dirs=[rel]):
                    incoming.saved = True
                    return name, now
            raise StoreUnavailable("could not find a free name")
        except BaseException as e:
            if not getattr(e, "maybe_committed", False):
                remove_quietly(incoming.path)
            incoming.saved = True  # nothing left for __exit__ to remove
            raise

    def save_submission(self, incoming, key_id_hex, case_locator=None):
        """A fresh reference for the upload (drawn again on a collision); with `case_locator` the
        link to the case is in the same transaction as the row."""
        def insert(cur, reference, rel, now):
            cur.execute("INSERT INTO submissions(reference, received_at, size, sha256, blob, key_id) "
                        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(reference) DO NOTHING",
                        (reference, utc_now(now), incoming.size, incoming.sha256, rel,
                         (key_id_hex or "").lower() or None))
            if cur.rowcount != 1:
                # Taken: by another submission (draw again), or by this very file, adopted by a
                # recovery scan meanwhile (then the row is already right).
                row = cur.execute("SELECT blob FROM submissions WHERE reference = ?", (reference,)).fetchone()
                return row is not None and row[0] == rel
            if case_locator is not None:
                cur.execute("INSERT INTO case_submissions(reference, locator) VALUES (?, ?)", (reference, case_locator))
            return True
        reference, now = self._save_blob(incoming, (new_reference() for _ in range(20)), insert)
        return reference, utc_now(now)

    def submission_days(self):
        return base.retention_days(self.get_setting("submission_days"), self.default_submission_days)

    def list_submissions(self):
        days = self.submission_days()
        rows = self._read(lambda cur: cur.execute(
            "SELECT reference, received_at, size FROM submissions ORDER BY received_at DESC, id DESC").fetchall())
        return [{"reference": r, "received_at": t, "size": s, "expires_at": _plus_days(t, days)}
                for r, t, s in rows]

    def open_submission(self, reference):
        row = self._read(lambda cur: cur.execute(
            "SELECT size, sha256, blob FROM submissions WHERE reference = ?", (reference,)).fetchone())
        if row is None:
            return None
        return row[0], self.blobs.open(row[2], row[0], row[1])

    def delete_submission(self, reference):
        """File first (with a directory fsync), then the row: a crash in between leaves a row
        whose blob is missing (deleted again next time), never a file that adoption would bring back."""
        row = self._read(lambda cur: cur.execute(
            "SELECT blob FROM submissions WHERE reference = ?", (reference,)).fetchone())
        if row is None:
            return False
        self.blobs.unlink([row[0]])
        def delete(cur):
            cur.execute("DELETE FROM case_submissions WHERE reference = ?", (reference,))
            return cur.execute("DELETE FROM submissions WHERE reference = ?", (reference,)).rowcount
        deleted = self._write(delete)
        self._after_delete()
        return deleted > 0

    # -- drafts --------------------------------------------------------------------------------
    def put_draft(self, draft_id, body, now_iso, cutoff_iso):
        self._check_write_space()

        def put(cur):
            cur.execute("INSERT INTO drafts(id, updated_at, body) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE "
                        "SET updated_at = excluded.updated_at, body = excluded.body", (draft_id, now_iso, bytes(body)))
            cur.execute("DELETE FROM drafts WHERE updated_at < ?", (cutoff_iso,))
        self._write(put)

    def get_draft(self, draft_id):
        row = self._read(lambda cur: cur.execute("SELECT body FROM drafts WHERE id = ?", (draft_id,)).fetchone())
        return bytes(row[0]) if row else None

    def delete_draft(self, draft_id):
        self._write(lambda cur: cur.execute("DELETE FROM drafts WHERE id = ?", (draft_id,)).rowcount)

    # -- cases (issue 11) ----------------------------------------------------------------------
    def create_case(self, case):
        values = [case[f] for f in CASE_FIELDS]

        def insert(cur):
            cur.execute(f"INSERT INTO cases({', '.join(CASE_FIELDS)}) VALUES ({', '.join('?' * len(values))}) "
                        "ON CONFLICT(locator) DO NOTHING", values)
            if cur.rowcount != 1:
                raise Conflict("the locator is taken")
        self._check_write_space()
        self._write(insert)

    def get_case(self, locator):
        row = self._read(lambda cur: cur.execute(
            f"SELECT {', '.join(CASE_FIELDS)} FROM cases WHERE locator = ?", (locator,)).fetchone())
        return dict(zip(CASE_FIELDS, row)) if row else None

    def list_cases(self):
        def read(cur):
            return cur.execute(
                "SELECT c.locator, c.created_at, MAX(i.created_at), "
                "SUM(CASE WHEN i.author = 'applicant' AND i.read_by_office_at IS NULL THEN 1 ELSE 0 END) "
                "FROM cases c LEFT JOIN case_items i ON i.locator = c.locator "
                # A case holding only a draft ("save and continue later") is not the office's yet.
                "WHERE i.locator IS NOT NULL OR EXISTS (SELECT 1 FROM case_submissions s WHERE s.locator = c.locator) "
                "GROUP BY c.locator, c.created_at ORDER BY COALESCE(MAX(i.created_at), c.created_at) DESC, "
                "c.locator").fetchall()
        return [{"locator": loc, "created_at": at, "last_item_at": last, "unread": int(unread or 0)}
                for loc, at, last, unread in self._read(read)]

    def save_case_item(self, incoming, locator, author, audience, upload_id=None):
        """Make an uploaded envelope v2 an item of the case: (item id, created_at). With
        `upload_id`, that resumable upload records the item in the same transaction."""
        def insert(cur, item_id, rel, now):
            cur.execute("INSERT INTO case_items(id, locator, author, audience, created_at, size, sha256, blob) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (item_id, locator, author, audience, utc_now(now), incoming.size, incoming.sha256, rel))
            if upload_id is not None:
                cur.execute("UPDATE case_uploads SET item = ? WHERE id = ?", (item_id, upload_id))
            return True
        item_id, now = self._save_blob(incoming, [secrets.token_hex(16)], insert)
        return item_id, utc_now(now)

    def list_case_items(self, locator, audiences):
        """The case's items of the given audiences, oldest first."""
        marks = ", ".join("?" * len(audiences))
        rows = self._read(lambda cur: cur.execute(
            f"SELECT {', '.join(ITEM_FIELDS)} FROM case_items WHERE locator = ? AND audience IN ({marks}) "
            "ORDER BY seq", (locator, *audiences)).fetchall())
        return [dict(zip(ITEM_FIELDS, row)) for row in rows]

    def open_case_item(self, locator, item_id, audiences):
        """(size, verified file) of the item, or None (no such item of that case and audience)."""
        marks = ", ".join("?" * len(audiences))
        row = self._read(lambda cur: cur.execute(
            f"SELECT size, sha256, blob FROM case_items WHERE id = ? AND locator = ? AND audience IN ({marks})",
            (item_id, locator, *audiences)).fetchone())
        return None if row is None else (row[0], self.blobs.open(row[2], row[0], row[1]))

    def mark_case_item_read(self, locator, item_id, reader, now_iso, audiences):
        """Set the item's read time for `reader` ("applicant" or "office") unless set; True if
        the item exists (of that case and audience)."""
        column, marks = READ_COLUMNS[reader], ", ".join("?" * len(audiences))

        def mark(cur):
            cur.execute(f"UPDATE case_items SET {column} = ? WHERE id = ? AND locator = ? "
                        f"AND audience IN ({marks}) AND {column} IS NULL", (now_iso, item_id, locator, *audiences))
            return cur.execute(f"SELECT 1 FROM case_items WHERE id = ? AND locator = ? AND audience IN ({marks})",
                               (item_id, locator, *audiences)).fetchone() is not None
        return self._write(mark)

    def case_submissions(self, locator):
        """References of the case's submissions that still exist, oldest first."""
        rows = self._read(lambda cur: cur.execute(
            "SELECT s.reference FROM case_submissions c JOIN submissions s ON s.reference = c.reference "
            "WHERE c.locator = ? ORDER BY s.received_at, s.id", (locator,)).fetchall())
        return [r[0] for r in rows]

    # -- resumable uploads (tus) ---------------------------------------------------------------
    def create_upload(self, upload_id, locator, length, expires_at_iso, now_iso, max_open):
        """False (and nothing created) when the case has `max_open` unfinished uploads that have
        not expired: counted and inserted in one statement, so two processes cannot both pass."""
        self._check_write_space()
        return self._write(lambda cur: cur.execute(
            "INSERT INTO case_uploads(id, locator, length, upload_offset, expires_at) SELECT ?, ?, ?, 0, ? "
            "WHERE (SELECT COUNT(*) FROM case_uploads WHERE locator = ? AND item IS NULL AND expires_at > ?) < ?",
            (upload_id, locator, length, expires_at_iso, locator, now_iso, max_open)).rowcount) == 1

    def get_upload(self, locator, upload_id):
        """{"id", "locator", "length", "offset", "expires_at"} or None."""
        row = self._read(lambda cur: cur.execute(
            "SELECT id, locator, length, upload_offset, expires_at, item FROM case_uploads WHERE id = ? AND locator = ?",
            (upload_id, locator)).fetchone())
        return dict(zip(UPLOAD_FIELDS, row)) if row else None

    def advance_upload(self, upload_id, old_offset, new_offset):
        """Record that the upload's file holds `new_offset` bytes (fsynced); False if its offset
        was no longer `old_offset` (another request got there first) or it is gone."""
        return self._write(lambda cur: cur.execute(
            "UPDATE case_uploads SET upload_offset = ? WHERE id = ? AND upload_offset = ?",
            (new_offset, upload_id, old_offset)).rowcount) == 1

    def delete_upload(self, upload_id):
        """File first, then the row (as for submissions); True if there was a row."""
        remove_quietly(self.blobs.upload_path(upload_id))
        return self._write(lambda cur: cur.execute(
            "DELETE FROM case_uploads WHERE id = ?", (upload_id,)).rowcount) > 0

    # -- office keys ---------------------------------------------------------------------------
    def office_keys(self):
        def read(cur):
            return cur.execute("SELECT key_id, public_key, status, wrap FROM office_keys "
                               "ORDER BY created_at DESC, key_id").fetchall()
        rows = self._read(read)
        current = [{"key_id": k, "public_key": p} for k, p, s, _ in rows if s == "current"]
        if not current:
            return None
        return {"current": current[0],
                "retired": [{"key_id": k, "public_key": p, "wrap": w} for k, p, s, w in rows if s == "retired"]}

    def _insert_account(self, cur, account, now_iso):
        account = dict(account)
        missing = [f for f in REQUIRED_FIELDS if not account.get(f)]
        unknown = set(account) - set(ACCOUNT_FIELDS)
        if missing or unknown:
            raise ValueError("account fields missing or unknown")
        account.setdefault("must_change_passphrase", False)
        account.setdefault("created_at", now_iso)
        values = [_column_value(f, account.get(f)) for f in ACCOUNT_FIELDS]
        cur.execute(f"INSERT INTO accounts({', '.join(ACCOUNT_FIELDS)}) VALUES ({', '.join('?' * len(values))}) "
                    "ON CONFLICT(name) DO NOTHING", values)
        if cur.rowcount != 1:
            raise Conflict("an account with that name exists")

    def import_office(self, office):
        now = utc_now()

        def imp(cur):
            self._lock_keyring(cur)
            if cur.execute("SELECT 1 FROM office_keys LIMIT 1").fetchone():
                return False
            cur.execute("INSERT INTO office_keys(key_id, public_key, status, wrap, created_at) "
                        "VALUES (?, ?, 'current', NULL, ?)", (office["key_id"].lower(), office["public_key"], now))
            for key in office.get("retired", ()):
                cur.execute("INSERT INTO office_keys(key_id, public_key, status, wrap, created_at) "
                            "VALUES (?, ?, 'retired', ?, ?)", (key["key_id"].lower(), key["public_key"], key["wrap"], now))
            for account in office.get("staff", ()):
                self._insert_account(cur, account, now)
            return True
        return self._write(imp)

    def rotate_office_key(self, new_key, staff_wraps, retired_wraps, expected_current_key_id):
        now = utc_now()
        new_id = new_key["key_id"].lower()
        retired_wraps = {k.lower(): v for k, v in retired_wraps.items()}

        def rotate(cur):
            self._lock_keyring(cur)
            row = cur.execute("SELECT key_id FROM office_keys WHERE status = 'current'").fetchone()
            if row is None or row[0] != str(expected_current_key_id).lower():
                raise Conflict("the current office key has changed")
            names = {r[0] for r in cur.execute("SELECT name FROM accounts").fetchall()}
            if set(staff_wraps) != names:
                raise Conflict("every account needs exactly one wrap of the new key")
            older = {r[0] for r in cur.execute("SELECT key_id FROM office_keys").fetchall()}
            if set(retired_wraps) != older or new_id in older:
                raise Conflict("every older office key needs exactly one wrap under the new key")
            cur.execute("UPDATE office_keys SET status = 'retired' WHERE status = 'current'")
            for key_id, wrap in retired_wraps.items():
                cur.execute("UPDATE office_keys SET wrap = ? WHERE key_id = ?", (wrap, key_id))
            cur.execute("INSERT INTO office_keys(key_id, public_key, status, wrap, created_at) "
                        "VALUES (?, ?, 'current', NULL, ?)", (new_id, new_key["public_key"], now))
            for name, wrap in staff_wraps.items():
                cur.execute("UPDATE accounts SET office_key_wrap = ? WHERE name = ?", (wrap, name))
        self._write(rotate)

    # -- accounts ------------------------------------------------------------------------------
    def list_accounts(self):
        rows = self._read(lambda cur: cur.execute(ACCOUNT_SELECT + " ORDER BY name").fetchall())
        return [_account(r) for r in rows]

    def get_account(self, name):
        row = self._read(lambda cur: cur.execute(ACCOUNT_SELECT + " WHERE name = ?", (name,)).fetchone())
        return _account(row) if row else None

    def add_account(self, account):
        def add(cur):
            self._lock_keyring(cur)
            self._insert_account(cur, account, utc_now())
        self._write(add)

    def update_account(self, name, /, **fields):
        if not fields:
            return self.get_account(name) is not None
        if "name" in fields or set(fields) - set(ACCOUNT_FIELDS):
            raise ValueError("unknown or unchangeable account field")
        names = sorted(fields)
        values = [_column_value(f, fields[f]) for f in names] + [name]
        sql = "UPDATE accounts SET " + ", ".join(f"{f} = ?" for f in names) + " WHERE name = ?"
        return self._write(lambda cur: cur.execute(sql, values).rowcount) > 0

    def remove_account(self, name):
        def remove(cur):
            self._lock_keyring(cur)
            cur.execute("DELETE FROM sessions WHERE name = ?", (name,))
            return cur.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount
        return self._write(remove) > 0

    # -- sessions ------------------------------------------------------------------------------
    def create_session(self, session_hash, name, now_iso):
        self._write(lambda cur: cur.execute(
            "INSERT INTO sessions(hash, name, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
            (session_hash, name, now_iso, now_iso)).rowcount)

    def get_session(self, session_hash):
        row = self._read(lambda cur: cur.execute(
            "SELECT name, created_at, last_seen_at FROM sessions WHERE hash = ?", (session_hash,)).fetchone())
        return dict(zip(("name", "created_at", "last_seen_at"), row)) if row else None

    def touch_session(self, session_hash, now_iso):
        self._write(lambda cur: cur.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE hash = ? AND last_seen_at < ?",
            (now_iso, session_hash, now_iso)).rowcount)

    def delete_session(self, session_hash):
        self._write(lambda cur: cur.execute("DELETE FROM sessions WHERE hash = ?", (session_hash,)).rowcount)

    def delete_sessions_of(self, name):
        return self._write(lambda cur: cur.execute("DELETE FROM sessions WHERE name = ?", (name,)).rowcount)

    # -- audit ---------------------------------------------------------------------------------
    def append_audit(self, at_iso, actor, action, target):
        self._write(lambda cur: cur.execute("INSERT INTO audit(at, actor, action, target) VALUES (?, ?, ?, ?)",
                                            (at_iso, actor, action, target)).rowcount)

    def list_audit(self, before_id=None, limit=100):
        limit = max(1, min(int(limit), 1000))
        before = int(before_id) if before_id is not None else 2 ** 62

        def read(cur):
            return cur.execute("SELECT id, at, actor, action, target FROM audit WHERE id < ? "
                               "ORDER BY id DESC LIMIT ?", (before, limit)).fetchall()
        return [dict(zip(("id", "at", "actor", "action", "target"), r)) for r in self._read(read)]

    # -- settings ------------------------------------------------------------------------------
    def get_setting(self, key):
        row = self._read(lambda cur: cur.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone())
        return row[0] if row else None

    def set_setting(self, key, value):
        self._write(lambda cur: cur.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, str(value))).rowcount)

    def setdefault_setting(self, key, value):
        """Store `value` unless `key` has one already; returns the value that holds. Atomic: of
        processes racing to create the same setting (the server secret) exactly one wins."""
        self._write(lambda cur: cur.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING", (key, str(value))).rowcount)
        return self.get_setting(key)

    # -- retention and recovery ----------------------------------------------------------------
    def expire(self, now_iso, submission_cutoff_iso, draft_cutoff_iso,
               session_idle_cutoff_iso, session_absolute_cutoff_iso):
        rows = self._read(lambda cur: cur.execute(
            "SELECT reference, blob FROM submissions WHERE received_at < ?", (submission_cutoff_iso,)).fetchall())
        self.blobs.unlink([blob for _, blob in rows])  # files first, as in delete_submission
        uploads = [r[0] for r in self._read(lambda cur: cur.execute(
            "SELECT id FROM case_uploads WHERE expires_at < ?", (now_iso,)).fetchall())]
        for upload_id in uploads:
            remove_quietly(self.blobs.upload_path(upload_id))

        def delete(cur):
            counts = {"submissions": 0, "uploads": 0}
            for chunk in _chunks(ref for ref, _ in rows):
                marks = ", ".join("?" * len(chunk))
                cur.execute(f"DELETE FROM case_submissions WHERE reference IN ({marks})", chunk)
                counts["submissions"] += cur.execute(
                    f"DELETE FROM submissions WHERE reference IN ({marks})", chunk).rowcount
            for chunk in _chunks(uploads):
                counts["uploads"] += cur.execute(
                    f"DELETE FROM case_uploads WHERE id IN ({', '.join('?' * len(chunk))})", chunk).rowcount
            counts["drafts"] = cur.execute("DELETE FROM drafts WHERE updated_at < ?", (draft_cutoff_iso,)).rowcount
            # A case made to save a draft that was never sent goes with its draft: nothing is
            # left in it (no item, submission, upload or draft) and it is older than a draft lives.
            counts["cases"] = cur.execute(
                "DELETE FROM cases WHERE created_at < ? "
                "AND NOT EXISTS (SELECT 1 FROM case_items i WHERE i.locator = cases.locator) "
                "AND NOT EXISTS (SELECT 1 FROM case_submissions s WHERE s.locator = cases.locator) "
                "AND NOT EXISTS (SELECT 1 FROM case_uploads u WHERE u.locator = cases.locator) "
                "AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.id = 'case:' || cases.locator)",
                (draft_cutoff_iso,)).rowcount
            counts["sessions"] = cur.execute(
                "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?",
                (session_idle_cutoff_iso, session_absolute_cutoff_iso)).rowcount
            return counts
        counts = self._write(delete)
        self._after_delete()
        return counts

    def recover_blobs(self, now=None):
        """Adopt each blob file that no row names, is older than the grace period and whose name
        carries a reference no row has: insert its row again (size and SHA-256 recomputed). Any
        other such file, and stale uploads in incoming/, go to quarantine/ (empty ones are
        removed: they hold nothing). Rows are read *before* the files are listed, so a blob placed
        meanwhile is young and left alone. Returns counts only."""
        now = time.time() if now is None else now
        known = {r[0] for r in self._read(lambda cur: cur.execute(
            "SELECT blob FROM submissions UNION ALL SELECT blob FROM case_items").fetchall())}
        counts = {"adopted": 0, "quarantined": 0, "missing": 0}
        for rel, parsed in self.blobs.stale_blobs(now):
            if rel in known:
                continue
            if parsed and self._adopt(rel, *parsed):
                counts["adopted"] += 1
            elif parsed is None or not self._names_blob(parsed[0], rel):
                counts["quarantined"] += self.blobs.quarantine(self.blobs.path(rel))
        for path, size in self.blobs.stale_incoming(now):
            if size == 0:
                remove_quietly(path)
            else:
                counts["quarantined"] += self.blobs.quarantine(path)
        counts["missing"] = sum(not self.blobs.exists(rel) for rel in known)
        if counts["adopted"] or counts["quarantined"] or counts["missing"]:
            log.warning("blob recovery: %(adopted)d adopted, %(quarantined)d quarantined, "
                        "%(missing)d row(s) without their blob", counts)
        return counts

    def _adopt(self, rel, reference, unix_time):
        try:
            size, digest, key_id = self.blobs.digest(rel)
        except FileNotFoundError:
            return False
        return self._write(lambda cur: cur.execute(
            "INSERT INTO submissions(reference, received_at, size, sha256, blob, key_id) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(reference) DO NOTHING",
            (reference, utc_now(unix_time), size, digest, rel, key_id)).rowcount == 1)

    def _names_blob(self, reference, rel):
        """True if the row of `reference` names this very file (another process adopted it)."""
        row = self._read(lambda cur: cur.execute(
            "SELECT blob FROM submissions WHERE reference = ?", (reference,)).fetchone())
        return row is not None and row[0] == rel
