"""SQLite-only storage tests: a real full disk, the in-place migration of the first server
version's schema, the retention thread. (Everything both backends share is in
test_store_contract.py.)"""

import hashlib
import os
import time
import unittest

import store_fixture as fx
from server.store import StoreFull


class SQLiteOnly(unittest.TestCase):
    def setUp(self):
        self.backend = fx.Backend(False)
        self.addCleanup(self.backend.cleanup)
        self.store = self.backend.open()

    def test_retention_thread_runs_at_once_and_stops(self):
        from server.retention import start_retention_thread
        self.store.put_draft("d" * 64, b"x", "2000-01-01T00:00:00Z", "1999-01-01T00:00:00Z")
        thread = start_retention_thread(self.store, self.backend.config, interval=3600)
        for _ in range(100):
            if thread.runs:
                break
            time.sleep(0.05)
        self.assertEqual(thread.runs, 1)
        self.assertIsNone(self.store.get_draft("d" * 64))
        thread.stop()
        self.assertFalse(thread.is_alive())
        later = start_retention_thread(self.store, self.backend.config, interval=3600, first_delay=3600)
        time.sleep(0.1)
        self.assertEqual(later.runs, 0, "first_delay postpones the first pass")
        later.stop()
        self.assertFalse(later.is_alive())

    def test_disk_really_full(self):
        from store_mounts import tiny_disk
        with tiny_disk(self) as path:
            backend = fx.Backend(False, min_free_bytes=0)
            self.addCleanup(backend.cleanup)
            backend.replace(data=path)
            store = backend.open()
            kept = [fx.save(store, fx.envelope(100000))[0] for _ in range(3)]
            with self.assertRaises(StoreFull):
                for _ in range(100):
                    kept.append(fx.save(store, fx.envelope(100000))[0])
            self.assertEqual(os.listdir(store.blobs.incoming_dir), [])
            self.assertEqual(sorted(r["reference"] for r in store.list_submissions()), sorted(kept))
            for ref in kept[:5]:
                store.delete_submission(ref)
            fx.save(store, fx.envelope(100000))  # space again: it works again
            store.close()

    def test_migrates_the_first_schema_in_place(self):
        import sqlite3
        self.store.close()
        data = self.backend.data
        os.remove(self.backend.config.sqlite_path)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(self.backend.config.sqlite_path + suffix):
                os.remove(self.backend.config.sqlite_path + suffix)
        db = sqlite3.connect(self.backend.config.sqlite_path)
        db.executescript("""
            CREATE TABLE submissions(id INTEGER PRIMARY KEY, reference TEXT UNIQUE NOT NULL,
                received_at TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, blob TEXT NOT NULL);
            CREATE TABLE drafts(id TEXT PRIMARY KEY, updated_at TEXT NOT NULL, body BLOB NOT NULL);""")
        old = fx.envelope(4000)
        os.makedirs(os.path.join(data, "blobs", "ab"), exist_ok=True)
        with open(os.path.join(data, "blobs", "ab", "ab" * 16 + ".bin"), "wb") as f:
            f.write(old)
        db.execute("INSERT INTO submissions(reference, received_at, size, sha256, blob) VALUES (?, ?, ?, ?, ?)",
                   ("OLDS-REF2", "2030-01-01T00:00:00Z", len(old), hashlib.sha256(old).hexdigest(),
                    "ab/" + "ab" * 16 + ".bin"))
        db.execute("INSERT INTO drafts VALUES ('f', 1900000000, x'0102')")
        db.commit()
        db.close()
        store = self.backend.open()
        self.assertEqual(fx.read_all(store, "OLDS-REF2"), old)
        self.assertEqual(store.list_submissions()[0]["expires_at"], "2030-04-01T00:00:00Z")
        self.assertEqual(store.get_draft("f"), b"\x01\x02")
        ref, _ = fx.save(store, fx.envelope())
        self.assertEqual(len(store.list_submissions()), 2)
        self.assertEqual(store.recover_blobs(now=time.time() + 7200)["quarantined"], 0, "old blobs are kept")
        store.close()
        store = self.backend.open()  # opening again changes nothing
        self.assertEqual(len(store.list_submissions()), 2)


if __name__ == "__main__":
    unittest.main()
