#!/usr/bin/env python3
"""Anlaufstelle server: the built web app plus the JSON API of docs/API.md.

Standard library only. The server never sees plaintext: it checks the *structure* of each
envelope (docs/PROTOCOL.md), stores it as an opaque blob and hands it to authenticated staff.

    python3 serve.py --host 127.0.0.1 --port 8080 --data ./data [--app DIR] [--max-submission-bytes N]
                     [--draft-days N]
"""

import argparse
import base64
import binascii
import contextlib
import hashlib
import hmac
import http.server
import json
import logging
import math
import os
import re
import secrets
import signal
import socket
import socketserver
import sqlite3
import sys
import tempfile
import threading
import time
from collections import deque
from http import HTTPStatus
from urllib.parse import unquote

log = logging.getLogger("anlaufstelle")

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_APP_DIR = os.path.join(HERE, "build", "web", "dist")
DEFAULT_MAX_SUBMISSION_BYTES = 32 * 1024 * 1024

REF_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
REF_RE = re.compile(f"[{REF_ALPHABET}]{{4}}-[{REF_ALPHABET}]{{4}}")
BLOB_NAME_RE = re.compile(r"[0-9a-f]{32}\.bin")
TMP_PREFIX = ".tmp-"

SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
     "img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)

MIME_TYPES = {
    ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
    ".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json",
}


def utc_now(seconds=None):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


# ---------------------------------------------------------------------------------------------
# Office key file
# ---------------------------------------------------------------------------------------------

def load_office_key(path):
    """Read office-key.json (PROTOCOL.md, "Office key file"); raise ValueError if unusable."""
    with open(path, "rb") as f:
        key = json.load(f)
    if not isinstance(key, dict):
        raise ValueError("not a JSON object")
    if key.get("version", 1) != 1:
        raise ValueError("unsupported key file version")
    if not re.fullmatch(r"[0-9a-fA-F]{16}", str(key.get("key_id", ""))):
        raise ValueError("key_id must be 16 hex digits")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", str(key.get("staff_token_sha256", ""))):
        raise ValueError("staff_token_sha256 must be 64 hex digits")
    try:
        public_key = base64.b64decode(str(key.get("public_key", "")), validate=True)
    except (binascii.Error, ValueError):
        public_key = b""
    if len(public_key) != 32:
        raise ValueError("public_key must be the base64 of 32 bytes")
    for section, fields in (("kdf", ("alg", "salt", "opslimit", "memlimit")),
                            ("wrapped_secret_key", ("alg", "nonce", "ciphertext"))):
        if not isinstance(key.get(section), dict) or any(f not in key[section] for f in fields):
            raise ValueError(f"{section} must have the fields {', '.join(fields)}")
    key["key_id"] = key["key_id"].lower()
    key["staff_token_sha256"] = key["staff_token_sha256"].lower()
    return key


# ---------------------------------------------------------------------------------------------
# Envelope structure check (no keys needed)
# ---------------------------------------------------------------------------------------------

HEADER_LEN = 96
PART_HEADER_LEN = 34
CHUNK_LEN = 65536
ABYTES = 17
PART_ANSWERS, PART_ATTACHMENT = 1, 2


class EnvelopeError(ValueError):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def ciphertext_length(plaintext_len):
    return plaintext_len + ABYTES * max(1, math.ceil(plaintext_len / CHUNK_LEN))


def check_envelope(data, key_id):
    """Walk an envelope (PROTOCOL.md) and raise EnvelopeError if its structure is wrong.

    `key_id` is the office key id as 8 raw bytes. Returns the number of parts.
    """
    def bad(message):
        return EnvelopeError("malformed_envelope", message)

    if len(data) < HEADER_LEN:
        raise bad("envelope is shorter than its header")
    if data[0:4] != b"ANLS" or data[4] != 1:
        raise EnvelopeError("unsupported_version", "not an Anlaufstelle version 1 envelope")
    if data[5] != 0:
        raise bad("unknown envelope flags")
    if data[6:14] != key_id:
        raise EnvelopeError("unknown_key", "envelope is not sealed to this office's key")
    part_count = int.from_bytes(data[94:96], "little")
    if part_count < 1:
        raise bad("envelope has no parts")
    offset = HEADER_LEN
    for index in range(part_count):
        if len(data) - offset < PART_HEADER_LEN:
            raise bad(f"part {index} is cut short")
        expected_type = PART_ANSWERS if index == 0 else PART_ATTACHMENT
        if data[offset] != expected_type or data[offset + 1] != 0:
            raise bad(f"part {index} has a wrong type or reserved byte")
        plaintext_len = int.from_bytes(data[offset + 2:offset + 10], "little")
        offset += PART_HEADER_LEN + ciphertext_length(plaintext_len)
        if offset > len(data):
            raise bad(f"part {index} runs past the end of the envelope")
    if offset != len(data):
        raise bad("trailing bytes after the last part")
    return part_count


# ---------------------------------------------------------------------------------------------
# Storage: SQLite (WAL) rows + one blob file per submission
# ---------------------------------------------------------------------------------------------

SCHEMA = """CREATE TABLE IF NOT EXISTS submissions(
    id INTEGER PRIMARY KEY,
    reference TEXT UNIQUE NOT NULL,
    received_at TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    blob TEXT NOT NULL)"""
# Save-and-return drafts (docs/PROTOCOL.md, "Drafts"): ciphertext only, small, kept inline, and
# found by id = SHA-256 of the token the browser derives from the applicant's save code.
# updated_at is UTC ISO time (utc_now), so text order is time order for the expiry DELETE.
DRAFTS_SCHEMA = """CREATE TABLE IF NOT EXISTS drafts(
    id TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    body BLOB NOT NULL)"""
DRAFTS_INDEX = "CREATE INDEX IF NOT EXISTS drafts_updated_at ON drafts(updated_at)"
# The first version of the table kept updated_at as Unix seconds: turn those into ISO time.
DRAFTS_MIGRATE = ("UPDATE drafts SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') "
                  "WHERE typeof(updated_at) IN ('integer', 'real')")
MAX_DRAFT_BYTES = 256 * 1024
DEFAULT_DRAFT_DAYS = 30
DRAFT_ID_PATTERN = r"[0-9a-f]{64}"
DRAFT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # base64url of 32 bytes, no padding


def new_reference():
    chars = [secrets.choice(REF_ALPHABET) for _ in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path):
    with contextlib.suppress(OSError):
        os.remove(path)


class Store:
    def __init__(self, data_dir, draft_days=DEFAULT_DRAFT_DAYS, clock=time.time):
        """`draft_days`: drafts not written for that long are deleted. `clock`: Unix seconds (tests)."""
        self.db_path = os.path.join(data_dir, "anlaufstelle.sqlite3")
        self.blob_dir = os.path.join(data_dir, "blobs")
        self.draft_days, self.clock = draft_days, clock
        os.makedirs(self.blob_dir, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
            db.execute(DRAFTS_SCHEMA)
            db.execute(DRAFTS_INDEX)
            db.execute(DRAFTS_MIGRATE)
        self.remove_orphans()
        removed = self.expire_drafts()
        if removed:
            log.info("removed %d expired draft(s)", removed)

    @contextlib.contextmanager
    def _connect(self):
        """One short-lived connection per operation, so threads never share one."""
        db = sqlite3.connect(self.db_path, timeout=15)
        try:
            db.execute("PRAGMA synchronous=FULL")  # a 201 must survive a power cut
            db.execute("PRAGMA secure_delete=ON")  # replaced, deleted and expired drafts are zeroed
            with db:  # commit on success, roll back on error
                yield db
        finally:
            db.close()

    def _blob_path(self, name):
        return os.path.join(self.blob_dir, *name.split("/"))

    def _write_blob(self, data):
        """Write data durably under blobs/ab/<32 hex>.bin; return the relative name."""
        name = secrets.token_hex(16)
        subdir = os.path.join(self.blob_dir, name[:2])
        if not os.path.isdir(subdir):
            os.makedirs(subdir, exist_ok=True)
            fsync_dir(self.blob_dir)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=subdir)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, os.path.join(subdir, name + ".bin"))
        except BaseException:
            remove_quietly(tmp)
            raise
        fsync_dir(subdir)
        return f"{name[:2]}/{name}.bin"

    def save(self, data):
        """Store one envelope: blob first, then the row. Returns (reference, received_at)."""
        blob = self._write_blob(data)
        digest, received_at = hashlib.sha256(data).hexdigest(), utc_now()
        try:
            for _ in range(20):
                reference = new_reference()
                try:
                    with self._connect() as db:
                        db.execute("INSERT INTO submissions(reference, received_at, size, sha256, blob) "
                                   "VALUES (?, ?, ?, ?, ?)", (reference, received_at, len(data), digest, blob))
                    return reference, received_at
                except sqlite3.IntegrityError:
                    continue  # reference already taken: draw another
            raise RuntimeError("could not find a free reference")
        except BaseException:
            remove_quietly(self._blob_path(blob))
            raise

    def _draft_cutoff(self):
        return utc_now(self.clock() - 86400 * self.draft_days)

    def put_draft(self, draft_id, body):
        """Store or replace a draft in one transaction: readers see the old or the new, never half.
        The same transaction deletes expired drafts (cheap: updated_at is indexed)."""
        with self._connect() as db:
            db.execute("INSERT INTO drafts(id, updated_at, body) VALUES (?, ?, ?) "
                       "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body",
                       (draft_id, utc_now(self.clock()), body))
            db.execute("DELETE FROM drafts WHERE updated_at < ?", (self._draft_cutoff(),))

    def get_draft(self, draft_id):
        with self._connect() as db:
            row = db.execute("SELECT body FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        return bytes(row[0]) if row else None

    def delete_draft(self, draft_id):
        with self._connect() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))

    def expire_drafts(self):
        """Delete drafts not written for `draft_days`; returns how many."""
        with self._connect() as db:
            return db.execute("DELETE FROM drafts WHERE updated_at < ?", (self._draft_cutoff(),)).rowcount

    def list(self):
        with self._connect() as db:
            rows = db.execute("SELECT reference, received_at, size FROM submissions ORDER BY id DESC").fetchall()
        return [{"reference": r, "received_at": t, "size": s} for r, t, s in rows]

    def load(self, reference):
        """The stored envelope bytes, or None if there is no such reference."""
        with self._connect() as db:
            row = db.execute("SELECT sha256, blob FROM submissions WHERE reference = ?", (reference,)).fetchone()
        if row is None:
            return None
        with open(self._blob_path(row[1]), "rb") as f:
            data = f.read()
        if not hmac.compare_digest(hashlib.sha256(data).hexdigest(), row[0]):
            raise RuntimeError("stored blob does not match its checksum")
        return data

    def remove_orphans(self):
        """Delete leftover temp files and blobs without a row (a crash between write and INSERT)."""
        with self._connect() as db:
            known = {name for (name,) in db.execute("SELECT blob FROM submissions")}
        removed = 0
        for sub in sorted(os.listdir(self.blob_dir)):
            subdir = os.path.join(self.blob_dir, sub)
            if not os.path.isdir(subdir):
                continue
            for name in os.listdir(subdir):
                orphan = BLOB_NAME_RE.fullmatch(name) and f"{sub}/{name}" not in known
                if name.startswith(TMP_PREFIX) or orphan:
                    os.remove(os.path.join(subdir, name))
                    removed += 1
        missing = sum(not os.path.isfile(self._blob_path(name)) for name in known)
        if removed:
            log.info("removed %d orphan or temporary blob file(s)", removed)
        if missing:
            log.error("%d submission(s) have no blob file", missing)


# ---------------------------------------------------------------------------------------------
# Staff authentication and rate limit
# ---------------------------------------------------------------------------------------------

def token_matches(authorization, expected_sha256_hex):
    """True if `Authorization: Bearer <base64 of 32 bytes>` hashes to the expected SHA-256."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    try:
        token = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return False
    if len(token) != 32:
        return False
    return hmac.compare_digest(hashlib.sha256(token).hexdigest(), expected_sha256_hex)


def draft_token_matches(authorization, draft_id):
    """True if `Authorization: Bearer <base64url of 32 bytes, unpadded>` hashes to `draft_id`."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not DRAFT_TOKEN_RE.fullmatch(value):
        return False
    token = base64.urlsafe_b64decode(value + "=")
    if base64.urlsafe_b64encode(token)[:43].decode() != value:  # one spelling per token
        return False
    return hmac.compare_digest(hashlib.sha256(token).hexdigest(), draft_id)


class RateLimiter:
    """Failed attempts per client address in a sliding window."""

    def __init__(self, max_failures=10, window=300.0, clock=time.monotonic):
        self.max_failures, self.window, self.clock = max_failures, window, clock
        self._failures = {}  # address -> deque of failure times, oldest first
        self._lock = threading.Lock()

    def _recent(self, address, now):
        times = self._failures.get(address)
        while times and times[0] <= now - self.window:
            times.popleft()
        if times is not None and not times:
            del self._failures[address]
            return None
        return times

    def retry_after(self, address):
        """Seconds until `address` may try again; 0 if it may try now."""
        with self._lock:
            now = self.clock()
            times = self._recent(address, now)
            if times is None or len(times) < self.max_failures:
                return 0
            return max(1, math.ceil(times[0] + self.window - now))

    def record_failure(self, address):
        with self._lock:
            now = self.clock()
            if len(self._failures) > 10000:  # forget addresses whose failures have expired
                for other in list(self._failures):
                    self._recent(other, now)
            times = self._recent(address, now)
            if times is None:
                times = self._failures[address] = deque(maxlen=self.max_failures)
            times.append(now)


# ---------------------------------------------------------------------------------------------
# Static files
# ---------------------------------------------------------------------------------------------

STATIC_ALIASES = {"/": "index.html", "/staff": "staff.html"}


def static_file(app_root, url_path):
    """Map a URL path to a regular file inside app_root (already realpath'd), or None."""
    rel = STATIC_ALIASES.get(url_path)
    if rel is None:
        try:
            rel = unquote(url_path, errors="strict")
        except UnicodeDecodeError:
            return None
        if not rel.startswith("/") or "\x00" in rel or "\\" in rel:
            return None
        rel = rel[1:]
        # No absolute paths, no empty, "." or ".." segments, no hidden files.
        if os.path.isabs(rel) or any(not part or part.startswith(".") for part in rel.split("/")):
            return None
    full = os.path.realpath(os.path.join(app_root, rel))
    if os.path.commonpath([app_root, full]) != app_root or not os.path.isfile(full):
        return None
    return full


def accepts_brotli(accept_encoding):
    for item in (accept_encoding or "").split(","):
        name, _, params = item.partition(";")
        if name.strip().lower() == "br":
            return not re.fullmatch(r"\s*q\s*=\s*0(\.0*)?\s*", params)
    return False


def etag_matches(if_none_match, etag):
    tags = [t.strip().removeprefix("W/") for t in (if_none_match or "").split(",")]
    return "*" in tags or etag in tags


# ---------------------------------------------------------------------------------------------
# HTTP handler
# ---------------------------------------------------------------------------------------------

# (path template, regex, {method: handler method name}); HEAD is allowed wherever GET is.
API_ROUTES = [
    ("/api/config", r"/api/config", {"GET": "get_config"}),
    ("/api/submissions", r"/api/submissions", {"POST": "post_submission"}),
    ("/api/staff/kdf", r"/api/staff/kdf", {"GET": "get_kdf"}),
    ("/api/staff/office-key", r"/api/staff/office-key", {"GET": "get_office_key"}),
    ("/api/staff/submissions", r"/api/staff/submissions", {"GET": "list_submissions"}),
    ("/api/staff/submissions/{ref}/envelope", r"/api/staff/submissions/([^/]+)/envelope", {"GET": "get_envelope"}),
    # Any other id (not 64 lowercase hex) is an unknown route: 404, not counted as a guess.
    ("/api/drafts/{id}", rf"/api/drafts/({DRAFT_ID_PATTERN})",
     {"GET": "get_draft", "PUT": "put_draft", "DELETE": "delete_draft"}),
]
API_ROUTES = [(t, re.compile(p), m) for t, p, m in API_ROUTES]
KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE")
LOGGED_METHODS = KNOWN_METHODS + ("PATCH", "OPTIONS", "TRACE", "CONNECT")
LINGER_SECONDS = 2.0  # how long to discard an unwanted body before hanging up


class App:
    """Everything a request needs; attached to the server as `server.app`."""

    def __init__(self, store, office_key, app_dir, max_submission_bytes, limiter=None, draft_limiter=None):
        self.store, self.office_key = store, office_key
        self.key_id = bytes.fromhex(office_key["key_id"])
        self.app_root = os.path.realpath(app_dir)
        self.max_submission_bytes = max_submission_bytes
        self.limiter = limiter or RateLimiter()
        self.draft_limiter = draft_limiter or RateLimiter(max_failures=20)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Anlaufstelle"
    timeout = 30  # seconds of silence before an idle or stalled connection is dropped

    _route = "-"  # path template for the log; never the raw path
    _body_pending = False  # the request has a body we have not read: close after answering
    _expect_continue = False
    _response_started = False

    @property
    def app(self):
        return self.server.app

    def version_string(self):
        return self.server_version  # no Python version in the Server header

    # -- plumbing -------------------------------------------------------------------------------

    def __getattr__(self, name):
        # BaseHTTPRequestHandler answers a method without a do_* handler with 501; we answer 405.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def parse_request(self):
        self._route, self._body_pending, self._expect_continue = "-", False, False
        if not super().parse_request():
            return False
        if self.request_version == "HTTP/0.9":  # answers without headers: no security headers
            self.send_error(400)
            return False
        return True

    def handle_expect_100(self):
        self._expect_continue = True  # "100 Continue" only once we want the body (_read_body)
        return True

    def log_request(self, code="-", size="-"):
        pass  # _send logs one line itself, without the raw path

    def log_message(self, format, *args):
        log.debug("http.server: %s", format % args)

    def send_error(self, code, message=None, explain=None):
        # Only BaseHTTPRequestHandler calls this, for protocol errors before routing.
        self._route, self.close_connection = "-", True
        if self.request_version == "HTTP/0.9":  # the request line was unusable: answer with headers anyway
            self.request_version = "HTTP/1.0"
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        self._error(code, "internal" if code == 500 else "bad_request", phrase)

    def _send(self, status, body=b"", content_type=None, headers=None):
        self._response_started = True
        if self._body_pending:  # never let an unread body be parsed as the next request
            self.close_connection = True
        self.send_response(status)
        for name, value in SECURITY_HEADERS:
            self.send_header(name, value)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)
        method = self.command if self.command in LOGGED_METHODS else "OTHER"  # the verb is client text
        log.info("%s %s %d %d", method, self._route, status, len(body))

    def _json(self, status, obj, headers=None):
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, body, "application/json", {"Cache-Control": "no-store", **(headers or {})})

    def _error(self, status, code, message, headers=None):
        self._json(status, {"error": code, "message": message}, headers)

    def _dispatch(self):
        self._response_started = False
        self._body_pending = (self.headers.get("Content-Length", "").strip() not in ("", "0")
                              or "Transfer-Encoding" in self.headers)
        try:
            if self.command not in KNOWN_METHODS:
                return self._error(405, "method_not_allowed", "method not allowed",
                                   {"Allow": ", ".join(KNOWN_METHODS)})
            route = self._resolve(self.path.split("?", 1)[0])
            if route is None:
                return self._error(404, "not_found", "not found")
            methods, args = route
            name = methods.get("GET" if self.command == "HEAD" else self.command)
            if name is None:
                allowed = ", ".join(list(methods) + (["HEAD"] if "GET" in methods else []))
                return self._error(405, "method_not_allowed", "method not allowed", {"Allow": allowed})
            getattr(self, name)(*args)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log.exception("internal error in %s %s", self.command, self._route)
            if self._response_started:
                self.close_connection = True  # cannot take back what was sent; just hang up
            else:
                self._error(500, "internal", "internal server error")
        if self._body_pending and self._response_started:
            self._linger_close()  # we answered without reading the body

    def _resolve(self, path):
        """({method: handler name}, args) for a path, or None if there is no such route."""
        if path == "/api" or path.startswith("/api/"):
            for template, pattern, methods in API_ROUTES:
                match = pattern.fullmatch(path)
                if match:
                    self._route = template
                    return methods, match.groups()
            self._route = "/api/{unknown}"
            return None
        self._route = path if path in STATIC_ALIASES else "{static}"
        return {"GET": "serve_static"}, (path,)

    def _authorized(self):
        """Check the Bearer token; answer 401/429 and return False if the request may not go on."""
        address = self.client_address[0]
        wait = self.app.limiter.retry_after(address)
        if wait:
            self._error(429, "too_many_requests", "too many failed attempts; try again later",
                        {"Retry-After": str(wait)})
            return False
        if token_matches(self.headers.get("Authorization"), self.app.office_key["staff_token_sha256"]):
            return True
        self.app.limiter.record_failure(address)
        self._error(401, "unauthorized", "a valid staff token is required", {"WWW-Authenticate": "Bearer"})
        return False

    # -- API ------------------------------------------------------------------------------------

    def get_config(self):
        key = self.app.office_key
        self._json(200, {"office_key_id": key["key_id"], "office_public_key": key["public_key"],
                         "max_submission_bytes": self.app.max_submission_bytes})

    def get_kdf(self):
        kdf = self.app.office_key["kdf"]
        self._json(200, {field: kdf[field] for field in ("alg", "salt", "opslimit", "memlimit")})

    def get_office_key(self):
        if self._authorized():
            key = self.app.office_key
            wrapped = key["wrapped_secret_key"]
            self._json(200, {"key_id": key["key_id"], "public_key": key["public_key"],
                             "wrapped_secret_key": {f: wrapped[f] for f in ("alg", "nonce", "ciphertext")}})

    def list_submissions(self):
        if self._authorized():
            self._json(200, {"submissions": self.app.store.list()})

    def get_envelope(self, reference):
        if not self._authorized():
            return
        reference = reference.upper()
        data = self.app.store.load(reference) if REF_RE.fullmatch(reference) else None
        if data is None:
            return self._error(404, "not_found", "no such submission")
        self._send(200, data, "application/octet-stream", {"Cache-Control": "no-store"})

    def post_submission(self):
        length = self._content_length()
        if length is None:
            return
        limit = self.app.max_submission_bytes
        if length > limit:
            return self._error(413, "payload_too_large", f"a submission may have at most {limit} bytes")
        content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/octet-stream":
            return self._error(415, "unsupported_media_type", "expected application/octet-stream")
        body = self._read_body(length)
        if body is None:
            return self._error(400, "malformed_envelope", "the upload ended before Content-Length bytes")
        try:
            check_envelope(body, self.app.key_id)
        except EnvelopeError as e:
            return self._error(400, e.code, str(e))
        reference, received_at = self.app.store.save(body)
        self._json(201, {"reference": reference, "received_at": received_at})

    def _draft_access(self, draft_id):
        """Checks that the Bearer token belongs to this draft id (id = SHA-256 of the token).
        Answers 429/403 and returns False otherwise; a wrong or malformed token counts as a guess."""
        address = self.client_address[0]
        wait = self.app.draft_limiter.retry_after(address)
        if wait:
            self._error(429, "too_many_requests", "too many failed attempts; try again later",
                        {"Retry-After": str(wait)})
            return False
        if draft_token_matches(self.headers.get("Authorization"), draft_id):
            return True
        self.app.draft_limiter.record_failure(address)
        self._error(403, "forbidden", "this token does not open this draft")
        return False

    def get_draft(self, draft_id):
        if not self._draft_access(draft_id):
            return
        body = self.app.store.get_draft(draft_id)
        if body is None:
            self.app.draft_limiter.record_failure(self.client_address[0])
            return self._error(404, "not_found", "no saved draft for this code")
        self._send(200, body, "application/octet-stream", {"Cache-Control": "no-store"})

    def put_draft(self, draft_id):
        if not self._draft_access(draft_id):
            return
        length = self._content_length()
        if length is None:
            return
        if length > MAX_DRAFT_BYTES:  # answered before the body is read
            return self._error(413, "payload_too_large", f"a draft may have at most {MAX_DRAFT_BYTES} bytes")
        if length == 0:
            return self._error(400, "bad_request", "a draft has at least 1 byte")
        content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/octet-stream":
            return self._error(415, "unsupported_media_type", "expected application/octet-stream")
        body = self._read_body(length)
        if body is None:  # the previous version stays as it was
            return self._error(400, "bad_request", "the upload ended before Content-Length bytes")
        self.app.store.put_draft(draft_id, body)
        self._send(204, b"", None, {"Cache-Control": "no-store"})

    def delete_draft(self, draft_id):
        if self._draft_access(draft_id):
            self.app.store.delete_draft(draft_id)
            self._send(204, b"", None, {"Cache-Control": "no-store"})

    def _content_length(self):
        """The request's Content-Length, or None after answering 411/400."""
        values = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if not values:
            self._error(411, "length_required", "Content-Length is required")
            return None
        value = values.pop()
        if values or "Transfer-Encoding" in self.headers or not re.fullmatch(r"[0-9]{1,18}", value):
            self._error(400, "bad_request", "invalid Content-Length")
            return None
        return int(value)

    def _read_body(self, length):
        """Exactly `length` bytes of body, or None if the client sent fewer."""
        if self._expect_continue:
            self.send_response_only(100)
            self.end_headers()
        try:
            body = self.rfile.read(length)
        except OSError:  # timeout or reset mid-upload
            body = b""
        self._body_pending = False
        if len(body) != length:
            self.close_connection = True
            return None
        return body

    def _linger_close(self):
        """After answering without reading the body: stop sending, discard (never keep) what the
        client still sends for a moment so it reads our answer instead of a reset, then hang up."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + LINGER_SECONDS
            while time.monotonic() < deadline:
                self.connection.settimeout(max(0.01, deadline - time.monotonic()))
                if not self.connection.recv(1 << 16):
                    break

    # -- static files ---------------------------------------------------------------------------

    def serve_static(self, path):
        full = static_file(self.app.app_root, path)
        if full is None:
            return self._error(404, "not_found", "not found")
        content_type = MIME_TYPES.get(os.path.splitext(full)[1].lower(), "application/octet-stream")
        headers, send_path = {"Cache-Control": "no-cache"}, full
        if os.path.isfile(full + ".br"):
            headers["Vary"] = "Accept-Encoding"
            if accepts_brotli(self.headers.get("Accept-Encoding")):
                headers["Content-Encoding"], send_path = "br", full + ".br"
        with open(send_path, "rb") as f:
            stat = os.fstat(f.fileno())
            data = f.read()
        headers["ETag"] = '"%x-%x%s"' % (stat.st_mtime_ns, stat.st_size, "-br" if send_path != full else "")
        if etag_matches(self.headers.get("If-None-Match"), headers["ETag"]):
            return self._send(304, b"", None, headers)
        self._send(200, data, content_type, headers)


# ---------------------------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------------------------

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup we do not need.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request, client_address):
        log.exception("connection error")  # instead of a raw traceback with the client's address


def parse_args(argv):
    p = argparse.ArgumentParser(description="Anlaufstelle server (docs/API.md)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--data", default="./data", help="data directory holding office-key.json")
    p.add_argument("--app", default=DEFAULT_APP_DIR, help="built web app directory")
    p.add_argument("--max-submission-bytes", type=int, default=DEFAULT_MAX_SUBMISSION_BYTES)
    p.add_argument("--draft-days", type=int, default=DEFAULT_DRAFT_DAYS,
                   help="delete drafts not written for this many days")
    args = p.parse_args(argv)
    if args.max_submission_bytes < HEADER_LEN:
        p.error(f"--max-submission-bytes must be at least {HEADER_LEN}")
    if args.draft_days < 1:
        p.error("--draft-days must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    key_path = os.path.join(args.data, "office-key.json")
    try:
        office_key = load_office_key(key_path)
    except FileNotFoundError:
        print(f"serve.py: {key_path} not found. Create the office key first with "
              f"anlaufstelle-keygen --out {key_path}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:
        print(f"serve.py: cannot use {key_path}: {e}", file=sys.stderr)
        return 2
    if not os.path.isdir(args.app):
        log.warning("app directory %s does not exist; only the API will work", args.app)
    app = App(Store(args.data, draft_days=args.draft_days), office_key, args.app, args.max_submission_bytes)

    Server.address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        server = Server((args.host, args.port), Handler)
    except OSError as e:
        print(f"serve.py: cannot listen on {args.host}:{args.port}: {e}", file=sys.stderr)
        return 1
    server.app = app
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"serving on http://{host}:{server.server_address[1]}/", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
