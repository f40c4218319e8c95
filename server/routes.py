"""The routes table: (template, regex, {method: handler}) rows, and path resolution.

Why a table: the template (never the raw path) is what the log shows, so ids, references and
tokens in paths never reach a log; and one table makes "which routes exist, with which methods"
readable in one screen. HEAD is allowed wherever GET is.

Handlers are `handler(app, request, **params) -> server.http.Response` (or raise ApiError); the
regex's named groups become `params`.

Staff routes live in server/staff_routes.py (H-auth). That module provides
    ROUTES = [("/api/staff/session", r"/api/staff/session", {"GET": ..., "POST": ..., "DELETE": ...}), ...]
and optionally `setup(app)`, called once by create_app after the store is open (to attach
state such as `app.auth`). Rows are plain strings; this module compiles them. If the module is
absent (during development) the server simply has no staff routes.
"""

import importlib
import re

from server import drafts, static, submissions

DRAFT_ID_PATTERN = r"[0-9a-f]{64}"

APPLICANT_ROUTES = [
    ("/api/config", r"/api/config", {"GET": submissions.get_config}),
    ("/api/submissions", r"/api/submissions", {"POST": submissions.post_submission}),
    # Any other id (not 64 lowercase hex) is an unknown route: 404, not counted as a guess.
    ("/api/drafts/{id}", rf"/api/drafts/(?P<draft_id>{DRAFT_ID_PATTERN})",
     {"GET": drafts.get_draft, "PUT": drafts.put_draft, "DELETE": drafts.delete_draft}),
]
STATIC_ROUTE = ("{static}", {"GET": static.serve_static})
UNKNOWN_API = "/api/{unknown}"


def staff_module():
    """server.staff_routes if it exists (None otherwise); imported once, at create_app."""
    try:
        return importlib.import_module("server.staff_routes")
    except ModuleNotFoundError as e:
        if e.name != "server.staff_routes":
            raise  # the module exists but something it imports does not: a real error
        return None


def build(extra_rows=()):
    """The compiled table: applicant rows, then `extra_rows` (the staff routes)."""
    rows = list(APPLICANT_ROUTES) + list(extra_rows)
    templates = [row[0] for row in rows]
    duplicates = {t for t in templates if templates.count(t) > 1}
    if duplicates:
        raise ValueError(f"route templates defined twice: {sorted(duplicates)}")
    return [(template, re.compile(pattern), dict(methods)) for template, pattern, methods in rows]


def resolve(table, path):
    """(template, {method: handler}, params) for a raw (still percent-encoded) path; for an
    unknown /api path (UNKNOWN_API, None, {}); everything else is a static file."""
    if path == "/api" or path.startswith("/api/"):
        for template, pattern, methods in table:
            match = pattern.fullmatch(path)
            if match:
                return template, methods, match.groupdict()
        return UNKNOWN_API, None, {}
    template, methods = STATIC_ROUTE
    return (path if path in static.ALIASES else template), methods, {"path": path}
