"""The embedded server's transport limits and the storage errors, over real HTTP:
keep-alive speed, the connection cap, deadlines for slow clients, flat memory for big uploads,
disk full (507) and a read-only store (503) with recovery once the cause is gone.

Run: cd /work/main && /usr/bin/python3 -m unittest tests/server/test_transport.py -v
The disk-full and read-only tests mount a small tmpfs (root only; skipped otherwise).
"""

import base64
import contextlib
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ServerProcess, ServerTestCase, http_request, make_envelope, parse_raw, wait_until, write_fixture  # noqa: E402

MIB = 1024 * 1024


def big_envelope(key_id, total):
    """A valid one-part envelope of exactly `total` bytes (total >= 147)."""
    plaintext = total - 96 - 34 - 17
    while 96 + 34 + plaintext + 17 * max(1, -(-plaintext // 65536)) > total:
        plaintext -= 1
    body = make_envelope(key_id, (plaintext,))
    assert len(body) <= total
    return body


def read_response(sock):
    """(status, headers, body) of one response on a socket, or None if it was closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    status, headers, body = parse_raw(data)
    while len(body) < int(headers.get("content-length", 0)):
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body


class KeepAliveTest(ServerTestCase):
    def test_many_requests_over_one_connection_are_fast(self):
        conn = self.connect()
        count, started = 400, time.monotonic()
        try:
            for i in range(count):
                conn.request("GET", "/api/config" if i % 2 else "/app.wasm")
                response = conn.getresponse()
                response.read()
                self.assertEqual(response.status, 200)
                self.assertIsNotNone(response.getheader("Content-Length"))
                self.assertIsNone(response.getheader("Connection"))
        finally:
            conn.close()
        rate = count / (time.monotonic() - started)
        print(f"\n  keep-alive: {rate:.0f} requests/s over one connection", file=sys.stderr)
        self.assertGreater(rate, 200)  # with Nagle's algorithm and two writes it was ~22/s

    def test_a_page_load_over_one_connection(self):
        conn = self.connect()
        started = time.monotonic()
        try:
            for path in ["/", "/app.js", "/app.wasm", "/api/config"] * 3:
                conn.request("GET", path, headers={"Accept-Encoding": "br"})
                conn.getresponse().read()
        finally:
            conn.close()
        self.assertLess(time.monotonic() - started, 1.0)

    def test_http_1_0_keep_alive_and_close(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /api/config HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            status, headers, _ = read_response(s)
            self.assertEqual((status, headers.get("connection")), (200, "keep-alive"))
            s.sendall(b"GET /api/config HTTP/1.0\r\n\r\n")
            status, headers, _ = read_response(s)
            self.assertEqual((status, headers.get("connection")), (200, "close"))
            self.assertEqual(s.recv(10), b"")


class ConnectionCapTest(ServerTestCase):
    CAP = 20
    # Deadline of an upload: --request-timeout + Content-Length / --min-upload-rate = 4 + 1 s here.
    server_args = ("--max-connections", str(CAP), "--idle-timeout", "30", "--request-timeout", "4",
                   "--min-upload-rate", "1000000", "--submissions-per-hour-per-address", "0")

    def idle_sockets(self, n):
        stack = contextlib.ExitStack()
        for _ in range(n):
            stack.enter_context(socket.create_connection(("127.0.0.1", self.server.port), timeout=10))
        return stack

    def test_idle_connections_over_the_cap_make_room_for_a_new_request(self):
        with self.idle_sockets(self.CAP + 50):
            time.sleep(0.3)
            started = time.monotonic()
            response, body = self.request("GET", "/api/config")
            self.assertEqual(response.status, 200, body)
            self.assertLess(time.monotonic() - started, 2)

    def test_when_every_connection_is_busy_a_newcomer_gets_503_at_once(self):
        head = (b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                b"Content-Length: 1000000\r\n\r\n" + make_envelope(self.key_id, (999_000,))[:5000])
        with contextlib.ExitStack() as stack:
            for _ in range(self.CAP):  # uploads that stall after their first bytes
                s = stack.enter_context(socket.create_connection(("127.0.0.1", self.server.port), timeout=10))
                s.sendall(head)
            wait_until(lambda: len(self.incoming_files()) == self.CAP, 10, "the stalled uploads never all started")
            started = time.monotonic()
            try:
                response, body = self.request("GET", "/api/config")
                self.assertEqual(response.status, 503)
                self.assertEqual(json.loads(body)["error"], "overloaded")
                self.assertSecurityHeaders(response.headers)
            except (ConnectionError, http.client.RemoteDisconnected):
                pass  # refused before the request was read: also prompt, never a hang
            self.assertLess(time.monotonic() - started, 2)
            # The stalled uploads reach their deadline (5 s), are answered 408 and, after at most
            # 2 s of discarding what they still send, closed: then there is room again.
            deadline = time.monotonic() + 10
            while self.request("GET", "/api/config")[0].status != 200:
                self.assertLess(time.monotonic(), deadline, "no room after the stalled uploads' deadline")
                time.sleep(0.2)
            self.assertGreater(time.monotonic() - started, 4)
        self.assertEqual(self.incoming_files(), [])
        self.assertEqual(self.rows(), [])


class DeadlineTest(ServerTestCase):
    server_args = ("--idle-timeout", "1.5", "--request-timeout", "2", "--submissions-per-hour-per-address", "0")

    def test_a_trickling_upload_is_cut_off_at_its_deadline(self):
        body = make_envelope(self.key_id, (1000,))
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        started = time.monotonic()
        answer = b""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head)
            try:
                for byte in body:  # one byte every 0.2 s: never idle, always too slow
                    s.sendall(bytes([byte]))
                    time.sleep(0.2)
                    if time.monotonic() - started > 8:
                        break
            except OSError:
                pass  # the server hung up
            s.settimeout(5)
            with contextlib.suppress(OSError):
                while chunk := s.recv(65536):
                    answer += chunk
        elapsed = time.monotonic() - started
        self.assertLess(elapsed, 5, "the server let a trickle run past its deadline")
        if answer:
            status, _, payload = parse_raw(answer)
            self.assertEqual((status, json.loads(payload)["error"]), (408, "request_timeout"))
        self.assertEqual((self.rows(), self.incoming_files()), ([], []))

    def test_a_trickling_request_head_is_cut_off(self):
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            with contextlib.suppress(OSError):
                for byte in b"GET /api/config HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"y" * 100:
                    s.sendall(bytes([byte]))
                    time.sleep(0.1)
                    if time.monotonic() - started > 8:
                        break
                s.recv(100)
        self.assertLess(time.monotonic() - started, 4)

    def test_a_silent_connection_is_closed_after_the_idle_timeout(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            started = time.monotonic()
            self.assertEqual(s.recv(10), b"")
            self.assertLess(time.monotonic() - started, 3)


class GracefulStopTest(ServerTestCase):
    def test_sigterm_stops_accepting_and_lets_the_request_in_flight_finish(self):
        body = make_envelope(self.key_id, (100_000,))
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + body[:1000])
            wait_until(self.incoming_files, 10, "the upload never started")  # the request is in flight
            self.server.proc.send_signal(signal.SIGTERM)
            wait_until(lambda: self.refused(), 10, "still accepting connections after SIGTERM")
            s.sendall(body[1000:])
            status, headers, answer = read_response(s)
        self.assertEqual(status, 201, answer)
        self.assertEqual(headers.get("connection"), "close")
        self.assertEqual(self.server.proc.wait(10), 0)
        self.assertEqual(len(self.rows()), 1)


    def refused(self):
        try:
            socket.create_connection(("127.0.0.1", self.server.port), timeout=2).close()
            return False
        except (ConnectionRefusedError, ConnectionResetError):
            # A reset is the same answer: the connection reached the backlog of a listening
            # socket that was closed before accepting it.
            return True


class BigUploadMemoryTest(ServerTestCase):
    server_args = ("--submissions-per-hour-per-address", "0", "--max-connections", "64")
    SIZE = 32 * MIB
    CLIENTS = 10

    def upload(self, body, results, i):
        conn = self.connect(timeout=60)
        try:
            conn.putrequest("POST", "/api/submissions")
            conn.putheader("Content-Type", "application/octet-stream")
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders()
            view = memoryview(body)
            for pos in range(0, len(body), MIB):
                conn.send(view[pos:pos + MIB])
            response = conn.getresponse()
            results[i] = (response.status, response.read())
        finally:
            conn.close()

    def test_ten_concurrent_32_mib_uploads_keep_memory_flat(self):
        body = big_envelope(self.key_id, self.SIZE)
        warm = [None]
        self.upload(body, warm, 0)
        self.assertEqual(warm[0][0], 201, warm[0][1])
        before = self.server.rss_kib()
        results, peak = [None] * self.CLIENTS, [before]
        threads = [threading.Thread(target=self.upload, args=(body, results, i)) for i in range(self.CLIENTS)]
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            peak[0] = max(peak[0], self.server.rss_kib())
            time.sleep(0.05)
        for t in threads:
            t.join()
        self.assertEqual([r[0] for r in results], [201] * self.CLIENTS, results)
        growth_mib = (peak[0] - before) / 1024
        print(f"\n  {self.CLIENTS} x {self.SIZE // MIB} MiB uploads: RSS {before / 1024:.1f} MiB before, "
              f"peak {peak[0] / 1024:.1f} MiB (+{growth_mib:.1f} MiB for {self.CLIENTS * self.SIZE // MIB} MiB "
              f"of bodies)", file=sys.stderr)
        self.assertLess(growth_mib, 24)  # well below one body, let alone ten
        self.assertEqual(len(self.rows()), self.CLIENTS + 1)

    def test_twenty_stalled_uploads_keep_memory_flat(self):
        head = (f"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {self.SIZE}\r\n\r\n").encode()
        part = big_envelope(self.key_id, self.SIZE)[:4 * MIB]
        before = self.server.rss_kib()
        with contextlib.ExitStack() as stack:
            for _ in range(20):
                s = stack.enter_context(socket.create_connection(("127.0.0.1", self.server.port), timeout=10))
                s.sendall(head + part)
            # every upload's 4 MiB has reached its file (less what the file's write buffer holds)
            wait_until(lambda: len(sizes := [p.stat().st_size for p in self.incoming_files()]) == 20
                       and min(sizes) >= len(part) - MIB // 16, 30, "the server never read the 20 uploads' bytes")
            growth_mib = (self.server.rss_kib() - before) / 1024
            self.assertEqual(self.request("GET", "/api/config")[0].status, 200)  # still answering
        print(f"\n  20 stalled 32 MiB uploads (4 MiB sent each): RSS +{growth_mib:.1f} MiB", file=sys.stderr)
        self.assertLess(growth_mib, 24)


# -- storage errors: a tmpfs we can fill, a read-only bind mount --------------------------------

def mount(*args):
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def umount(path):
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def can_mount():
    with tempfile.TemporaryDirectory() as probe:
        ok = os.geteuid() == 0 and mount("--bind", probe, probe)
        if ok:
            umount(probe)
    return ok


@unittest.skipUnless(can_mount(), "needs root to mount a tmpfs or a read-only bind mount")
class StorageErrorTestCase(unittest.TestCase):
    SIZE_MIB = 16
    TMPFS = True
    server_args = ()

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name)
        self.data = self.root / "data"
        self.data.mkdir()
        if self.TMPFS:
            self.assertTrue(mount("-t", "tmpfs", "-o", f"size={self.SIZE_MIB}m", "tmpfs", str(self.data)))
            self.addCleanup(umount, self.data)
        self.office = write_fixture(self.root)
        self.key_id = bytes.fromhex(self.office.key_id)
        self.server = ServerProcess(self.root, ("--submissions-per-hour-per-address", "0", *self.server_args))
        self.server.start()
        self.addCleanup(self.server.stop)

    def request(self, method, path, body=None, headers=None):
        return http_request(self.server.port, method, path, body, headers, timeout=20)

    def submit(self, body):
        return self.request("POST", "/api/submissions", body, {"Content-Type": "application/octet-stream"})

    def put_draft(self, body):
        token = os.urandom(32)
        bearer = "Bearer " + base64.urlsafe_b64encode(token).decode().rstrip("=")
        return self.request("PUT", f"/api/drafts/{hashlib.sha256(token).hexdigest()}", body,
                            {"Authorization": bearer, "Content-Type": "application/octet-stream"})

    def assertError(self, answer, status, code):
        response, body = answer
        self.assertEqual(response.status, status, body)
        self.assertEqual(json.loads(body)["error"], code)
        self.assertEqual(response.getheader("Cache-Control"), "no-store")

    def stored_files(self):
        return sorted(p for p in (self.data / "blobs").rglob("*") if p.is_file())


class DiskFullTest(StorageErrorTestCase):
    server_args = ("--min-free-bytes", "0")

    def test_a_full_disk_is_507_and_nothing_half_written_then_it_recovers(self):
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)
        files = self.stored_files()
        filler = self.data / "filler"
        subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=1M", f"count={self.SIZE_MIB}"],
                       capture_output=True)
        self.assertError(self.submit(big_envelope(self.key_id, 2 * MIB)), 507, "insufficient_storage")
        self.assertEqual(self.stored_files(), files)  # the partial upload was removed
        self.assertEqual(self.request("GET", "/api/config")[0].status, 200)  # reading still works
        filler.unlink()
        self.assertEqual(self.submit(big_envelope(self.key_id, 2 * MIB))[0].status, 201)  # by itself


class MinFreeSpaceTest(StorageErrorTestCase):
    server_args = ("--min-free-bytes", str(4 * StorageErrorTestCase.SIZE_MIB * MIB))  # more than the disk has

    def test_below_the_free_space_floor_uploads_and_drafts_are_507(self):
        self.assertError(self.submit(make_envelope(self.key_id)), 507, "insufficient_storage")
        self.assertError(self.put_draft(b"\x01draft"), 507, "insufficient_storage")
        self.assertEqual([p for p in self.stored_files() if "incoming" in p.parts], [])


class ReadOnlyStoreTest(StorageErrorTestCase):
    """A read-only bind mount over the data directory: EROFS for every file opened from then on
    (the SQLite file the store opened before keeps working, as after a real remount it would not)."""
    TMPFS = False

    def test_a_read_only_store_is_503_and_recovers_by_itself(self):
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)
        files = self.stored_files()
        self.assertTrue(mount("--bind", str(self.data), str(self.data)))
        try:
            self.assertTrue(mount("-o", "remount,bind,ro", str(self.data)))
            self.assertError(self.submit(make_envelope(self.key_id)), 503, "store_unavailable")
            self.assertEqual(self.request("GET", "/api/config")[0].status, 200)
        finally:
            umount(self.data)
        self.assertEqual(len(self.stored_files()), len(files))
        self.assertEqual(self.submit(make_envelope(self.key_id))[0].status, 201)
        self.assertEqual(self.put_draft(b"\x01draft")[0].status, 204)


if __name__ == "__main__":
    unittest.main()
