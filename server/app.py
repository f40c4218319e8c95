"""The WSGI application (PEP 3333): start-up, dispatch through the routes table, errors as JSON.

Why WSGI: the same object runs in the embedded standard-library server (server/embedded.py) and
under gunicorn with several workers (server/wsgi.py); neither needs code of the other.

`create_app(config)` opens the store, imports the office key file into an empty store, builds
the limits and the routes table and returns an `App`. Handlers get the `App` as their first
argument and use its attributes: `config`, `store`, `limits` (server/limits.py `Limits`),
`app_root`, plus what server/staff_routes.py's `setup(app)` attaches (`auth`).

Every response gets the security headers and a Content-Length (no chunking, so keep-alive
framing is always exact); every /api/ response gets `Cache-Control: no-store`. One log line per
request: method, route template, status, body size. Never the path, query, ids, tokens, cookies
or bodies.
"""

import logging
import os
from http import HTTPStatus

from server import routes
from server.http import SECURITY_HEADERS, STATE_CHANGING, ApiError, Request, Response
from server.store.base import BlobMissing, Conflict, StoreError, StoreFull, StoreUnavailable

log = logging.getLogger("anlaufstelle")

KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
LOGGED_METHODS = KNOWN_METHODS + ("OPTIONS", "TRACE", "CONNECT")
STORE_ERRORS = (
    (StoreFull, 507, "insufficient_storage", "the server has no space left; nothing was stored, try again later", ()),
    (BlobMissing, 503, "blob_missing", "the stored envelope file is missing; the operator has been told", ()),
    (StoreUnavailable, 503, "store_unavailable", "storage is unavailable; try again later", (("Retry-After", "5"),)),
    (Conflict, 409, "conflict", "the request conflicts with the current state", ()),
)


def status_line(status):
    if status == 460:  # tus checksum extension; not in the IANA registry
        return "460 Checksum Mismatch"
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


class App:
    def __init__(self, config, store, limits, table):
        self.config, self.store, self.limits, self.table = config, store, limits, table
        self.app_root = os.path.realpath(config.app_dir)
        self.retention = None  # the hourly retention thread of this process (server/retention.py)

    def close(self):
        """Stop background work and close the store (at shutdown)."""
        if self.retention is not None:
            self.retention.stop()
        self.store.close()

    # -- WSGI --

    def __call__(self, environ, start_response):
        request = Request(environ, self.config)
        response = self.handle(request)
        headers = finish_headers(response, request.path)
        start_response(status_line(response.status), headers)
        method = request.method if request.method in LOGGED_METHODS else "OTHER"  # the verb is client text
        log.info("%s %s %d %d", method, request.route, response.status, response.length or 0)
        if request.method == "HEAD" or response.status in (204, 304):
            if response.fileobj is not None:
                response.fileobj.close()
            return []
        return response.chunks()

    # -- dispatch --

    def handle(self, request):
        """Response for a request: never raises (errors become JSON responses)."""
        try:
            return self.dispatch(request)
        except ApiError as e:
            return Response.error(e)
        except Exception as e:  # noqa: BLE001 - the one place that turns failures into 5xx
            for kind, status, code, message, headers in STORE_ERRORS:
                if isinstance(e, kind):
                    log.log(logging.INFO if status == 409 else logging.WARNING, "%s %s: %s (%s)",
                            request.method, request.route, code, type(e).__name__)
                    return Response.error(ApiError(status, code, message, headers))
            log.exception("internal error in %s %s", request.method, request.route)
            return Response.error(ApiError(500, "internal", "internal server error"))

    def dispatch(self, request):
        if request.method not in KNOWN_METHODS and request.method != "OPTIONS":
            raise ApiError(405, "method_not_allowed", "method not allowed", [("Allow", ", ".join(KNOWN_METHODS))])
        request.route, methods, request.params = routes.resolve(self.table, request.path)
        # OPTIONS only where the spec names it (tus discovery on the upload routes): elsewhere it
        # is as unknown a method as any other.
        if request.method == "OPTIONS" and "OPTIONS" not in (methods or {}):
            raise ApiError(405, "method_not_allowed", "method not allowed", [("Allow", ", ".join(KNOWN_METHODS))])
        if methods is None:
            raise ApiError(404, "not_found", "not found")
        handler = methods.get(request.method) or (methods.get("GET") if request.method == "HEAD" else None)
        if handler is None:
            allowed = list(methods) + (["HEAD"] if "GET" in methods and "HEAD" not in methods else [])
            raise ApiError(405, "method_not_allowed", "method not allowed", [("Allow", ", ".join(allowed))])
        if request.method in STATE_CHANGING and request.path.startswith("/api/") and request.is_cross_origin():
            raise ApiError(403, "cross_origin", "cross-origin requests may not change anything")
        return handler(self, request, **request.params)


def finish_headers(response, path):
    """The response's headers plus security headers, no-store for the API, Content-Length."""
    headers = list(SECURITY_HEADERS) + response.headers
    names = {name.lower() for name, _ in response.headers}
    if (path == "/api" or path.startswith("/api/") or response.status >= 400) and "cache-control" not in names:
        headers.append(("Cache-Control", "no-store"))
    if response.status not in (204, 304):
        headers.append(("Content-Length", str(response.length or 0)))
    return headers


def create_app(config, store=None, limits=None, background=True):
    """The ready application. Raises config.ConfigError (exit status 2) if the office key file is
    missing or unusable; store errors propagate (the store is down: exit, the supervisor retries).

    With `background`, one retention pass runs before the app is returned (so what expired while
    the server was down is gone before the first request, as before) and then the hourly
    retention thread starts. Tests that bring their own `store` usually pass background=False."""
    from server import retention, staff_routes, startup
    from server.limits import Limits

    if store is None:
        store = startup.open_and_prepare(config)
    app = App(config, store, limits or Limits(config), routes.build(staff_routes.ROUTES))
    staff_routes.setup(app)
    if not os.path.isdir(app.app_root):
        log.warning("app directory does not exist; only the API will work")
    if background:
        try:
            retention.run_retention(store, config)
        except StoreError as e:  # the thread retries within the hour
            log.warning("retention at start-up failed (%s)", type(e).__name__)
        app.retention = retention.start_retention_thread(store, config)  # its first pass repeats ours: idempotent
    return app
