"""The same WSGI application under gunicorn with several workers (`serve.py --workers 2` execs
`gunicorn -c server/gunicorn_conf.py server.wsgi:application`), on one SQLite data directory.

Run: cd /work/main && /usr/bin/python3 -m unittest tests/server/test_gunicorn.py -v
Needs Debian's gunicorn (python3-gunicorn); skipped without it.
"""

import base64
import hashlib
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import SERVE, ServerProcess, ServerTestCase, make_envelope, wait_until, write_fixture  # noqa: E402


def have_gunicorn():
    return subprocess.run([sys.executable, "-c", "import gunicorn"], capture_output=True).returncode == 0


@unittest.skipUnless(have_gunicorn(), "gunicorn is not installed (apt install python3-gunicorn)")
class GunicornTest(ServerTestCase):
    server_args = ("--workers", "2", "--threads", "4", "--submissions-per-hour-per-address", "0",
                   "--max-submission-bytes", "2000000")

    def test_two_workers_run(self):
        children = Path(f"/proc/{self.server.proc.pid}/task/{self.server.proc.pid}/children").read_text().split()
        self.assertEqual(len(children), 2)

    def test_concurrent_submissions_are_all_stored(self):
        envelopes = [make_envelope(self.key_id, (i * 50,)) for i in range(40)]
        results = [None] * len(envelopes)

        def worker(i):
            response, body = self.submit(envelopes[i])
            results[i] = (response.status, body)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(envelopes))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual([status for status, _ in results], [201] * len(envelopes), results)
        references = {json.loads(body)["reference"] for _, body in results}
        self.assertEqual(len(references), len(envelopes))
        stored = {row[0]: row for row in self.rows()}
        for body, (_, answer) in zip(envelopes, results):
            row = stored[json.loads(answer)["reference"]]
            self.assertEqual((self.server.data / "blobs" / row[4]).read_bytes(), body)

    def test_a_draft_written_through_one_worker_is_read_through_the_other(self):
        token = b"\x07" * 32
        draft_id = hashlib.sha256(token).hexdigest()
        bearer = {"Authorization": "Bearer " + base64.urlsafe_b64encode(token).decode().rstrip("=")}
        put = self.request("PUT", f"/api/drafts/{draft_id}", b"\x01draft",
                           {**bearer, "Content-Type": "application/octet-stream"})
        self.assertEqual(put[0].status, 204)
        for _ in range(10):  # new connections land on either worker
            response, body = self.request("GET", f"/api/drafts/{draft_id}", headers=bearer)
            self.assertEqual((response.status, body), (200, b"\x01draft"))

    def test_same_headers_errors_and_limits_as_the_embedded_server(self):
        response, body = self.request("GET", "/api/nope")
        self.assertError(response, body, 404, "not_found")
        self.assertSecurityHeaders(response.headers)
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        response, body = self.submit(b"x" * 2_000_001)
        self.assertError(response, body, 413, "payload_too_large")
        response, body = self.submit(make_envelope(bytes(8)))
        self.assertError(response, body, 400, "unknown_key")
        self.assertEqual(self.request("GET", "/")[0].status, 200)
        conn = self.connect()
        try:
            for _ in range(20):  # keep-alive under gthread
                conn.request("GET", "/api/config")
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200)
        finally:
            conn.close()

    def test_truncated_upload_is_400_and_not_stored(self):
        before = self.snapshot()
        body = make_envelope(self.key_id)
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body) + 50}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + body)
            s.shutdown(socket.SHUT_WR)
            received = b""
            while chunk := s.recv(65536):
                received += chunk
        if received:  # gunicorn may also just hang up on a body cut short
            self.assertIn(b" 400 ", received.split(b"\r\n", 1)[0])
        wait_until(lambda: self.snapshot() == before, 5, lambda: f"left behind: {self.snapshot()} (was {before})")

    def test_zz_no_access_log_with_raw_paths(self):
        self.request("GET", "/api/config?secret=QUERYMARKER")
        log = self.wait_for_log(["GET /api/config 200"])
        self.assertNotIn("QUERYMARKER", log)
        for reference in self.references:
            self.assertNotIn(reference, log)


@unittest.skipUnless(have_gunicorn(), "gunicorn is not installed")
class GunicornDeadlineTest(ServerTestCase):
    server_args = ("--workers", "2", "--request-timeout", "2", "--idle-timeout", "5")

    def test_a_trickling_upload_is_cut_off_at_its_deadline_without_nginx_too(self):
        body = make_envelope(self.key_id, (2000,))
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)
            try:
                for byte in body:  # 5 bytes a second, never silent for long
                    s.sendall(bytes([byte]))
                    time.sleep(0.2)
                    if time.monotonic() - started > 10:
                        break
            except OSError:
                pass  # cut off
        self.assertLess(time.monotonic() - started, 6)
        self.assertEqual((self.rows(), self.incoming_files()), ([], []))
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)


@unittest.skipUnless(have_gunicorn(), "gunicorn is not installed")
class GunicornStartupTest(unittest.TestCase):
    def test_an_unusable_key_file_stops_gunicorn_with_status_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            Path(tmp, "office-key.json").write_text('{"version": 1}')
            result = subprocess.run([sys.executable, str(SERVE), "--workers", "2", "--port", "0", "--data", tmp],
                                    capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 2, result.stderr[-2000:])
            self.assertIn("--migrate-v1", result.stderr)

    def test_four_processes_starting_at_once_on_a_new_store_import_once(self):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            office = write_fixture(root)
            servers = [ServerProcess(root / f"s{i}") for i in range(4)]
            for server in servers:
                server.data, server.app = root / "data", root / "app"
                server.root.mkdir()
                server.log_path = server.root / "server.log"
            threads = [threading.Thread(target=server.start) for server in servers]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            try:
                for server in servers:
                    self.assertIsNotNone(server.port, server.log_text())
                    conn_config = json.loads(_get(server.port, "/api/config"))
                    self.assertEqual(conn_config["office_key_id"], office.key_id)
            finally:
                for server in servers:
                    if server.proc:
                        server.stop()
            imports = sum(server.log_text().count("imported the office key file") for server in servers)
            self.assertEqual(imports, 1)


def _get(port, path):
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().read()
    finally:
        conn.close()


if __name__ == "__main__":
    unittest.main()
