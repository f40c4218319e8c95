"""Save-and-return drafts over real HTTP on loopback (docs/API.md, "Drafts"): the server keeps
ciphertext it cannot read, under id = SHA-256(token), and only for whoever holds the token."""
import base64
import hashlib
import os
import sqlite3
import sys
import tempfile
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_serve import ServerTestCase  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import serve  # noqa: E402


def new_token():
    token = os.urandom(32)
    return token, hashlib.sha256(token).hexdigest()


def bearer(token):
    return "Bearer " + base64.urlsafe_b64encode(token).decode().rstrip("=")


class DraftApiTest(ServerTestCase):
    def put(self, draft_id, token, body, extra=None):
        headers = {"Authorization": bearer(token), "Content-Type": "application/octet-stream"}
        headers.update(extra or {})
        return self.request("PUT", f"/api/drafts/{draft_id}", body, headers)

    def get(self, draft_id, token):
        return self.request("GET", f"/api/drafts/{draft_id}", headers={"Authorization": bearer(token)})

    def test_round_trip_replace_and_delete(self):
        token, draft_id = new_token()
        response, _ = self.put(draft_id, token, b"\x01first version")
        self.assertEqual(response.status, 204)
        response, body = self.get(draft_id, token)
        self.assertEqual((response.status, body), (200, b"\x01first version"))
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertEqual(self.put(draft_id, token, b"\x01second")[0].status, 204)
        self.assertEqual(self.get(draft_id, token)[1], b"\x01second")
        response, _ = self.request("DELETE", f"/api/drafts/{draft_id}", headers={"Authorization": bearer(token)})
        self.assertEqual(response.status, 204)
        self.assertEqual(self.get(draft_id, token)[0].status, 404)

    def test_a_token_opens_only_its_own_draft(self):
        token, draft_id = new_token()
        other, other_id = new_token()
        self.put(draft_id, token, b"\x01mine")
        self.assertEqual(self.get(draft_id, other)[0].status, 403)
        self.assertEqual(self.put(draft_id, other, b"\x01overwritten")[0].status, 403)
        self.assertEqual(self.get(draft_id, token)[1], b"\x01mine")
        self.assertEqual(self.get(other_id, other)[0].status, 404)
        self.assertEqual(self.request("GET", f"/api/drafts/{draft_id}")[0].status, 403)
        self.assertEqual(self.get("not-an-id", token)[0].status, 403)

    def test_bad_uploads_leave_the_stored_draft_as_it_was(self):
        token, draft_id = new_token()
        self.put(draft_id, token, b"\x01kept")
        self.assertEqual(self.put(draft_id, token, b"x" * (serve.MAX_DRAFT_BYTES + 1))[0].status, 413)
        self.assertEqual(self.put(draft_id, token, b"\x01text", {"Content-Type": "text/plain"})[0].status, 415)
        # Content-Length promises more than arrives: the connection ends mid-upload.
        head = (f"PUT /api/drafts/{draft_id} HTTP/1.1\r\nHost: x\r\nAuthorization: {bearer(token)}\r\n"
                "Content-Type: application/octet-stream\r\nContent-Length: 100\r\n\r\n").encode()
        answer = self.raw(head + b"\x01only part", shut_write=True)
        self.assertIn(b" 400 ", answer.split(b"\r\n", 1)[0])
        self.assertEqual(self.get(draft_id, token)[1], b"\x01kept")

    def test_the_log_names_neither_id_nor_token(self):
        token, draft_id = new_token()
        self.put(draft_id, token, b"\x01x")
        self.get(draft_id, token)
        log = self.server.log_text()
        self.assertIn("/api/drafts/{id}", log)
        self.assertNotIn(draft_id, log)
        self.assertNotIn(bearer(token)[7:], log)


class DraftGuessingTest(ServerTestCase):
    def test_guessing_codes_is_limited(self):
        token, _ = new_token()
        statuses = []
        for _ in range(22):
            other, other_id = new_token()
            statuses.append(self.request("GET", f"/api/drafts/{other_id}",
                                         headers={"Authorization": bearer(other)})[0].status)
        self.assertEqual(statuses[:20], [404] * 20)
        self.assertEqual(statuses[-1], 429)


class DraftStoreTest(unittest.TestCase):
    def test_drafts_expire_after_30_days_and_the_file_holds_only_the_ciphertext(self):
        with tempfile.TemporaryDirectory() as tmp:
            store = serve.Store(tmp)
            _, old_id = new_token()
            _, new_id = new_token()
            store.put_draft(old_id, b"\x01old ciphertext")
            store.put_draft(new_id, b"\x01new ciphertext")
            with sqlite3.connect(store.db_path) as db:
                db.execute("UPDATE drafts SET updated_at = ? WHERE id = ?", (time.time() - 31 * 86400, old_id))
            store.expire_drafts()
            self.assertIsNone(store.get_draft(old_id))
            self.assertEqual(store.get_draft(new_id), b"\x01new ciphertext")


if __name__ == "__main__":
    unittest.main()
