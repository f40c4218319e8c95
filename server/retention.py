"""Retention: what expires, and deleting it for real.

Submissions expire `submission_days` after they arrived (the store setting `submission_days`,
which admins change through the staff API, overrides `config.submission_days`, default 90);
drafts `draft_days` after their last write (default 30), and with them a case made only to save
a draft that was never sent; sessions after `session_idle_seconds`
without use or `session_absolute_seconds` after login. "Deleted" means gone from the files, not
just unlisted: blob files are unlinked (with a directory fsync), rows deleted, and on SQLite
`secure_delete` zeroes the pages and `wal_checkpoint(TRUNCATE)` empties the WAL (the store does
both). docs/OPERATIONS.md "Retention and deletion" says what remains with PostgreSQL and backups.

Each run first recovers blob files without rows (adopt or quarantine, server/store/blobs.py),
so an adopted submission that is already past its time expires in the same run.

H-core starts `start_retention_thread(store, config)` once per process: it runs at start and
then hourly. Several processes running it at once is harmless (every step is idempotent).
"""

import logging
import threading
import time

from .store.base import StoreError, retention_days, utc_now

log = logging.getLogger("anlaufstelle.retention")

DAY = 86400
INTERVAL_SECONDS = 3600


def submission_days(store, config):
    return retention_days(store.get_setting("submission_days"), config.submission_days)


def run_retention(store, config, now=None):
    """One pass: recover orphan blobs, then delete what has expired. Returns counts (logged:
    counts only, never references or ids)."""
    now = time.time() if now is None else now
    counts = dict(store.recover_blobs(now))
    counts.update(store.expire(
        utc_now(now),
        submission_cutoff_iso=utc_now(now - submission_days(store, config) * DAY),
        draft_cutoff_iso=utc_now(now - config.draft_days * DAY),
        session_idle_cutoff_iso=utc_now(now - config.session_idle_seconds),
        session_absolute_cutoff_iso=utc_now(now - config.session_absolute_seconds)))
    if counts.get("submissions") or counts.get("drafts") or counts.get("sessions"):
        log.info("retention: deleted %d submission(s), %d draft(s), %d session(s)",
                 counts.get("submissions", 0), counts.get("drafts", 0), counts.get("sessions", 0))
    return counts


class RetentionThread(threading.Thread):
    """Runs `run_retention` now and then every `interval` seconds until `stop()`. A failing
    run (database down, disk read-only) is logged by its error class and tried again next time."""

    def __init__(self, store, config, interval=INTERVAL_SECONDS, first_delay=0):
        super().__init__(name="anlaufstelle-retention", daemon=True)
        self.store, self.config, self.interval, self.first_delay = store, config, interval, first_delay
        self._stop_event = threading.Event()
        self.runs = 0

    def run(self):
        if self.first_delay:
            self._stop_event.wait(self.first_delay)
        while not self._stop_event.is_set():
            try:
                run_retention(self.store, self.config)
            except StoreError as e:
                log.warning("retention run failed (%s); retrying in %d s", type(e).__name__, self.interval)
            except Exception:  # a bug must not end the thread silently: log the type and go on
                log.exception("retention run failed")
            self.runs += 1
            self._stop_event.wait(self.interval)

    def stop(self, timeout=10):
        self._stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)


def start_retention_thread(store, config, interval=INTERVAL_SECONDS, first_delay=0):
    """Start the hourly retention thread; its first run comes after `first_delay` seconds (0: at
    once; a caller that has just run `run_retention` itself passes `interval`). Returns the
    thread (`.stop()` at shutdown)."""
    thread = RetentionThread(store, config, interval, first_delay)
    thread.start()
    return thread
