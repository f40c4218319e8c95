"""The WSGI application in-process (no sockets): strict JSON, error mapping, HEAD, headers,
client address, origin checks, configuration sources. The same app over HTTP: test_serve.py.

Run: cd /work/main && /usr/bin/python3 -m unittest tests/server/test_app.py -v
"""

import io
import ipaddress
import json
import logging
import os
import sys
import tempfile
import unittest
import wsgiref.util
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from server import config as configuration  # noqa: E402
from server import routes  # noqa: E402
from server.app import App  # noqa: E402
from server.http import ApiError, Request, Response, json_depth, parse_json  # noqa: E402
from server.limits import Limits  # noqa: E402
from server.store.base import BlobMissing, Conflict, StoreFull, StoreUnavailable  # noqa: E402


def echo(app, request):
    return Response.json(200, {"got": request.json()})


def fail_with(error):
    def handler(app, request):
        raise error
    return handler


TEST_ROUTES = [
    ("/api/echo", r"/api/echo", {"POST": echo}),
    ("/api/full", r"/api/full", {"POST": fail_with(StoreFull("ENOSPC"))}),
    ("/api/down", r"/api/down", {"GET": fail_with(StoreUnavailable("read-only"))}),
    ("/api/missing", r"/api/missing", {"GET": fail_with(BlobMissing("gone"))}),
    ("/api/conflict", r"/api/conflict", {"POST": fail_with(Conflict("exists"))}),
    ("/api/bug/{id}", r"/api/bug/(?P<secret>[a-z]+)", {"GET": lambda app, request, secret: 1 / 0}),
]


def make_app(*args):
    config = configuration.parse_args(["--data", tempfile.gettempdir(), "--app", tempfile.gettempdir(), *args])
    return App(config, store=None, limits=Limits(config), table=routes.build(TEST_ROUTES))


def call(app, method, path, body=b"", headers=None, peer="127.0.0.1"):
    """(status int, {header: value}, body bytes) of one WSGI call."""
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "REMOTE_ADDR": peer,
               "CONTENT_LENGTH": str(len(body)) if body or method in ("POST", "PUT") else "",
               "wsgi.input": io.BytesIO(body)}
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    wsgiref.util.setup_testing_defaults(environ)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = int(status.split()[0]), dict(response_headers)

    chunks = app(environ, start_response)
    data = b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return started["status"], started["headers"], data


JSON = {"Content-Type": "application/json"}


class StrictJsonTest(unittest.TestCase):
    def setUp(self):
        self.app = make_app()

    def post(self, body, headers=JSON):
        status, _, data = call(self.app, "POST", "/api/echo", body, headers)
        return status, json.loads(data)

    def test_valid_json_object(self):
        self.assertEqual(self.post(b'{"a": [1, {"b": "\\u00e4"}], "c": null}'),
                         (200, {"got": {"a": [1, {"b": "\u00e4"}], "c": None}}))

    def test_refusals_have_clear_codes(self):
        cases = [
            (b'{"a": 1', 400, "malformed_json"),
            (b'{"a": 1, "a": 2}', 400, "duplicate_key"),
            (b'{"a": {"b": 1, "b": 1}}', 400, "duplicate_key"),
            (b'{"a": NaN}', 400, "malformed_json"),
            (b'{"a": Infinity}', 400, "malformed_json"),
            (b'{"a": -Infinity}', 400, "malformed_json"),
            (b'[1, 2]', 400, "malformed_json"),
            (b'"text"', 400, "malformed_json"),
            (b'{"a": "\xff"}', 400, "malformed_json"),
            (b'{"a": 1} {"b": 2}', 400, "malformed_json"),
            (b'{"a":' * 17 + b'1' + b'}' * 17, 400, "json_too_deep"),
            (b'[' * 100000 + b']' * 100000, 413, "payload_too_large"),
            (b'{"a": "' + b"x" * 70000 + b'"}', 413, "payload_too_large"),
        ]
        for body, status, code in cases:
            with self.subTest(body[:30]):
                got_status, answer = self.post(body)
                self.assertEqual((got_status, answer["error"]), (status, code), answer)
                self.assertTrue(answer["message"])

    def test_depth_16_is_fine_and_brackets_in_strings_do_not_count(self):
        self.assertEqual(self.post(b'{"a":' * 15 + b'[1]' + b'}' * 15)[0], 200)
        self.assertEqual(self.post(b'{"a": "' + b"[{" * 100 + b'"}')[0], 200)
        self.assertEqual(json_depth('{"a": "\\"[[["}'), 1)

    def test_content_type_must_be_json(self):
        for headers in [{}, {"Content-Type": "text/plain"}, {"Content-Type": "application/jsonx"}]:
            with self.subTest(headers):
                self.assertEqual(self.post(b'{}', headers)[1]["error"], "unsupported_media_type")
        self.assertEqual(self.post(b'{}', {"Content-Type": "application/json; charset=utf-8"})[0], 200)

    def test_parse_json_limits_are_parameters(self):
        with self.assertRaises(ApiError) as caught:
            parse_json(b'{"a": [[1]]}', max_depth=2)
        self.assertEqual(caught.exception.code, "json_too_deep")


class ErrorMappingTest(unittest.TestCase):
    def setUp(self):
        self.app = make_app()

    def test_store_errors_become_clear_json(self):
        for method, path, status, code in [("POST", "/api/full", 507, "insufficient_storage"),
                                           ("GET", "/api/down", 503, "store_unavailable"),
                                           ("GET", "/api/missing", 503, "blob_missing"),
                                           ("POST", "/api/conflict", 409, "conflict")]:
            with self.subTest(path):
                got, headers, body = call(self.app, method, path, b"x" if method == "POST" else b"")
                self.assertEqual((got, json.loads(body)["error"]), (status, code))
                self.assertEqual(headers["Cache-Control"], "no-store")
                self.assertEqual(headers["Content-Length"], str(len(body)))
                self.assertIn("Content-Security-Policy", headers)
        self.assertEqual(call(self.app, "GET", "/api/down")[1]["Retry-After"], "5")

    def test_a_bug_is_500_and_the_log_names_the_template_not_the_path(self):
        with self.assertLogs("anlaufstelle", logging.INFO) as logs:
            status, _, body = call(self.app, "GET", "/api/bug/topsecret")
        self.assertEqual((status, json.loads(body)["error"]), (500, "internal"))
        text = "\n".join(logs.output)
        self.assertIn("/api/bug/{id}", text)
        self.assertNotIn("topsecret", text)

    def test_head_has_the_length_but_no_body(self):
        status, headers, body = call(make_app(), "HEAD", "/api/nope")
        self.assertEqual((status, body), (404, b""))
        self.assertEqual(int(headers["Content-Length"]), len(b'{"error":"not_found","message":"not found"}'))

    def test_unknown_methods_and_routes(self):
        status, headers, _ = call(self.app, "BREW", "/api/echo")
        self.assertEqual(status, 405)
        self.assertIn("GET", headers["Allow"])
        status, headers, _ = call(self.app, "GET", "/api/echo")
        self.assertEqual((status, headers["Allow"]), (405, "POST"))

    def test_cross_origin_writes_are_refused_before_the_handler(self):
        for headers in [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}]:
            status, _, body = call(self.app, "POST", "/api/conflict", b"x", headers)
            self.assertEqual((status, json.loads(body)["error"]), (403, "cross_origin"))
        status, _, _ = call(self.app, "POST", "/api/conflict", b"x", {"Origin": "http://127.0.0.1", "Host": "127.0.0.1"})
        self.assertEqual(status, 409)  # same origin: reaches the handler

    def test_duplicate_route_templates_are_refused(self):
        with self.assertRaises(ValueError):
            routes.build([("/api/config", r"/api/other", {})])


class RequestTest(unittest.TestCase):
    def request(self, environ, *args):
        config = configuration.parse_args(list(args))
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", **environ}
        wsgiref.util.setup_testing_defaults(environ)
        return Request(environ, config)

    def test_client_address_believes_x_forwarded_for_only_from_trusted_proxies(self):
        xff = {"HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}
        self.assertEqual(self.request({"REMOTE_ADDR": "192.0.2.1", **xff}).client, "192.0.2.1")
        self.assertEqual(self.request({"REMOTE_ADDR": "10.0.0.5", **xff}, "--trusted-proxy", "10.0.0.0/8").client,
                         "203.0.113.9")
        self.assertEqual(self.request({"REMOTE_ADDR": "10.0.0.5", **xff}, "--trusted-proxy", "10.0.0.0/8",
                                      "--trusted-proxy", "203.0.113.9/32").client, "198.51.100.7")

    def test_secure_and_own_origin(self):
        behind = {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "intake.example"}
        self.assertFalse(self.request(behind).is_secure)  # not a trusted proxy: not believed
        request = self.request(behind, "--trusted-proxy", "10.0.0.5")
        self.assertTrue(request.is_secure)
        self.assertEqual(request.own_origin, "https://intake.example")
        self.assertFalse(self.request({**behind, "HTTP_ORIGIN": "https://intake.example:443"},
                                      "--trusted-proxy", "10.0.0.5").is_cross_origin())
        fixed = self.request({"HTTP_HOST": "attacker.example", "HTTP_ORIGIN": "https://attacker.example"},
                             "--public-origin", "https://intake.example")
        self.assertTrue(fixed.is_cross_origin())  # a forged Host does not make an origin our own

    def test_raw_path_is_kept_percent_encoded(self):
        request = self.request({"PATH_INFO": "/api/drafts/x0", "RAW_URI": "/api/drafts/x%30?q=1"})
        self.assertEqual((request.path, request.query), ("/api/drafts/x%30", "q=1"))

    def test_cookies(self):
        self.assertEqual(self.request({"HTTP_COOKIE": "anl_session=abc; other=1"}).cookies,
                         {"anl_session": "abc", "other": "1"})
        self.assertEqual(self.request({"HTTP_COOKIE": "bad\x00cookie"}).cookies, {})


class ConfigTest(unittest.TestCase):
    def test_defaults(self):
        config = configuration.parse_args([])
        self.assertEqual((config.port, config.max_submission_bytes, config.draft_days, config.max_connections),
                         (8080, 32 * 1024 * 1024, 30, 256))
        self.assertEqual(config.key_path, os.path.join("./data", "office-key.json"))
        self.assertFalse(config.uses_postgres)

    def test_file_then_command_line(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"port": 9000, "draft_days": 7, "trusted_proxies": ["10.0.0.0/8"],
                       "database": "postgresql:///anl"}, f)
        self.addCleanup(os.unlink, f.name)
        config = configuration.parse_args(["--config", f.name, "--port", "9001"])
        self.assertEqual((config.port, config.draft_days), (9001, 7))
        self.assertEqual(config.trusted_proxies, (ipaddress.ip_network("10.0.0.0/8"),))
        self.assertTrue(config.uses_postgres)
        env = {"ANL_CONFIG": f.name, "ANL_ARGS": "--data '/srv/a b' --workers 2"}
        config = configuration.from_environment(env)
        self.assertEqual((config.data, config.workers, config.port), ("/srv/a b", 2, 9000))

    def test_unknown_or_bad_settings_are_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"max_submision_bytes": 5}, f)
        self.addCleanup(os.unlink, f.name)
        with self.assertRaisesRegex(configuration.ConfigError, "max_submision_bytes"):
            configuration.parse_args(["--config", f.name])
        for args in [["--max-connections", "0"], ["--database", "mysql://x"], ["--public-origin", "intake.example"],
                     ["--submissions-per-hour-global", "-1"]]:
            with self.subTest(args), self.assertRaises(configuration.ConfigError):
                configuration.parse_args(args)


if __name__ == "__main__":
    unittest.main()
