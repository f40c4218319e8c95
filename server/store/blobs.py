"""The blob directory: one file per submission, shared by both backends.

Why files and not rows, also with PostgreSQL: an upload streams to disk with flat memory whatever
its size (32 MiB envelopes through bytea would sit whole in the server's and the driver's memory;
large objects stream but need their own cleanup and are awkward to back up); both backends share
one code path; and a blob file names the row it belongs to, so a database restored from an older
backup gets back every newer submission (adoption, below). The price is that a PostgreSQL office
must give every worker the same directory (one machine, or a shared file system) and back it up
alongside the database (docs/OPERATIONS.md).

Layout under the blob directory:
    incoming/up-*.part                     uploads in progress (temporary, same file system)
    YYYYMMDD/<REF>_<unix>_<16 hex>.bin     a stored envelope: reference, received time, random
    YYYYMMDD/<32 hex>_<unix>_<16 hex>.bin  a case item's envelope: item id, received time, random
    uploads/<32 hex>.part                  resumable uploads (tus) in progress, until they expire
    ab/<32 hex>.bin                        blobs of the first server version (rows name them)
    quarantine/                            files that no row references and nothing could adopt

Durability: the upload is fsynced, renamed to its final name and the directory fsynced *before*
its row is inserted, so a row never lacks its blob. One directory per day (UTC) and not 256
spread ones: a group commit fsyncs each directory its batch touched, and with 50 clients spread
over 256 directories that was ~25 journal commits per batch (80 ms) instead of one. Nothing here deletes a blob that a row may
reference or another process may still be writing: `scan` only reports files older than a grace
period (longer than any request may take), and the store then adopts or quarantines them.
"""

import contextlib
import errno
import hashlib
import hmac
import logging
import os
import re
import secrets
import tempfile
import time

from .base import REF_PATTERN, BlobMissing, StoreFull, StoreUnavailable

log = logging.getLogger("anlaufstelle.store")

INCOMING, QUARANTINE, UPLOADS = "incoming", "quarantine", "uploads"
SUBDIR_RE = re.compile(r"[0-9a-f]{2}|[0-9]{8}")  # first version: 2 hex; now: one per day
BLOB_RE = re.compile(rf"({REF_PATTERN})_([0-9]{{1,12}})_[0-9a-f]{{16}}\.bin")
OLD_BLOB_RE = re.compile(r"[0-9a-f]{32}\.bin")
FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
CHECK_EVERY = 1024 * 1024  # re-check free space after this many bytes of one upload


def store_error(exc):
    """StoreFull for ENOSPC/EDQUOT, StoreUnavailable for every other OSError (read-only, I/O)."""
    if getattr(exc, "errno", None) in FULL_ERRNOS:
        return StoreFull("no space left for the store")
    return StoreUnavailable(f"blob directory not writable ({type(exc).__name__})")


def fsync_dir(path):
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path):
    with contextlib.suppress(OSError):
        os.remove(path)


def check_free(path, min_free_bytes):
    """StoreFull if the file system holding `path` has less than `min_free_bytes` free."""
    if not min_free_bytes:
        return
    try:
        st = os.statvfs(path)
    except OSError as e:
        raise store_error(e) from None
    if st.f_bavail * st.f_frsize < min_free_bytes:
        raise StoreFull("free space below min_free_bytes")


class Incoming:
    """One upload streaming to `incoming/`. Use as a context manager: leaving the block without
    a successful save removes the file, so refused or broken uploads leave nothing behind."""

    def __init__(self, blobs):
        self._blobs = blobs
        check_free(blobs.root, blobs.min_free_bytes)
        try:
            fd, self.path = tempfile.mkstemp(prefix="up-", suffix=".part", dir=blobs.incoming_dir)
        except OSError as e:
            raise store_error(e) from None
        self._file = os.fdopen(fd, "wb")
        self._hash = hashlib.sha256()
        self.size = 0
        self._next_check = CHECK_EVERY
        self.saved = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if not self.saved:
            self.abort()

    @property
    def sha256(self):
        return self._hash.hexdigest()

    def write(self, data):
        try:
            self._file.write(data)
            self._hash.update(data)
            self.size += len(data)
            if self.size >= self._next_check:
                self._next_check = self.size + CHECK_EVERY
                check_free(self._blobs.root, self._blobs.min_free_bytes)
        except OSError as e:
            self.abort()
            raise store_error(e) from None
        except StoreFull:
            self.abort()
            raise

    def finish(self):
        """Flush and fsync the data (once); the first half of making it durable."""
        if self._file.closed:
            return
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
        except OSError as e:
            self.abort()
            raise store_error(e) from None

    def abort(self):
        """Close and remove the file wherever it is now (incoming/ or, after a failed save, final)."""
        with contextlib.suppress(OSError):
            self._file.close()
        if not self.saved:
            remove_quietly(self.path)


class CompleteUpload:
    """A resumable upload whose every byte is on disk (each PATCH fsyncs), in the shape the
    store's save takes: `.path`, `.size`, `.sha256`, `.finish()`, `.saved`."""

    def __init__(self, path, size, sha256_hex):
        self.path, self.size, self.sha256, self.saved = path, size, sha256_hex, False

    def finish(self):
        """Nothing to flush: the data was fsynced as it arrived."""


class VerifiedReader:
    """A read-only file that checks size and SHA-256 when the last byte has been read: a damaged
    blob raises BlobMissing there (the HTTP layer then cuts the response short)."""

    def __init__(self, f, size, sha256_hex):
        self._f, self._left, self._want = f, size, sha256_hex
        self._hash, self._checked = hashlib.sha256(), False

    def read(self, n=-1):
        if n == 0:
            return b""
        whole = n is None or n < 0
        data = self._f.read(-1 if whole else n)
        self._hash.update(data)
        self._left -= len(data)
        if whole or not data or self._left <= 0:
            self._verify()
        return data

    def _verify(self):
        if self._checked:
            return
        self._checked = True
        if self._left != 0 or self._f.read(1) or not hmac.compare_digest(self._hash.hexdigest(), self._want):
            raise BlobMissing("stored blob does not match its size or checksum")

    def close(self):
        self._f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class BlobDir:
    """File operations on the blob directory; the store adds the rows."""

    def __init__(self, root, min_free_bytes=0, grace_seconds=3600):
        self.root = os.path.abspath(root)
        self.incoming_dir = os.path.join(self.root, INCOMING)
        self.quarantine_dir = os.path.join(self.root, QUARANTINE)
        self.uploads_dir = os.path.join(self.root, UPLOADS)
        self.min_free_bytes, self.grace_seconds = min_free_bytes, grace_seconds
        try:
            for path in (self.root, self.incoming_dir, self.quarantine_dir, self.uploads_dir):
                os.makedirs(path, exist_ok=True)
        except OSError as e:
            raise store_error(e) from None

    def path(self, rel):
        return os.path.join(self.root, *rel.split("/"))

    def incoming(self):
        return Incoming(self)

    def upload_path(self, upload_id):
        """The file of a resumable upload in progress (uploads/: recovery leaves it alone, retention
        deletes it with its row when it expires)."""
        return os.path.join(self.uploads_dir, f"{upload_id}.part")

    def place(self, incoming, name, unix_time):
        """Rename the (fsynced) upload to a final name carrying `name` (a submission's reference,
        or a case item's 32-hex id, which recovery never takes for a reference); returns the
        relative name. The caller fsyncs the directory (`sync_dirs`) before inserting the row."""
        token, day = secrets.token_hex(8), time.strftime("%Y%m%d", time.gmtime(unix_time))
        sub = os.path.join(self.root, day)
        rel = f"{day}/{name}_{int(unix_time)}_{token}.bin"
        try:
            if not os.path.isdir(sub):
                os.makedirs(sub, exist_ok=True)
                fsync_dir(self.root)
            os.rename(incoming.path, self.path(rel))
        except OSError as e:
            raise store_error(e) from None
        incoming.path = self.path(rel)
        return rel

    def sync_dirs(self, rels):
        """fsync each distinct directory of `rels` once (a batch shares one journal commit)."""
        try:
            for sub in sorted({rel.split("/")[0] for rel in rels}):
                fsync_dir(os.path.join(self.root, sub))
        except OSError as e:
            raise store_error(e) from None

    def open(self, rel, size, sha256_hex):
        try:
            f = open(self.path(rel), "rb")
        except FileNotFoundError:
            raise BlobMissing("stored blob is missing") from None
        except OSError as e:
            raise store_error(e) from None
        if os.fstat(f.fileno()).st_size != size:
            f.close()
            raise BlobMissing("stored blob has the wrong size")
        return VerifiedReader(f, size, sha256_hex)

    def unlink(self, rels):
        """Delete blob files for real (missing ones are fine) and fsync their directories, so a
        deleted submission cannot come back as an orphan after a power cut."""
        for rel in rels:
            try:
                os.remove(self.path(rel))
            except FileNotFoundError:
                pass
            except OSError as e:
                raise store_error(e) from None
        self.sync_dirs(rels)

    def exists(self, rel):
        return os.path.isfile(self.path(rel))

    # -- recovery ------------------------------------------------------------------------------
    def _old_enough(self, st, now):
        # ctime moves on rename: a blob just placed by another process is young however old its data.
        return max(st.st_mtime, st.st_ctime) < now - self.grace_seconds

    def stale_blobs(self, now):
        """(rel, parsed) for every final-place file older than the grace period; parsed is
        (reference, unix) for a name that carries them, else None."""
        for sub in sorted(os.listdir(self.root)):
            subdir = os.path.join(self.root, sub)
            if not SUBDIR_RE.fullmatch(sub) or not os.path.isdir(subdir):
                continue
            for name in sorted(os.listdir(subdir)):
                try:
                    st = os.stat(os.path.join(subdir, name))
                except FileNotFoundError:
                    continue  # deleted meanwhile
                if not self._old_enough(st, now):
                    continue
                m = BLOB_RE.fullmatch(name)
                yield f"{sub}/{name}", ((m.group(1), int(m.group(2))) if m else None)

    def stale_incoming(self, now):
        """Uploads in incoming/ (and temp files of the first version) older than the grace period.
        None of them was ever acknowledged: a 201 comes only after the rename and the row."""
        for sub in [INCOMING] + [s for s in sorted(os.listdir(self.root)) if SUBDIR_RE.fullmatch(s)]:
            subdir = os.path.join(self.root, sub)
            if not os.path.isdir(subdir):
                continue
            for name in os.listdir(subdir):
                if sub != INCOMING and not name.startswith(".tmp-"):
                    continue
                path = os.path.join(subdir, name)
                with contextlib.suppress(FileNotFoundError):
                    st = os.stat(path)
                    if self._old_enough(st, now):
                        yield path, st.st_size

    def digest(self, rel):
        """(size, sha256 hex, key id hex or None) of a stored blob, reading it once."""
        h, size, head = hashlib.sha256(), 0, b""
        with open(self.path(rel), "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                if size == 0:
                    head = chunk[:14]
                h.update(chunk)
                size += len(chunk)
        # An envelope starts "ANLS", version, flags, then the 8-byte office key id (docs/PROTOCOL.md).
        key_id = head[6:14].hex() if len(head) == 14 and head[:4] == b"ANLS" else None
        return size, h.hexdigest(), key_id

    def quarantine(self, path):
        """Move a file into quarantine/ (never delete it); its new name keeps the old one."""
        base = os.path.relpath(path, self.root).replace("/", "_")
        target = os.path.join(self.quarantine_dir, f"{base}.{secrets.token_hex(4)}")
        try:
            os.rename(path, target)
            fsync_dir(self.quarantine_dir)
            fsync_dir(os.path.dirname(path))
        except FileNotFoundError:
            return False  # someone else moved or deleted it meanwhile
        return True
