"""Several server processes on one PostgreSQL (issue 10, item 8), over real HTTP.

Two `serve.py` processes (the embedded server) and one `serve.py --workers 2` (gunicorn) share one
database of the throw-away PostgreSQL 15 (tests/server/pg.py) and one blob directory, as two
machines with a shared directory would. Concurrent writers through all of them lose nothing;
a submission made through one process is opened by a staff member logged in on another, and the
session itself (created by one process) is valid on the others; a process restarted while the
others take submissions finds everything.

Run: /usr/bin/python3 -m unittest discover -s tests/server -p test_postgres_http.py
"""

import json
import tempfile
import threading
import unittest
from pathlib import Path

import pg
from harness import ServerProcess, http_request, make_envelope, write_fixture
from staff_http import cookie_header, set_cookies

NO_LIMITS = ("--submissions-per-hour-per-address", "0", "--submissions-per-hour-global", "0")


class TwoServersOnePostgres(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = pg.cluster()
        cls.db_name, cls.dsn = cls.cluster.create_database()
        cls._tmp = tempfile.TemporaryDirectory()
        root = Path(cls._tmp.name)
        cls.office = write_fixture(root, (("admin", "admin", None), ("worker", "intake", None)))
        cls.key_id = bytes.fromhex(cls.office.key_id)
        args = ("--database", cls.dsn, *NO_LIMITS)
        cls.servers = [ServerProcess(root, args), ServerProcess(root, args),
                       ServerProcess(root, args + ("--workers", "2", "--threads", "4"))]
        for server in cls.servers:
            server.start(timeout=60)

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.stop()
        cls.cluster.drop_database(cls.db_name)
        cls._tmp.cleanup()

    def request(self, server, method, path, body=None, headers=None):
        return http_request(server.port, method, path, body, headers, timeout=30)

    def submit(self, server, body):
        response, data = self.request(server, "POST", "/api/submissions", body,
                                      {"Content-Type": "application/octet-stream"})
        self.assertEqual(response.status, 201, data)
        return json.loads(data)["reference"]

    def login(self, server, name):
        body = json.dumps({"name": name, "login_token": self.office.staff[name].login_token_b64})
        response, data = self.request(server, "POST", "/api/staff/session", body,
                                      {"Content-Type": "application/json"})
        self.assertEqual(response.status, 200, data)
        return {k: v for k, (v, _) in set_cookies(response).items()}

    def envelope_of(self, server, cookies, reference):
        response, data = self.request(server, "GET", f"/api/staff/submissions/{reference}/envelope",
                                      headers={"Cookie": cookie_header(cookies)})
        self.assertEqual(response.status, 200, data[:200])
        return data

    def test_concurrent_writers_through_every_process_lose_nothing(self):
        sent, errors = {}, []
        lock = threading.Lock()

        def writer(server, n):
            try:
                for i in range(n):
                    body = make_envelope(self.key_id, (100 + i,))
                    ref = self.submit(server, body)
                    with lock:
                        sent[ref] = body
            except BaseException as e:  # reported below
                errors.append(e)
        threads = [threading.Thread(target=writer, args=(server, 25))
                   for server in self.servers for _ in range(4)]
        [t.start() for t in threads]
        [t.join(120) for t in threads]
        self.assertEqual(errors, [])
        self.assertEqual(len(sent), 25 * 4 * len(self.servers))
        # Read every submission back through a process other than the one it went to.
        cookies = self.login(self.servers[0], "worker")
        listed = self.request(self.servers[1], "GET", "/api/staff/submissions",
                              headers={"Cookie": cookie_header(cookies)})
        self.assertEqual(listed[0].status, 200)
        self.assertTrue(set(sent) <= {s["reference"] for s in json.loads(listed[1])["submissions"]})
        for i, (ref, body) in enumerate(sent.items()):
            self.assertEqual(self.envelope_of(self.servers[i % 3], cookies, ref), body)

    def test_made_through_one_read_through_the_other(self):
        body = make_envelope(self.key_id, (5000,))
        ref = self.submit(self.servers[0], body)
        cookies = self.login(self.servers[2], "worker")  # the session lives in the database
        self.assertEqual(self.envelope_of(self.servers[1], cookies, ref), body)
        self.assertEqual(self.envelope_of(self.servers[2], cookies, ref), body)

    def test_a_restarted_process_finds_everything(self):
        refs = {}
        stop = threading.Event()

        def writer():
            while not stop.is_set():
                body = make_envelope(self.key_id, (300,))
                refs[self.submit(self.servers[0], body)] = body
        t = threading.Thread(target=writer)
        t.start()
        try:
            for _ in range(2):  # a rolling restart of the second process under load
                self.servers[1].stop()
                self.servers[1].start(timeout=60)
        finally:
            stop.set()
            t.join(60)
        self.assertGreater(len(refs), 0)
        cookies = self.login(self.servers[1], "worker")
        for ref, body in refs.items():
            self.assertEqual(self.envelope_of(self.servers[1], cookies, ref), body)


if __name__ == "__main__":
    unittest.main()
