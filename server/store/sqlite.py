"""The embedded backend: one SQLite file (WAL) next to the blob directory.

Settings and why: WAL, so readers never wait for the writer; `synchronous=FULL`, because in WAL
mode NORMAL skips the fsync at commit and a power cut could then take back a submission already
answered with 201; `secure_delete=ON`, so deleted rows and drafts are zeroed in the pages (and a
`wal_checkpoint(TRUNCATE)` after deletions removes the old page images from the WAL file);
a 15 s busy timeout for a second process on the same file (a rolling restart).

Group commit: SQLite has one writer at a time and each commit costs an fsync (~1-2 ms here), so
committing each request alone caps a process at a few hundred writes per second and makes
threads queue in SQLite's busy handler (which sleeps, hence the old 2-3 s p99). Instead every
write of this process goes through one leader at a time: a thread that finds no commit under way
takes all writes queued meanwhile, fsyncs the blob directories they name, runs each in its own
SAVEPOINT within one transaction, commits once and wakes them. No extra thread (so nothing to
restart after a fork), and under load one fsync serves a whole batch. WAL checkpoints run
beside the writer in a thread of their own (`_Checkpointer`), not inside a batch's COMMIT.
"""

import contextlib
import fcntl
import logging
import os
import queue
import sqlite3
import threading
import time

from .base import Conflict, StoreFull, StoreUnavailable
from .blobs import check_free
from .sql import SqlStore, shared_tables

log = logging.getLogger("anlaufstelle.store")

SQLITE_FULL = 13
SCHEMA_VERSION = 3
IDLE_READERS = 8
CHECKPOINT_EVERY = 0.25  # seconds between passive WAL checkpoints under load
WAL_RESTART_FRAMES = 2000  # ~8 MiB of WAL: then checkpoint between two batches so the WAL restarts

SCHEMA = [
    # Version 1 (the single-file server): these two tables, kept as they were.
    """CREATE TABLE IF NOT EXISTS submissions(
        id INTEGER PRIMARY KEY,
        reference TEXT UNIQUE NOT NULL,
        received_at TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        blob TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS drafts(
        id TEXT PRIMARY KEY,
        updated_at TEXT NOT NULL,
        body BLOB NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS drafts_updated_at ON drafts(updated_at)",
    # Its first drafts kept updated_at as Unix seconds: turn those into ISO time.
    "UPDATE drafts SET updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', updated_at, 'unixepoch') "
    "WHERE typeof(updated_at) IN ('integer', 'real')",
    # Version 2.
    "CREATE INDEX IF NOT EXISTS submissions_received_at ON submissions(received_at)",
    *shared_tables(boolean="INTEGER NOT NULL DEFAULT 0", serial="INTEGER PRIMARY KEY"),
    """CREATE TABLE IF NOT EXISTS audit(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL,
        target TEXT)""",
    # Append-only by the schema itself, whatever the application does.
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]


def store_error(exc, maybe_committed=False):
    """SQLITE_FULL -> StoreFull; every other database error (read-only, I/O, locked, cannot
    open) -> StoreUnavailable. Messages name no data."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    err = StoreFull("database disk is full") if code == SQLITE_FULL else \
        StoreUnavailable(f"database unavailable ({getattr(exc, 'sqlite_errorname', type(exc).__name__)})")
    err.maybe_committed = maybe_committed
    return err


class _Op:
    __slots__ = ("fn", "dirs", "done", "result", "error")

    def __init__(self, fn, dirs):
        self.fn, self.dirs, self.done, self.result, self.error = fn, dirs, False, None, None

    def outcome(self):
        if self.error is not None:
            raise self.error
        return self.result


class _ProcessLock:
    """Serialises the batch leaders of several processes on one file (gunicorn workers on SQLite,
    a rolling restart) with flock before BEGIN IMMEDIATE. SQLite's own busy handler sleeps 1, 2,
    5, 10 ... 100 ms between tries, so two processes taking turns showed a p99 of 250 ms; this
    lock is polled every 0.2-2 ms. Advisory and optional: without it (file not creatable, an
    older server version) SQLite's locking still keeps writes correct."""

    def __init__(self, path):
        self.path, self._fd, self._held = path, None, False

    def acquire(self, timeout):
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            except OSError:
                return
        deadline, pause = time.monotonic() + timeout, 0.0002
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._held = True
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return  # let SQLite's busy timeout decide
                time.sleep(pause)
                pause = min(pause * 2, 0.002)
            except OSError:
                return

    def release(self):
        if self._held:
            self._held = False
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)


class _Checkpointer:
    """Copies committed WAL pages into the database file (PASSIVE checkpoint) from a thread of its
    own, at most every CHECKPOINT_EVERY seconds after a commit. SQLite's automatic checkpoint
    would run inside the COMMIT of whichever batch crosses 1000 pages, stalling that batch and
    every request queued behind it (a latency spike about once a second at 1000 writes/s); a
    passive checkpoint beside the writer does not block it. Started on the first commit (so
    after any fork), one per store per process; concurrent checkpoints of other processes are
    serialised by SQLite."""

    def __init__(self, store):
        self._store, self._thread, self._pid = store, None, None
        self._event, self._stopped = threading.Event(), False

    def wake(self):
        if self._thread is None or self._pid != os.getpid():
            self._pid = os.getpid()
            self._thread = threading.Thread(target=self._run, name="anlaufstelle-checkpoint", daemon=True)
            self._thread.start()
        self._event.set()

    def _run(self):
        db = None
        while not self._stopped:
            self._event.wait()
            self._event.clear()
            if self._stopped:
                break
            try:
                db = db or self._store._connect()
                _, frames, _ = db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if frames > WAL_RESTART_FRAMES:
                    # Under constant writes a passive checkpoint never catches the moment the WAL
                    # could start over; one between two batches (mostly copied already) does.
                    self._store._exclusive(lambda w: w.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
            except (sqlite3.Error, StoreFull, StoreUnavailable) as e:
                log.warning("WAL checkpoint failed (%s)", type(e).__name__)
                with contextlib.suppress(sqlite3.Error, AttributeError):
                    db.close()
                db = None
            time.sleep(CHECKPOINT_EVERY)
        with contextlib.suppress(sqlite3.Error, AttributeError):
            db.close()

    def stop(self):
        self._stopped = True
        self._event.set()
        if self._thread is not None and self._pid == os.getpid():
            self._thread.join(5)


class SQLiteStore(SqlStore):
    def __init__(self, config, grace_seconds=3600, busy_timeout=15.0):
        self.path = config.sqlite_path
        self.busy_timeout = busy_timeout
        self.min_free_bytes = config.min_free_bytes
        try:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        except OSError:
            raise StoreUnavailable("data directory cannot be created") from None
        super().__init__(config, config.blob_path, grace_seconds)
        self._readers = queue.LifoQueue()
        self._writer = None
        self._cond = threading.Condition()
        self._queue, self._leading = [], False
        self._checkpointer = _Checkpointer(self)
        self._process_lock = _ProcessLock(self.path + "-writer.lock")
        self._migrate()

    # -- connections ---------------------------------------------------------------------------
    def _connect(self, writer=False):
        try:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None,
                                 check_same_thread=False)
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA secure_delete=ON")
            if writer:  # checkpoints run in their own thread, not inside a batch's COMMIT
                db.execute("PRAGMA wal_autocheckpoint=0")
            return db
        except sqlite3.Error as e:
            raise store_error(e) from None

    def _migrate(self):
        """Create or upgrade the schema in place, in one write transaction (a second process
        starting at the same moment waits, then finds nothing to do). Old rows stay as they are."""
        def migrate(cur):
            if cur.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
                return
            for statement in SCHEMA:
                cur.execute(statement)
            columns = {row[1] for row in cur.execute("PRAGMA table_info(submissions)")}
            if "key_id" not in columns:
                cur.execute("ALTER TABLE submissions ADD COLUMN key_id TEXT")
            cur.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._exclusive(lambda db: db.execute("PRAGMA journal_mode=WAL"))
        self._write(migrate)

    def _read(self, fn):
        try:
            db = self._readers.get_nowait()
        except queue.Empty:
            db = self._connect()
        try:
            db.execute("BEGIN")
            try:
                result = fn(db.cursor())
            finally:
                db.execute("COMMIT")
        except sqlite3.Error as e:
            db.close()  # a broken connection is never reused
            raise store_error(e) from None
        if self._readers.qsize() < IDLE_READERS:
            self._readers.put(db)
        else:
            db.close()
        return result

    def _check_write_space(self):
        check_free(os.path.dirname(os.path.abspath(self.path)), self.min_free_bytes)

    # -- group commit --------------------------------------------------------------------------
    def _write(self, fn, sync_dirs=()):
        op = _Op(fn, sync_dirs)
        with self._cond:
            self._queue.append(op)
            while not op.done and self._leading:
                self._cond.wait()
            if op.done:
                return op.outcome()
            self._leading = True
            batch, self._queue = self._queue, []
        try:
            self._commit(batch)
        finally:
            with self._cond:
                self._leading = False
                for other in batch:
                    other.done = True
                self._cond.notify_all()
        return op.outcome()

    def _exclusive(self, fn):
        """Run fn(writer connection) outside any transaction, with no batch under way."""
        with self._cond:
            while self._leading:
                self._cond.wait()
            self._leading = True
        try:
            if self._writer is None:
                self._writer = self._connect(writer=True)
            return fn(self._writer)
        except sqlite3.Error as e:
            self._drop_writer()
            raise store_error(e) from None
        finally:
            with self._cond:
                self._leading = False
                self._cond.notify_all()

    def _drop_writer(self):
        with contextlib.suppress(sqlite3.Error, AttributeError):
            self._writer.close()
        self._writer = None

    def _commit(self, batch):
        """One transaction for the whole batch; each op in a SAVEPOINT, so an op that raises
        (Conflict, ValueError) is undone alone. A database error fails the whole batch."""
        committing = False
        try:
            dirs = [d for op in batch for d in op.dirs]
            if dirs:
                self.blobs.sync_dirs(dirs)
            if self._writer is None:
                self._writer = self._connect(writer=True)
            db = self._writer
            cur = db.cursor()
            self._process_lock.acquire(self.busy_timeout)
            db.execute("BEGIN IMMEDIATE")
            for op in batch:
                db.execute("SAVEPOINT op")
                try:
                    op.result = op.fn(cur)
                except sqlite3.IntegrityError:
                    db.execute("ROLLBACK TO op")
                    op.error = Conflict("refused by a constraint")
                except sqlite3.Error:
                    raise
                except Exception as e:  # the op's own refusal: undo it alone
                    db.execute("ROLLBACK TO op")
                    op.error = e
                db.execute("RELEASE op")
            committing = True
            db.execute("COMMIT")
            self._checkpointer.wake()
        except sqlite3.Error as e:
            if self._writer is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._writer.execute("ROLLBACK")
            self._drop_writer()
            for op in batch:
                if op.error is None:
                    op.error = store_error(e, maybe_committed=committing)
        except (StoreFull, StoreUnavailable) as e:  # a blob directory fsync failed: nothing written
            for op in batch:
                op.error = e
        finally:
            self._process_lock.release()

    # -- deletion and shutdown -----------------------------------------------------------------
    def _after_delete(self):
        """Copy the zeroed pages into the database file and empty the WAL, so the old page
        images of deleted rows are gone from both files. It waits for readers and for writers of
        other processes, and this process's writes wait meanwhile: at most 2 s, not the usual busy
        timeout (if it gives up, the next deletion or hourly retention pass checkpoints again)."""
        def checkpoint(db):
            db.execute("PRAGMA busy_timeout=2000")
            try:
                return db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            finally:
                db.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        self._exclusive(checkpoint)

    def close(self):
        self._checkpointer.stop()
        if self._process_lock._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._process_lock._fd)
            self._process_lock._fd = None
        with self._cond:
            self._drop_writer()
        while True:
            try:
                self._readers.get_nowait().close()
            except queue.Empty:
                break
