"""HTTP helpers for the staff route tests: log in, call with cookies, read Set-Cookie.

    class T(StaffTestCase):
        staff = (("admin", "admin", None), ("worker", "intake", None))
        def test_x(self):
            cookies = self.login_ok("worker")
            response, body = self.call("GET", "/api/staff/submissions", cookies)
"""

import http.client
import json
import sqlite3

from harness import ServerTestCase


def set_cookies(response):
    """{name: (value, attributes string)} of every Set-Cookie in the response."""
    result = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.partition("=")
        result[name.strip()] = (value.strip(), attributes.strip())
    return result


def cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items() if v)


class StaffTestCase(ServerTestCase):
    """`postgres = True`: the server runs on a fresh database of the test run's throw-away
    PostgreSQL 15 (tests/server/pg.py) instead of SQLite; `sql()` reads either."""
    postgres = False

    @classmethod
    def setUpClass(cls):
        if cls.postgres:
            import pg
            cls.cluster = pg.cluster()
            cls.db_name, cls.dsn = cls.cluster.create_database()
            cls.server_args = tuple(cls.server_args) + ("--database", cls.dsn)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.postgres:
            cls.cluster.drop_database(cls.db_name)

    def sql(self, query):
        """Rows of a literal SELECT against the server's store (no parameters: both dialects)."""
        if self.postgres:
            import psycopg
            with psycopg.connect(self.dsn) as conn:
                return [tuple(row) for row in conn.execute(query).fetchall()]
        with sqlite3.connect(self.server.data / "anlaufstelle.sqlite3") as db:
            return db.execute(query).fetchall()

    def sql_write(self, statement):
        """Run one literal statement against the server's store (both dialects), committed."""
        if self.postgres:
            import psycopg
            with psycopg.connect(self.dsn, autocommit=True) as conn:
                conn.execute(statement)
            return
        with sqlite3.connect(self.server.data / "anlaufstelle.sqlite3") as db:
            db.execute(statement)

    def http(self, method, path, body=None, headers=None, source=None):
        """One request; `body` a dict is sent as JSON; `source`: a local address to send from."""
        headers = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers.setdefault("Content-Type", "application/json")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10,
                                          source_address=(source, 0) if source else None)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def call(self, method, path, cookies=None, body=None, headers=None, source=None):
        headers = dict(headers or {})
        if cookies:
            headers["Cookie"] = cookie_header(cookies)
        return self.http(method, path, body, headers, source)

    def login(self, name, token=None, totp=None, cookies=None, headers=None, source=None):
        """POST /api/staff/session; returns (response, body, {cookie name: value})."""
        body = {"name": name, "login_token": token or self.office.staff[name].login_token_b64}
        if totp is not None:
            body["totp"] = totp
        response, data = self.call("POST", "/api/staff/session", cookies, body, headers, source)
        return response, data, {k: v for k, (v, _) in set_cookies(response).items()}

    def login_ok(self, name, **kwargs):
        response, data, cookies = self.login(name, **kwargs)
        self.assertEqual(response.status, 200, data)
        return cookies

    def audit(self, admin_cookies, limit=200):
        response, data = self.call("GET", f"/api/staff/audit?limit={limit}", admin_cookies)
        self.assertEqual(response.status, 200, data)
        return json.loads(data)["entries"]
