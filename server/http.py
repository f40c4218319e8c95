"""HTTP vocabulary shared by every route: Request, Response, ApiError, strict JSON, headers.

Why a module of its own: route modules (applicant, staff) must not touch the WSGI environ or
write bytes themselves; they get a `Request`, return a `Response` or raise `ApiError`, and
server/app.py turns that into WSGI. That keeps limits (body size, deadline, JSON depth) and
security headers in one place where they cannot be forgotten by a new route.

Handlers look like `def handler(app, request, **params) -> Response`:

    body = request.json()                          # strict JSON object, or ApiError 4xx
    raise ApiError(404, "not_found", "no such submission")
    return Response.json(200, {"ok": True}, headers=[("Set-Cookie", "...")])
    return Response(200, data, "application/octet-stream")
    return Response.stream(200, fileobj, size, "application/octet-stream")
"""

import heapq
import http.cookies
import ipaddress
import json
import re
import socket
import threading
import time
from urllib.parse import quote

from server.limits import client_address

CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)
CHUNK = 64 * 1024
STATE_CHANGING = frozenset(("POST", "PUT", "PATCH", "DELETE"))


class ApiError(Exception):
    """An answer other than success: `{"error": code, "message": message}` with `status`.
    `headers`: extra (name, value) pairs, e.g. [("Retry-After", "30")]."""

    def __init__(self, status, code, message, headers=()):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, list(headers)


def json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Response:
    """status, headers (list of pairs; Set-Cookie may repeat), and either `body` bytes or a
    `fileobj` + `length` streamed in 64 KiB chunks (closed when the server is done with it)."""

    def __init__(self, status, body=b"", content_type=None, headers=(), fileobj=None, length=None):
        self.status, self.body, self.fileobj = status, body, fileobj
        self.length = len(body) if fileobj is None else length
        self.headers = list(headers)
        if content_type:
            self.headers.append(("Content-Type", content_type))

    @classmethod
    def json(cls, status, obj, headers=()):
        return cls(status, json_bytes(obj), "application/json", headers)

    @classmethod
    def stream(cls, status, fileobj, length, content_type, headers=()):
        return cls(status, b"", content_type, headers, fileobj=fileobj, length=length)

    @classmethod
    def empty(cls, status=204, headers=()):
        return cls(status, b"", None, headers)

    @classmethod
    def error(cls, error):
        return cls.json(error.status, {"error": error.code, "message": error.message}, error.headers)

    def header(self, name):
        return next((v for n, v in self.headers if n.lower() == name.lower()), None)

    def chunks(self):
        """The body as an iterable for WSGI (one bytes object, or the file in chunks)."""
        if self.fileobj is None:
            return [self.body] if self.body else []
        return _FileChunks(self.fileobj, self.length)


class _FileChunks:
    """Iterates a file in CHUNK pieces, exactly `length` bytes; WSGI calls close() at the end."""

    def __init__(self, fileobj, length):
        self.fileobj, self.left = fileobj, length

    def __iter__(self):
        while self.left > 0:
            data = self.fileobj.read(min(CHUNK, self.left))
            if not data:
                raise OSError("stored file is shorter than its recorded size")
            self.left -= len(data)
            yield data

    def close(self):
        self.fileobj.close()


# -- strict JSON --------------------------------------------------------------------------------

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def json_depth(text):
    """Deepest nesting of [ and { outside strings (so it can be refused before json.loads)."""
    depth = deepest = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise ApiError(400, "duplicate_key", f"JSON key {key[:40]!r} appears twice")
        result[key] = value
    return result


def _no_constant(name):
    raise ApiError(400, "malformed_json", f"{name} is not JSON")


def parse_json(data, max_depth=16):
    """Strict JSON: UTF-8, no duplicate keys, no NaN/Infinity, at most `max_depth` levels, a
    top-level object. Raises ApiError 400 malformed_json / duplicate_key / json_too_deep."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "malformed_json", "the body is not UTF-8") from None
    if json_depth(text) > max_depth:
        raise ApiError(400, "json_too_deep", f"JSON may nest at most {max_depth} levels")
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (ValueError, RecursionError) as e:
        raise ApiError(400, "malformed_json", f"the body is not valid JSON: {str(e)[:80]}") from None
    if not isinstance(value, dict):
        raise ApiError(400, "malformed_json", "the body must be a JSON object")
    return value


# -- addresses ----------------------------------------------------------------------------------

def _ip(text):
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


# -- the request --------------------------------------------------------------------------------

class Request:
    """One request, read-only except for the body. Attributes: method, path (raw, still
    percent-encoded, without the query), query (raw string), route (the template, for logs),
    params (from the route regex), client (address string via trusted proxies)."""

    def __init__(self, environ, config):
        self.environ, self.config = environ, config
        self.method = environ.get("REQUEST_METHOD", "GET").upper()
        raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if raw is None:
            raw = quote(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""), safe="/;=,@!$&'()*+:~")
            raw += ("?" + environ["QUERY_STRING"]) if environ.get("QUERY_STRING") else ""
        self.path, _, self.query = raw.partition("?")
        if self.path.startswith(("http://", "https://")):  # absolute-form request target
            self.path = "/" + self.path.split("/", 3)[3] if self.path.count("/") >= 3 else "/"
        self.route, self.params = "-", {}
        # The socket peer, or from X-Forwarded-For when the peer is a trusted proxy (server/limits.py).
        self.client = client_address(environ.get("REMOTE_ADDR"), environ.get("HTTP_X_FORWARDED_FOR"),
                                     config.trusted_proxies)
        # The embedded server sets the deadline when the head arrived; elsewhere (gunicorn) it is
        # counted from here, with the same allowance for the body's size.
        self.deadline = environ.get("anl.deadline") or self._deadline(environ, config)
        self._body_read = False

    @staticmethod
    def _deadline(environ, config):
        length = (environ.get("CONTENT_LENGTH") or "").strip()
        size = int(length) if re.fullmatch(r"[0-9]{1,18}", length) else 0
        return time.monotonic() + config.request_timeout + size / config.min_upload_rate

    def header(self, name, default=None):
        """A request header by name (case-insensitive); repeated headers arrive joined by ', '."""
        key = name.upper().replace("-", "_")
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            return self.environ.get(key) or default
        return self.environ.get("HTTP_" + key, default)

    @property
    def content_type(self):
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @property
    def cookies(self):
        """{name: value}; a malformed Cookie header counts as no cookies."""
        jar = http.cookies.SimpleCookie()
        try:
            jar.load(self.header("Cookie") or "")
        except http.cookies.CookieError:
            return {}
        return {name: morsel.value for name, morsel in jar.items()}

    @property
    def is_secure(self):
        """Came over TLS: to us directly, or to a trusted proxy that says so."""
        if self.environ.get("wsgi.url_scheme") == "https":
            return True
        peer = _ip(self.environ.get("REMOTE_ADDR") or "")
        trusted = peer is not None and any(peer in net for net in self.config.trusted_proxies)
        return trusted and (self.header("X-Forwarded-Proto") or "").strip().lower() == "https"

    @property
    def own_origin(self):
        if self.config.public_origin:
            return self.config.public_origin.rstrip("/").lower()
        host = (self.header("Host") or self.environ.get("SERVER_NAME", "")).strip().lower()
        scheme = "https" if self.is_secure else "http"
        return f"{scheme}://{_strip_default_port(host, scheme)}"

    def is_cross_origin(self):
        """True if a browser says this request comes from another site (Origin / Sec-Fetch-Site).
        Non-browser clients that send neither header are not cross-origin."""
        site = (self.header("Sec-Fetch-Site") or "").strip().lower()
        if site and site not in ("same-origin", "none"):
            return True
        origin = self.header("Origin")
        if origin is None:
            return False
        origin = origin.strip().lower()
        scheme = origin.split("://", 1)[0]
        return _strip_default_port(origin, scheme) != self.own_origin

    # -- body --

    def content_length(self, limit, what="a request body"):
        """Content-Length as int, checked against `limit` before a byte of the body is read:
        411 length_required, 400 bad_request, 413 payload_too_large."""
        value = (self.environ.get("CONTENT_LENGTH") or "").strip()
        if not value:
            raise ApiError(411, "length_required", "Content-Length is required")
        if not re.fullmatch(r"[0-9]{1,18}", value):
            raise ApiError(400, "bad_request", "invalid Content-Length")
        length = int(value)
        if length > limit:
            raise ApiError(413, "payload_too_large", f"{what} may have at most {limit} bytes")
        return length

    def require_content_type(self, expected):
        if self.content_type != expected:
            raise ApiError(415, "unsupported_media_type", f"expected {expected}")

    def stream_body(self, length, write, truncated_code="bad_request"):
        """Feed exactly `length` body bytes to `write` in chunks (memory stays flat). A body that
        ends early is 400 `truncated_code`; one that misses the deadline is 408 request_timeout.

        The embedded server bounds every socket read by the deadline itself. Under gunicorn a
        read of one chunk may collect bytes trickling in for ever, so a timer shuts the socket
        down at the deadline (nginx in front, which buffers whole bodies, is the first line)."""
        stream, left = self.environ["wsgi.input"], length
        self._body_read = True
        sock = self.environ.get("gunicorn.socket")
        armed = None
        if sock is not None and left > 0:
            sock.settimeout(self.config.idle_timeout)  # silence
            armed = WATCHDOG.arm(self.deadline, sock)
        try:
            while left > 0:
                if time.monotonic() >= self.deadline:
                    raise ApiError(408, "request_timeout", "the request took too long")
                try:
                    data = stream.read(min(CHUNK, left))
                except TimeoutError:
                    raise ApiError(408, "request_timeout", "the request took too long") from None
                except (OSError, ValueError):
                    data = b""
                if not data:
                    if time.monotonic() >= self.deadline:
                        raise ApiError(408, "request_timeout", "the request took too long")
                    raise ApiError(400, truncated_code, "the upload ended before Content-Length bytes")
                left -= len(data)
                write(data)
        finally:
            if armed is not None:
                WATCHDOG.disarm(armed)

    def body(self, limit, truncated_code="bad_request", what="a request body"):
        """The whole (small) body as bytes, at most `limit` bytes."""
        length = self.content_length(limit, what)
        parts = []
        self.stream_body(length, parts.append, truncated_code)
        return b"".join(parts)

    def json(self):
        """The body as a strict JSON object (application/json, at most config.max_json_bytes)."""
        self.require_content_type("application/json")
        return parse_json(self.body(self.config.max_json_bytes, "malformed_json", "a JSON body"),
                          self.config.max_json_depth)


class _Watchdog:
    """One thread for the whole process that shuts down the socket of every request whose body
    has missed its deadline (its next read sees end-of-stream). A thread per upload would cost a
    thread start per request; this costs a heap push and a pop."""

    def __init__(self):
        self._heap, self._armed, self._next = [], set(), 0
        self._wake = threading.Condition()
        self._thread = None

    def arm(self, deadline, sock):
        with self._wake:
            self._next += 1
            heapq.heappush(self._heap, (deadline, self._next, sock))
            self._armed.add(self._next)
            if self._thread is None or not self._thread.is_alive():  # also after a fork
                self._thread = threading.Thread(target=self._run, name="anlaufstelle-deadlines", daemon=True)
                self._thread.start()
            self._wake.notify()
            return self._next

    def disarm(self, token):
        with self._wake:
            self._armed.discard(token)

    def _run(self):
        with self._wake:
            while True:
                while self._heap and self._heap[0][1] not in self._armed:
                    heapq.heappop(self._heap)  # finished in time
                if not self._heap:
                    self._wake.wait()
                    continue
                deadline, token, sock = self._heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._armed.discard(token)
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


WATCHDOG = _Watchdog()


def _strip_default_port(host, scheme):
    default = {"http": ":80", "https": ":443"}.get(scheme)
    return host[:-len(default)] if default and host.endswith(default) else host
