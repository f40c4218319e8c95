"""The admin's and the intake worker's staff routes over real HTTP: submissions, accounts (add,
must-change passphrase, remove: wrap and sessions gone at once), office key rotation (old and
new envelopes both accepted, the keys still open), retention, and the audit log (every action,
never content)."""

import base64
import copy
import json
import os
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import staff_fixture  # noqa: E402
from nacl.public import PrivateKey, SealedBox  # noqa: E402
from staff_http import StaffTestCase  # noqa: E402


class Admin(StaffTestCase):
    staff = (("admin", "admin", None), ("worker", "intake", None), ("leaver", "intake", None),
             ("second", "admin", None))

    def submit_to(self, key_id_hex):
        response, data = self.submit(staff_fixture.make_envelope(key_id_hex))
        self.assertEqual(response.status, 201, data)
        return json.loads(data)["reference"]

    # -- intake: submissions --

    def test_submissions_open_and_delete(self):
        envelope = staff_fixture.make_envelope(self.office.key_id)
        response, data = self.submit(envelope)
        reference = json.loads(data)["reference"]
        worker = self.login_ok("worker")
        listed = json.loads(self.call("GET", "/api/staff/submissions", worker)[1])["submissions"]
        entry = next(s for s in listed if s["reference"] == reference)
        self.assertEqual(set(entry), {"reference", "received_at", "size", "expires_at"})
        self.assertEqual(entry["size"], len(envelope))
        response, data = self.call("GET", f"/api/staff/submissions/{reference}/envelope", worker)
        self.assertEqual((response.status, data), (200, envelope))
        self.assertEqual(response.getheader("Content-Type"), "application/octet-stream")
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        response, data = self.call("GET", f"/api/staff/submissions/{reference.lower()}/envelope", worker)
        self.assertEqual(response.status, 200)
        for bad in ("ABCD-EFGH", "nonsense", "ABCD-EFG%48", "ABCD-EFGH0"):
            with self.subTest(reference=bad):
                self.assertError(*self.call("GET", f"/api/staff/submissions/{bad}/envelope", worker), 404, "not_found")
        response, _ = self.call("DELETE", f"/api/staff/submissions/{reference}", worker)
        self.assertEqual(response.status, 204)
        self.assertError(*self.call("DELETE", f"/api/staff/submissions/{reference}", worker), 404, "not_found")
        self.assertError(*self.call("GET", f"/api/staff/submissions/{reference}/envelope", worker), 404, "not_found")
        entries = self.audit(self.login_ok("admin"))
        self.assertIn({"actor": "worker", "action": "open", "target": reference},
                      [{k: e[k] for k in ("actor", "action", "target")} for e in entries])
        self.assertIn({"actor": "worker", "action": "delete", "target": reference},
                      [{k: e[k] for k in ("actor", "action", "target")} for e in entries])

    # -- admin: accounts --

    def test_add_account_must_change_passphrase(self):
        admin = self.login_ok("admin")
        newbie = staff_fixture.make_staff("newbie", "intake", None, self.office.secret_key)
        self.office.staff["newbie"] = newbie
        response, data = self.call("POST", "/api/staff/accounts", admin, newbie.account)
        self.assertEqual(response.status, 201, data)
        self.assertEqual(json.loads(data)["must_change_passphrase"], True)
        self.assertError(*self.call("POST", "/api/staff/accounts", admin, newbie.account), 409, "conflict")
        bad = copy.deepcopy(newbie.account)
        bad.update(name="other")
        bad["kdf"]["opslimit"] = 2
        self.assertError(*self.call("POST", "/api/staff/accounts", admin, bad), 400, "bad_request")
        bad = dict(newbie.account, name="other", totp_secret="JBSWY3DPEHPK3PXP")
        self.assertError(*self.call("POST", "/api/staff/accounts", admin, bad), 400, "bad_request")

        first, second = self.login_ok("newbie"), self.login_ok("newbie")
        body = json.loads(self.call("GET", "/api/staff/session", first)[1])
        self.assertTrue(body["must_change_passphrase"])
        self.assertEqual(staff_fixture.unwrap_office_key(newbie.account, newbie.passphrase, body["office_key_wrap"]),
                         bytes(self.office.secret_key))
        self.assertError(*self.call("GET", "/api/staff/submissions", first), 403, "passphrase_change_required")
        # the browser re-wraps the same staff key under a new passphrase
        changed = staff_fixture.make_staff("newbie", "intake", "a brand new passphrase 42", self.office.secret_key)
        salt = os.urandom(16)
        wrapping_key, token = staff_fixture.derive(changed.passphrase, salt)
        import nacl.bindings as sodium
        nonce = os.urandom(24)
        staff_pk = base64.b64decode(newbie.account["public_key"])
        ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
            bytes(newbie.staff_key), staff_fixture.STAFF_KEY_AD + staff_pk, nonce, wrapping_key)
        import hashlib
        change = {"kdf": {"alg": "argon2id13", "salt": staff_fixture.b64(salt), "opslimit": 3, "memlimit": 64 << 20},
                  "wrapped_secret_key": {"alg": "xchacha20poly1305-ietf", "nonce": staff_fixture.b64(nonce),
                                         "ciphertext": staff_fixture.b64(ciphertext)},
                  "login_token_sha256": hashlib.sha256(token).hexdigest()}
        self.assertError(*self.call("PUT", "/api/staff/me/passphrase", first, dict(change, extra=1)), 400, "bad_request")
        response, data = self.call("PUT", "/api/staff/me/passphrase", first, change)
        self.assertEqual(response.status, 204, data)
        self.assertEqual(self.call("GET", "/api/staff/submissions", first)[0].status, 200)
        self.assertError(*self.call("GET", "/api/staff/session", second), 401, "unauthorized")  # other session ended
        self.assertError(*self.login("newbie")[:2], 401, "invalid_login")  # old passphrase
        cookies = self.login_ok("newbie", token=staff_fixture.b64(token))
        body = json.loads(self.call("GET", "/api/staff/session", cookies)[1])
        self.assertFalse(body["must_change_passphrase"])
        newbie.account.update(change)
        self.assertEqual(staff_fixture.unwrap_office_key(newbie.account, changed.passphrase, body["office_key_wrap"]),
                         bytes(self.office.secret_key))
        actions = [(e["actor"], e["action"], e["target"]) for e in self.audit(admin)]
        self.assertIn(("admin", "account_add", "newbie"), actions)
        self.assertIn(("newbie", "passphrase_change", "newbie"), actions)

    def test_remove_account_ends_its_session_and_wrap_at_once(self):
        admin, leaver = self.login_ok("admin"), self.login_ok("leaver")
        self.assertEqual(self.call("GET", "/api/staff/submissions", leaver)[0].status, 200)
        self.assertEqual(len(self.sql("SELECT office_key_wrap FROM accounts WHERE name = 'leaver'")), 1)
        response, data = self.call("DELETE", "/api/staff/accounts/leaver", admin)
        self.assertEqual(response.status, 204, data)
        self.assertError(*self.call("GET", "/api/staff/submissions", leaver), 401, "unauthorized")
        self.assertEqual(self.sql("SELECT * FROM accounts WHERE name = 'leaver'"), [])
        self.assertEqual(self.sql("SELECT * FROM sessions WHERE name = 'leaver'"), [])
        self.assertError(*self.login("leaver")[:2], 401, "invalid_login")
        self.assertError(*self.call("DELETE", "/api/staff/accounts/leaver", admin), 404, "not_found")
        self.assertError(*self.call("DELETE", "/api/staff/accounts/admin", admin), 409, "conflict")  # yourself
        self.assertError(*self.call("DELETE", "/api/staff/accounts/Bad%20Name", admin), 400, "bad_request")
        names = [a["name"] for a in json.loads(self.call("GET", "/api/staff/accounts", admin)[1])["accounts"]]
        self.assertNotIn("leaver", names)
        self.assertIn(("admin", "account_remove", "leaver"),
                      [(e["actor"], e["action"], e["target"]) for e in self.audit(admin)])

    def test_account_list_fields(self):
        accounts = json.loads(self.call("GET", "/api/staff/accounts", self.login_ok("second"))[1])["accounts"]
        self.assertEqual(set(accounts[0]), {"name", "role", "public_key", "totp_enabled", "must_change_passphrase",
                                            "created_at"})
        self.assertNotIn("login_token_sha256", json.dumps(accounts))

    # -- admin: rotation --

    def test_rotation_old_and_new_envelopes_accepted(self):
        admin = self.login_ok("admin")
        old_id, old_key = self.office.key_id, bytes(self.office.secret_key)
        before = self.submit_to(old_id)
        accounts = {a["name"]: a["public_key"] for a in
                    json.loads(self.call("GET", "/api/staff/accounts", admin)[1])["accounts"]}
        body = staff_fixture.rotation_body(self.office, accounts=accounts)
        stale = dict(body, expected_current_key_id="00" * 8)
        self.assertError(*self.call("POST", "/api/staff/office-keys", admin, stale), 409, "conflict")
        missing = dict(body, staff_wraps={k: v for k, v in body["staff_wraps"].items() if k != "worker"})
        self.assertError(*self.call("POST", "/api/staff/office-keys", admin, missing), 409, "conflict")
        bad = copy.deepcopy(body)
        bad["office_key"]["key_id"] = "11" * 8
        self.assertError(*self.call("POST", "/api/staff/office-keys", admin, bad), 400, "bad_request")
        response, data = self.call("POST", "/api/staff/office-keys", admin, body)
        self.assertEqual(response.status, 204, data)
        config = json.loads(self.request("GET", "/api/config")[1])
        self.assertEqual(config["office_key_id"], self.office.key_id)
        self.assertNotEqual(config["office_key_id"], old_id)
        self.submit_to(self.office.key_id)
        self.submit_to(old_id)  # a browser that fetched /api/config before the rotation
        # the worker opens the new key with their wrap and the old one with the retired wrap
        worker = self.office.staff["worker"]
        session = json.loads(self.call("GET", "/api/staff/session", self.login_ok("worker"))[1])
        self.assertEqual(session["office_key"]["key_id"], self.office.key_id)
        new_key = staff_fixture.unwrap_office_key(worker.account, worker.passphrase, session["office_key_wrap"])
        retired = {k["key_id"]: k for k in session["retired_keys"]}
        self.assertIn(old_id, retired)
        self.assertEqual(SealedBox(PrivateKey(new_key)).decrypt(base64.b64decode(retired[old_id]["wrap"])), old_key)
        self.assertEqual(self.call("GET", f"/api/staff/submissions/{before}/envelope", self.login_ok("worker"))[0].status, 200)
        self.assertIn(("admin", "key_rotate", self.office.key_id),
                      [(e["actor"], e["action"], e["target"]) for e in self.audit(admin)])

    # -- admin: retention and audit --

    def test_retention(self):
        admin = self.login_ok("admin")
        self.assertEqual(json.loads(self.call("GET", "/api/staff/retention", admin)[1]), {"submission_days": 90})
        for bad in ({"submission_days": 0}, {"submission_days": 3651}, {"submission_days": "30"},
                    {"submission_days": True}, {"submission_days": 30, "x": 1}, {}):
            with self.subTest(body=bad):
                self.assertError(*self.call("PUT", "/api/staff/retention", admin, bad), 400, "bad_request")
        self.assertEqual(self.call("PUT", "/api/staff/retention", admin, {"submission_days": 30})[0].status, 204)
        self.assertEqual(json.loads(self.call("GET", "/api/staff/retention", admin)[1]), {"submission_days": 30})
        self.assertIn(("admin", "retention_change", "30"),
                      [(e["actor"], e["action"], e["target"]) for e in self.audit(admin)])
        self.call("PUT", "/api/staff/retention", admin, {"submission_days": 90})

    def test_audit_paging_and_query(self):
        admin = self.login_ok("admin")
        for _ in range(3):
            self.login_ok("second")
        first = json.loads(self.call("GET", "/api/staff/audit?limit=2", admin)[1])["entries"]
        self.assertEqual(len(first), 2)
        self.assertGreater(first[0]["id"], first[1]["id"])
        self.assertEqual(set(first[0]), {"id", "at", "actor", "action", "target"})
        nxt = json.loads(self.call("GET", f"/api/staff/audit?before={first[1]['id']}&limit=2", admin)[1])["entries"]
        self.assertTrue(all(e["id"] < first[1]["id"] for e in nxt))
        for query in ("limit=0", "limit=201", "limit=x", "before=-1", "other=1", "limit=1&limit=2&x", "before="):
            with self.subTest(query=query):
                self.assertError(*self.call("GET", f"/api/staff/audit?{query}", admin), 400, "bad_request")

    def test_failed_logins_in_the_audit(self):
        admin = self.login_ok("admin")
        self.login("worker", token=base64.b64encode(os.urandom(32)).decode())
        self.login("stranger-name", token=base64.b64encode(os.urandom(32)).decode())
        entries = self.audit(admin)
        failed = [(e["actor"], e["target"]) for e in entries if e["action"] == "login_failed"]
        self.assertIn(("worker", "worker"), failed)
        self.assertIn(("unknown", "unknown"), failed)
        self.assertNotIn("stranger-name", json.dumps(entries))

    def test_zz_audit_and_files_hold_no_content(self):
        """Sorted last: every action so far left an entry of identifiers only."""
        entries = self.audit(self.login_ok("admin"))
        self.assertLessEqual({"login", "open", "delete", "account_add", "account_remove", "passphrase_change",
                              "key_rotate", "retention_change", "login_failed"}, {e["action"] for e in entries})
        text = json.dumps(entries) + self.server.log_text()
        for staff in self.office.staff.values():
            for secret in (staff.login_token_b64, staff.passphrase, staff.account["login_token_sha256"],
                           staff.account["office_key_wrap"], staff.account["wrapped_secret_key"]["ciphertext"]):
                self.assertNotIn(secret, text)
        for reference in self.references:
            self.assertNotIn(reference, self.server.log_text())


class AdminPostgres(Admin):
    """The same tests with the server on PostgreSQL."""
    postgres = True


if __name__ == "__main__":
    unittest.main()
