"""Resumable uploads of case items (tus 1.0; docs/API.md, "Resumable uploads") over real HTTP,
on SQLite and on PostgreSQL: creation, HEAD, PATCH with Upload-Checksum, offset mismatches and
retries, a cut connection and the resume after it, the scan at the end, termination, expiry;
the same under gunicorn with two workers; and flat memory (the server's peak RSS) during a
50 MB upload in 1 MiB PATCHes.

Run: /usr/bin/python3 tests/server/run.py test_uploads
"""

import base64
import hashlib
import json
import os
import socket
import time
import unittest
from pathlib import Path

from case_fixture import seal_v2
from case_http import MIB, CaseTestCase
from harness import wait_until
from test_gunicorn import have_gunicorn

TUS = {"Tus-Resumable": "1.0.0"}
CHUNK_TYPE = "application/offset+octet-stream"


def checksum(data):
    return "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()


class UploadTestCase(CaseTestCase):
    def start(self, case, length):
        response, data = self.http("POST", f"/api/cases/{case.locator}/uploads", b"",
                                   {**TUS, **case.auth(), "Upload-Length": str(length)})
        self.assertEqual(response.status, 201, data)
        return response.getheader("Location")

    def patch(self, case, location, offset, data, digest=None, conn=None):
        headers = {**TUS, **case.auth(), "Content-Type": CHUNK_TYPE, "Upload-Offset": str(offset),
                   "Upload-Checksum": digest or checksum(data)}
        if conn is None:
            return self.http("PATCH", location, data, headers)
        conn.request("PATCH", location, body=data, headers=headers)
        response = conn.getresponse()
        return response, response.read()

    def head(self, case, location):
        return self.http("HEAD", location, headers={**TUS, **case.auth()})

    def offset(self, case, location):
        response, _ = self.head(case, location)
        self.assertEqual(response.status, 200)
        return int(response.getheader("Upload-Offset"))

    def upload_file(self, location):
        """The file of the upload at `location` (it exists while the upload has bytes)."""
        return self.server.data / "blobs" / "uploads" / (location.rsplit("/", 1)[1] + ".part")


class Uploads(UploadTestCase):
    def test_an_upload_in_pieces_becomes_an_item(self):
        case = self.new_case()
        body = self.item_for(case, attachments=[os.urandom(300_000)])
        location = self.start(case, len(body))
        self.assertRegex(location, f"^/api/cases/{case.locator}/uploads/[0-9a-f]{{32}}$")
        response, _ = self.head(case, location)
        self.assertEqual((response.status, response.getheader("Upload-Offset"), response.getheader("Upload-Length")),
                         (200, "0", str(len(body))))
        self.assertEqual(response.getheader("Cache-Control"), "no-store")
        self.assertEqual(response.getheader("Tus-Resumable"), "1.0.0")
        pieces = [body[i:i + 100_000] for i in range(0, len(body), 100_000)]
        offset = 0
        for piece in pieces:
            response, data = self.patch(case, location, offset, piece)
            self.assertEqual(response.status, 204, data)
            offset += len(piece)
            self.assertEqual(response.getheader("Upload-Offset"), str(offset))
        item = response.getheader("Anl-Item")
        self.assertRegex(item, "^[0-9a-f]{32}$")
        [listed] = self.case_view(case)["items"]
        self.assertEqual((listed["id"], listed["author"], listed["size"]), (item, "applicant", len(body)))
        response, data = self.http("GET", f"/api/cases/{case.locator}/items/{item}", headers=case.auth())
        self.assertEqual(data, body)
        self.assertFalse(self.upload_file(location).exists(), "the file became the item's")
        response, _ = self.head(case, location)  # the last answer was lost: where is my item?
        self.assertEqual((response.status, response.getheader("Upload-Offset"), response.getheader("Anl-Item")),
                         (200, str(len(body)), item))
        response, data = self.patch(case, location, offset - len(pieces[-1]), pieces[-1])
        self.assertError(response, data, 409, "offset_mismatch")
        self.assertEqual((response.getheader("Upload-Offset"), response.getheader("Anl-Item")), (str(len(body)), item))
        self.assertEqual(len(self.case_view(case)["items"]), 1, "a retry makes no second item")

    def test_creation_refusals(self):
        case = self.new_case()
        path = f"/api/cases/{case.locator}/uploads"
        for headers, status, code in (({"Upload-Length": "10"}, 412, "tus_version"),
                                      ({**TUS}, 400, "bad_request"), ({**TUS, "Upload-Length": "-1"}, 400, "bad_request"),
                                      ({**TUS, "Upload-Length": "0"}, 400, "bad_request"),
                                      ({**TUS, "Upload-Length": str(56 * MIB + 1)}, 413, "payload_too_large")):
            with self.subTest(headers=headers):
                self.assertError(*self.http("POST", path, b"", {**case.auth(), **headers}), status, code)
        self.assertError(*self.http("POST", path, b"", {**TUS, "Upload-Length": "10", **case.auth(os.urandom(32))}),
                         404, "not_found")
        self.assertEqual(self.sql(f"SELECT COUNT(*) FROM case_uploads WHERE locator = '{case.locator}'"), [(0,)])
        self.start(case, 56 * MIB)  # exactly the limit

    def test_checksum_mismatch_keeps_nothing_and_a_retry_works(self):
        case = self.new_case()
        body = self.item_for(case)
        location = self.start(case, len(body))
        response, data = self.patch(case, location, 0, body[:500], digest=checksum(b"other bytes"))
        self.assertError(response, data, 460, "checksum_mismatch")
        self.assertEqual(self.offset(case, location), 0)
        self.assertEqual(self.upload_file(location).stat().st_size, 0)
        for bad in ("md5 " + base64.b64encode(b"x" * 16).decode(), "sha256 !!!", "sha256"):
            self.assertError(*self.patch(case, location, 0, body[:500], digest=bad), 400, "bad_request")
        self.assertEqual(self.patch(case, location, 0, body[:500])[0].status, 204)
        self.assertEqual(self.offset(case, location), 500)

    def test_offset_mismatch_and_the_retry_of_an_applied_patch(self):
        case = self.new_case()
        body = self.item_for(case)
        location = self.start(case, len(body))
        self.assertEqual(self.patch(case, location, 0, body[:400])[0].status, 204)
        response, data = self.patch(case, location, 0, body[:400])  # its answer was lost: sent again
        self.assertError(response, data, 409, "offset_mismatch")
        self.assertEqual(response.getheader("Upload-Offset"), "400")
        response, data = self.patch(case, location, 800, body[800:900])
        self.assertError(response, data, 409, "offset_mismatch")
        self.assertEqual(response.getheader("Upload-Offset"), "400")
        response, data = self.patch(case, location, 400, body[400:] + b"extra")
        self.assertError(response, data, 413, "payload_too_large")
        response, data = self.http("PATCH", location, body[400:], {**TUS, **case.auth(), "Upload-Offset": "400",
                                                                    "Content-Type": "application/octet-stream"})
        self.assertError(response, data, 415, "unsupported_media_type")
        response, data = self.patch(case, location, 400, body[400:])
        self.assertEqual(response.status, 204, data)
        self.assertIsNotNone(response.getheader("Anl-Item"))

    def test_a_cut_connection_keeps_nothing_of_its_patch_then_resumes(self):
        case = self.new_case()
        body = self.item_for(case, attachments=[os.urandom(200_000)])
        location = self.start(case, len(body))
        self.assertEqual(self.patch(case, location, 0, body[:50_000])[0].status, 204)
        rest = body[50_000:]
        head = (f"PATCH {location} HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                f"Authorization: {case.auth()['Authorization']}\r\nContent-Type: {CHUNK_TYPE}\r\n"
                f"Upload-Offset: 50000\r\nContent-Length: {len(rest)}\r\n\r\n").encode()
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(head + rest[:70_000])  # then the connection is gone
        self.wait_for_log(["PATCH /api/cases/{locator}/uploads/{upload} 400"])
        self.assertEqual(self.offset(case, location), 50_000)
        response, data = wait_until(lambda: (r := self.patch(case, location, 50_000, rest))[0].status != 409 and r)
        self.assertEqual(response.status, 204, data)
        item = response.getheader("Anl-Item")
        self.assertEqual(self.http("GET", f"/api/cases/{case.locator}/items/{item}", headers=case.auth())[1], body)

    def test_a_bad_envelope_at_the_end_is_422_and_the_upload_is_gone(self):
        case = self.new_case()
        for name, body in (("office only", seal_v2([self.office_pk], {"v": 1})),
                           ("not an envelope", os.urandom(5000))):
            with self.subTest(name):
                location = self.start(case, len(body))
                response, data = self.patch(case, location, 0, body)
                self.assertError(response, data, 422, "malformed_envelope")
                self.assertEqual(self.head(case, location)[0].status, 404)
                self.assertFalse(self.upload_file(location).exists())
        self.assertEqual(self.case_view(case)["items"], [])

    def test_termination_and_expiry(self):
        case = self.new_case()
        body = self.item_for(case)
        location = self.start(case, len(body))
        self.patch(case, location, 0, body[:100])
        response, _ = self.http("DELETE", location, headers={**TUS, **case.auth()})
        self.assertEqual(response.status, 204)
        self.assertEqual(self.head(case, location)[0].status, 404)
        self.assertError(*self.patch(case, location, 100, body[100:]), 404, "not_found")
        self.assertFalse(self.upload_file(location).exists())
        location = self.start(case, len(body))
        response, _ = self.http("POST", f"/api/cases/{case.locator}/uploads", b"",
                                {**TUS, **case.auth(), "Upload-Length": "10"})
        expires = time.mktime(time.strptime(response.getheader("Upload-Expires"), "%a, %d %b %Y %H:%M:%S GMT"))
        self.assertAlmostEqual(expires - time.mktime(time.gmtime()), 86400, delta=10)
        upload = location.rsplit("/", 1)[1]
        self.sql_write(f"UPDATE case_uploads SET expires_at = '2000-01-01T00:00:00Z' WHERE id = '{upload}'")
        self.assertEqual(self.head(case, location)[0].status, 404)
        self.assertError(*self.patch(case, location, 0, body), 404, "not_found")

    def test_a_case_has_at_most_four_unfinished_uploads(self):
        case = self.new_case()
        path = f"/api/cases/{case.locator}/uploads"
        locations = [self.start(case, 56 * MIB) for _ in range(4)]
        self.assertError(*self.http("POST", path, b"", {**TUS, **case.auth(), "Upload-Length": "10"}),
                         429, "too_many_requests")
        # Terminating one (or finishing it) makes room; another case has its own four.
        self.assertEqual(self.http("DELETE", locations[0], headers={**TUS, **case.auth()})[0].status, 204)
        body = self.item_for(case)
        location = self.start(case, len(body))
        self.assertEqual(self.patch(case, location, 0, body)[0].status, 204)
        self.start(case, 10)
        self.start(self.new_case(), 10)

    def test_another_case_cannot_see_or_touch_the_upload(self):
        case, other = self.new_case(), self.new_case()
        location = self.start(case, 100)
        foreign = location.replace(case.locator, other.locator)
        self.assertEqual(self.head(other, foreign)[0].status, 404)
        self.assertError(*self.http("DELETE", foreign, headers={**TUS, **other.auth()}), 404, "not_found")
        self.assertEqual(self.http("HEAD", location, headers={**TUS, **other.auth()})[0].status, 404)
        self.assertEqual(self.offset(case, location), 0)

    def test_options_tells_what_is_implemented_without_a_token(self):
        case = self.new_case()
        location = self.start(case, 100)
        nobody = location.replace(case.locator, "ZZZZ" if case.locator != "ZZZZ" else "YYYY")
        for path in (f"/api/cases/{case.locator}/uploads", location, nobody, nobody.rsplit("/", 2)[0] + "/uploads"):
            with self.subTest(path=path):
                response, data = self.http("OPTIONS", path)  # no token, no Tus-Resumable
                self.assertEqual((response.status, data), (204, b""))
                self.assertEqual(response.getheader("Tus-Resumable"), "1.0.0")
                self.assertEqual(response.getheader("Tus-Version"), "1.0.0")
                self.assertEqual(set(response.getheader("Tus-Extension").split(",")),
                                 {"creation", "termination", "checksum", "expiration"})
                self.assertEqual(response.getheader("Tus-Max-Size"), str(56 * MIB))
                self.assertEqual(response.getheader("Tus-Checksum-Algorithm"), "sha256")
        # Discovery is not a guess at a case, and elsewhere OPTIONS is still an unknown method.
        self.assertEqual(self.offset(case, location), 0)
        self.assertError(*self.http("OPTIONS", f"/api/cases/{case.locator}"), 405, "method_not_allowed")


class UploadsOnPostgres(Uploads):
    postgres = True


@unittest.skipUnless(have_gunicorn(), "gunicorn is not installed (apt install python3-gunicorn)")
class UploadsUnderGunicorn(Uploads):
    """Two worker processes: consecutive PATCHes land on either, the file lock is across processes."""
    server_args = ("--workers", "2", "--threads", "4")


class FlatMemory(UploadTestCase):
    """The server's peak resident memory while 50 MB arrive in 1 MiB PATCHes over one connection."""

    def test_a_50_mb_upload_in_1_mib_patches_keeps_memory_flat(self):
        case = self.new_case()
        body = self.item_for(case, attachments=[os.urandom(50 * 1000 * 1000)])
        location = self.start(case, len(body))
        before = self.server.rss_kib()
        conn = self.connect(timeout=60)
        started = time.monotonic()
        try:
            for offset in range(0, len(body), MIB):
                response, data = self.patch(case, location, offset, body[offset:offset + MIB], conn=conn)
                self.assertEqual(response.status, 204, data)
        finally:
            conn.close()
        seconds = time.monotonic() - started
        peak = int(next(line.split()[1] for line in Path(f"/proc/{self.server.proc.pid}/status").read_text().splitlines()
                        if line.startswith("VmHWM:")))
        item = response.getheader("Anl-Item")
        self.assertIsNotNone(item)
        print(f"upload of {len(body) / 1e6:.1f} MB in 1 MiB PATCHes: {len(body) / 1e6 / seconds:.0f} MB/s, "
              f"server RSS {before / 1024:.1f} MiB before, peak {peak / 1024:.1f} MiB")
        self.assertLess(peak - before, 16 * 1024, "the server's memory grew with the upload")
        response, data = self.http("GET", f"/api/cases/{case.locator}/items/{item}", headers=case.auth())
        self.assertEqual(hashlib.sha256(data).digest(), hashlib.sha256(body).digest())


del UploadTestCase

if __name__ == "__main__":
    unittest.main()
