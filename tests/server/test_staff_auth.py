"""Staff login, sessions, roles, CSRF and TOTP over real HTTP against `serve.py` (docs/API.md,
"Staff"). Accounts come from tests/server/staff_fixture.py (PyNaCl, built from the protocol text).

Run: /usr/bin/python3 -m unittest discover -s tests/server -p 'test_staff*.py' -v
"""

import base64
import json
import os
import sys
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from staff_http import StaffTestCase, set_cookies  # noqa: E402

from server import staff_routes, totp  # noqa: E402

# Copied from the contract on purpose: who may call what. (template, method) -> roles allowed;
# None = no session needed. test_table_covers_every_route fails when a route is added without a row.
ROLES = {
    ("/api/staff/login-params", "POST"): None,
    ("/api/staff/session", "POST"): None,
    ("/api/staff/session", "DELETE"): None,
    ("/api/staff/session", "GET"): {"intake", "admin"},
    ("/api/staff/submissions", "GET"): {"intake", "admin"},
    ("/api/staff/submissions/{ref}/envelope", "GET"): {"intake", "admin"},
    ("/api/staff/submissions/{ref}", "DELETE"): {"intake", "admin"},
    ("/api/staff/me/passphrase", "PUT"): {"intake", "admin"},
    ("/api/staff/me/totp", "POST"): {"intake", "admin"},
    ("/api/staff/me/totp", "DELETE"): {"intake", "admin"},
    ("/api/staff/me/totp/confirm", "POST"): {"intake", "admin"},
    ("/api/staff/accounts", "GET"): {"admin"},
    ("/api/staff/accounts", "POST"): {"admin"},
    ("/api/staff/accounts/{name}", "DELETE"): {"admin"},
    ("/api/staff/office-keys", "POST"): {"admin"},
    ("/api/staff/retention", "GET"): {"admin"},
    ("/api/staff/retention", "PUT"): {"admin"},
    ("/api/staff/audit", "GET"): {"admin"},
    ("/api/staff/cases", "GET"): {"intake", "admin"},
    ("/api/staff/cases/{locator}", "GET"): {"intake", "admin"},
    ("/api/staff/cases/{locator}/items", "POST"): {"intake", "admin"},
    ("/api/staff/cases/{locator}/items/{item}", "GET"): {"intake", "admin"},
    ("/api/staff/cases/{locator}/items/{item}/read", "PUT"): {"intake", "admin"},
}
SESSION_FIELDS = {"name", "role", "must_change_passphrase", "totp_enabled", "staff_key", "office_key_wrap",
                  "office_key", "retired_keys", "idle_timeout_seconds", "expires_at"}


def concrete(template):
    return (template.replace("{ref}", "ABCD-EFGH").replace("{name}", "nobody").replace("{locator}", "ABCD")
            .replace("{item}", "0" * 32))


class Login(StaffTestCase):
    staff = (("admin", "admin", None), ("worker", "intake", None), ("tina", "intake", None))

    def test_login_ok_and_cookies(self):
        response, data, _ = self.login("worker")
        self.assertEqual(response.status, 200, data)
        body = json.loads(data)
        self.assertEqual(set(body), SESSION_FIELDS)
        self.assertEqual((body["name"], body["role"], body["must_change_passphrase"], body["totp_enabled"]),
                         ("worker", "intake", False, False))
        account = self.office.staff["worker"].account
        self.assertEqual(body["staff_key"], {k: account[k] for k in ("public_key", "kdf", "wrapped_secret_key")})
        self.assertEqual(body["office_key_wrap"], account["office_key_wrap"])
        self.assertEqual(body["office_key"], {"key_id": self.office.key_id, "public_key": self.office.public_key})
        self.assertEqual(body["idle_timeout_seconds"], 1800)
        cookies = set_cookies(response)
        session, attributes = cookies["anl_session"]
        self.assertRegex(session, r"^[A-Za-z0-9_-]{43}$")
        self.assertEqual(attributes, "Path=/api/staff; HttpOnly; SameSite=Strict")  # no Secure over plain HTTP
        device, attributes = cookies["anl_device"]
        self.assertEqual(attributes, "Path=/api/staff; Max-Age=7776000; HttpOnly; SameSite=Strict")
        # the session id is stored only as its SHA-256
        import hashlib
        hashes = {h for (h,) in self.sql("SELECT hash FROM sessions")}
        raw = base64.urlsafe_b64decode(session + "=")
        self.assertIn(hashlib.sha256(raw).hexdigest(), hashes)
        self.assertNotIn(session, str(hashes))

    def test_wrong_token_and_unknown_name_answer_alike(self):
        answers = []
        for name, token in (("worker", base64.b64encode(os.urandom(32)).decode()),
                            ("no-such-person", base64.b64encode(os.urandom(32)).decode())):
            response, data, cookies = self.login(name, token=token)
            answers.append((response.status, json.loads(data), sorted(cookies)))
        self.assertEqual(answers[0], answers[1])
        self.assertEqual(answers[0][:2], (401, {"error": "invalid_login", "message": "wrong name or passphrase"}))

    def test_login_params(self):
        response, data = self.http("POST", "/api/staff/login-params", {"name": "worker"})
        self.assertEqual(json.loads(data), {"kdf": self.office.staff["worker"].account["kdf"]})
        fake = [json.loads(self.http("POST", "/api/staff/login-params", {"name": "ghost"})[1]) for _ in range(2)]
        self.assertEqual(fake[0], fake[1])  # deterministic: asking twice does not reveal the name is unknown
        self.assertEqual(set(fake[0]["kdf"]), {"alg", "salt", "opslimit", "memlimit"})
        self.assertEqual(len(base64.b64decode(fake[0]["kdf"]["salt"])), 16)
        self.assertEqual((fake[0]["kdf"]["opslimit"], fake[0]["kdf"]["memlimit"]), (3, 64 << 20))
        other = json.loads(self.http("POST", "/api/staff/login-params", {"name": "ghost2"})[1])
        self.assertNotEqual(other["kdf"]["salt"], fake[0]["kdf"]["salt"])
        for bad in ({"name": "Ghost"}, {"name": ""}, {"name": "x" * 65}, {"name": 5}, {}, {"name": "a", "b": 1}):
            with self.subTest(body=bad):
                self.assertError(*self.http("POST", "/api/staff/login-params", bad), 400, "bad_request")

    def test_malformed_login_requests(self):
        token = self.office.staff["worker"].login_token_b64
        cases = [
            ({"name": "worker", "login_token": token[:-4]}, 400, "bad_request"),
            ({"name": "worker", "login_token": base64.b64encode(os.urandom(31)).decode()}, 400, "bad_request"),
            ({"name": "worker", "login_token": token.rstrip("=")}, 400, "bad_request"),
            ({"name": "worker", "login_token": token, "role": "admin"}, 400, "bad_request"),
            ({"name": "worker", "login_token": token, "totp": 123456}, 400, "bad_request"),
            ({"name": "WORKER", "login_token": token}, 400, "bad_request"),
        ]
        for body, status, code in cases:
            with self.subTest(body=body):
                self.assertError(*self.http("POST", "/api/staff/session", body), status, code)
        self.assertError(*self.http("POST", "/api/staff/session", "{", {"Content-Type": "application/json"}),
                         400, "malformed_json")
        self.assertError(*self.http("POST", "/api/staff/session", json.dumps({"name": "worker"}),
                                    {"Content-Type": "text/plain"}), 415, "unsupported_media_type")

    def test_session_and_logout(self):
        cookies = self.login_ok("worker")
        response, data = self.call("GET", "/api/staff/session", cookies)
        self.assertEqual((response.status, json.loads(data)["name"]), (200, "worker"))
        response, data = self.call("DELETE", "/api/staff/session", cookies)
        self.assertEqual(response.status, 204, data)
        self.assertEqual(response.getheader("Clear-Site-Data"), '"cookies", "storage"')
        value, attributes = set_cookies(response)["anl_session"]
        self.assertEqual(value, "")
        self.assertIn("Max-Age=0", attributes)
        self.assertIn("Expires=Thu, 01 Jan 1970 00:00:00 GMT", attributes)
        self.assertError(*self.call("GET", "/api/staff/session", cookies), 401, "unauthorized")
        # logging out again (or after a timeout) still clears the browser
        response, _ = self.call("DELETE", "/api/staff/session", cookies)
        self.assertEqual((response.status, response.getheader("Clear-Site-Data")), (204, '"cookies", "storage"'))

    def test_forged_session_cookies(self):
        for value in ("", "x", "A" * 43, base64.urlsafe_b64encode(os.urandom(32)).decode(), "../" * 15):
            with self.subTest(value=value):
                self.assertError(*self.call("GET", "/api/staff/session", headers={"Cookie": f"anl_session={value}"}),
                                 401, "unauthorized")
        self.assertError(*self.call("GET", "/api/staff/session", headers={"Cookie": "anl_session=\"; x"}),
                         401, "unauthorized")

    # -- roles on every route --

    def test_table_covers_every_route(self):
        routes = {(t, m) for t, _, methods in staff_routes.ROUTES for m in methods}
        self.assertEqual(routes, set(ROLES))
        self.assertEqual({k for k, v in ROLES.items() if v is None}, staff_routes.PUBLIC)

    def test_every_route_refuses_without_session_and_with_wrong_role(self):
        sessions = {"intake": self.login_ok("worker"), "admin": self.login_ok("admin")}
        for (template, method), roles in sorted(ROLES.items()):
            if roles is None:
                continue
            path = concrete(template)
            body = {} if method in ("POST", "PUT", "DELETE") else None
            with self.subTest(route=template, method=method, who="nobody"):
                self.assertError(*self.call(method, path, None, body), 401, "unauthorized")
                self.assertError(*self.call(method, path, {"anl_session": "A" * 43}, body), 401, "unauthorized")
            for role, cookies in sessions.items():
                with self.subTest(route=template, method=method, who=role):
                    response, data = self.call(method, path, cookies, body)
                    if role in roles:
                        self.assertNotIn(response.status, (401, 403), data)
                    else:
                        self.assertError(response, data, 403, "forbidden")

    # -- CSRF --

    def test_cross_origin_state_changes_refused(self):
        admin = self.login_ok("admin")
        port = self.server.port
        hostile = [{"Origin": "http://evil.example"}, {"Origin": f"http://127.0.0.1:{port + 1}"},
                   {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}]
        for headers in hostile:
            with self.subTest(headers=headers):
                response, data, _ = self.login("worker", headers=headers)
                self.assertError(response, data, 403, "cross_origin")
                self.assertError(*self.call("DELETE", "/api/staff/accounts/worker", admin, headers=headers),
                                 403, "cross_origin")
                self.assertError(*self.call("PUT", "/api/staff/retention", admin, {"submission_days": 1}, headers),
                                 403, "cross_origin")
                self.assertError(*self.call("DELETE", "/api/staff/session", admin, headers=headers), 403, "cross_origin")
        # the account is still there, the session still valid
        accounts = json.loads(self.call("GET", "/api/staff/accounts", admin)[1])["accounts"]
        self.assertIn("worker", [a["name"] for a in accounts])
        for headers in ({"Origin": f"http://127.0.0.1:{port}"}, {"Sec-Fetch-Site": "same-origin"},
                        {"Sec-Fetch-Site": "none"}):
            with self.subTest(allowed=headers):
                self.login_ok("worker", headers=headers)
        # reading is not state-changing: a GET with a foreign Origin is answered (CORS keeps it unreadable)
        response, _ = self.call("GET", "/api/staff/session", admin, headers={"Origin": "http://evil.example"})
        self.assertEqual(response.status, 200)

    # -- TOTP --

    def test_totp_enrol_login_replay_disable(self):
        if time.time() % 30 > 24:  # keep the whole test inside one 30 s step
            time.sleep(30.5 - time.time() % 30)
        cookies = self.login_ok("tina")
        response, data = self.call("POST", "/api/staff/me/totp", cookies, {})
        self.assertEqual(response.status, 200, data)
        enrol = json.loads(data)
        secret = enrol["secret"]
        self.assertTrue(enrol["otpauth_uri"].startswith("otpauth://totp/Anlaufstelle%3Atina?secret=" + secret))
        key, step = totp.decode_secret(secret), totp.time_step(time.time())
        code = lambda delta: totp.hotp(key, step + delta)  # noqa: E731
        wrong = next(c for c in ("000000", "111111", "222222", "333333") if c not in {code(d) for d in (-1, 0, 1)})
        self.assertError(*self.call("POST", "/api/staff/me/totp/confirm", cookies, {"code": wrong}), 400, "invalid_totp")
        self.assertError(*self.call("POST", "/api/staff/me/totp/confirm", cookies, {"code": 123456}), 400, "invalid_totp")
        self.login_ok("tina")  # not on yet: no code needed
        # the previous step's code is still accepted (clock drift, typing time) ...
        response, data = self.call("POST", "/api/staff/me/totp/confirm", cookies, {"code": code(-1)})
        self.assertEqual(response.status, 204, data)
        self.assertTrue(json.loads(self.call("GET", "/api/staff/session", cookies)[1])["totp_enabled"])
        self.assertError(*self.call("POST", "/api/staff/me/totp", cookies, {}), 409, "conflict")

        response, data, set_ = self.login("tina")
        self.assertError(response, data, 401, "totp_required")
        self.assertNotIn("anl_session", set_)
        self.assertError(*self.login("tina", totp=wrong)[:2], 401, "invalid_totp")
        self.assertError(*self.login("tina", totp="12345")[:2], 401, "invalid_totp")
        self.assertError(*self.login("tina", totp=code(-1))[:2], 401, "invalid_totp")  # used by confirm
        self.login_ok("tina", totp=code(0))
        self.assertError(*self.login("tina", totp=code(0))[:2], 401, "invalid_totp")  # replay in the same step
        # a wrong token with a right code is still invalid_login
        token = base64.b64encode(os.urandom(32)).decode()
        self.assertError(*self.login("tina", token=token, totp=code(1))[:2], 401, "invalid_login")

        self.assertError(*self.call("DELETE", "/api/staff/me/totp", cookies, {"code": code(0)}), 400, "invalid_totp")
        response, data = self.call("DELETE", "/api/staff/me/totp", cookies, {"code": code(1)})
        self.assertEqual(response.status, 204, data)
        self.login_ok("tina")
        actions = [(e["actor"], e["action"]) for e in self.audit(self.login_ok("admin"))]
        self.assertIn(("tina", "totp_enable"), actions)
        self.assertIn(("tina", "totp_disable"), actions)
        self.assertIn(("tina", "login_failed"), actions)

    def test_zz_log_holds_no_secrets(self):
        """After every other test: the log has metadata only (sorted last by name)."""
        log = self.server.log_text()
        self.assertIn("POST /api/staff/session 200", log)
        for staff in self.office.staff.values():
            for secret in (staff.login_token_b64, staff.passphrase, staff.account["login_token_sha256"]):
                self.assertNotIn(secret, log)
        for word in ("anl_session=", "anl_device=", "no-such-person", "ghost", "otpauth", "Cookie"):
            self.assertNotIn(word, log)


class LoginPostgres(Login):
    """The same tests with the server on PostgreSQL (sessions shared through the database)."""
    postgres = True


class TwoProcesses(StaffTestCase):
    """Two serve.py processes on one PostgreSQL database: a session and a device cookie made by
    one are good on the other (sessions and the server secret live in the store)."""
    postgres = True
    staff = (("admin", "admin", None), ("worker", "intake", None))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from harness import ServerProcess
        cls.first = cls.server
        cls.second = ServerProcess(cls.root, cls.server_args)
        cls.second.start()

    @classmethod
    def tearDownClass(cls):
        cls.second.stop()
        cls.server = cls.first
        super().tearDownClass()

    def on(self, process):
        self.__class__.server = process

    def test_session_made_by_one_works_on_the_other(self):
        self.on(self.first)
        cookies = self.login_ok("worker")
        self.on(self.second)
        response, data = self.call("GET", "/api/staff/session", cookies)
        self.assertEqual((response.status, json.loads(data)["name"]), (200, "worker"))
        response, _ = self.call("DELETE", "/api/staff/session", cookies)
        self.assertIn("anl_device", set_cookies(response))  # the first process's device cookie is valid here
        self.on(self.first)
        self.assertError(*self.call("GET", "/api/staff/session", cookies), 401, "unauthorized")
        # an account removed through one process is locked out of the other at once
        worker = self.login_ok("worker")
        self.on(self.second)
        self.assertEqual(self.call("DELETE", "/api/staff/accounts/worker", self.login_ok("admin"))[0].status, 204)
        self.on(self.first)
        self.assertError(*self.call("GET", "/api/staff/submissions", worker), 401, "unauthorized")

    def test_fake_salts_agree(self):
        salts = set()
        for process in (self.first, self.second):
            self.on(process)
            salts.add(json.loads(self.http("POST", "/api/staff/login-params", {"name": "ghost"})[1])["kdf"]["salt"])
        self.assertEqual(len(salts), 1)


class Timeouts(StaffTestCase):
    """Timeouts of seconds instead of 30 min / 10 h, so the real code paths run in a few seconds.
    The store keeps whole seconds, so every check leaves a second of margin."""
    server_args = ("--session-idle-seconds", "3", "--session-absolute-seconds", "6")

    def test_idle_timeout(self):
        cookies = self.login_ok("admin")
        self.assertEqual(self.call("GET", "/api/staff/session", cookies)[0].status, 200)
        time.sleep(4.5)
        self.assertError(*self.call("GET", "/api/staff/session", cookies), 401, "unauthorized")
        self.assertError(*self.call("GET", "/api/staff/accounts", cookies), 401, "unauthorized")

    def test_use_keeps_it_alive_until_the_absolute_timeout(self):
        start = time.time()
        cookies = self.login_ok("admin")
        body = json.loads(self.call("GET", "/api/staff/session", cookies)[1])
        self.assertEqual(body["idle_timeout_seconds"], 3)
        from server.store.base import parse_utc
        self.assertTrue(start + 4 <= parse_utc(body["expires_at"]) <= time.time() + 6, body["expires_at"])
        # idle 3 s, but used every 0.3 s (plus the request's own time, long on a busy machine): still valid after 4.5 s
        while time.time() - start < 4.5:
            time.sleep(0.3)
            response, data = self.call("GET", "/api/staff/submissions", cookies)
            self.assertEqual(response.status, 200, data)
        time.sleep(max(0.0, start + 7.5 - time.time()))  # past the absolute 6 s
        self.assertError(*self.call("GET", "/api/staff/session", cookies), 401, "unauthorized")


class BehindProxy(StaffTestCase):
    server_args = ("--trusted-proxy", "127.0.0.1/32")

    def test_secure_cookie_when_the_proxy_says_https(self):
        response, data, _ = self.login("admin", headers={"X-Forwarded-Proto": "https"})
        self.assertEqual(response.status, 200, data)
        for name, (_, attributes) in set_cookies(response).items():
            self.assertTrue(attributes.endswith("; Secure"), name)
        # the own origin is then https://host: a same-site https Origin is fine
        port = self.server.port
        self.login_ok("admin", headers={"X-Forwarded-Proto": "https", "Origin": f"https://127.0.0.1:{port}"})
        response, data, _ = self.login("admin", headers={"X-Forwarded-Proto": "https",
                                                        "Origin": f"http://127.0.0.1:{port}"})
        self.assertError(response, data, 403, "cross_origin")

    def test_untrusted_peer_cannot_claim_https(self):
        response, data, _ = self.login("admin", headers={"X-Forwarded-Proto": "https"}, source="127.0.0.2")
        self.assertEqual(response.status, 200, data)
        for name, (_, attributes) in set_cookies(response).items():
            self.assertNotIn("Secure", attributes, name)


class ReadOnlyTouch(unittest.TestCase):
    """Pure: a store that cannot record the session's use (read-only) still lets staff read."""

    def test_touch_failure_is_not_fatal(self):
        from types import SimpleNamespace

        from server.auth import Auth, session_hash
        from server.limits import Limits
        from server.store.base import StoreUnavailable, utc_now

        cookie = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
        now = time.time()

        class Store:
            def get_session(self, digest):
                return {"name": "anna", "created_at": utc_now(now - 100), "last_seen_at": utc_now(now - 100)}

            def get_account(self, name):
                return {"name": "anna", "role": "intake", "must_change_passphrase": False}

            def touch_session(self, digest, now_iso):
                raise StoreUnavailable("read-only")

        config = SimpleNamespace(session_idle_seconds=1800, session_absolute_seconds=36000)
        auth = Auth(config, Store(), Limits())
        request = SimpleNamespace(cookies={"anl_session": cookie})
        with self.assertLogs("anlaufstelle", "WARNING"):
            session = auth.session(request)
        self.assertEqual((session.name, session.hash), ("anna", session_hash(cookie)))


if __name__ == "__main__":
    unittest.main()
