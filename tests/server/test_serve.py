"""Tests for serve.py: pure functions directly, everything else over real HTTP on loopback.

Run: cd /work/main && python3 -m unittest discover -s tests/server -v
Each server test class starts `serve.py` as a subprocess on port 0 with its own temporary data
and app directories and a fake office key (random public key, known staff token).
"""

import base64
import hashlib
import http.client
import json
import os
import re
import select
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[2]
SERVE = REPO / "serve.py"
sys.path.insert(0, str(REPO))
import serve  # noqa: E402

REF_RE = re.compile(r"[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}")
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
# Copied from docs/API.md on purpose (not imported from serve.py), so a change is noticed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                               "img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
SECRET = b"this file is outside the app directory"


def b64(data):
    return base64.b64encode(data).decode()


# -- envelopes ------------------------------------------------------------------------------------

def make_part(part_type, plaintext_len, reserved=0, cut=0):
    chunks = max(1, -(-plaintext_len // 65536))
    header = bytes([part_type, reserved]) + plaintext_len.to_bytes(8, "little") + os.urandom(24)
    return header + os.urandom(plaintext_len + 17 * chunks - cut)


def make_envelope(key_id, lengths=(100,), *, magic=b"ANLS", version=1, flags=0, types=None, part_count=None):
    """A structurally valid envelope of random bytes (unless told otherwise)."""
    types = types or [1] + [2] * (len(lengths) - 1)
    count = len(lengths) if part_count is None else part_count
    header = magic + bytes([version, flags]) + key_id + os.urandom(80) + count.to_bytes(2, "little")
    return header + b"".join(make_part(t, n) for t, n in zip(types, lengths))


def malformed_envelopes(key_id):
    """(name, body, expected error code)"""
    ok = make_envelope(key_id, (10, 5))
    return [
        ("shorter than header", ok[:60], "malformed_envelope"),
        ("bad magic", make_envelope(key_id, magic=b"ANLX"), "unsupported_version"),
        ("wrong version", make_envelope(key_id, version=2), "unsupported_version"),
        ("flags set", make_envelope(key_id, flags=1), "malformed_envelope"),
        ("unknown key id", make_envelope(bytes(8)), "unknown_key"),
        ("no parts", make_envelope(key_id, (), part_count=0), "malformed_envelope"),
        ("fewer parts than counted", make_envelope(key_id, (10,), part_count=2), "malformed_envelope"),
        ("trailing byte", ok + b"\0", "malformed_envelope"),
        ("short part", ok[:-1], "malformed_envelope"),
        ("part 0 not answers", make_envelope(key_id, (10,), types=[2]), "malformed_envelope"),
        ("second part answers", make_envelope(key_id, (10, 5), types=[1, 1]), "malformed_envelope"),
        ("reserved byte set", ok[:96] + make_part(1, 10, reserved=1) + ok[96 + 34 + 27:], "malformed_envelope"),
        ("chunk count wrong", ok[:96] + make_part(1, 65537, cut=17), "malformed_envelope"),
        ("huge plaintext_len", ok[:96] + bytes([1, 0]) + (2 ** 63).to_bytes(8, "little") + bytes(60),
         "malformed_envelope"),
    ]


# -- the server process --------------------------------------------------------------------------

class ServerProcess:
    def __init__(self, root, extra_args=()):
        self.root, self.extra_args = Path(root), list(extra_args)
        self.data, self.app, self.log_path = self.root / "data", self.root / "app", self.root / "server.log"
        self.proc = self.port = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0", "--data", str(self.data),
             "--app", str(self.app), *self.extra_args], stdout=subprocess.PIPE, stderr=self.log)
        ready, _, _ = select.select([self.proc.stdout], [], [], 15)
        line = self.proc.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"serving on http://127\.0\.0\.1:(\d+)/\n", line)
        if not match:
            self.stop()
            raise RuntimeError(f"server did not start: {line!r}\n{self.log_text()}")
        self.port = int(match.group(1))

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
        self.log.close()

    def log_text(self):
        return self.log_path.read_text(errors="replace")


def write_fixture(root, key_id, token):
    data, app = root / "data", root / "app"
    data.mkdir()
    app.mkdir()
    office_key = {
        "version": 1, "key_id": key_id.hex(), "public_key": b64(os.urandom(32)),
        "kdf": {"alg": "argon2id13", "salt": b64(os.urandom(16)), "opslimit": 3, "memlimit": 67108864},
        "wrapped_secret_key": {"alg": "xchacha20poly1305-ietf", "nonce": b64(os.urandom(24)),
                               "ciphertext": b64(os.urandom(48))},
        "staff_token_sha256": hashlib.sha256(token).hexdigest(),
    }
    (data / "office-key.json").write_text(json.dumps(office_key))
    (app / "index.html").write_text("<!doctype html><title>Anlaufstelle</title>")
    (app / "staff.html").write_text("<!doctype html><title>Staff</title>")
    (app / "app.wasm").write_bytes(b"\0asm\1\0\0\0")
    (app / "app.js").write_text("console.log('plain');")
    (app / "app.js.br").write_bytes(b"pretend-brotli")
    (root / "secret.txt").write_bytes(SECRET)
    (app / "link.txt").symlink_to(root / "secret.txt")
    return office_key


class ServerTestCase(unittest.TestCase):
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls._tmp.name)
        cls.key_id, cls.token = os.urandom(8), os.urandom(32)
        cls.office_key = write_fixture(cls.root, cls.key_id, cls.token)
        cls.server = ServerProcess(cls.root, cls.server_args)
        cls.server.start()
        cls.references = []

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls._tmp.cleanup()

    # -- requests --

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def submit(self, body, content_type="application/octet-stream"):
        response, data = self.request("POST", "/api/submissions", body, {"Content-Type": content_type})
        if response.status == 201:
            self.references.append(json.loads(data)["reference"])
        return response, data

    def staff(self, path, token=None):
        return self.request("GET", path, headers={"Authorization": "Bearer " + b64(token or self.token)})

    def raw(self, data, shut_write=False):
        """Send raw bytes, read until the server closes; returns everything it sent."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(data)
            if shut_write:
                s.shutdown(socket.SHUT_WR)
            received = b""
            while chunk := s.recv(65536):
                received += chunk
            return received

    # -- storage --

    def rows(self):
        with sqlite3.connect(self.server.data / "anlaufstelle.sqlite3") as db:
            return db.execute("SELECT reference, received_at, size, sha256, blob FROM submissions").fetchall()

    def blob_files(self):
        return sorted(p for p in (self.server.data / "blobs").rglob("*") if p.is_file())

    def snapshot(self):
        return len(self.rows()), self.blob_files()

    # -- assertions --

    def assertError(self, response, body, status, code):
        self.assertEqual(response.status, status, body)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body)["error"], code)

    def assertSecurityHeaders(self, headers):
        headers = {name.lower(): value for name, value in headers.items()}
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(name.lower()), value, name)


def parse_raw(data):
    """(status, {lower-case header: value}, body) of the first response in raw bytes."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


# =================================================================================================
# Pure functions
# =================================================================================================

class EnvelopeCheckTest(unittest.TestCase):
    key_id = bytes.fromhex("0011223344556677")

    def test_valid_envelopes(self):
        for lengths in [(0,), (1,), (65535,), (65536,), (65537,), (200_000, 0, 7)]:
            with self.subTest(lengths=lengths):
                self.assertEqual(serve.check_envelope(make_envelope(self.key_id, lengths), self.key_id),
                                 len(lengths))

    def test_malformed_envelopes(self):
        for name, body, code in malformed_envelopes(self.key_id):
            with self.subTest(name):
                with self.assertRaises(serve.EnvelopeError) as caught:
                    serve.check_envelope(body, self.key_id)
                self.assertEqual(caught.exception.code, code)

    def test_ciphertext_length(self):
        self.assertEqual(serve.ciphertext_length(0), 17)
        self.assertEqual(serve.ciphertext_length(65536), 65536 + 17)
        self.assertEqual(serve.ciphertext_length(65537), 65537 + 34)


class RateLimiterTest(unittest.TestCase):
    def test_blocks_after_ten_failures_until_the_window_passes(self):
        now = [1000.0]
        limiter = serve.RateLimiter(clock=lambda: now[0])
        for _ in range(9):
            limiter.record_failure("a")
        self.assertEqual(limiter.retry_after("a"), 0)
        limiter.record_failure("a")
        self.assertEqual(limiter.retry_after("a"), 300)
        self.assertEqual(limiter.retry_after("b"), 0)
        now[0] += 299.5
        self.assertEqual(limiter.retry_after("a"), 1)
        now[0] += 0.5
        self.assertEqual(limiter.retry_after("a"), 0)


class HelpersTest(unittest.TestCase):
    def test_token_matches(self):
        token = os.urandom(32)
        digest = hashlib.sha256(token).hexdigest()
        self.assertTrue(serve.token_matches("Bearer " + b64(token), digest))
        self.assertTrue(serve.token_matches("bearer " + b64(token), digest))
        for header in [None, "", b64(token), "Basic " + b64(token), "Bearer " + b64(os.urandom(32)),
                       "Bearer " + b64(token)[:-2], "Bearer " + b64(token + b"x"), "Bearer äöü"]:
            self.assertFalse(serve.token_matches(header, digest), header)

    def test_accepts_brotli(self):
        self.assertTrue(serve.accepts_brotli("gzip, deflate, br"))
        self.assertTrue(serve.accepts_brotli("br;q=0.5"))
        self.assertFalse(serve.accepts_brotli("gzip"))
        self.assertFalse(serve.accepts_brotli("br;q=0"))
        self.assertFalse(serve.accepts_brotli(None))


class StoreTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.store = serve.Store(self._tmp.name)

    def files(self):
        return [p for p in Path(self._tmp.name, "blobs").rglob("*") if p.is_file()]

    def test_references(self):
        for _ in range(500):
            self.assertRegex(serve.new_reference(), f"^{REF_RE.pattern}$")

    def test_reference_collision_is_retried(self):
        drawn = iter(["AAAA-AAAA", "AAAA-AAAA", "BBBB-BBBB"])
        with mock.patch.object(serve, "new_reference", lambda: next(drawn)):
            self.assertEqual(self.store.save(b"one")[0], "AAAA-AAAA")
            self.assertEqual(self.store.save(b"two")[0], "BBBB-BBBB")
        self.assertEqual((self.store.load("AAAA-AAAA"), self.store.load("BBBB-BBBB")), (b"one", b"two"))
        self.assertEqual(len(self.files()), 2)

    def test_failed_insert_leaves_no_blob(self):
        with mock.patch.object(serve, "new_reference", lambda: None):  # NOT NULL fails every time
            with self.assertRaises(RuntimeError):
                self.store.save(b"data")
        self.assertEqual((self.store.list(), self.files()), ([], []))

    def test_failed_write_leaves_no_temp_file(self):
        with mock.patch.object(serve.os, "replace", side_effect=OSError("disk full")):
            with self.assertRaises(OSError):
                self.store.save(b"data")
        self.assertEqual((self.store.list(), self.files()), ([], []))


# =================================================================================================
# Startup
# =================================================================================================

class StartupTest(unittest.TestCase):
    def run_server(self, data_dir):
        return subprocess.run([sys.executable, str(SERVE), "--port", "0", "--data", str(data_dir)],
                              capture_output=True, text=True, timeout=15)

    def test_missing_office_key_exits_with_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = self.run_server(tmp)
            self.assertEqual(result.returncode, 2)
            self.assertIn("office-key.json", result.stderr)
            self.assertNotIn("serving on", result.stdout)
            self.assertFalse(os.path.exists(os.path.join(tmp, "anlaufstelle.sqlite3")))

    def test_broken_office_key_exits_with_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "office-key.json").write_text('{"key_id": "xyz"}')
            result = self.run_server(tmp)
            self.assertEqual(result.returncode, 2)
            self.assertIn("office-key.json", result.stderr)


# =================================================================================================
# The API
# =================================================================================================

class ApiTest(ServerTestCase):
    LIMIT = 200_000
    server_args = ("--max-submission-bytes", str(LIMIT))

    def test_config(self):
        response, body = self.request("GET", "/api/config")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body), {"office_key_id": self.key_id.hex(),
                                            "office_public_key": self.office_key["public_key"],
                                            "max_submission_bytes": self.LIMIT})

    def test_kdf_and_office_key(self):
        response, body = self.request("GET", "/api/staff/kdf")
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(body), self.office_key["kdf"])
        response, body = self.staff("/api/staff/office-key")
        self.assertEqual(response.status, 200)
        self.assertEqual(json.loads(body), {"key_id": self.key_id.hex(), "public_key": self.office_key["public_key"],
                                            "wrapped_secret_key": self.office_key["wrapped_secret_key"]})

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

    def test_list_is_newest_first(self):
        first, second = make_envelope(self.key_id, (10,)), make_envelope(self.key_id, (20,))
        ref1 = json.loads(self.submit(first)[1])["reference"]
        ref2 = json.loads(self.submit(second)[1])["reference"]
        response, body = self.staff("/api/staff/submissions")
        self.assertEqual(response.status, 200)
        listed = json.loads(body)["submissions"]
        self.assertEqual([s["reference"] for s in listed[:2]], [ref2, ref1])
        self.assertEqual([s["size"] for s in listed[:2]], [len(second), len(first)])
        for item in listed:
            self.assertEqual(set(item), {"reference", "received_at", "size"})
            self.assertRegex(item["received_at"], TIME_RE)

    def test_fetch_returns_identical_bytes_and_disk_matches(self):
        envelope = make_envelope(self.key_id, (70_000, 1234))
        reference = json.loads(self.submit(envelope)[1])["reference"]
        response, body = self.staff(f"/api/staff/submissions/{reference}/envelope")
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "application/octet-stream")
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertEqual(body, envelope)

        [row] = [r for r in self.rows() if r[0] == reference]
        _, received_at, size, sha256, blob = row
        self.assertRegex(received_at, TIME_RE)
        self.assertEqual(size, len(envelope))
        self.assertEqual(sha256, hashlib.sha256(envelope).hexdigest())
        self.assertRegex(blob, r"^([0-9a-f]{2})/\1[0-9a-f]{30}\.bin$")
        self.assertEqual(hashlib.sha256((self.server.data / "blobs" / blob).read_bytes()).hexdigest(), sha256)

    def test_fetch_unknown_reference_is_404(self):
        for ref in ["AAAA-AAAA", "not-a-ref", "%2e%2e"]:
            with self.subTest(ref):
                response, body = self.staff(f"/api/staff/submissions/{ref}/envelope")
                self.assertError(response, body, 404, "not_found")

    def test_missing_blob_is_500_json(self):
        reference = json.loads(self.submit(make_envelope(self.key_id))[1])["reference"]
        [blob] = [r[4] for r in self.rows() if r[0] == reference]
        (self.server.data / "blobs" / blob).unlink()
        response, body = self.staff(f"/api/staff/submissions/{reference}/envelope")
        self.assertError(response, body, 500, "internal")
        self.assertSecurityHeaders(response.headers)
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)  # still serving

    def test_storage_is_sqlite_in_wal_mode(self):
        self.submit(make_envelope(self.key_id))
        with sqlite3.connect(self.server.data / "anlaufstelle.sqlite3") as db:
            self.assertEqual(db.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            columns = [c[1] for c in db.execute("PRAGMA table_info(submissions)")]
        self.assertEqual(columns, ["id", "reference", "received_at", "size", "sha256", "blob"])

    def test_malformed_envelopes_are_rejected_and_not_stored(self):
        before = self.snapshot()
        for name, body, code in malformed_envelopes(self.key_id):
            with self.subTest(name):
                response, answer = self.submit(body)
                self.assertError(response, answer, 400, code)
        self.assertEqual(self.snapshot(), before)

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
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.putrequest("POST", "/api/submissions")
            conn.putheader("Content-Type", "application/octet-stream")
            conn.endheaders()
            response = conn.getresponse()
            self.assertError(response, response.read(), 411, "length_required")
        finally:
            conn.close()

    def test_wrong_content_type_is_415(self):
        before = self.snapshot()
        for content_type in ["application/json", "text/plain", ""]:
            with self.subTest(content_type):
                response, body = self.submit(make_envelope(self.key_id), content_type)
                self.assertError(response, body, 415, "unsupported_media_type")
        self.assertEqual(self.snapshot(), before)

    def test_truncated_upload_is_400_and_not_stored(self):
        before = self.snapshot()
        envelope = make_envelope(self.key_id)  # valid on its own: only the length check can catch it
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(envelope) + 50}\r\n\r\n").encode()
        status, _, body = parse_raw(self.raw(head + envelope, shut_write=True))
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["error"], "malformed_envelope")
        self.assertEqual(self.snapshot(), before)

    def test_unread_body_is_not_taken_as_next_request(self):
        smuggled = b"GET /api/config HTTP/1.1\r\nHost: x\r\n\r\n"
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(smuggled)}\r\n\r\n").encode()
        received = self.raw(head + smuggled)
        self.assertEqual(parse_raw(received)[0], 415)
        self.assertEqual(received.count(b"HTTP/1.1 "), 1)

    def test_expect_100_continue(self):
        envelope = make_envelope(self.key_id)
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Expect: 100-continue\r\nConnection: close\r\nContent-Length: {len(envelope)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100 Continue\r\n"))
            s.sendall(envelope)
            received = b""
            while chunk := s.recv(65536):
                received += chunk
        self.assertEqual(parse_raw(received)[0], 201)

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            for path in ["/api/config", "/", "/api/nope", "/api/config"]:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                self.assertIn(response.status, (200, 404))
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
        for reference, envelope in zip(references, envelopes):
            self.assertEqual(self.staff(f"/api/staff/submissions/{reference}/envelope")[1], envelope)

    # -- routing, errors, headers --

    def test_unknown_routes_are_404_json(self):
        for path in ["/api/nope", "/api", "/api/staff/submissions/AAAA-AAAA", "/nope.html", "/staff/"]:
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

    def test_security_headers_on_200_404_413(self):
        responses = [self.request("GET", "/")[0], self.request("GET", "/api/config")[0],
                     self.request("GET", "/missing.js")[0], self.submit(b"x" * (self.LIMIT + 1))[0]]
        self.assertEqual([r.status for r in responses], [200, 200, 404, 413])
        for response in responses:
            self.assertSecurityHeaders(response.headers)

    def test_api_is_no_store_and_static_is_no_cache(self):
        for path in ["/api/config", "/api/staff/kdf", "/api/nope", "/nope"]:
            with self.subTest(path):
                self.assertEqual(self.request("GET", path)[0].getheader("Cache-Control"), "no-store")
        self.assertEqual(self.staff("/api/staff/submissions")[0].getheader("Cache-Control"), "no-store")
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

    def test_zz_log_never_contains_references_tokens_or_queries(self):
        reference = json.loads(self.submit(make_envelope(self.key_id))[1])["reference"]
        self.assertEqual(self.staff(f"/api/staff/submissions/{reference}/envelope")[0].status, 200)
        self.request("GET", "/api/config?secret=QUERYMARKER")
        # The server logs after answering, so wait until the lines we expect are there.
        expected = ["POST /api/submissions 201", "GET /api/staff/submissions/{ref}/envelope 200",
                    "GET /api/config 200", "GET {static} 404", "GET /api/{unknown} 404"]
        deadline = time.monotonic() + 5
        while not all(line in (log := self.server.log_text()) for line in expected):
            self.assertLess(time.monotonic(), deadline, f"request log lines missing:\n{log}")
            time.sleep(0.05)
        self.assertGreater(len(self.references), 20)
        for ref in self.references:
            self.assertNotIn(ref, log)
            self.assertNotIn(ref.replace("-", ""), log)
        self.assertNotIn(b64(self.token), log)
        self.assertNotIn(self.token.hex(), log)
        self.assertNotIn("QUERYMARKER", log)


class StaffAuthTest(ServerTestCase):
    """Fewer than 10 failures in total, so the rate limit never kicks in here."""

    def test_staff_endpoints_need_the_token(self):
        for path in ["/api/staff/office-key", "/api/staff/submissions", "/api/staff/submissions/AAAA-AAAA/envelope"]:
            with self.subTest(path):
                response, body = self.request("GET", path)
                self.assertError(response, body, 401, "unauthorized")
                self.assertEqual(response.getheader("WWW-Authenticate"), "Bearer")
                self.assertSecurityHeaders(response.headers)
                self.assertEqual(response.getheader("Cache-Control"), "no-store")

    def test_wrong_tokens_are_401(self):
        for header in ["Bearer " + b64(os.urandom(32)), "Bearer !!!", "Basic " + b64(self.token),
                       "Bearer " + b64(self.token[:31])]:
            with self.subTest(header):
                response, body = self.request("GET", "/api/staff/submissions", headers={"Authorization": header})
                self.assertError(response, body, 401, "unauthorized")

    def test_right_token_works(self):
        self.assertEqual(self.staff("/api/staff/submissions")[0].status, 200)
        self.assertEqual(self.staff("/api/staff/office-key")[0].status, 200)


class RateLimitTest(ServerTestCase):
    def wrong(self):
        return self.staff("/api/staff/submissions", token=os.urandom(32))

    def test_429_after_ten_failures(self):
        for _ in range(9):
            self.assertEqual(self.wrong()[0].status, 401)
        for _ in range(5):  # successes neither count nor reset the count
            self.assertEqual(self.staff("/api/staff/submissions")[0].status, 200)
        self.assertEqual(self.wrong()[0].status, 401)  # the tenth failure

        response, body = self.wrong()
        self.assertError(response, body, 429, "too_many_requests")
        self.assertTrue(1 <= int(response.getheader("Retry-After")) <= 300)
        self.assertSecurityHeaders(response.headers)
        response, body = self.staff("/api/staff/submissions")  # even the right token waits
        self.assertError(response, body, 429, "too_many_requests")
        # Public endpoints are not affected.
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)


class RestartTest(ServerTestCase):
    def test_orphans_and_temp_files_are_removed_at_start(self):
        envelope = make_envelope(self.key_id)
        reference = json.loads(self.submit(envelope)[1])["reference"]
        [kept] = self.blob_files()
        self.server.stop()

        orphan_dir = self.server.data / "blobs" / "ab"
        orphan_dir.mkdir(exist_ok=True)
        orphan = orphan_dir / ("ab" + "0" * 30 + ".bin")
        orphan.write_bytes(b"orphan")
        temp = kept.parent / ".tmp-leftover"
        temp.write_bytes(b"half written")

        self.server.start()
        self.assertFalse(orphan.exists())
        self.assertFalse(temp.exists())
        self.assertEqual(self.blob_files(), [kept])
        self.assertEqual(self.staff(f"/api/staff/submissions/{reference}/envelope")[1], envelope)
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)


if __name__ == "__main__":
    unittest.main()
