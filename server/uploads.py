"""Resumable uploads of case items: tus 1.0 (core, creation, checksum, expiration, termination).

Why: an item with attachments may be 56 MiB and an applicant's phone loses its connection; a
PATCH adds the next bytes, and after a cut the client asks (HEAD) where to go on.

How it stays correct with several processes and cut connections: the upload's row holds its
length and the *fsynced* offset; the bytes are in blobs/uploads/<id>.part. A PATCH takes an
exclusive lock on that file (none to be had: another PATCH is writing, 409), checks its
Upload-Offset against the row, cuts the file back to the offset (whatever a PATCH that died
left beyond it), streams the body in 64 KiB pieces, and only when every byte arrived and the
Upload-Checksum (SHA-256) matches fsyncs and moves the offset by compare-and-set. A PATCH that
fails in any way keeps nothing of its bytes. When the offset reaches the length, the whole file
is scanned as an envelope v2 and, if valid, becomes an item through the store's one durable
save path (the file is renamed, not copied), and the upload's row records the item in the same
transaction: a client whose last answer was lost learns the item id from HEAD (or from the 409
of its retry) until the upload expires. If not valid, the upload is gone (422).

Abandoned uploads expire `upload_expiry_seconds` after creation: they answer 404 from then on
and the hourly retention pass deletes file and row (server/store/sql.py `expire`).
"""

import base64
import binascii
import contextlib
import email.utils
import fcntl
import hashlib
import hmac
import os
import re
import secrets
import time

from server import api_spec, cases, envelope
from server.http import ApiError, Response
from server.store.base import parse_utc, utc_now
from server.store.blobs import CompleteUpload, store_error

TUS_VERSION = "1.0.0"
TUS = [("Tus-Resumable", TUS_VERSION), ("Cache-Control", "no-store")]
MAX_UPLOAD_BYTES = api_spec.limit("max_upload_bytes")
EXPIRY_SECONDS = api_spec.limit("upload_expiry_seconds")
MAX_OPEN = api_spec.limit("max_open_uploads_per_case")
NUMBER_RE = re.compile(r"[0-9]{1,18}")


# What OPTIONS tells a tus client (tus 1.0 "Discovery"): the extensions this module implements.
DISCOVERY = [("Tus-Version", TUS_VERSION), ("Tus-Extension", "creation,termination,checksum,expiration"),
             ("Tus-Max-Size", str(MAX_UPLOAD_BYTES)), ("Tus-Checksum-Algorithm", "sha256")] + TUS


def _tus(request):
    if (request.header("Tus-Resumable") or "").strip() != TUS_VERSION:
        raise ApiError(412, "tus_version", "Tus-Resumable: 1.0.0 is required", [("Tus-Version", TUS_VERSION)] + TUS)


def _number(request, name):
    value = (request.header(name) or "").strip()
    if not NUMBER_RE.fullmatch(value):
        raise ApiError(400, "bad_request", f"{name} must be a whole number", TUS)
    return int(value)


def _checksum(request):
    """The SHA-256 digest named by Upload-Checksum, or None without one."""
    value = request.header("Upload-Checksum")
    if value is None:
        return None
    algorithm, _, digest = value.strip().partition(" ")
    try:
        raw = base64.b64decode(digest.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if algorithm != "sha256" or len(raw) != 32:
        raise ApiError(400, "bad_request", "Upload-Checksum must be sha256 <base64 of 32 bytes>", TUS)
    return raw


def _upload(app, case, upload):
    row = app.store.get_upload(case["locator"], upload)
    if row is None or parse_utc(row["expires_at"]) <= time.time():
        raise ApiError(404, "not_found", "no such upload", TUS)
    return row


def _state(row):
    """Upload-Offset, and Anl-Item once the upload has become an item."""
    return [("Upload-Offset", str(row["offset"]))] + ([("Anl-Item", row["item"])] if row["item"] else [])


def _offset_mismatch(row):
    return ApiError(409, "offset_mismatch", "Upload-Offset is not the upload's offset", _state(row) + TUS)


def create_upload(app, request, case):
    _tus(request)
    length = _number(request, "Upload-Length")
    if length == 0:
        raise ApiError(400, "bad_request", "an upload has at least 1 byte", TUS)
    if length > MAX_UPLOAD_BYTES:
        raise ApiError(413, "payload_too_large", f"an upload may have at most {MAX_UPLOAD_BYTES} bytes", TUS)
    if (request.header("Content-Length") or "0").strip() != "0":
        raise ApiError(400, "bad_request", "the creation request has no body (send it with PATCH)", TUS)
    now = int(time.time())
    upload, expires = secrets.token_hex(16), now + EXPIRY_SECONDS
    # Each unfinished upload holds up to its length on disk: a case may have only a few at once.
    if not app.store.create_upload(upload, case["locator"], length, utc_now(expires), utc_now(now), MAX_OPEN):
        raise ApiError(429, "too_many_requests",
                       f"this case has {MAX_OPEN} unfinished uploads; finish or delete one first", TUS)
    return Response.empty(201, [("Location", f"/api/cases/{case['locator']}/uploads/{upload}"),
                                ("Upload-Expires", email.utils.formatdate(expires, usegmt=True))] + TUS)


# OPTIONS needs no token and no Tus-Resumable (tus: discovery comes before any upload), and says
# the same for every locator: it tells nothing about a case.
def options_uploads(app, request, locator):
    return Response.empty(204, DISCOVERY)


def options_upload(app, request, locator, upload):
    return Response.empty(204, DISCOVERY)


def head_upload(app, request, case, upload):
    _tus(request)
    row = _upload(app, case, upload)
    return Response.empty(200, _state(row) + [("Upload-Length", str(row["length"]))] + TUS)


def delete_upload(app, request, case, upload):
    _tus(request)
    _upload(app, case, upload)
    app.store.delete_upload(upload)
    return Response.empty(204, TUS)


@contextlib.contextmanager
def _locked(path):
    """The upload's file, open for writing under an exclusive lock; None if another holds it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as e:
        raise store_error(e) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield fd
    finally:
        os.close(fd)  # releases the lock


def patch_upload(app, request, case, upload):
    _tus(request)
    request.require_content_type("application/offset+octet-stream")
    row = _upload(app, case, upload)
    offset, digest = _number(request, "Upload-Offset"), _checksum(request)
    if offset != row["offset"] or row["item"]:
        raise _offset_mismatch(row)
    length = request.content_length(row["length"] - offset, "the rest of the upload")
    path = app.store.blobs.upload_path(upload)
    with _locked(path) as fd:
        if fd is None:
            raise _offset_mismatch(row)  # another PATCH is writing
        row = _upload(app, case, upload)  # it may have moved on just before we took the lock
        if offset != row["offset"] or row["item"]:
            raise _offset_mismatch(row)
        if os.fstat(fd).st_size < offset:  # the file lost fsynced bytes (restored from a backup?)
            app.store.delete_upload(upload)
            raise ApiError(404, "not_found", "the upload's bytes are gone; start again", TUS)
        _append(request, fd, offset, length, digest)
        if not app.store.advance_upload(upload, offset, offset + length):
            raise ApiError(404, "not_found", "no such upload", TUS)
        headers = [("Upload-Offset", str(offset + length))] + TUS
        if offset + length == row["length"]:  # still under the lock: completed once only
            headers.append(("Anl-Item", _complete(app, case, upload, path, row["length"])))
    return Response.empty(204, headers)


def _append(request, fd, offset, length, digest):
    """Write the body at `offset` and fsync it; on any failure the file is cut back to `offset`."""
    hasher = hashlib.sha256()

    def write(data):
        hasher.update(data)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    try:
        os.ftruncate(fd, offset)
        os.lseek(fd, offset, os.SEEK_SET)
        request.stream_body(length, write, "bad_request")
        if digest is not None and not hmac.compare_digest(hasher.digest(), digest):
            raise ApiError(460, "checksum_mismatch", "the bytes do not match Upload-Checksum; nothing was kept", TUS)
        os.fsync(fd)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.ftruncate(fd, offset)
        if isinstance(e, OSError):
            raise store_error(e) from None
        raise


def _complete(app, case, upload, path, length):
    """Scan the whole upload as an envelope v2; valid: it becomes an item (its id returned)."""
    hasher = hashlib.sha256()
    try:
        envelope.scan_file(path, envelope.ScannerV2(cases.recipients(app, case, "case"), length),
                           update=hasher.update)
    except envelope.EnvelopeError as e:
        app.store.delete_upload(upload)
        raise ApiError(422, "malformed_envelope", f"{e} (the upload is gone)", TUS) from None
    item, _ = app.store.save_case_item(CompleteUpload(path, length, hasher.hexdigest()), case["locator"],
                                       "applicant", "case", upload_id=upload)
    return item
