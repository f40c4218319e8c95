"""The embedded server: the WSGI app on the standard library's threading HTTP server.

Why not wsgiref.simple_server: it speaks HTTP/1.0, one request per connection, with no bound
on connections or time. This is http.server's request parsing (request line, headers) plus a
small WSGI environ adapter, and the limits an office server needs:

- HTTP/1.1 keep-alive: many requests per connection; every response has Content-Length (the
  app sets it), and the head leaves with the first body chunk in one write, with TCP_NODELAY,
  so a kept-alive connection is not held back by Nagle's algorithm.
- At most `max_connections` connections (one thread each). A new connection over the cap closes
  the connection that has waited longest for its next request; if every connection is busy, the
  newcomer gets an immediate 503 and is closed. Nothing ever waits unbounded for a slot.
- Time: the request head must arrive within `idle_timeout` of the connection becoming idle; the
  whole request (head and body) within `request_timeout` + Content-Length / `min_upload_rate`;
  no read or write may stall longer than `idle_timeout`. A client trickling one byte a second is
  cut off at its deadline.
- Memory is flat: bodies are read by the app in 64 KiB chunks from `wsgi.input`.
- A body the app did not read (an early 4xx) is never parsed as the next request: the server
  answers with `Connection: close`, discards what still arrives for a moment, and hangs up.
"""

import email.utils
import http.server
import io
import logging
import re
import signal
import socket
import socketserver
import sys
import threading
import time
from urllib.parse import unquote

from server.http import SECURITY_HEADERS, json_bytes

log = logging.getLogger("anlaufstelle")
LINGER_SECONDS = 2.0
LOGGED_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT")


def error_bytes(status, code, message, phrase):
    """A complete JSON error response that closes the connection (for errors outside the app)."""
    body = json_bytes({"error": code, "message": message})
    head = [f"HTTP/1.1 {status} {phrase}"] + [f"{n}: {v}" for n, v in SECURITY_HEADERS] + [
        "Cache-Control: no-store", "Content-Type: application/json", f"Content-Length: {len(body)}",
        "Connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


OVERLOADED = error_bytes(503, "overloaded", "the server is busy; try again in a moment", "Service Unavailable")


class _Reader(io.RawIOBase):
    """Socket reads bounded in time: each read by `idle`, all of them together by `deadline`."""

    def __init__(self, sock, idle):
        self.sock, self.idle, self.deadline = sock, idle, float("inf")

    def readable(self):
        return True

    def readinto(self, buffer):
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("request deadline passed")
        self.sock.settimeout(min(self.idle, remaining))
        return self.sock.recv_into(buffer)


class _Body:
    """wsgi.input: at most Content-Length bytes; sends 100 Continue before the first read.
    read(n) returns what the socket has (up to n), not n: the app sees each chunk as it arrives."""

    def __init__(self, handler, length):
        self.handler, self.left = handler, length

    def read(self, size=-1):
        self.handler.continue_if_expected()
        n = self.left if size is None or size < 0 else min(size, self.left)
        if n <= 0:
            return b""
        try:
            data = self.handler.rfile.read1(n)
        except OSError:
            self.handler.close_connection = True
            raise
        self.left -= len(data)
        return data

    def readline(self, size=-1):
        self.handler.continue_if_expected()
        n = self.left if size is None or size < 0 else min(size, self.left)
        data = self.handler.rfile.readline(n) if n > 0 else b""
        self.left -= len(data)
        return data

    def readlines(self, hint=-1):
        return list(self)

    def __iter__(self):
        return iter(self.readline, b"")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Anlaufstelle"

    def version_string(self):
        return self.server_version  # no Python version in the Server header

    def setup(self):
        self.connection = self.request
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.reader = _Reader(self.connection, self.server.config.idle_timeout)
        self.rfile = io.BufferedReader(self.reader, 1 << 16)
        self.wfile = socketserver._SocketWriter(self.connection)
        self.expect_continue, self.body = False, None

    def handle(self):  # keep-alive: requests on one connection until one of them closes it
        self.close_connection = False
        while not self.close_connection and not self.server.stopping:
            self.handle_one_request()

    def handle_one_request(self):
        self.close_connection, self.command, self.request_version = True, None, "HTTP/1.1"
        self.expect_continue, self.body = False, None
        self.server.set_idle(self.connection, True)
        self.reader.deadline = time.monotonic() + self.server.config.idle_timeout  # for the head
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                return
            self.server.set_idle(self.connection, False)
            if len(self.raw_requestline) > 65536:
                return self.send_error(414)
            if not self.parse_request():
                return
        except OSError:  # silence, reset, or the deadline for the head
            return
        if self.request_version == "HTTP/0.9":
            return self.send_error(400)
        length = self._content_length()
        if length is None:
            return
        config = self.server.config
        self.reader.deadline = time.monotonic() + config.request_timeout + length / config.min_upload_rate
        self.body = _Body(self, length)
        self._run_app(length)
        if self.body.left:  # the app answered without reading the whole body
            self._linger_close()

    def _content_length(self):
        """Content-Length as int (0 if absent), or None after answering 400 for a framing we refuse."""
        values = {v.strip() for v in self.headers.get_all("Content-Length") or []}
        if ("Transfer-Encoding" in self.headers or len(values) > 1
                or any(not re.fullmatch(r"[0-9]{1,18}", v) for v in values)):
            self.send_error(400, "bad_request", "invalid Content-Length or Transfer-Encoding")
            return None
        self._has_length = bool(values)
        return int(values.pop()) if values else 0

    def handle_expect_100(self):
        self.expect_continue = True  # "100 Continue" only once the app reads the body
        return True

    def continue_if_expected(self):
        if self.expect_continue:
            self.expect_continue = False
            self._send(b"HTTP/1.1 100 Continue\r\n\r\n")

    # -- the WSGI call --

    def _environ(self, length):
        path, _, query = self.path.partition("?")
        environ = {
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": unquote(path, "latin-1"),
            "QUERY_STRING": query, "RAW_URI": self.path, "SERVER_PROTOCOL": self.request_version,
            "SERVER_NAME": self.server.server_name, "SERVER_PORT": str(self.server.server_port),
            "REMOTE_ADDR": self.client_address[0], "REMOTE_PORT": str(self.client_address[1]),
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(length) if self._has_length else "",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": self.body,
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False,
            "wsgi.run_once": False, "anl.deadline": self.reader.deadline,
        }
        for name in set(self.headers.keys()):
            key = name.upper().replace("-", "_")
            if "_" in name or key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                continue  # X_Forwarded_For must not pass for X-Forwarded-For
            environ["HTTP_" + key] = ", ".join(self.headers.get_all(name))
        return environ

    def _run_app(self, length):
        started = []

        def start_response(status, headers, exc_info=None):
            if exc_info and started and started[0] is True:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]

        result = self.server.app(self._environ(length), start_response)
        head_sent = False
        try:
            for chunk in result:
                if chunk:
                    self._send((self._head(*started) if not head_sent else b"") + chunk)
                    head_sent = True
            if not head_sent:
                self._send(self._head(*started))
        except OSError:
            self.close_connection = True  # the client went away or stopped reading
        except Exception:
            log.exception("error while sending a response")
            self.close_connection = True  # cannot take back what was sent: hang up
        finally:
            if hasattr(result, "close"):
                result.close()

    def _head(self, status, headers):
        names = {name.lower() for name, _ in headers}
        if self.body.left or self.server.stopping or (
                "content-length" not in names and not status.startswith(("204", "304"))):
            self.close_connection = True
        lines = [f"HTTP/1.1 {status}", f"Server: {self.server_version}",
                 f"Date: {email.utils.formatdate(usegmt=True)}"] + [f"{n}: {v}" for n, v in headers]
        if self.close_connection:
            lines.append("Connection: close")
        elif self.request_version == "HTTP/1.0":
            lines.append("Connection: keep-alive")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    def _send(self, data):
        self.connection.settimeout(self.server.config.idle_timeout)  # sendall: for the whole write
        self.connection.sendall(data)

    # -- errors outside the app --

    def send_error(self, code, message=None, explain=None):
        """Called by http.server for protocol errors (bad request line, too many headers...)."""
        self.close_connection = True
        try:
            phrase = http.HTTPStatus(code).phrase
        except ValueError:
            phrase = "error"
        if message != "bad_request":
            message = phrase
        try:
            self._send(error_bytes(code, "bad_request", message, phrase))
        except OSError:
            pass
        method = self.command if self.command in LOGGED_METHODS else "OTHER"
        log.info("%s - %d -", method, code)

    def log_request(self, code="-", size="-"):
        pass  # the app logs one line itself, without the raw path

    def log_message(self, format, *args):
        pass  # http.server's messages name paths and addresses

    def _linger_close(self):
        """After answering without reading the body: stop sending, discard (never keep) what the
        client still sends for a moment so it reads our answer instead of a reset, then hang up."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + LINGER_SECONDS
            while time.monotonic() < deadline:
                self.connection.settimeout(max(0.01, deadline - time.monotonic()))
                if not self.connection.recv(1 << 16):
                    break
        except OSError:
            pass


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(self, address, app, config):
        self.app, self.config, self.stopping = app, config, False
        self._lock = threading.Lock()
        self._connections = {}  # socket -> monotonic time it became idle, or None while busy
        self._closing = set()   # sockets we shut down to make room; they are leaving
        self._refused, self._refused_logged = 0, -10.0  # for a rate-limited log line
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, Handler)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)  # no reverse DNS lookup (HTTPServer does one)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    # -- the connection cap --

    def set_idle(self, sock, idle):
        with self._lock:
            if sock in self._connections:
                self._connections[sock] = time.monotonic() if idle else None

    def process_request(self, request, client_address):
        with self._lock:
            full = len(self._connections) - len(self._closing) >= self.config.max_connections
            if full:
                idle = [(since, s) for s, since in self._connections.items()
                        if since is not None and s not in self._closing]
                if idle:
                    self._evict(min(idle, key=lambda pair: pair[0])[1])
                    full = False
            if not full:
                self._connections[request] = time.monotonic()
        if full:
            return self._refuse(request)
        try:
            super().process_request(request, client_address)
        except RuntimeError:  # cannot start a thread
            self._forget(request)
            self._refuse(request)

    def _evict(self, sock):
        self._closing.add(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)  # its thread sees end-of-stream and leaves
        except OSError:
            pass

    def _refuse(self, sock):
        """503 and close, at once, from the accepting thread (the answer fits any send buffer)."""
        try:
            sock.setblocking(False)
            try:
                while sock.recv(1 << 16):  # drain what has arrived, so closing sends no reset
                    pass
            except OSError:
                pass
            sock.settimeout(0.2)
            sock.sendall(OVERLOADED)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        sock.close()
        self._refused += 1
        now = time.monotonic()
        if now - self._refused_logged >= 10:  # under a flood: one line per 10 s, not one per connection
            log.warning("%d connection(s) refused: all %d connections busy", self._refused, self.config.max_connections)
            self._refused, self._refused_logged = 0, now

    def _forget(self, sock):
        with self._lock:
            self._connections.pop(sock, None)
            self._closing.discard(sock)

    def shutdown_request(self, request):
        self._forget(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        log.exception("connection error")  # instead of a raw traceback with the client's address

    # -- stopping --

    def drain(self, seconds):
        """After serve_forever has returned: close idle connections, give busy ones `seconds`."""
        self.stopping = True
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                for sock, since in list(self._connections.items()):
                    if since is not None and sock not in self._closing:
                        self._evict(sock)
                if not self._connections:
                    return
            time.sleep(0.05)


def serve(app, config, ready=None):
    """Run until SIGTERM or Ctrl-C. `ready(port)` is called once listening (the port may be 0)."""
    try:
        server = Server((config.host, config.port), app, config)
    except OSError as e:
        print(f"serve.py: cannot listen on {config.host}:{config.port}: {e}", file=sys.stderr)
        return 1
    stop = threading.Event()

    def on_signal(*_):
        if not stop.is_set():
            stop.set()
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if ready:
        ready(server.server_address[1])
    try:
        server.serve_forever(poll_interval=0.05)  # SIGTERM frees the port within 50 ms (restarts)
    finally:
        server.socket.close()  # stop accepting at once; finish what is in flight
        server.drain(10.0)
        server.server_close()
    return 0
