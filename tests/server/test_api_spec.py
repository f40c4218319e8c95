"""The bodies spec/api.json gives each route, checked over real HTTP against `serve.py` started
with its defaults: a body of the route's content type declared one byte over the spec's limit
is refused with 413 before it is sent, one of another content type with 415, and a route the
spec gives no body never refuses one (it does not read it). docs/API.md's tables say the same,
being generated from the spec.

Run: /usr/bin/python3 -m unittest tests/server/test_api_spec.py -v
"""

import base64
import hashlib
import json
import os
import socket
import sys
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_fixture import Case  # noqa: E402
from harness import parse_raw  # noqa: E402
from nacl.public import PrivateKey  # noqa: E402
from staff_http import StaffTestCase, cookie_header  # noqa: E402

from server import api_spec, totp  # noqa: E402

TOKEN = os.urandom(32)
# Draft routes: the id of TOKEN; case routes: a case TOKEN opens, with an upload as long as the
# spec allows (made in setUpClass), so the checks before the body pass on every route.
EXAMPLE = {"id": hashlib.sha256(TOKEN).hexdigest(), "ref": "ABCD-EFGH", "name": "nobody", "locator": "ABCD",
           "item": "0" * 32}
# Headers the case routes read before the body (tus, the staff's item audience).
ROUTE_HEADERS = "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nAnl-Audience: case\r\n"
# The TOTP routes read their body only in the state they change: a set-up pending (confirm), or
# TOTP on (turning it off); elsewhere they answer 409 first. Those get an account in that state.
IN_STATE = {("POST", "/api/staff/me/totp/confirm"): "pending", ("DELETE", "/api/staff/me/totp"): "enrolled"}


def concrete(path):
    return api_spec.PLACEHOLDER.sub(lambda m: EXAMPLE[m.group(1)], path)


def spec_methods(with_body):
    """(method, path with example values) of every route method that has a body (or none)."""
    return [(method, concrete(route["path"])) for route in api_spec.routes()
            for method, entry in route["methods"].items() if ("body" in entry) == with_body]


class RouteBodies(StaffTestCase):
    staff = (("admin", "admin", None), ("pending", "intake", None), ("enrolled", "intake", None))

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sessions = {}
        case = Case(EXAMPLE["locator"], PrivateKey.generate(), TOKEN, os.urandom(16))
        response, data = cls.http(cls, "POST", "/api/cases", case.creation())
        assert response.status == 201, data
        response, data = cls.http(cls, "POST", f"/api/cases/{case.locator}/uploads", b"", {
            "Tus-Resumable": "1.0.0", "Upload-Length": str(api_spec.limit("max_upload_bytes")), **case.auth()})
        assert response.status == 201, data
        EXAMPLE["upload"] = response.getheader("Location").rsplit("/", 1)[1]

    def session(self, name):
        """Cookies of one session per account, made once; "pending" has begun a TOTP set-up and
        "enrolled" has TOTP on."""
        if name not in self.sessions:
            cookies = self.login_ok(name)
            if name != "admin":
                response, data = self.call("POST", "/api/staff/me/totp", cookies, {})
                self.assertEqual(response.status, 200, data)
            if name == "enrolled":
                code = totp.totp(totp.decode_secret(json.loads(data)["secret"]), time.time())
                response, data = self.call("POST", "/api/staff/me/totp/confirm", cookies, {"code": code})
                self.assertEqual(response.status, 204, data)
            self.sessions[name] = cookies
        return self.sessions[name]

    def send_head(self, method, path, length, content_type):
        """(status, error code) of a request whose head declares `length` body bytes that never
        come, in a staff session (a fresh one for logging out) and with the draft's token."""
        logout = (method, path) == ("DELETE", "/api/staff/session")
        cookies = self.login_ok("admin") if logout else self.session(IN_STATE.get((method, path), "admin"))
        bearer = base64.urlsafe_b64encode(TOKEN).decode().rstrip("=")
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie_header(cookies)}\r\n"
                f"Authorization: Bearer {bearer}\r\nContent-Type: {content_type}\r\n{ROUTE_HEADERS}"
                f"Content-Length: {length}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)
            status, headers, body = parse_raw(s.recv(65536))
        error = json.loads(body).get("error") if headers.get("content-type") == "application/json" else None
        return status, error

    def body_of(self, method, path):
        route = next(r for r in api_spec.routes() if concrete(r["path"]) == path)
        return api_spec.spec()["bodies"][route["methods"][method]["body"]]

    def test_a_body_over_the_spec_limit_is_refused_before_it_is_sent(self):
        for method, path in spec_methods(with_body=True):
            with self.subTest(method=method, path=path):
                body = self.body_of(method, path)
                over = api_spec.limit(body["limit"]) + 1
                self.assertEqual(self.send_head(method, path, over, body["type"]), (413, "payload_too_large"))

    def test_a_body_of_another_content_type_is_refused(self):
        for method, path in spec_methods(with_body=True):
            with self.subTest(method=method, path=path):
                self.assertEqual(self.send_head(method, path, 2, "text/plain"), (415, "unsupported_media_type"))

    def test_a_route_without_a_body_does_not_read_one(self):
        for method, path in spec_methods(with_body=False):
            with self.subTest(method=method, path=path):
                status, _ = self.send_head(method, path, 10 ** 9, "text/plain")
                self.assertNotIn(status, (411, 413, 415))


if __name__ == "__main__":
    unittest.main()
