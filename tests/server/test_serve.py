"""Tests for the applicant side of the server (server/ package behind serve.py): pure functions
directly, everything else over real HTTP on loopback.

Run: cd /work/main && /usr/bin/python3 -m unittest discover -s tests/server -v
Each server test class starts `serve.py` as a subprocess on port 0 with its own temporary data
and app directories and a v2 office key file (tests/server/harness.py). The staff routes are
tested in tests/server/test_staff*.py (H-auth); the transport limits in test_transport.py.
"""

import hashlib
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import (REF_RE, SECRET, SERVE, TIME_RE, ServerTestCase, make_envelope,  # noqa: E402
                     malformed_envelopes, parse_raw, write_fixture)

from server import envelope, static  # noqa: E402


# =================================================================================================
# Pure functions
# =================================================================================================

class EnvelopeCheckTest(unittest.TestCase):
    key_id = bytes.fromhex("0011223344556677")

    def test_valid_envelopes(self):
        for lengths in [(0,), (1,), (65535,), (65536,), (65537,), (200_000, 0, 7)]:
            with self.subTest(lengths=lengths):
                self.assertEqual(envelope.check_envelope(make_envelope(self.key_id, lengths), self.key_id),
                                 self.key_id)

    def test_malformed_envelopes(self):
        for name, body, code in malformed_envelopes(self.key_id):
            with self.subTest(name):
                with self.assertRaises(envelope.EnvelopeError) as caught:
                    envelope.check_envelope(body, self.key_id)
                self.assertEqual(caught.exception.code, code)

    def test_fed_in_pieces_gives_the_same_answers(self):
        """The server feeds the scanner whatever the socket delivers: any split must agree."""
        cases = [("valid", make_envelope(self.key_id, (70_000, 3)), None)] + malformed_envelopes(self.key_id)
        rng = random.Random(7)
        for name, body, code in cases:
            for _ in range(5):
                with self.subTest(name):
                    scanner, pos, error = envelope.Scanner([self.key_id]), 0, None
                    try:
                        while pos < len(body):
                            step = rng.choice([1, 2, 33, 95, 96, 97, 4096, 65536])
                            scanner.feed(body[pos:pos + step])
                            pos += step
                        scanner.finish()
                    except envelope.EnvelopeError as e:
                        error = e.code
                    self.assertEqual(error, code)

    def test_several_accepted_keys_and_file_check(self):
        other = bytes.fromhex("8899aabbccddeeff")
        body = make_envelope(other, (10,))
        self.assertEqual(envelope.check_envelope(body, [self.key_id, other]), other)
        with tempfile.NamedTemporaryFile() as f:
            f.write(body)
            f.flush()
            self.assertEqual(envelope.check_file(f.name, [other], chunk=7), other)
            with self.assertRaises(envelope.EnvelopeError):
                envelope.check_file(f.name, [self.key_id])

    def test_a_part_longer_than_the_declared_body_fails_at_once(self):
        scanner = envelope.Scanner([self.key_id], length=1000)
        body = make_envelope(self.key_id, (5000,))
        with self.assertRaises(envelope.EnvelopeError):
            scanner.feed(body[:96 + 34])  # only the headers: the part cannot fit in 1000 bytes

    def test_ciphertext_length(self):
        self.assertEqual(envelope.ciphertext_length(0), 17)
        self.assertEqual(envelope.ciphertext_length(65536), 65536 + 17)
        self.assertEqual(envelope.ciphertext_length(65537), 65537 + 34)


class StaticHelpersTest(unittest.TestCase):
    def test_accepts_brotli(self):
        self.assertTrue(static.accepts_brotli("gzip, deflate, br"))
        self.assertTrue(static.accepts_brotli("br;q=0.5"))
        self.assertFalse(static.accepts_brotli("gzip"))
        self.assertFalse(static.accepts_brotli("br;q=0"))
        self.assertFalse(static.accepts_brotli(None))


# =================================================================================================
# Startup
# =================================================================================================

class StartupTest(unittest.TestCase):
    def run_server(self, data_dir, *args):
        return subprocess.run([sys.executable, str(SERVE), "--port", "0", "--data", str(data_dir), *args],
                              capture_output=True, text=True, timeout=20)

    def test_missing_office_key_exits_with_2_and_creates_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = self.run_server(tmp)
            self.assertEqual(result.returncode, 2)
            self.assertIn("office-key.json", result.stderr)
            self.assertIn("anlaufstelle-keygen", result.stderr)
            self.assertNotIn("serving on", result.stdout)
            self.assertFalse(os.path.exists(os.path.join(tmp, "anlaufstelle.sqlite3")))

    def test_broken_office_key_exits_with_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "office-key.json").write_text('{"key_id": "xyz"}')
            result = self.run_server(tmp)
            self.assertEqual(result.returncode, 2)
            self.assertIn("office-key.json", result.stderr)
            self.assertFalse(os.path.exists(os.path.join(tmp, "anlaufstelle.sqlite3")))

    def test_v1_office_key_names_the_migration(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "office-key.json").write_text(json.dumps({"version": 1, "key_id": "00" * 8}))
            result = self.run_server(tmp)
            self.assertEqual(result.returncode, 2)
            self.assertIn("--migrate-v1", result.stderr)

    def test_bad_options_exit_with_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            for args in [("--max-submission-bytes", "10"), ("--draft-days", "0"), ("--database", "mysql://x"),
                         ("--trusted-proxy", "not-a-network"), ("--orphan-grace-seconds", "5")]:
                with self.subTest(args):
                    result = self.run_server(tmp, *args)
                    self.assertEqual(result.returncode, 2, result.stderr)
                    self.assertIn(args[0], result.stderr)

    def test_once_imported_the_store_is_the_truth(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            office = write_fixture(root)
            for run in range(2):
                proc = subprocess.Popen([sys.executable, str(SERVE), "--port", "0", "--data", str(root / "data"),
                                         "--app", str(root / "app")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                try:
                    self.assertTrue(proc.stdout.readline().startswith(b"serving on"))
                finally:
                    proc.terminate()
                    proc.wait(10)
                    proc.stdout.close()
                    proc.stderr.close()
                (root / "data" / "office-key.json").unlink(missing_ok=True)  # the second start needs no file
            self.assertTrue(office.key_id)


# =================================================================================================
# The API
# =================================================================================================

class ApiTest(ServerTestCase):
    LIMIT = 200_000
    server_args = ("--max-submission-bytes", str(LIMIT), "--submissions-per-hour-per-address", "0")

    def stored(self, reference):
        """The envelope bytes on disk for a reference, checked against its row."""
        [row] = [r for r in self.rows() if r[0] == reference]
        data = (self.server.data / "blobs" / row[4]).read_bytes()
        self.assertEqual(hashlib.sha256(data).hexdigest(), row[3])
        self.assertEqual(len(data), row[2])
        return data

    def test_config(self):
        response, body = self.request("GET", "/api/config")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body), {"office_key_id": self.office.key_id,
                                            "office_public_key": self.office.public_key,
                                            "max_submission_bytes": self.LIMIT})

    def test_submit_returns_reference(self):
        response, body = self.submit(make_envelope(self.key_id))
        self.assertEqual(response.status, 201, body)
        answer = json.loads(body)
        self.assertRegex(answer["reference"], REF_RE)
        self.assertRegex(answer["received_at"], TIME_RE)
        self.assertEqual(response.getheader("Cache-Control"), "no-store")

    def test_valid_envelope_shapes_are_accepted(self):
        for lengths in [(0,), (65536,), (65537, 0, 3)]:
            with self.subTest(lengths=lengths):
                self.assertEqual(self.submit(make_envelope(self.key_id, lengths))[0].status, 201)

    def test_stored_bytes_are_identical_and_rows_are_complete(self):
        envelope_bytes = make_envelope(self.key_id, (70_000, 1234))
        reference = json.loads(self.submit(envelope_bytes)[1])["reference"]
        self.assertEqual(self.stored(reference), envelope_bytes)
        [(_, received_at, size, sha256, blob)] = [r for r in self.rows() if r[0] == reference]
        self.assertRegex(received_at, TIME_RE)
        self.assertEqual((size, sha256), (len(envelope_bytes), hashlib.sha256(envelope_bytes).hexdigest()))
        self.assertEqual(self.incoming_files(), [])  # no upload left half-way

    def test_storage_is_sqlite_in_wal_mode(self):
        self.submit(make_envelope(self.key_id))
        with sqlite3.connect(self.server.data / "anlaufstelle.sqlite3") as db:
            self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            columns = [c[1] for c in db.execute("PRAGMA table_info(submissions)")]
        self.assertEqual(columns[:6], ["id", "reference", "received_at", "size", "sha256", "blob"])

    def test_malformed_envelopes_are_rejected_and_not_stored(self):
        before = self.snapshot()
        for name, body, code in malformed_envelopes(self.key_id):
            with self.subTest(name):
                response, answer = self.submit(body)
                self.assertError(response, answer, 400, code)
        self.assertEqual(self.snapshot(), before)

    def test_a_wrong_key_id_is_refused_before_the_rest_arrives(self):
        body = make_envelope(bytes(8), (150_000,))
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + body[:200])  # the header only: the answer comes without the rest
            status, headers, answer = parse_raw(s.recv(65536))
        self.assertEqual((status, json.loads(answer)["error"]), (400, "unknown_key"))
        self.assertEqual(headers["connection"], "close")

    def test_oversize_with_body_is_413(self):
        before = self.snapshot()
        response, body = self.submit(make_envelope(self.key_id, (self.LIMIT,)))
        self.assertError(response, body, 413, "payload_too_large")
        self.assertSecurityHeaders(response.headers)
        self.assertEqual(response.getheader("Connection"), "close")
        self.assertEqual(self.snapshot(), before)

    def test_oversize_is_answered_before_the_body_arrives(self):
        before = self.snapshot()
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {self.LIMIT + 1}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)  # ... and never the body
            first = s.recv(65536)
            status, headers, _ = parse_raw(first)
            self.assertEqual(status, 413)
            self.assertEqual(headers["connection"], "close")
            rest = b""
            while chunk := s.recv(65536):  # the server hangs up (the test would time out otherwise)
                rest += chunk
        self.assertEqual(json.loads(parse_raw(first + rest)[2])["error"], "payload_too_large")
        self.assertEqual(self.snapshot(), before)

    def test_exactly_the_limit_is_accepted(self):
        overhead = 96 + 34 + 17 * 4
        response, body = self.submit(make_envelope(self.key_id, (self.LIMIT - overhead,)))
        self.assertEqual(response.status, 201, body)

    def test_missing_content_length_is_411(self):
        conn = self.connect()
        try:
            conn.putrequest("POST", "/api/submissions")
            conn.putheader("Content-Type", "application/octet-stream")
            conn.endheaders()
            response = conn.getresponse()
            self.assertError(response, response.read(), 411, "length_required")
        finally:
            conn.close()

    def test_bad_framing_is_400(self):
        for extra in [b"Content-Length: 5\r\nContent-Length: 6\r\n", b"Content-Length: -1\r\n",
                      b"Content-Length: 1e3\r\n", b"Transfer-Encoding: chunked\r\n"]:
            with self.subTest(extra):
                status, _, body = parse_raw(self.raw(b"POST /api/submissions HTTP/1.1\r\nHost: x\r\n"
                                                     b"Content-Type: application/octet-stream\r\n" + extra + b"\r\n"))
                self.assertEqual((status, json.loads(body)["error"]), (400, "bad_request"))

    def test_wrong_content_type_is_415(self):
        before = self.snapshot()
        for content_type in ["application/json", "text/plain", ""]:
            with self.subTest(content_type):
                response, body = self.submit(make_envelope(self.key_id), content_type)
                self.assertError(response, body, 415, "unsupported_media_type")
        self.assertEqual(self.snapshot(), before)

    def test_truncated_upload_is_400_and_not_stored(self):
        before = self.snapshot()
        body = make_envelope(self.key_id)  # valid on its own: only the length check can catch it
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body) + 50}\r\n\r\n").encode()
        status, _, answer = parse_raw(self.raw(head + body, shut_write=True))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(answer)["error"], "malformed_envelope")
        self.assertEqual(self.snapshot(), before)

    def test_unread_body_is_not_taken_as_next_request(self):
        smuggled = b"GET /api/config HTTP/1.1\r\nHost: x\r\n\r\n"
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(smuggled)}\r\n\r\n").encode()
        received = self.raw(head + smuggled)
        self.assertEqual(parse_raw(received)[0], 415)
        self.assertEqual(received.count(b"HTTP/1.1 "), 1)

    def test_expect_100_continue(self):
        body = make_envelope(self.key_id)
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Expect: 100-continue\r\nConnection: close\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n"))
            s.sendall(body)
            received = b""
            while chunk := s.recv(65536):
                received += chunk
        self.assertEqual(parse_raw(received)[0], 201)

    def test_no_100_continue_for_a_refused_body(self):
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Expect: 100-continue\r\nContent-Length: {self.LIMIT + 1}\r\n\r\n").encode()
        status, _, _ = parse_raw(self.raw(head))
        self.assertEqual(status, 413)

    def test_keep_alive(self):
        conn = self.connect()
        try:
            for path in ["/api/config", "/", "/api/nope", "/api/config"]:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                self.assertIn(response.status, (200, 404))
                self.assertIsNotNone(response.getheader("Content-Length"))
        finally:
            conn.close()

    def test_concurrent_submissions(self):
        envelopes = [make_envelope(self.key_id, (i * 100,)) for i in range(20)]
        results = [None] * len(envelopes)
        rows_before = len(self.rows())
        barrier = threading.Barrier(len(envelopes))

        def worker(i):
            barrier.wait()
            response, body = self.submit(envelopes[i])
            results[i] = (response.status, json.loads(body))

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(envelopes))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual([status for status, _ in results], [201] * len(envelopes))
        references = [answer["reference"] for _, answer in results]
        self.assertEqual(len(set(references)), len(envelopes))
        self.assertEqual(len(self.rows()), rows_before + len(envelopes))
        for reference, body in zip(references, envelopes):
            self.assertEqual(self.stored(reference), body)

    # -- cross-origin --

    def test_cross_origin_writes_are_refused(self):
        before = self.snapshot()
        port = self.server.port
        for headers in [{"Origin": "https://evil.example"}, {"Origin": "null"},
                        {"Origin": f"http://127.0.0.1:{port + 1}"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Sec-Fetch-Site": "same-site"}, {"Origin": f"https://127.0.0.1:{port}"}]:
            with self.subTest(headers):
                response, body = self.submit(make_envelope(self.key_id), headers=headers)
                self.assertError(response, body, 403, "cross_origin")
                self.assertSecurityHeaders(response.headers)
        self.assertEqual(self.snapshot(), before)
        for headers in [{"Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin"},
                        {"Sec-Fetch-Site": "none"}, {}]:
            with self.subTest(headers):
                self.assertEqual(self.submit(make_envelope(self.key_id), headers=headers)[0].status, 201)
        # Reading is never refused for its origin.
        self.assertEqual(self.request("GET", "/api/config", headers={"Origin": "https://evil.example"})[0].status, 200)

    # -- routing, errors, headers --

    def test_unknown_routes_are_404_json(self):
        for path in ["/api/nope", "/api", "/api/staff/nope", "/nope.html", "/staff/", "/api/staff/kdf"]:
            with self.subTest(path):
                response, body = self.request("GET", path)
                self.assertError(response, body, 404, "not_found")
                self.assertSecurityHeaders(response.headers)

    def test_wrong_methods_are_405_json(self):
        for method, path in [("DELETE", "/api/config"), ("PUT", "/api/submissions"), ("GET", "/api/submissions"),
                             ("POST", "/api/config"), ("POST", "/"), ("BREW", "/"), ("OPTIONS", "/api/nope")]:
            with self.subTest(method=method, path=path):
                response, body = self.request(method, path, b"" if method in ("POST", "PUT") else None)
                self.assertError(response, body, 405, "method_not_allowed")
                self.assertTrue(response.getheader("Allow"))
                self.assertSecurityHeaders(response.headers)

    def test_bad_request_line_is_json(self):
        for request_line in [b"GARBAGE", b"GET /", b"GET / HTTP/1.x", b"GET / HTTP/7.0", b"GET /a b c HTTP/1.1"]:
            with self.subTest(request_line):
                status, headers, body = parse_raw(self.raw(request_line + b"\r\nHost: x\r\n\r\n"))
                self.assertIn(status, (400, 505))
                self.assertEqual(json.loads(body)["error"], "bad_request")
                self.assertSecurityHeaders(headers)

    def test_too_many_or_too_long_headers_are_json(self):
        many = b"".join(b"X-%d: y\r\n" % i for i in range(150))
        for head in [b"GET / HTTP/1.1\r\n" + many + b"\r\n", b"GET / HTTP/1.1\r\nX: " + b"y" * 70000 + b"\r\n\r\n",
                     b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n"]:
            with self.subTest(len(head)):
                status, headers, body = parse_raw(self.raw(head))
                self.assertIn(status, (400, 414, 431))
                self.assertEqual(json.loads(body)["error"], "bad_request")
                self.assertSecurityHeaders(headers)

    def test_security_headers_on_200_404_413(self):
        responses = [self.request("GET", "/")[0], self.request("GET", "/api/config")[0],
                     self.request("GET", "/missing.js")[0], self.submit(b"x" * (self.LIMIT + 1))[0]]
        self.assertEqual([r.status for r in responses], [200, 200, 404, 413])
        for response in responses:
            self.assertSecurityHeaders(response.headers)

    def test_api_is_no_store_and_static_is_no_cache(self):
        for path in ["/api/config", "/api/nope", "/nope"]:
            with self.subTest(path):
                self.assertEqual(self.request("GET", path)[0].getheader("Cache-Control"), "no-store")
        self.assertEqual(self.request("GET", "/")[0].getheader("Cache-Control"), "no-cache")

    # -- static files --

    def test_static_pages(self):
        for path, name in [("/", "index.html"), ("/staff", "staff.html"), ("/index.html", "index.html")]:
            with self.subTest(path):
                response, body = self.request("GET", path)
                self.assertEqual(response.status, 200)
                self.assertEqual(response.getheader("Content-Type"), "text/html; charset=utf-8")
                self.assertEqual(body, (self.server.app / name).read_bytes())

    def test_mime_types(self):
        response, body = self.request("GET", "/app.wasm")
        self.assertEqual((response.status, response.getheader("Content-Type")), (200, "application/wasm"))
        self.assertEqual(body, b"\0asm\1\0\0\0")
        self.assertEqual(self.request("GET", "/app.js")[0].getheader("Content-Type"), "text/javascript")

    def test_brotli_sibling(self):
        response, body = self.request("GET", "/app.js", headers={"Accept-Encoding": "gzip, br"})
        self.assertEqual(body, b"pretend-brotli")
        self.assertEqual(response.getheader("Content-Encoding"), "br")
        self.assertEqual(response.getheader("Content-Type"), "text/javascript")
        self.assertEqual(response.getheader("Vary"), "Accept-Encoding")
        response, body = self.request("GET", "/app.js", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(body, b"console.log('plain');")
        self.assertIsNone(response.getheader("Content-Encoding"))
        self.assertEqual(response.getheader("Vary"), "Accept-Encoding")

    def test_etag_revalidation(self):
        response, _ = self.request("GET", "/app.wasm")
        etag = response.getheader("ETag")
        self.assertTrue(etag)
        response, body = self.request("GET", "/app.wasm", headers={"If-None-Match": etag})
        self.assertEqual((response.status, body), (304, b""))
        self.assertSecurityHeaders(response.headers)

    def test_head(self):
        response, body = self.request("HEAD", "/app.wasm")
        self.assertEqual((response.status, body), (200, b""))
        self.assertEqual(response.getheader("Content-Length"), "8")

    def test_path_traversal_is_404(self):
        for path in ["/../serve.py", "/%2e%2e/serve.py", "//etc/passwd", "/../secret.txt", "/%2e%2e/secret.txt",
                     "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
                     "/link.txt", "/app.js%00", "/%00", "/./index.html", "/%ff", "///secret.txt"]:
            with self.subTest(path):
                response, body = self.request("GET", path)
                self.assertError(response, body, 404, "not_found")
                self.assertNotIn(SECRET, body)

    # -- logging (named to run last in this class, so it sees every request the class made) --

    def test_zz_log_never_contains_references_or_queries(self):
        self.submit(make_envelope(self.key_id))
        self.request("GET", "/api/config?secret=QUERYMARKER")
        expected = ["POST /api/submissions 201", "GET /api/config 200", "GET {static} 404", "GET /api/{unknown} 404"]
        log = self.wait_for_log(expected)
        self.assertGreater(len(self.references), 20)
        for ref in self.references:
            self.assertNotIn(ref, log)
            self.assertNotIn(ref.replace("-", ""), log)
        self.assertNotIn("QUERYMARKER", log)
        self.assertNotIn("127.0.0.1:", log.replace(f"127.0.0.1:{self.server.port}", ""))  # no client ports


class SubmissionLimitTest(ServerTestCase):
    server_args = ("--submissions-per-hour-per-address", "3")

    def test_the_fourth_submission_within_an_hour_waits(self):
        for _ in range(3):
            self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)
        before = self.snapshot()
        response, body = self.submit(make_envelope(self.key_id))
        self.assertError(response, body, 429, "too_many_requests")
        self.assertTrue(1 <= int(response.getheader("Retry-After")) <= 3600)
        self.assertSecurityHeaders(response.headers)
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)  # reading is not limited


class OfficeNetworkTest(ServerTestCase):
    server_args = ("--submissions-per-hour-per-address", "2", "--office-network", "127.0.0.0/8")

    def test_kiosks_in_the_office_network_are_not_limited_per_address(self):
        statuses = [self.submit(make_envelope(self.key_id))[0].status for _ in range(5)]
        self.assertEqual(statuses, [201] * 5)


class TrustedProxyTest(ServerTestCase):
    """Behind a trusted proxy the limit counts the client named in X-Forwarded-For."""
    server_args = ("--submissions-per-hour-per-address", "2", "--trusted-proxy", "127.0.0.1/32")

    def test_clients_behind_the_proxy_count_separately_and_spoofing_does_not_help(self):
        def send(forwarded):
            return self.submit(make_envelope(self.key_id), headers={"X-Forwarded-For": forwarded})[0].status
        self.assertEqual([send("203.0.113.5") for _ in range(3)], [201, 201, 429])
        self.assertEqual(send("203.0.113.6"), 201)  # another client behind the same proxy
        # A client cannot pick its own address: the proxy appends the real one on the right.
        self.assertEqual(send("198.51.100.1, 203.0.113.5"), 429)


if __name__ == "__main__":
    unittest.main()
