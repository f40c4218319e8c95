"""Shared harness for the server tests: a real `serve.py` subprocess on loopback, port 0, with its
own temporary data and app directories and a v2 office key file (tests/server/staff_fixture.py).

    class MyTest(ServerTestCase):
        server_args = ("--max-submission-bytes", "200000")
        def test_x(self):
            response, body = self.request("GET", "/api/config")

`ServerTestCase` gives `self.server` (ServerProcess: .port, .data, .app, .log_text()), `self.office`
(staff_fixture.Office: .key_id hex, .staff["admin"]), `request`, `submit`, `raw`, `rows`,
`blob_files`, `snapshot`, `wait_for_log`, `assertError`, `assertSecurityHeaders`; `wait_until(condition)`
polls instead of sleeping a fixed time. Needs /usr/bin/python3.
"""

import base64
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
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SERVE = REPO / "serve.py"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))
from staff_fixture import make_office  # noqa: E402

REF_RE = re.compile(r"[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}-[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}")
TIME_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
# Copied from docs/API.md on purpose (not imported from the server), so a change is noticed.
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
    """A structurally valid envelope of random bytes (unless told otherwise). `key_id`: 8 bytes."""
    types = types or [1] + [2] * (len(lengths) - 1)
    count = len(lengths) if part_count is None else part_count
    header = magic + bytes([version, flags]) + key_id + os.urandom(80) + count.to_bytes(2, "little")
    return header + b"".join(make_part(t, n) for t, n in zip(types, lengths))


def envelope_size(plaintext_len):
    return 96 + 34 + plaintext_len + 17 * max(1, -(-plaintext_len // 65536))


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


def parse_raw(data):
    """(status, {lower-case header: value}, body) of the first response in raw bytes."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def http_request(port, method, path, body=None, headers=None, timeout=10, source=None):
    """One request on a fresh loopback connection: (response, body bytes). `source` binds the
    client side to another loopback address (127.0.0.2, ...) to stand for another client."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(source, 0) if source else None)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def wait_until(condition, timeout=10, message="condition never held", interval=0.02):
    """Poll `condition()` until it returns something true (returned); AssertionError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        time.sleep(interval)
    return value


# -- the server process --------------------------------------------------------------------------

class ServerProcess:
    """`serve.py` (or any command printing "serving on http://127.0.0.1:PORT/") as a subprocess."""

    def __init__(self, root, extra_args=(), command=None, env=None):
        self.root, self.extra_args = Path(root), list(extra_args)
        self.data, self.app, self.log_path = self.root / "data", self.root / "app", self.root / "server.log"
        self.command, self.env = command, env
        self.proc = self.port = None

    def start(self, timeout=20):
        self.log = open(self.log_path, "ab")
        command = self.command or [sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0",
                                   "--data", str(self.data), "--app", str(self.app), *self.extra_args]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log, cwd=str(REPO),
                                     env=self.env)
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
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
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
        self.log.close()

    def log_text(self):
        return self.log_path.read_text(errors="replace")

    def rss_kib(self):
        """Resident memory of the server process (VmRSS from /proc), in KiB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")


def write_app_dir(root):
    app = root / "app"
    app.mkdir(exist_ok=True)
    (app / "index.html").write_text("<!doctype html><title>Anlaufstelle</title>")
    (app / "staff.html").write_text("<!doctype html><title>Staff</title>")
    (app / "app.wasm").write_bytes(b"\0asm\1\0\0\0")
    (app / "app.js").write_text("console.log('plain');")
    (app / "app.js.br").write_bytes(b"pretend-brotli")
    (root / "secret.txt").write_bytes(SECRET)
    (app / "link.txt").symlink_to(root / "secret.txt")


def write_fixture(root, staff=(("admin", "admin", None),)):
    """root/data/office-key.json (v2) and root/app; returns the staff_fixture.Office."""
    office = make_office(str(root / "data"), list(staff))
    write_app_dir(root)
    return office


class ServerTestCase(unittest.TestCase):
    server_args = ()
    staff = (("admin", "admin", None),)

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls._tmp.name)
        cls.office = write_fixture(cls.root, cls.staff)
        cls.key_id = bytes.fromhex(cls.office.key_id)
        cls.server = ServerProcess(cls.root, cls.server_args)
        cls.server.start()
        cls.references = []

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls._tmp.cleanup()

    # -- requests --

    def connect(self, timeout=10, **kwargs):
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=timeout, **kwargs)

    def request(self, method, path, body=None, headers=None):
        return http_request(self.server.port, method, path, body, headers)

    def submit(self, body, content_type="application/octet-stream", headers=None):
        response, data = self.request("POST", "/api/submissions", body,
                                      {"Content-Type": content_type, **(headers or {})})
        if response.status == 201:
            self.references.append(json.loads(data)["reference"])
        return response, data

    def raw(self, data, shut_write=False, timeout=10):
        """Send raw bytes, read until the server closes; returns everything it sent."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=timeout) as s:
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
        """Stored envelopes (uploads in progress and quarantine excluded)."""
        blobs = self.server.data / "blobs"
        return sorted(p for p in blobs.rglob("*.bin") if p.is_file() and p.parent.name not in ("incoming", "quarantine"))

    def incoming_files(self):
        return sorted(p for p in (self.server.data / "blobs" / "incoming").glob("*") if p.is_file())

    def snapshot(self):
        return len(self.rows()), self.blob_files(), self.incoming_files()

    def wait_for_log(self, lines, timeout=5):
        """The server's log once it holds every one of `lines` (it logs a request after answering)."""
        def complete():
            log = self.server.log_text()
            return log if all(line in log for line in lines) else None
        return wait_until(complete, timeout, lambda: f"request log lines missing:\n{self.server.log_text()}")

    # -- assertions --

    def assertError(self, response, body, status, code):
        self.assertEqual(response.status, status, body)
        self.assertEqual(response.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(body)["error"], code)

    def assertSecurityHeaders(self, headers):
        headers = {name.lower(): value for name, value in headers.items()}
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(headers.get(name.lower()), value, name)
