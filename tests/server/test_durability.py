"""No acknowledged submission is lost: several processes on one store, rolling restarts, kill -9
and a database restored from an older backup (issue 10, item 2).

Real processes (tests/server/store_worker.py) share one data directory, and one PostgreSQL
database in the PostgreSQL variant. A worker prints "ACK <ref> <sha256>" the moment
`save_submission` returns (when a server would answer 201); afterwards every acknowledged
reference must open with exactly its bytes. The first server version deleted "orphan" blobs at
start-up and lost 85-255 acknowledged submissions per such run.
"""

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import unittest
from pathlib import Path

import store_fixture as fx

WORKER = str(Path(__file__).resolve().parent / "store_worker.py")


class Worker:
    """One store_worker.py process; collects its ACK lines in a background thread."""

    def __init__(self, backend, mode, **options):
        args = [sys.executable, WORKER, "--data", backend.data, "--mode", mode]
        if backend.config.database:
            args += ["--database", backend.config.database]
        for name, value in options.items():
            args += ["--" + name, str(value)]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.acks, self.lines = {}, []
        self._event = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for raw in self.process.stdout:
            line = raw.decode().strip()
            self.lines.append(line)
            if line.startswith("ACK "):
                _, ref, digest = line.split()
                self.acks[ref] = digest
            self._event.set()

    def wait_for(self, word, timeout=60):
        deadline = time.monotonic() + timeout
        while word not in self.lines:
            if time.monotonic() > deadline or (self.process.poll() is not None and not self._reader.is_alive()):
                raise AssertionError(f"worker never said {word}: {self.process.stderr.read().decode()[-2000:]}")
            self._event.wait(0.05)
            self._event.clear()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self._reader.join(10)

    def finish(self, timeout=120):
        rc = self.process.wait(timeout)
        self._reader.join(10)
        if rc != 0:
            raise AssertionError(f"worker failed ({rc}): {self.process.stderr.read().decode()[-3000:]}")


class Durability:
    postgres = False

    def setUp(self):
        self.backend = fx.Backend(self.postgres)
        self.addCleanup(self.backend.cleanup)
        self.backend.open().close()  # create the schema once, as the first server start would

    def assert_all_open(self, acks, store=None):
        store = store or self.backend.open()
        for ref, digest in acks.items():
            data = fx.read_all(store, ref)
            self.assertEqual(hashlib.sha256(data).hexdigest(), digest, "an acknowledged submission changed")
        return store

    def test_rolling_restarts_under_load_lose_nothing(self):
        """Process A acknowledges submissions the whole time while process B starts, recovers
        blobs, submits and stops over and over, every other time by kill -9 at a random moment.
        B's grace period is 1 s (3600 in production), so B's recovery really runs concurrently
        with A's saves and adopts what killed B's left behind."""
        a = Worker(self.backend, "submit", count=3000, threads=8, size=3000, pause=2)
        acks, runs, killed = {}, 0, 0
        while a.process.poll() is None or runs < 6:
            b = Worker(self.backend, "restart", count=40, threads=4, grace=1)
            if runs % 2:
                time.sleep(random.uniform(0.1, 0.6))
                b.kill()
                killed += 1
            else:
                b.finish()
            acks.update(b.acks)
            runs += 1
        a.finish()
        self.assertEqual(len(a.acks), 3000)
        self.assertGreater(len(acks), 100, "B acknowledged submissions too")
        acks.update(a.acks)
        store = self.assert_all_open(acks)
        counts = store.recover_blobs(now=time.time() + 7200)
        self.assertEqual(counts["missing"], 0, "a row lost its blob")
        self.assert_all_open(acks, store)
        self.assertGreaterEqual(killed, 3)

    def test_kill_during_upload_and_during_save(self):
        before = Worker(self.backend, "submit", count=20, threads=2)
        before.finish()
        w = Worker(self.backend, "hold-upload", size=200000)
        w.wait_for("WRITING")
        w.kill()
        h = Worker(self.backend, "hang-in-save", size=5000)
        h.wait_for("PLACED")
        h.kill()
        store = self.assert_all_open(before.acks)
        self.assertEqual(len(store.list_submissions()), 20, "neither killed upload has a row")
        self.assertEqual(len(os.listdir(store.blobs.incoming_dir)), 1)
        self.assertEqual(store.recover_blobs()["adopted"], 0, "young files are left alone")
        counts = store.recover_blobs(now=time.time() + 7200)
        # The placed blob was never acknowledged, but it is complete and names its reference:
        # adopting it costs at worst a duplicate; the half upload goes to quarantine.
        self.assertEqual((counts["adopted"], counts["quarantined"], counts["missing"]), (1, 1, 0))
        self.assertEqual(len(store.list_submissions()), 21)
        self.assert_all_open(before.acks, store)


class SQLiteDurability(Durability, unittest.TestCase):
    postgres = False

    def test_restored_backup_gets_newer_submissions_back(self):
        """Back up the database (sqlite3 backup API) while submissions arrive, let more arrive,
        stop, put the old database back, start: every acknowledged submission is there again."""
        path = self.backend.config.sqlite_path
        w = Worker(self.backend, "submit", count=300, threads=3, pause=5)
        while len(w.acks) < 60:
            time.sleep(0.02)
        acked_before_backup = dict(w.acks)
        backup = os.path.join(self.backend.data, "backup.sqlite3")
        with sqlite3.connect(path) as src, sqlite3.connect(backup) as dst:
            src.backup(dst)
        w.finish()
        self.assertEqual(len(w.acks), 300)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        shutil.move(backup, path)
        store = self.backend.open(grace_seconds=1)
        in_backup = {r["reference"] for r in store.list_submissions()}
        self.assertTrue(set(acked_before_backup) <= in_backup)
        self.assertLess(len(in_backup), 300, "the backup is older than the last submissions")
        counts = store.recover_blobs(now=time.time() + 1.1)  # past the 1 s grace, without waiting for it
        self.assertEqual(counts["adopted"], 300 - len(in_backup))
        self.assertEqual(counts["quarantined"], 0)
        self.assert_all_open(w.acks, store)
        self.assertEqual(len(store.list_submissions()), 300)

    def test_two_store_instances_in_one_process_share_the_file(self):
        one, two = self.backend.open(), self.backend.open()
        refs = [fx.save(one if i % 2 else two, fx.envelope())[0] for i in range(20)]
        for store in (one, two):
            self.assertEqual({r["reference"] for r in store.list_submissions()}, set(refs))


class PostgresDurability(Durability, unittest.TestCase):
    postgres = True

    def test_two_processes_write_concurrently(self):
        workers = [Worker(self.backend, "submit", count=300, threads=6) for _ in range(2)]
        for w in workers:
            w.finish()
        acks = {**workers[0].acks, **workers[1].acks}
        self.assertEqual(len(acks), 600)
        store = self.assert_all_open(acks)
        self.assertEqual(len(store.list_submissions()), 600)


if __name__ == "__main__":
    unittest.main()
