"""One storage test-suite, run against both backends (server/store/base.py is the contract).

`Contract` holds the tests; `SQLiteContract` and `PostgresContract` run them on the embedded
SQLite store and on a real PostgreSQL 15 (tests/server/pg.py: one throw-away cluster per test
run, one database per test). Backend-specific checks (which files hold deleted bytes, how the
database is made read-only) go through the small hooks each subclass defines.

Run: /usr/bin/python3 -m unittest discover -s tests/server -p 'test_store_*'
"""

import hashlib
import os
import secrets
import threading
import time
import unittest

import store_fixture as fx
from server.store import BlobMissing, Conflict, StoreFull, StoreUnavailable, parse_utc, utc_now

DAY = 86400


class Contract:
    postgres = False

    def setUp(self):
        self.backend = fx.Backend(self.postgres)
        self.addCleanup(self.backend.cleanup)
        self.store = self.backend.open()

    # -- submissions ---------------------------------------------------------------------------
    def test_submission_streams_in_and_out_with_its_checksum(self):
        data = fx.envelope(3 * 1024 * 1024 + 17)
        with self.store.incoming() as inc:
            for i in range(0, len(data), 65536):
                inc.write(data[i:i + 65536])
            self.assertEqual(inc.size, len(data))
            self.assertEqual(inc.sha256, hashlib.sha256(data).hexdigest())
            self.assertTrue(os.path.isfile(inc.path))
            ref, received_at = self.store.save_submission(inc, fx.KEY_ID)
        self.assertRegex(ref, r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")
        self.assertLessEqual(abs(parse_utc(received_at) - time.time()), 5)
        self.assertEqual(fx.read_all(self.store, ref), data)
        [row] = self.store.list_submissions()
        self.assertEqual(row, {"reference": ref, "received_at": received_at, "size": len(data),
                               "expires_at": utc_now(parse_utc(received_at) + 90 * DAY)})
        self.assertEqual(os.listdir(self.store.blobs.incoming_dir), [])

    def test_list_is_newest_first_and_unknown_reference_is_none(self):
        refs = [fx.save(self.store, fx.envelope()) [0] for _ in range(3)]
        listed = [r["reference"] for r in self.store.list_submissions()]
        self.assertEqual(sorted(listed), sorted(refs))
        times = [r["received_at"] for r in self.store.list_submissions()]
        self.assertEqual(times, sorted(times, reverse=True))
        self.assertIsNone(self.store.open_submission("AAAA-AAAA"))

    def test_delete_removes_row_and_file(self):
        ref, _ = fx.save(self.store, fx.envelope())
        before = set(fx.files_under(self.store.blobs.root))
        self.assertTrue(self.store.delete_submission(ref))
        self.assertIsNone(self.store.open_submission(ref))
        self.assertFalse(self.store.delete_submission(ref))
        self.assertEqual(len(before - set(fx.files_under(self.store.blobs.root))), 1)

    def test_unsaved_upload_leaves_nothing(self):
        with self.store.incoming() as inc:
            inc.write(b"x" * 1000)
        with self.assertRaises(ValueError):
            with self.store.incoming() as inc:
                inc.write(b"y" * 1000)
                raise ValueError("envelope refused")
        self.assertEqual(list(fx.files_under(self.store.blobs.root)), [])
        self.assertEqual(self.store.list_submissions(), [])

    def test_missing_or_damaged_blob_is_blob_missing(self):
        ref, _ = fx.save(self.store, fx.envelope(5000))
        path = self._blob_path(ref)
        with open(path, "r+b") as f:  # same size, one byte changed
            f.seek(100)
            byte = f.read(1)[0]
            f.seek(100)  # the read moved past it: write over the byte just read, flipped
            f.write(bytes([byte ^ 0xFF]))
        size, f = self.store.open_submission(ref)
        with f, self.assertRaises(BlobMissing):
            while f.read(1000):
                pass
        os.remove(path)
        with self.assertRaises(BlobMissing):
            self.store.open_submission(ref)

    def test_concurrent_submissions_all_land(self):
        acks, errors = [], []

        def worker():
            try:
                for _ in range(15):
                    data = fx.envelope(1500)
                    acks.append((fx.save(self.store, data)[0], data))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)
        threads = [threading.Thread(target=worker) for _ in range(12)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        self.assertEqual(errors, [])
        self.assertEqual(len({ref for ref, _ in acks}), 12 * 15)
        for ref, data in acks:
            self.assertEqual(fx.read_all(self.store, ref), data)

    # -- drafts --------------------------------------------------------------------------------
    def test_drafts_put_replace_get_delete_expire(self):
        a, b = "a" * 64, "b" * 64
        self.store.put_draft(a, b"one", "2030-01-01T00:00:00Z", "2029-01-01T00:00:00Z")
        self.assertEqual(self.store.get_draft(a), b"one")
        self.store.put_draft(a, b"two", "2030-01-02T00:00:00Z", "2029-01-01T00:00:00Z")
        self.assertEqual(self.store.get_draft(a), b"two")
        self.store.put_draft(b, b"other", "2030-03-01T00:00:00Z", "2030-02-01T00:00:00Z")
        self.assertIsNone(self.store.get_draft(a), "a draft older than the cutoff expires")
        self.assertEqual(self.store.get_draft(b), b"other")
        self.store.delete_draft(b)
        self.assertIsNone(self.store.get_draft(b))
        self.store.delete_draft(b)  # deleting nothing is fine

    # -- cases ---------------------------------------------------------------------------------
    def _case(self, locator="ABCD", created_at=None):
        case = {"locator": locator, "salt": "c2FsdHNhbHRzYWx0c2FsdA==", "public_key": "cGs=",
                "token_sha256": "ab" * 32, "opslimit": 3, "memlimit": 33554432,
                "created_at": created_at or utc_now()}
        self.store.create_case(case)
        return case

    def _item(self, locator, author="applicant", audience="case", data=None):
        data = data or fx.envelope(1500)
        with self.store.incoming() as inc:
            inc.write(data)
            return self.store.save_case_item(inc, locator, author, audience), data

    def test_cases_are_created_once_and_read_back(self):
        case = self._case()
        self.assertEqual(self.store.get_case("ABCD"), case)
        with self.assertRaises(Conflict):
            self._case()
        self.assertIsNone(self.store.get_case("ZZZZ"))
        # A case holding nothing yet (a draft saved under it) is not listed to the office ...
        self.assertEqual(self.store.list_cases(), [])
        # ... until the application (or an item) arrives under it.
        with self.store.incoming() as inc:
            inc.write(fx.envelope())
            self.store.save_submission(inc, fx.KEY_ID, case_locator="ABCD")
        self.assertEqual(self.store.list_cases(), [{"locator": "ABCD", "created_at": case["created_at"],
                                                    "last_item_at": None, "unread": 0}])

    def test_case_items_stream_to_blobs_by_audience_and_get_read(self):
        self._case()
        self._case("EFGH")
        (item, at), data = self._item("ABCD")
        (note, _), _ = self._item("ABCD", "office", "office")
        self.assertRegex(item, r"^[0-9a-f]{32}$")
        listed = self.store.list_case_items("ABCD", ("case",))
        self.assertEqual(listed, [{"id": item, "author": "applicant", "audience": "case", "created_at": at,
                                   "size": len(data), "read_by_applicant_at": None, "read_by_office_at": None}])
        self.assertEqual({i["id"] for i in self.store.list_case_items("ABCD", ("case", "office"))}, {item, note})
        self.assertEqual(self.store.list_case_items("EFGH", ("case", "office")), [])
        size, f = self.store.open_case_item("ABCD", item, ("case",))
        with f:
            self.assertEqual((size, f.read()), (len(data), data))
        self.assertIsNone(self.store.open_case_item("ABCD", note, ("case",)), "an office-only item")
        self.assertIsNone(self.store.open_case_item("EFGH", item, ("case", "office")), "another case's item")
        [summary] = [c for c in self.store.list_cases() if c["locator"] == "ABCD"]
        self.assertEqual(summary["unread"], 1)
        self.assertTrue(self.store.mark_case_item_read("ABCD", item, "office", "2030-01-01T00:00:00Z", ("case", "office")))
        self.assertTrue(self.store.mark_case_item_read("ABCD", item, "office", "2031-01-01T00:00:00Z", ("case", "office")))
        self.assertFalse(self.store.mark_case_item_read("ABCD", note, "applicant", "2030-01-01T00:00:00Z", ("case",)))
        [row] = self.store.list_case_items("ABCD", ("case",))
        self.assertEqual((row["read_by_office_at"], row["read_by_applicant_at"]), ("2030-01-01T00:00:00Z", None))
        self.assertEqual([c["unread"] for c in self.store.list_cases() if c["locator"] == "ABCD"], [0])
        self.assertEqual(os.listdir(self.store.blobs.incoming_dir), [])

    def test_a_case_item_blob_is_never_adopted_as_a_submission(self):
        self._case()
        (item, _), _ = self._item("ABCD")
        counts = self.store.recover_blobs(now=time.time() + 7200)
        self.assertEqual((counts["adopted"], counts["quarantined"], counts["missing"]), (0, 0, 0))
        self._raw_sql(f"DELETE FROM case_items WHERE id = '{item}'")  # a row lost: the file is kept aside
        counts = self.store.recover_blobs(now=time.time() + 7200)
        self.assertEqual((counts["adopted"], counts["quarantined"]), (0, 1))
        self.assertEqual(self.store.list_submissions(), [])

    def test_case_submissions_are_linked_in_the_same_transaction(self):
        self._case()
        with self.store.incoming() as inc:
            inc.write(fx.envelope())
            ref, _ = self.store.save_submission(inc, fx.KEY_ID, case_locator="ABCD")
        other, _ = fx.save(self.store, fx.envelope())
        self.assertEqual(self.store.case_submissions("ABCD"), [ref])
        self.store.delete_submission(ref)
        self.assertEqual(self.store.case_submissions("ABCD"), [])
        self.assertEqual(self._count("case_submissions"), 0)

    def test_uploads_advance_by_compare_and_set_and_expire(self):
        from server.retention import run_retention
        self._case()
        self.assertTrue(self.store.create_upload("u" * 32, "ABCD", 1000, utc_now(time.time() + DAY), utc_now(), 4))
        self.assertIsNone(self.store.get_upload("EFGH", "u" * 32))
        self.assertEqual(self.store.get_upload("ABCD", "u" * 32)["offset"], 0)
        self.assertTrue(self.store.advance_upload("u" * 32, 0, 400))
        self.assertFalse(self.store.advance_upload("u" * 32, 0, 800), "the offset moved on meanwhile")
        self.assertEqual(self.store.get_upload("ABCD", "u" * 32)["offset"], 400)
        with open(self.store.blobs.upload_path("u" * 32), "wb") as f:
            f.write(b"x" * 400)
        self.assertEqual(run_retention(self.store, self.backend.config)["uploads"], 0)
        counts = run_retention(self.store, self.backend.config, now=time.time() + 2 * DAY)
        self.assertEqual(counts["uploads"], 1)
        self.assertIsNone(self.store.get_upload("ABCD", "u" * 32))
        self.assertFalse(os.path.exists(self.store.blobs.upload_path("u" * 32)))
        self.assertTrue(self.store.create_upload("v" * 32, "ABCD", 10, utc_now(time.time() + DAY), utc_now(), 4))
        self.assertIsNone(self.store.get_upload("ABCD", "v" * 32)["item"])
        with self.store.incoming() as inc:
            inc.write(fx.envelope(10))
            item, _ = self.store.save_case_item(inc, "ABCD", "applicant", "case", upload_id="v" * 32)
        self.assertEqual(self.store.get_upload("ABCD", "v" * 32)["item"], item)
        self.assertTrue(self.store.delete_upload("v" * 32))
        self.assertFalse(self.store.delete_upload("v" * 32))
        self.assertEqual([i["id"] for i in self.store.list_case_items("ABCD", ("case",))], [item])

    def test_a_case_has_at_most_max_open_unfinished_uploads(self):
        self._case()
        later, now = utc_now(time.time() + DAY), utc_now()
        for n in range(3):
            self.assertTrue(self.store.create_upload(f"{n}" * 32, "ABCD", 10, later, now, 3))
        self.assertFalse(self.store.create_upload("x" * 32, "ABCD", 10, later, now, 3))
        self.assertIsNone(self.store.get_upload("ABCD", "x" * 32))
        # A finished one no longer counts, nor one that expired, nor another case's.
        with self.store.incoming() as inc:
            inc.write(fx.envelope(10))
            self.store.save_case_item(inc, "ABCD", "applicant", "case", upload_id="0" * 32)
        self.assertTrue(self.store.create_upload("x" * 32, "ABCD", 10, later, now, 3))
        self.assertFalse(self.store.create_upload("y" * 32, "ABCD", 10, later, now, 3))
        self.assertTrue(self.store.create_upload("y" * 32, "ABCD", 10, later, utc_now(time.time() + 2 * DAY), 3))
        self._case("EFGH")
        self.assertTrue(self.store.create_upload("z" * 32, "EFGH", 10, later, now, 3))

    def test_a_store_of_schema_2_gets_the_case_tables_and_keeps_its_rows(self):
        ref, _ = fx.save(self.store, fx.envelope())
        self.store.close()
        for table in ("cases", "case_items", "case_submissions", "case_uploads"):
            self._raw_sql(f"DROP TABLE {table}")
        self._raw_sql(self.SCHEMA_2)
        self.store = self.backend.open()
        self.assertEqual([r["reference"] for r in self.store.list_submissions()], [ref])
        self._case()
        self.assertEqual(self.store.get_case("ABCD")["opslimit"], 3)

    def test_expired_submissions_leave_no_case_link(self):
        from server.retention import run_retention
        for locator in ("ABCD", "EFGH"):
            self._case(locator)
            with self.store.incoming() as inc:
                inc.write(fx.envelope())
                self.store.save_submission(inc, fx.KEY_ID, case_locator=locator)
        self._item("ABCD")  # a message: the conversation goes on after the application expired
        counts = run_retention(self.store, self.backend.config, now=time.time() + 91 * DAY)
        self.assertEqual(counts["submissions"], 2)
        self.assertEqual(self._count("case_submissions"), 0)
        self.assertIsNotNone(self.store.get_case("ABCD"), "cases do not expire with their submissions")
        # A case left with nothing in it at all goes, as one made for a draft never sent.
        self.assertIsNone(self.store.get_case("EFGH"))

    def _count(self, table):
        return self._raw_rows(f"SELECT COUNT(*) FROM {table}")[0][0]

    # -- accounts and sessions -----------------------------------------------------------------
    def test_accounts(self):
        self.store.add_account(fx.account("ana", "admin"))
        self.store.add_account(fx.account("bo", totp_secret="JBSWY3DPEHPK3PXP"))
        with self.assertRaises(Conflict):
            self.store.add_account(fx.account("ana"))
        ana = self.store.get_account("ana")
        self.assertEqual(ana["role"], "admin")
        self.assertEqual(ana["kdf"]["opslimit"], 3)
        self.assertIs(ana["must_change_passphrase"], False)
        self.assertIsNone(ana["totp_secret"])
        self.assertRegex(ana["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual([a["name"] for a in self.store.list_accounts()], ["ana", "bo"])
        self.assertTrue(self.store.update_account("bo", must_change_passphrase=True, totp_pending="ABC",
                                                  kdf={"alg": "argon2id13", "salt": "s2", "opslimit": 4,
                                                       "memlimit": 67108864}))
        bo = self.store.get_account("bo")
        self.assertEqual((bo["must_change_passphrase"], bo["totp_pending"], bo["kdf"]["salt"]), (True, "ABC", "s2"))
        self.assertFalse(self.store.update_account("nobody", totp_pending=None))
        with self.assertRaises(ValueError):
            self.store.update_account("bo", name="other")  # names never change
        with self.assertRaises(ValueError):
            self.store.add_account(fx.account("cy", role="root"))
        self.store.create_session("h1", "bo", "2030-01-01T00:00:00Z")
        self.store.create_session("h2", "ana", "2030-01-01T00:00:00Z")
        self.assertTrue(self.store.remove_account("bo"))
        self.assertFalse(self.store.remove_account("bo"))
        self.assertIsNone(self.store.get_account("bo"))
        self.assertIsNone(self.store.get_session("h1"), "removing an account ends its sessions")
        self.assertIsNotNone(self.store.get_session("h2"))

    def test_sessions(self):
        self.store.add_account(fx.account("ana", "admin"))
        self.store.create_session("h1", "ana", "2030-01-01T00:00:00Z")
        self.store.create_session("h2", "ana", "2030-01-01T00:00:00Z")
        self.assertEqual(self.store.get_session("h1"), {"name": "ana", "created_at": "2030-01-01T00:00:00Z",
                                                        "last_seen_at": "2030-01-01T00:00:00Z"})
        self.store.touch_session("h1", "2030-01-01T00:10:00Z")
        self.assertEqual(self.store.get_session("h1")["last_seen_at"], "2030-01-01T00:10:00Z")
        self.store.delete_session("h1")
        self.assertIsNone(self.store.get_session("h1"))
        self.store.delete_sessions_of("ana")
        self.assertIsNone(self.store.get_session("h2"))

    # -- audit ---------------------------------------------------------------------------------
    def test_audit_is_append_only_in_the_database_itself(self):
        for i in range(5):
            self.store.append_audit(f"2030-01-01T00:00:0{i}Z", "ana", "open", f"T{i}")
        entries = self.store.list_audit()
        self.assertEqual([e["target"] for e in entries], ["T4", "T3", "T2", "T1", "T0"])
        self.assertEqual(set(entries[0]), {"id", "at", "actor", "action", "target"})
        page = self.store.list_audit(before_id=entries[1]["id"], limit=2)
        self.assertEqual([e["target"] for e in page], ["T2", "T1"])
        self.assertFalse(hasattr(self.store, "delete_audit") or hasattr(self.store, "update_audit"))
        for sql in ("UPDATE audit SET actor = 'mallory'", "DELETE FROM audit"):
            with self.assertRaises(Exception) as caught:
                self._raw_sql(sql)
            self.assertIn("append-only", str(caught.exception))
        self.assertEqual(len(self.store.list_audit()), 5)

    # -- office keys ---------------------------------------------------------------------------
    def _imported(self):
        staff = [fx.account("ana", "admin"), fx.account("bo")]
        self.assertTrue(self.store.import_office(fx.office("00000000000000aa", staff)))
        return staff

    def test_import_office_only_once(self):
        self.assertIsNone(self.store.office_keys())
        self._imported()
        self.assertEqual(self.store.office_keys(), {"current": {"key_id": "00000000000000aa",
                                                                "public_key": "pk-00000000000000aa"}, "retired": []})
        self.assertEqual(self.store.get_account("bo")["office_key_wrap"], "wrap-of-bo")
        self.assertFalse(self.store.import_office(fx.office("00000000000000bb", [fx.account("cy")])))
        self.assertIsNone(self.store.get_account("cy"))

    def test_rotation_is_atomic(self):
        self._imported()
        new = {"key_id": "00000000000000bb", "public_key": "pk-bb"}
        wraps = {"ana": "new-ana", "bo": "new-bo"}
        snapshot = (self.store.office_keys(), self.store.list_accounts())
        refused = [
            (new, {"ana": "new-ana"}, {"00000000000000aa": "r"}, "00000000000000aa"),          # bo lacks a wrap
            (new, dict(wraps, cy="x"), {"00000000000000aa": "r"}, "00000000000000aa"),       # no such account
            (new, wraps, {}, "00000000000000aa"),                                            # old key unwrapped
            (new, wraps, {"00000000000000aa": "r"}, "00000000000000ff"),                      # current changed
            ({"key_id": "00000000000000aa", "public_key": "x"}, wraps, {"00000000000000aa": "r"}, "00000000000000aa"),
        ]
        for args in refused:
            with self.assertRaises(Conflict):
                self.store.rotate_office_key(*args)
            self.assertEqual((self.store.office_keys(), self.store.list_accounts()), snapshot)
        self.store.rotate_office_key(new, wraps, {"00000000000000aa": "aa-under-bb"}, "00000000000000aa")
        keys = self.store.office_keys()
        self.assertEqual(keys["current"], {"key_id": "00000000000000bb", "public_key": "pk-bb"})
        self.assertEqual(keys["retired"], [{"key_id": "00000000000000aa", "public_key": "pk-00000000000000aa",
                                            "wrap": "aa-under-bb"}])
        self.assertEqual(self.store.get_account("bo")["office_key_wrap"], "new-bo")
        third = {"key_id": "00000000000000cc", "public_key": "pk-cc"}
        with self.assertRaises(Conflict):  # the first key needs a wrap under the third one too
            self.store.rotate_office_key(third, wraps, {"00000000000000bb": "b"}, "00000000000000bb")
        self.store.rotate_office_key(third, wraps, {"00000000000000bb": "b", "00000000000000aa": "a"},
                                     "00000000000000bb")
        self.assertEqual(sorted(k["key_id"] for k in self.store.office_keys()["retired"]),
                         ["00000000000000aa", "00000000000000bb"])

    # -- settings ------------------------------------------------------------------------------
    def test_settings_and_retention_days(self):
        self.assertIsNone(self.store.get_setting("server_secret"))
        self.store.set_setting("server_secret", "s1")
        self.store.set_setting("server_secret", "s2")
        self.assertEqual(self.store.get_setting("server_secret"), "s2")
        ref, at = fx.save(self.store, fx.envelope())
        self.store.set_setting("submission_days", 7)
        self.assertEqual(self.store.list_submissions()[0]["expires_at"], utc_now(parse_utc(at) + 7 * DAY))

    def test_setdefault_setting_lets_exactly_one_racer_win(self):
        """The server secret is created by whichever process needs it first; racing processes
        (here: threads on their own connections) must all end up with one and the same value."""
        results = []
        threads = [threading.Thread(target=lambda v=v: results.append(self.store.setdefault_setting("secret", v)))
                   for v in ("a", "b", "c", "d", "e", "f")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(set(results)), 1, results)
        self.assertEqual(self.store.get_setting("secret"), results[0])
        self.assertEqual(self.store.setdefault_setting("secret", "later"), results[0])

    # -- retention -----------------------------------------------------------------------------
    def test_retention_deletes_for_real(self):
        from server.retention import run_retention
        marker = b"MARKER-" + secrets.token_hex(12).encode()
        old_ref, _ = fx.save(self.store, fx.envelope(20000, marker))
        self.store.put_draft("d" * 64, b"draft " + marker, utc_now(time.time() - 40 * DAY), "2000-01-01T00:00:00Z")
        self.store.add_account(fx.account("ana", "admin"))
        self.store.create_session("idle", "ana", utc_now(time.time() - 3600))
        self.store.create_session("fresh", "ana", utc_now())
        second_ref, _ = fx.save(self.store, fx.envelope())
        self.assertTrue(fx.grep(self.backend.data, marker))
        self.store.set_setting("submission_days", "0")  # not a retention period: the default 90 holds
        counts = run_retention(self.store, self.backend.config, now=time.time() + 91 * DAY)
        self.assertEqual((counts["submissions"], counts["drafts"], counts["sessions"]), (2, 1, 2))
        self.assertIsNone(self.store.open_submission(old_ref))
        self.assertIsNone(self.store.get_draft("d" * 64))
        self.assertEqual(self.store.list_submissions(), [])
        self.assertEqual(fx.grep(self.backend.data, marker), [], "deleted bytes remain in these files")
        self.assertEqual(fx.grep(self.backend.data, old_ref.encode()), [])
        self.assertEqual(fx.grep(self.backend.data, second_ref.encode()), [])

    def test_retention_removes_a_case_left_with_nothing_in_it(self):
        from server.retention import run_retention
        old = utc_now(time.time() - 40 * DAY)
        self._case("ABCD", old)   # a draft was saved under it, then left: the draft expires with it
        self.store.put_draft("case:ABCD", b"sealed", old, "2000-01-01T00:00:00Z")
        self._case("EFGH", old)   # its application arrived: it stays
        with self.store.incoming() as inc:
            inc.write(fx.envelope())
            self.store.save_submission(inc, fx.KEY_ID, case_locator="EFGH")
        self._case("JKLM", old)   # a draft still young under an old case: it stays
        self.store.put_draft("case:JKLM", b"sealed", utc_now(), "2000-01-01T00:00:00Z")
        self._case("NPQR")        # made today, nothing in it yet: it stays
        counts = run_retention(self.store, self.backend.config)
        self.assertEqual((counts["drafts"], counts["cases"]), (1, 1))
        self.assertIsNone(self.store.get_case("ABCD"))
        for locator in ("EFGH", "JKLM", "NPQR"):
            self.assertIsNotNone(self.store.get_case(locator), locator)

    def test_retention_keeps_what_is_young(self):
        from server.retention import run_retention
        ref, _ = fx.save(self.store, fx.envelope())
        self.store.put_draft("d" * 64, b"x", utc_now(), "2000-01-01T00:00:00Z")
        counts = run_retention(self.store, self.backend.config)
        self.assertEqual((counts["submissions"], counts["drafts"]), (0, 0))
        self.assertEqual(fx.read_all(self.store, ref)[:4], b"ANLS")

    # -- errors --------------------------------------------------------------------------------
    def test_store_full_leaves_nothing_behind(self):
        ref, _ = fx.save(self.store, fx.envelope())
        self.store.blobs.min_free_bytes = 1 << 62
        with self.assertRaises(StoreFull):
            fx.save(self.store, fx.envelope())
        self.store.blobs.min_free_bytes = 0
        with self.store.incoming() as inc:  # space runs out in the middle of an upload
            inc.write(b"x" * 1000)
            self.store.blobs.min_free_bytes = 1 << 62
            with self.assertRaises(StoreFull):
                inc.write(b"y" * (2 << 20))
        self.store.blobs.min_free_bytes = 0
        self.assertEqual(os.listdir(self.store.blobs.incoming_dir), [])
        self.assertEqual([r["reference"] for r in self.store.list_submissions()], [ref])
        fx.save(self.store, fx.envelope())  # space is back: it works again

    def test_read_only_is_unavailable_then_recovers(self):
        with self._read_only() as (store, set_read_only):
            ref, _ = fx.save(store, fx.envelope())
            set_read_only(True)
            with self.assertRaises(StoreUnavailable):
                fx.save(store, fx.envelope())
            self._database_refuses_writes(store)
            size, f = store.open_submission(ref)
            f.close()
            set_read_only(False)
            fx.save(store, fx.envelope())
            store.put_draft("e" * 64, b"x", utc_now(), "2000-01-01T00:00:00Z")
            self.assertEqual(len(store.list_submissions()), 2)
            self.assertEqual(store.get_draft("e" * 64), b"x")
            self.assertEqual(os.listdir(store.blobs.incoming_dir), [])
            self.assertEqual(len([n for n in fx.files_under(store.blobs.root)]), 2, "no stray blob")

    # -- recovery of blobs without rows --------------------------------------------------------
    def test_recovery_adopts_or_quarantines_never_deletes(self):
        kept_ref, _ = fx.save(self.store, fx.envelope())
        lost_data = fx.envelope(3000)
        lost_ref, lost_at = fx.save(self.store, lost_data)
        lost_path = self._blob_path(lost_ref)
        self._raw_sql(f"DELETE FROM submissions WHERE reference = '{lost_ref}'")  # as if restored from before
        blobs = self.store.blobs
        os.makedirs(os.path.join(blobs.root, "0a"), exist_ok=True)
        taken = os.path.join(blobs.root, "0a", f"{kept_ref}_1700000000_{'0' * 16}.bin")  # reference in use
        old_style = os.path.join(blobs.root, "0a", "ab" * 16 + ".bin")
        partial = os.path.join(blobs.incoming_dir, "up-x.part")
        empty = os.path.join(blobs.incoming_dir, "up-y.part")
        for path, data in ((taken, b"t"), (old_style, b"o"), (partial, b"p"), (empty, b"")):
            with open(path, "wb") as f:
                f.write(data)
        young = self.store.recover_blobs()
        self.assertEqual(young["adopted"] + young["quarantined"], 0, "young files are left alone")
        counts = self.store.recover_blobs(now=time.time() + 7200)
        self.assertEqual((counts["adopted"], counts["quarantined"], counts["missing"]), (1, 3, 0))
        self.assertEqual(fx.read_all(self.store, lost_ref), lost_data)
        [row] = [r for r in self.store.list_submissions() if r["reference"] == lost_ref]
        self.assertEqual(row["received_at"], lost_at)
        self.assertTrue(os.path.isfile(lost_path))
        self.assertEqual(len(os.listdir(blobs.quarantine_dir)), 3)
        self.assertFalse(os.path.exists(empty))
        self.store.open_submission(kept_ref)[1].close()
        again = self.store.recover_blobs(now=time.time() + 7200)
        self.assertEqual((again["adopted"], again["quarantined"]), (0, 0))

    def test_second_store_on_the_same_data_sees_everything(self):
        ref, _ = fx.save(self.store, fx.envelope())
        other = self.backend.open()
        other.recover_blobs()
        ref2, _ = fx.save(other, fx.envelope())
        self.assertEqual({r["reference"] for r in self.store.list_submissions()}, {ref, ref2})
        self.assertEqual(len(fx.read_all(self.store, ref2)), 2000)

    def _blob_path(self, ref):
        [name] = [n for n in fx.files_under(self.store.blobs.root) if os.path.basename(n).startswith(ref)]
        return name


class SQLiteContract(Contract, unittest.TestCase):
    postgres = False
    SCHEMA_2 = "PRAGMA user_version = 2"

    def _raw_sql(self, sql):
        self._raw_rows(sql)

    def _raw_rows(self, sql):
        import sqlite3
        db = sqlite3.connect(self.backend.config.sqlite_path, isolation_level=None)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def _read_only(self):
        from store_mounts import sqlite_read_only
        return sqlite_read_only(self.backend, self.store)

    def _database_refuses_writes(self, store):
        # The open connections keep their writable file descriptors, as they would on a real
        # system; a process starting now cannot write and says so.
        with self.assertRaises(StoreUnavailable):
            self.backend.open().put_draft("e" * 64, b"x", utc_now(), "2000-01-01T00:00:00Z")


class PostgresContract(Contract, unittest.TestCase):
    postgres = True
    SCHEMA_2 = "UPDATE settings SET value = '2' WHERE key = 'schema_version'"

    def setUp(self):
        super().setUp()
        self.store.timeout = 1.0  # waiting for a connection while the database is down

    def _raw_sql(self, sql):
        import psycopg
        with psycopg.connect(self.backend.config.database, autocommit=True) as conn:
            conn.execute(sql)

    def _raw_rows(self, sql):
        import psycopg
        with psycopg.connect(self.backend.config.database, autocommit=True) as conn:
            return conn.execute(sql).fetchall()

    def _read_only(self):
        from store_mounts import pg_read_only
        return pg_read_only(self.backend, self.store)

    def _database_refuses_writes(self, store):
        with self.assertRaises(StoreUnavailable):
            store.put_draft("e" * 64, b"x", utc_now(), "2000-01-01T00:00:00Z")

    def test_database_down_is_unavailable_then_recovers(self):
        ref, _ = fx.save(self.store, fx.envelope())
        self.backend.cluster.set_down(self.backend.db_name, True)
        try:
            with self.assertRaises(StoreUnavailable):
                self.store.list_submissions()
            with self.assertRaises(StoreUnavailable):
                fx.save(self.store, fx.envelope())
        finally:
            self.backend.cluster.set_down(self.backend.db_name, False)
        self.assertEqual([r["reference"] for r in self.store.list_submissions()], [ref])
        fx.save(self.store, fx.envelope())
        self.assertEqual(os.listdir(self.store.blobs.incoming_dir), [])


if __name__ == "__main__":
    unittest.main()
