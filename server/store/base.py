"""The storage interface every backend implements, its errors and the time format.

The server's routes (server/submissions.py, server/drafts.py, server/staff_routes.py, ...) talk to
storage only through `Store`, so the embedded SQLite store and the PostgreSQL store are
interchangeable by configuration; tests/server/test_store_contract.py runs one suite against both.

Errors are few and mean one thing each to a client: `StoreUnavailable` (503: the database is down
or the store is read-only; retry later), `StoreFull` (507: no space; nothing was half-written),
`BlobMissing` (503: a row whose envelope file is gone), `Conflict` (409: the request lost a race or
names something that already exists). Every backend maps its own exceptions onto these, and never
caches a broken state: once the cause is gone, the next call works.
"""

import calendar
import re
import secrets
import time

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
REF_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
REF_PATTERN = f"[{REF_ALPHABET}]{{4}}-[{REF_ALPHABET}]{{4}}"
REF_RE = re.compile(REF_PATTERN)


class StoreError(Exception):
    """Base class of the storage errors below (never carries ids, references or bodies)."""


class StoreUnavailable(StoreError):
    """The database is unreachable or the store is read-only (HTTP 503 `store_unavailable`)."""


class StoreFull(StoreError):
    """ENOSPC/EDQUOT, or free space below `min_free_bytes` (HTTP 507 `insufficient_storage`)."""


class BlobMissing(StoreError):
    """A submission row whose envelope file is missing or damaged (HTTP 503 `blob_missing`)."""


class Conflict(StoreError):
    """The name exists already, or the state changed under the request (HTTP 409 `conflict`)."""


def utc_now(seconds=None):
    """UTC time as `YYYY-MM-DDTHH:MM:SSZ`: text order is time order, so SQL compares it directly."""
    return time.strftime(TIME_FORMAT, time.gmtime(seconds))


def parse_utc(text):
    """Unix seconds of a `utc_now` string."""
    return calendar.timegm(time.strptime(text, TIME_FORMAT))


def retention_days(setting, default):
    """The `submission_days` setting (admins change it) if it is a whole number >= 1, else `default`."""
    text = str(setting or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= 100000 else default


def new_reference():
    """A fresh `XXXX-XXXX` reference (30^8 ~ 6.6e11 values; collisions are retried by the store)."""
    chars = [secrets.choice(REF_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


class Store:
    """What the server needs from storage. All times are `utc_now` strings.

    Submissions: `incoming()` streams an upload to a temporary file (memory stays flat); the
    route checks the envelope from `incoming.path`, then `save_submission` makes it durable
    (blob file first, then the row) and only then returns: the 201 is a promise.
    """

    # -- blobs and submissions -----------------------------------------------------------------
    def incoming(self):
        """A context manager for one upload: `.write(bytes)`, `.size`, `.sha256` (hex after the
        last write), `.path` (the temp file), `.abort()`. Leaving the `with` block without a
        successful `save_submission` removes the temp file. Raises StoreFull / StoreUnavailable."""
        raise NotImplementedError

    def save_submission(self, incoming, key_id_hex, case_locator=None):
        """Make the upload durable and give it a fresh reference: returns (reference, received_at).
        With `case_locator`, the submission is linked to that case in the same transaction."""
        raise NotImplementedError

    def list_submissions(self):
        """[{"reference", "received_at", "size", "expires_at"}], newest first."""
        raise NotImplementedError

    def open_submission(self, reference):
        """(size, binary file object) for streaming, or None if there is no such reference.
        The caller closes the file. Raises BlobMissing if the row's file is gone or the wrong size."""
        raise NotImplementedError

    def delete_submission(self, reference):
        """Delete the row and its file for real; True if there was one."""
        raise NotImplementedError

    # -- drafts --------------------------------------------------------------------------------
    def put_draft(self, draft_id, body, now_iso, cutoff_iso):
        """Store or replace a draft atomically; also deletes drafts last written before cutoff_iso."""
        raise NotImplementedError

    def get_draft(self, draft_id):
        """The draft's bytes or None."""
        raise NotImplementedError

    def delete_draft(self, draft_id):
        raise NotImplementedError

    # -- cases (issue 11: the case channel) ----------------------------------------------------
    # case dict: locator, salt (base64), public_key (base64), token_sha256 (hex), opslimit,
    # memlimit, created_at. item dict: id, author ("applicant"|"office"), audience ("case"|
    # "office"), created_at, size, read_by_applicant_at, read_by_office_at (None until read).
    def create_case(self, case):
        """Insert a case; Conflict if its locator is taken."""
        raise NotImplementedError

    def get_case(self, locator):
        """The case dict or None."""
        raise NotImplementedError

    def list_cases(self):
        """[{"locator", "created_at", "last_item_at" (None without items), "unread" (the
        applicant's items the office has not read)}], the most recently active first."""
        raise NotImplementedError

    def save_case_item(self, incoming, locator, author, audience, upload_id=None):
        """Make an upload (checked as an envelope v2 by the route) an item of the case, durable as
        a submission is: returns (item id, created_at). With `upload_id`, the resumable upload's
        row records the item id in the same transaction (a lost answer can be asked again)."""
        raise NotImplementedError

    def list_case_items(self, locator, audiences):
        """The item dicts of the case whose audience is in `audiences`, oldest first."""
        raise NotImplementedError

    def open_case_item(self, locator, item_id, audiences):
        """(size, binary file object) like open_submission, or None."""
        raise NotImplementedError

    def mark_case_item_read(self, locator, item_id, reader, now_iso, audiences):
        """Set read_by_<reader>_at (the first time only); True if the item exists."""
        raise NotImplementedError

    def case_submissions(self, locator):
        """References of the case's submissions that still exist, oldest first."""
        raise NotImplementedError

    # -- resumable uploads of case items (tus 1.0) -----------------------------------------------
    # The bytes go to blobs.upload_path(id); the row keeps the length and the fsynced offset.
    def create_upload(self, upload_id, locator, length, expires_at_iso, now_iso, max_open):
        """True if created; False when the case already has `max_open` unfinished live uploads."""
        raise NotImplementedError

    def get_upload(self, locator, upload_id):
        """{"id", "locator", "length", "offset", "expires_at", "item" (None until finished)} or None."""
        raise NotImplementedError

    def advance_upload(self, upload_id, old_offset, new_offset):
        """Compare-and-set of the offset; False if it was not `old_offset` any more."""
        raise NotImplementedError

    def delete_upload(self, upload_id):
        """Remove the file and the row; True if there was a row."""
        raise NotImplementedError

    # -- office keys (protocol v2) -------------------------------------------------------------
    def office_keys(self):
        """{"current": {"key_id", "public_key"}, "retired": [{"key_id", "public_key", "wrap"}]}
        or None before the first import."""
        raise NotImplementedError

    def import_office(self, office):
        """Import an office key file v2 dict ({"key_id", "public_key", "staff": [account]}) into an
        empty store, atomically. False (and nothing changed) if the store has an office key."""
        raise NotImplementedError

    def rotate_office_key(self, new_key, staff_wraps, retired_wraps, expected_current_key_id):
        """In one transaction: the current key becomes retired, `new_key` becomes current, every
        account gets staff_wraps[name], every older key gets retired_wraps[key_id]. Conflict (and
        nothing changed) if the current key is not `expected_current_key_id`, if an account has
        no wrap or a wrap names no account, if an older key has no wrap, or if new_key exists."""
        raise NotImplementedError

    # -- accounts ------------------------------------------------------------------------------
    # account dict: name, role ("admin"|"intake"), public_key, kdf {alg,salt,opslimit,memlimit},
    # wrapped_secret_key {alg,nonce,ciphertext}, login_token_sha256, office_key_wrap,
    # totp_secret (base32|None), totp_pending (base32|None), must_change_passphrase (bool), created_at
    def list_accounts(self):
        """Every account dict, by name."""
        raise NotImplementedError

    def get_account(self, name):
        raise NotImplementedError

    def add_account(self, account):
        """Conflict if the name exists."""
        raise NotImplementedError

    def update_account(self, name, /, **fields):
        """Change some fields (not `name`); True if the account exists."""
        raise NotImplementedError

    def remove_account(self, name):
        """Delete the account, with its office-key wrap and its sessions; True if it existed."""
        raise NotImplementedError

    # -- sessions (shared by every process) ----------------------------------------------------
    def create_session(self, session_hash, name, now_iso):
        raise NotImplementedError

    def get_session(self, session_hash):
        """{"name", "created_at", "last_seen_at"} or None."""
        raise NotImplementedError

    def touch_session(self, session_hash, now_iso):
        raise NotImplementedError

    def delete_session(self, session_hash):
        raise NotImplementedError

    def delete_sessions_of(self, name):
        raise NotImplementedError

    # -- audit (append-only: there is no update or delete, and the schema refuses both) --------
    def append_audit(self, at_iso, actor, action, target):
        raise NotImplementedError

    def list_audit(self, before_id=None, limit=100):
        """[{"id", "at", "actor", "action", "target"}], newest first, ids below `before_id`."""
        raise NotImplementedError

    # -- settings ------------------------------------------------------------------------------
    def get_setting(self, key):
        raise NotImplementedError

    def set_setting(self, key, value):
        raise NotImplementedError

    def setdefault_setting(self, key, value):
        """`value` stored unless `key` has one; returns the value that holds (atomic across processes)."""
        raise NotImplementedError

    # -- retention (server/retention.py) -------------------------------------------------------
    def expire(self, now_iso, submission_cutoff_iso, draft_cutoff_iso,
               session_idle_cutoff_iso, session_absolute_cutoff_iso):
        """Delete for real what is older than the cutoffs, and uploads whose expires_at is before
        `now_iso`; also cases that hold nothing (no item, submission, upload or draft) made
        before `draft_cutoff_iso`; {"submissions", "drafts", "cases", "sessions", "uploads"}."""
        raise NotImplementedError

    def recover_blobs(self, now=None):
        """Adopt or quarantine blob files no row references and older than the grace period;
        never deletes a blob. Returns counts (server/store/blobs.py says how)."""
        raise NotImplementedError

    def close(self):
        raise NotImplementedError
