"""Save-and-return drafts (docs/API.md, "Drafts"): the server keeps ciphertext it cannot read,
under id = SHA-256(token), only for whoever holds the token, and forgets it after N days.

Run: cd /work/main && python3 -m unittest discover -s tests/server -v
Server tests start `serve.py` as a subprocess on loopback (harness.ServerTestCase), with a real
SQLite file in a temporary data directory. The store's own draft semantics (replace, expiry
cutoff) are also in tests/server/test_store_contract.py, against both backends.
"""
import base64
import contextlib
import hashlib
import http.client
import io
import json
import os
import socket
import sqlite3
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import TIME_RE, ServerTestCase, make_envelope, parse_raw  # noqa: E402

from server import config  # noqa: E402
from server.drafts import draft_token_matches  # noqa: E402
from server.store import open_store  # noqa: E402
from server.store.base import utc_now  # noqa: E402

DAY = 86400
LIMIT = 256 * 1024  # from docs/API.md, not from serve.py


def new_token():
    token = os.urandom(32)
    return token, hashlib.sha256(token).hexdigest()


def b64url(token):
    return base64.urlsafe_b64encode(token).decode().rstrip("=")


def bearer(token):
    return "Bearer " + b64url(token)


class DraftServerTestCase(ServerTestCase):
    """Adds draft requests and remembers every id and token used, for the log check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.used = []  # (token, id) of every draft touched by this class

    def new_token(self):
        token, draft_id = new_token()
        self.used.append((token, draft_id))
        return token, draft_id

    def put(self, draft_id, token, body, extra=None, query=""):
        headers = {"Authorization": bearer(token), "Content-Type": "application/octet-stream"}
        headers.update(extra or {})
        return self.request("PUT", f"/api/drafts/{draft_id}{query}", body, headers)

    def get(self, draft_id, token=None, source=None):
        headers = {"Authorization": bearer(token)} if token else {}
        if source is None:
            return self.request("GET", f"/api/drafts/{draft_id}", headers=headers)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10, source_address=(source, 0))
        try:
            conn.request("GET", f"/api/drafts/{draft_id}", headers=headers)
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def delete(self, draft_id, token):
        return self.request("DELETE", f"/api/drafts/{draft_id}", headers={"Authorization": bearer(token)})

    def assertDraft(self, draft_id, token, body):
        response, data = self.get(draft_id, token)
        self.assertEqual(response.status, 200, data)
        self.assertEqual(data, body)

    def db(self):
        return sqlite3.connect(self.server.data / "anlaufstelle.sqlite3")

    def draft_rows(self):
        with contextlib.closing(self.db()) as db:
            return db.execute("SELECT id, updated_at FROM drafts ORDER BY id").fetchall()

    def age(self, draft_id, days):
        """Pretend the draft was last written `days` ago."""
        with contextlib.closing(self.db()) as db, db:
            db.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (utc_now(time.time() - days * DAY), draft_id))

    def data_files(self):
        """Every byte the server keeps on disk, file by file."""
        return {p.name: p.read_bytes() for p in self.server.data.rglob("*") if p.is_file()}


# =================================================================================================
# Pure functions and the store
# =================================================================================================

class DraftTokenTest(unittest.TestCase):
    def test_only_the_unpadded_base64url_of_the_right_32_bytes_opens_the_id(self):
        token, draft_id = new_token()
        while not set("+/") & set(base64.b64encode(token).decode()):  # so standard base64 differs
            token, draft_id = new_token()
        value = b64url(token)
        self.assertEqual(len(value), 43)
        for header in ["Bearer " + value, "bearer " + value, "  Bearer  " + value + " "]:
            self.assertTrue(draft_token_matches(header, draft_id), header)

        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        other_spelling = value[:-1] + alphabet[alphabet.index(value[-1]) ^ 1]  # same bytes, unused bits set
        self.assertEqual(base64.urlsafe_b64decode(other_spelling + "="), token)
        standard = base64.b64encode(token).decode()
        for header in [None, "", value, "Basic " + value, "Bearer", "Bearer " + value + "=",
                       "Bearer " + standard, "Bearer " + standard.rstrip("="), "Bearer " + other_spelling,
                       "Bearer " + b64url(token[:31]), "Bearer " + b64url(token + b"x"), "Bearer " + value[:-1] + "!",
                       "Bearer " + b64url(os.urandom(32)), "Bearer äöü", "Bearer " + token.hex()]:
            self.assertFalse(draft_token_matches(header, draft_id), header)
        self.assertFalse(draft_token_matches("Bearer " + value, draft_id.upper()))
        self.assertFalse(draft_token_matches("Bearer " + value, hashlib.sha256(b"other").hexdigest()))


class DraftStoreTest(unittest.TestCase):
    """The draft calls the routes make, on the configured (SQLite) store."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.now = 1_800_000_000.0

    def store(self):
        store = open_store(config.parse_args(["--data", self._tmp.name]))
        self.addCleanup(store.close)
        return store

    def put(self, store, draft_id, body, days=30):
        store.put_draft(draft_id, body, utc_now(self.now), utc_now(self.now - days * DAY))

    def test_a_put_deletes_drafts_older_than_the_cutoff(self):
        store = self.store()
        ids = [new_token()[1] for _ in range(3)]
        self.put(store, ids[0], b"\x01first")
        self.now += 29 * DAY
        self.put(store, ids[1], b"\x01second")
        self.assertEqual(store.get_draft(ids[0]), b"\x01first")
        self.now += 1 * DAY + 1  # ids[0] is now 30 days and a second old
        self.put(store, ids[2], b"\x01third")
        self.assertIsNone(store.get_draft(ids[0]))
        self.assertEqual(store.get_draft(ids[1]), b"\x01second")

    def test_updated_at_is_utc_iso_time(self):
        store = self.store()
        _, draft_id = new_token()
        self.put(store, draft_id, b"\x01x")
        with contextlib.closing(sqlite3.connect(os.path.join(self._tmp.name, "anlaufstelle.sqlite3"))) as db:
            [(updated_at,)] = db.execute("SELECT updated_at FROM drafts").fetchall()
        self.assertEqual(updated_at, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.now)))

    def test_drafts_written_by_the_first_version_are_kept(self):
        # The first version of the table stored updated_at as Unix seconds.
        _, recent = new_token()
        with contextlib.closing(sqlite3.connect(os.path.join(self._tmp.name, "anlaufstelle.sqlite3"))) as db, db:
            db.execute("CREATE TABLE drafts(id TEXT PRIMARY KEY, updated_at REAL NOT NULL, body BLOB NOT NULL)")
            db.execute("INSERT INTO drafts VALUES (?, ?, ?)", (recent, time.time() - DAY, b"\x01recent"))
        store = self.store()
        self.assertEqual(store.get_draft(recent), b"\x01recent")
        with contextlib.closing(sqlite3.connect(os.path.join(self._tmp.name, "anlaufstelle.sqlite3"))) as db:
            [(updated_at,)] = db.execute("SELECT updated_at FROM drafts").fetchall()
        self.assertRegex(updated_at, f"^{TIME_RE.pattern}$")

    def test_cli_option(self):
        self.assertEqual(config.parse_args([]).draft_days, 30)
        self.assertEqual(config.parse_args(["--draft-days", "7"]).draft_days, 7)
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            config.parse_args(["--draft-days", "x"])
        with self.assertRaises(config.ConfigError):
            config.parse_args(["--draft-days", "0"])


# =================================================================================================
# Over HTTP
# =================================================================================================

class DraftApiTest(DraftServerTestCase):
    """Fewer than 20 wrong guesses in total, so the rate limit never kicks in here."""

    def test_round_trip_keeps_every_byte(self):
        token, draft_id = self.new_token()
        body = bytes(range(256)) * (LIMIT // 256)  # exactly the limit, every byte value
        response, data = self.put(draft_id, token, body)
        self.assertEqual((response.status, data), (204, b""))
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertSecurityHeaders(response.headers)
        response, data = self.get(draft_id, token)
        self.assertEqual(response.status, 200)
        self.assertEqual(data, body)
        self.assertEqual(response.getheader("Content-Type"), "application/octet-stream")
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertSecurityHeaders(response.headers)
        self.assertEqual(self.put(draft_id, token, b"\x00")[0].status, 204)  # and the smallest
        self.assertDraft(draft_id, token, b"\x00")

    def test_replace(self):
        token, draft_id = self.new_token()
        self.assertEqual(self.put(draft_id, token, b"\x01first version")[0].status, 204)
        self.assertEqual(self.put(draft_id, token, b"\x01second")[0].status, 204)
        self.assertDraft(draft_id, token, b"\x01second")
        self.assertEqual([row[0] for row in self.draft_rows()].count(draft_id), 1)

    def test_wrong_token_is_403_and_changes_nothing(self):
        token, draft_id = self.new_token()
        wrong, _ = self.new_token()
        self.put(draft_id, token, b"\x01mine")
        for response, body in [self.get(draft_id, wrong), self.put(draft_id, wrong, b"\x01overwritten"),
                               self.delete(draft_id, wrong), self.get(draft_id),
                               self.request("GET", f"/api/drafts/{draft_id}",
                                            headers={"Authorization": bearer(token) + "="})]:
            self.assertError(response, body, 403, "forbidden")
            self.assertEqual(response.getheader("Cache-Control"), "no-store")
            self.assertSecurityHeaders(response.headers)
        self.assertDraft(draft_id, token, b"\x01mine")

    def test_a_token_opens_only_its_own_id(self):
        token, draft_id = self.new_token()
        other, other_id = self.new_token()
        self.put(draft_id, token, b"\x01mine")
        self.put(other_id, other, b"\x01theirs")
        self.assertError(*self.get(other_id, token), 403, "forbidden")
        self.assertDraft(other_id, other, b"\x01theirs")

    def test_unknown_id_is_404(self):
        token, draft_id = self.new_token()
        self.assertError(*self.get(draft_id, token), 404, "not_found")

    def test_malformed_ids_are_404_like_unknown_routes(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01x")
        for bad in [draft_id.upper(), draft_id[:-1], draft_id + "0", "not-an-id", draft_id[:-1] + "g",
                    draft_id + "/x", "%s%%30" % draft_id[:-1]]:
            with self.subTest(bad):
                for method in ("GET", "PUT", "DELETE"):
                    response, body = self.request(method, f"/api/drafts/{bad}", b"\x01y" if method == "PUT" else None,
                                                  {"Authorization": bearer(token)})
                    self.assertError(response, body, 404, "not_found")
        self.assertDraft(draft_id, token, b"\x01x")

    def test_delete_then_get_is_404_and_delete_is_204_either_way(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01x")
        for _ in range(2):
            response, body = self.delete(draft_id, token)
            self.assertEqual((response.status, body), (204, b""))
            self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertError(*self.get(draft_id, token), 404, "not_found")
        self.assertNotIn(draft_id, [row[0] for row in self.draft_rows()])

    def test_oversize_is_413_and_the_old_draft_stays(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01kept")
        response, body = self.put(draft_id, token, b"x" * (LIMIT + 1))
        self.assertError(response, body, 413, "payload_too_large")
        self.assertEqual(response.getheader("Connection"), "close")
        self.assertDraft(draft_id, token, b"\x01kept")

    def test_oversize_is_answered_before_the_body_arrives(self):
        token, draft_id = self.new_token()
        head = (f"PUT /api/drafts/{draft_id} HTTP/1.1\r\nHost: x\r\nAuthorization: {bearer(token)}\r\n"
                f"Content-Type: application/octet-stream\r\nContent-Length: {LIMIT + 1}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)  # ... and never the body
            first = s.recv(65536)
            self.assertEqual(parse_raw(first)[0], 413)
            while s.recv(65536):  # the server hangs up
                pass

    def test_truncated_body_is_400_and_the_old_draft_stays(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01kept")
        head = (f"PUT /api/drafts/{draft_id} HTTP/1.1\r\nHost: x\r\nAuthorization: {bearer(token)}\r\n"
                "Content-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n").encode()
        status, headers, body = parse_raw(self.raw(head + b"\x01only part", shut_write=True))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"], "bad_request")
        self.assertSecurityHeaders(headers)
        self.assertDraft(draft_id, token, b"\x01kept")

    def test_missing_content_length_is_411_and_the_old_draft_stays(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01kept")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.putrequest("PUT", f"/api/drafts/{draft_id}")
            conn.putheader("Authorization", bearer(token))
            conn.putheader("Content-Type", "application/octet-stream")
            conn.endheaders()
            response = conn.getresponse()
            self.assertError(response, response.read(), 411, "length_required")
        finally:
            conn.close()
        self.assertDraft(draft_id, token, b"\x01kept")

    def test_empty_body_and_other_content_types_are_refused(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01kept")
        self.assertError(*self.put(draft_id, token, b""), 400, "bad_request")
        for content_type in ["text/plain", "application/json", ""]:
            with self.subTest(content_type):
                self.assertError(*self.put(draft_id, token, b"\x01new", {"Content-Type": content_type}),
                                 415, "unsupported_media_type")
        self.assertDraft(draft_id, token, b"\x01kept")

    def test_other_methods_are_405(self):
        token, draft_id = self.new_token()
        response, body = self.request("POST", f"/api/drafts/{draft_id}", b"\x01x", {"Authorization": bearer(token)})
        self.assertError(response, body, 405, "method_not_allowed")
        self.assertEqual(set(response.getheader("Allow").split(", ")), {"GET", "HEAD", "PUT", "DELETE"})

    def test_readers_see_the_old_or_the_new_version_never_a_mix(self):
        token, draft_id = self.new_token()
        versions = [b"\x01" + bytes([c]) * (LIMIT - 1) for c in b"ab"]
        self.put(draft_id, token, versions[0])
        seen, done = [], threading.Event()

        def read():
            while not done.is_set():
                response, body = self.get(draft_id, token)
                seen.append((response.status, body))

        readers = [threading.Thread(target=read) for _ in range(3)]
        for reader in readers:
            reader.start()
        try:
            for i in range(12):
                self.assertEqual(self.put(draft_id, token, versions[(i + 1) % 2])[0].status, 204)
        finally:
            done.set()
            for reader in readers:
                reader.join()
        self.assertTrue(seen)
        for status, body in seen:
            self.assertEqual(status, 200)
            self.assertIn(body, versions)

    def test_the_database_holds_the_ciphertext_as_given_and_nothing_else_of_the_request(self):
        token, draft_id = self.new_token()
        ciphertext = b"\x01" + os.urandom(900)  # small enough to sit in one SQLite page, in one piece
        marker = "PLAINTEXT-" + os.urandom(8).hex()  # sent along, but not in the body
        response, _ = self.put(draft_id, token, ciphertext, {"User-Agent": marker, "X-Note": marker},
                               query=f"?note={marker}")
        self.assertEqual(response.status, 204)
        with contextlib.closing(self.db()) as db:
            columns = [row[1] for row in db.execute("PRAGMA table_info(drafts)")]
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        self.assertEqual(columns, ["id", "updated_at", "body"])
        self.assertEqual(row[0], draft_id)
        self.assertRegex(row[1], f"^{TIME_RE.pattern}$")
        self.assertEqual(bytes(row[2]), ciphertext)
        files = self.data_files()
        self.assertTrue(any(ciphertext in data for data in files.values()))
        for name, data in files.items():
            for secret in [marker.encode(), token, b64url(token).encode(), token.hex().encode()]:
                self.assertNotIn(secret, data, f"{secret!r} found in {name}")

    def test_replaced_and_deleted_ciphertext_is_not_left_in_the_database(self):
        token, draft_id = self.new_token()
        other, other_id = self.new_token()
        old, gone = b"\x01" + os.urandom(900), b"\x01" + os.urandom(900)
        self.put(draft_id, token, old)
        self.put(draft_id, token, b"\x01new")
        self.put(other_id, other, gone)
        self.delete(other_id, other)
        with contextlib.closing(self.db()) as db:
            busy, _, _ = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        self.assertEqual(busy, 0)
        for name, data in self.data_files().items():
            self.assertNotIn(old, data, name)
            self.assertNotIn(gone, data, name)

    # -- named to run last in this class, so it sees every request the class made --

    def test_zz_the_log_names_neither_ids_nor_tokens_nor_bodies(self):
        token, draft_id = self.new_token()
        self.put(draft_id, token, b"\x01BODYMARKER")
        self.get(draft_id, token)
        self.request("GET", f"/api/drafts/{draft_id.upper()}")
        log = self.wait_for_log(["PUT /api/drafts/{id} 204", "GET /api/drafts/{id} 200", "GET /api/drafts/{id} 403",
                                 "GET /api/drafts/{id} 404", "DELETE /api/drafts/{id} 204",
                                 "PUT /api/drafts/{id} 413", "PUT /api/drafts/{id} 400",
                                 "PUT /api/drafts/{id} 411", "GET /api/{unknown} 404"])
        self.assertGreater(len(self.used), 15)
        for token, draft_id in self.used:
            for secret in [draft_id, draft_id.upper(), draft_id[:16], b64url(token), token.hex(),
                           base64.b64encode(token).decode()]:
                self.assertNotIn(secret, log)
        self.assertNotIn("BODYMARKER", log)
        self.assertNotIn("PLAINTEXT-", log)


class DraftGuessingTest(DraftServerTestCase):
    def test_403_and_404_count_as_guesses_and_21_are_refused(self):
        token, draft_id = self.new_token()
        self.assertEqual(self.put(draft_id, token, b"\x01mine")[0].status, 204)
        for _ in range(25):  # malformed ids can open nothing and are not counted
            self.assertEqual(self.get("0" * 63, token)[0].status, 404)
        statuses = []
        for i in range(20):
            if i % 2:
                statuses.append(self.get(draft_id, self.new_token()[0])[0].status)  # someone else's token
            else:
                guess, guess_id = self.new_token()
                statuses.append(self.get(guess_id, guess)[0].status)  # a well-formed code with no draft
        self.assertEqual(statuses, [404, 403] * 10)

        response, body = self.get(draft_id, self.new_token()[0])
        self.assertError(response, body, 429, "too_many_requests")
        self.assertTrue(1 <= int(response.getheader("Retry-After")) <= 300)
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertSecurityHeaders(response.headers)
        # Now even the right token waits, and cannot write either.
        self.assertError(*self.get(draft_id, token), 429, "too_many_requests")
        self.assertError(*self.put(draft_id, token, b"\x01changed"), 429, "too_many_requests")
        self.assertEqual(self.draft_rows()[0][0], draft_id)

        # Other routes are not affected (the staff login's own limits: tests/server/test_staff*.py).
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)

        # The count is per client address (all of 127.0.0.0/8 is loopback on Linux).
        try:
            response, _ = self.get(draft_id, token, source="127.0.0.2")
        except OSError:
            self.skipTest("cannot send from 127.0.0.2 here")
        self.assertEqual(response.status, 200)


class DraftOfficeNetworkTest(DraftServerTestCase):
    server_args = ("--office-network", "127.0.0.0/8")

    def test_kiosks_in_the_office_network_are_not_limited_per_address(self):
        statuses = [self.get(guess_id, guess)[0].status for guess, guess_id in (self.new_token() for _ in range(30))]
        self.assertEqual(statuses, [404] * 30)


class DraftGlobalLimitTest(DraftServerTestCase):
    server_args = ("--office-network", "127.0.0.0/8", "--draft-guesses-global", "5")

    def test_the_global_budget_holds_for_everyone(self):
        statuses = [self.get(guess_id, guess)[0].status for guess, guess_id in (self.new_token() for _ in range(6))]
        self.assertEqual(statuses, [404] * 5 + [429])


class DraftExpiryTest(DraftServerTestCase):
    server_args = ("--draft-days", "2")

    def test_old_drafts_are_deleted_on_put_and_at_start(self):
        (ta, a), (tb, b), (tc, c) = self.new_token(), self.new_token(), self.new_token()
        for token, draft_id in [(ta, a), (tb, b)]:
            self.assertEqual(self.put(draft_id, token, b"\x01" + draft_id.encode())[0].status, 204)
        self.age(a, days=2.01)
        self.age(b, days=1.9)
        self.assertEqual(self.put(c, tc, b"\x01c")[0].status, 204)  # any PUT clears out expired drafts
        self.assertEqual({row[0] for row in self.draft_rows()}, {b, c})
        self.assertError(*self.get(a, ta), 404, "not_found")
        self.assertDraft(b, tb, b"\x01" + b.encode())
        for _, updated_at in self.draft_rows():
            self.assertRegex(updated_at, f"^{TIME_RE.pattern}$")

        self.age(b, days=2.01)
        self.server.stop()
        self.server.start()
        self.assertEqual([row[0] for row in self.draft_rows()], [c])  # gone at start-up, before any PUT
        self.assertDraft(c, tc, b"\x01c")


if __name__ == "__main__":
    unittest.main()
