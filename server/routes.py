"""The routes table: (template, regex, {method: handler}) rows, and path resolution.

Why a table: the template (never the raw path) is what the log shows, so ids, references and
tokens in paths never reach a log; and one table makes "which routes exist, with which methods"
readable in one screen. HEAD is allowed wherever GET is.

The rows come from spec/api.json (server/api_spec.py), the one list of routes the C++ client
and docs/API.md are generated from too; this module and server/staff_routes.py add only the
handler map (name -> function), and a spec route without a handler, or a handler no route
names, stops the server at start-up.

Handlers are `handler(app, request, **params) -> server.http.Response` (or raise ApiError); the
regex's named groups (the template's placeholders) become `params`.

Staff routes live in server/staff_routes.py: its ROUTES (rows as here) and `setup(app)`, called
once by create_app after the store is open (it attaches `app.auth`).
"""

import re

from server import api_spec, cases, drafts, static, submissions, uploads

HANDLERS = {f.__name__: f for f in (
    submissions.get_config, submissions.post_submission, drafts.get_draft, drafts.put_draft, drafts.delete_draft,
    cases.create_case, cases.get_case_kdf, cases.get_case, cases.post_case_item, cases.get_case_item,
    cases.put_case_item_read, cases.get_case_draft, cases.put_case_draft, cases.delete_case_draft,
    cases.post_case_submission, uploads.create_upload, uploads.head_upload, uploads.patch_upload,
    uploads.delete_upload, uploads.options_uploads, uploads.options_upload)}
# Any draft id other than 64 lowercase hex (the spec's pattern) is an unknown route: 404, not
# counted as a guess.
APPLICANT_ROUTES = api_spec.table(staff_routes=False, handlers=HANDLERS, case_check=cases.authorize)
STATIC_ROUTE = ("{static}", {"GET": static.serve_static})
UNKNOWN_API = "/api/{unknown}"


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
