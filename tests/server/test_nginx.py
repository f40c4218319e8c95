"""The recommended deployment: nginx in front of the server (docs/OPERATIONS.md, "nginx"), with
the documented directives and `--trusted-proxy 127.0.0.1/32`. Checks that the limits count the
real client, that a client cannot pick its address, that nginx's buffering keeps a stalled upload
away from the server, and that the server's JSON answers (413, errors) come through.

Run: cd /work/main && /usr/bin/python3 -m unittest tests/server/test_nginx.py -v
Needs Debian's nginx (nginx-light); skipped without it.
"""

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import ServerTestCase, http_request, make_envelope, wait_until  # noqa: E402

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

CONFIG = """
daemon off;
master_process off;
worker_processes 1;
error_log {root}/error.log warn;
pid {root}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    upstream anlaufstelle {{
        server 127.0.0.1:{upstream};
        keepalive 32;
    }}
    log_format anlaufstelle '$time_iso8601 $request_method $status $body_bytes_sent $request_time';
    server {{
        listen 127.0.0.1:{port};
        access_log {root}/access.log anlaufstelle;
        client_max_body_size 33m;
        client_header_timeout 15s;
        client_body_timeout 30s;
        proxy_request_buffering on;
        location / {{
            proxy_pass http://anlaufstelle;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $remote_addr;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@unittest.skipUnless(NGINX, "nginx is not installed (apt install nginx-light)")
class NginxTest(ServerTestCase):
    server_args = ("--trusted-proxy", "127.0.0.1/32", "--submissions-per-hour-per-address", "2")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.nginx_root = Path(tempfile.mkdtemp())
        cls.nginx_port = free_port()
        (cls.nginx_root / "nginx.conf").write_text(
            CONFIG.format(root=cls.nginx_root, upstream=cls.server.port, port=cls.nginx_port))
        cls.nginx = subprocess.Popen([NGINX, "-p", str(cls.nginx_root), "-c", str(cls.nginx_root / "nginx.conf")],
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", cls.nginx_port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or cls.nginx.poll() is not None:
                    raise RuntimeError(f"nginx did not start: {cls.nginx.stderr.read()!r}")
                time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.terminate()
        cls.nginx.wait(10)
        cls.nginx.stderr.close()
        shutil.rmtree(cls.nginx_root, ignore_errors=True)
        super().tearDownClass()

    def via_nginx(self, method, path, body=None, headers=None, source="127.0.0.1"):
        return http_request(self.nginx_port, method, path, body, headers, timeout=20, source=source)

    def submit_via_nginx(self, source, headers=None):
        return self.via_nginx("POST", "/api/submissions", make_envelope(self.key_id),
                              {"Content-Type": "application/octet-stream", **(headers or {})}, source)[0].status

    def test_limits_count_the_client_nginx_saw_and_spoofing_does_not_help(self):
        try:
            statuses = [self.submit_via_nginx("127.0.0.2") for _ in range(3)]
        except OSError:
            self.skipTest("cannot send from 127.0.0.2 here")
        self.assertEqual(statuses, [201, 201, 429])
        self.assertEqual(self.submit_via_nginx("127.0.0.2", {"X-Forwarded-For": "192.0.2.99"}), 429)
        self.assertEqual(self.submit_via_nginx("127.0.0.3"), 201)  # another client is not throttled

    def test_the_servers_json_answers_pass_through(self):
        response, body = self.via_nginx("GET", "/api/nope")
        self.assertError(response, body, 404, "not_found")
        self.assertSecurityHeaders(response.headers)
        response, body = self.via_nginx("GET", "/api/config")
        self.assertEqual(json.loads(body)["office_key_id"], self.office.key_id)
        response, body = self.via_nginx("POST", "/api/submissions", b"x" * (32 * 1024 * 1024 + 1),
                                        {"Content-Type": "application/octet-stream"}, "127.0.0.4")
        self.assertError(response, body, 413, "payload_too_large")  # the server's JSON, not nginx's page

    def test_a_stalled_upload_waits_in_nginx_not_in_the_server(self):
        head = (b"POST /api/submissions HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                b"Content-Length: 100000\r\n\r\n")
        before = self.server.log_text().count("POST /api/submissions")
        with socket.create_connection(("127.0.0.1", self.nginx_port), timeout=10) as s:
            s.sendall(head + b"ANLS")
            self.assertEqual(self.request("GET", "/api/config")[0].status, 200)
        # Whatever nginx passed on of the abandoned upload is logged (the server logs a request
        # once it is over) before a request nginx forwards after it: wait for that one's line.
        sentinels = lambda: self.server.log_text().count("GET /api/{unknown} 404")  # noqa: E731
        seen = sentinels()
        self.assertEqual(self.via_nginx("GET", "/api/after-the-stall")[0].status, 404)
        wait_until(lambda: sentinels() > seen, 5, "the request after the stall was never logged")
        self.assertEqual(self.server.log_text().count("POST /api/submissions"), before)  # never reached the server


if __name__ == "__main__":
    unittest.main()
