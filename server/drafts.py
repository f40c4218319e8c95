"""Save-and-return drafts: GET/PUT/DELETE /api/drafts/<id> (docs/API.md, "Drafts").

The id is SHA-256 of a 32-byte token the browser derives from the applicant's save code; the
request proves it holds the token (`Authorization: Bearer <base64url, unpadded>`). A wrong token
and a missing draft count as one guess each for the limiter (server/limits.py): per address,
office networks exempt, plus a global budget. The token is checked before anything is read or
written, and a refused PUT leaves the stored version as it was.
"""

import base64
import hashlib
import hmac
import re
import time

from server.http import ApiError, Response
from server.store.base import utc_now

DRAFT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # base64url of 32 bytes, no padding
NO_STORE = [("Cache-Control", "no-store")]


def draft_token_matches(authorization, draft_id):
    """True if `Authorization: Bearer <base64url of 32 bytes, unpadded>` hashes to `draft_id`."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not DRAFT_TOKEN_RE.fullmatch(value):
        return False
    token = base64.urlsafe_b64decode(value + "=")
    if base64.urlsafe_b64encode(token)[:43].decode() != value:  # one spelling per token
        return False
    return hmac.compare_digest(hashlib.sha256(token).hexdigest(), draft_id)


def _check_access(app, request, draft_id):
    """429 while the address (or everyone) has guessed too often; 403 for a wrong token (a guess)."""
    wait = app.limits.draft_retry_after(request.client)
    if wait:
        raise ApiError(429, "too_many_requests", "too many failed attempts; try again later",
                       [("Retry-After", str(wait))])
    if not draft_token_matches(request.header("Authorization"), draft_id):
        app.limits.draft_failed(request.client)
        raise ApiError(403, "forbidden", "this token does not open this draft")


# The path's {id} (spec/api.json) is the handlers' `id`.
def get_draft(app, request, id):  # noqa: A002
    _check_access(app, request, id)
    response = read_draft(app, id)
    if response is None:
        app.limits.draft_failed(request.client)
        raise ApiError(404, "not_found", "no saved draft for this code")
    return response


def put_draft(app, request, id):  # noqa: A002
    _check_access(app, request, id)
    return write_draft(app, request, id)


def delete_draft(app, request, id):  # noqa: A002
    _check_access(app, request, id)
    return remove_draft(app, id)


# -- the storage side, shared with the draft under a case (server/cases.py) ---------------------

def read_draft(app, key):
    """The stored draft as a response, or None."""
    body = app.store.get_draft(key)
    return None if body is None else Response(200, bytes(body), "application/octet-stream", NO_STORE)


def write_draft(app, request, key):
    length = request.content_length(app.config.max_draft_bytes, "a draft")  # before the body is read
    if length == 0:
        raise ApiError(400, "bad_request", "a draft has at least 1 byte")
    request.require_content_type("application/octet-stream")
    body = request.body(app.config.max_draft_bytes, "bad_request", "a draft")
    now = time.time()
    app.store.put_draft(key, body, utc_now(now), utc_now(now - 86400 * app.config.draft_days))
    return Response.empty(204, NO_STORE)


def remove_draft(app, key):
    app.store.delete_draft(key)
    return Response.empty(204, NO_STORE)
