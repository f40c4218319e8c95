"""The case channel, applicant side (docs/API.md, "Cases"): create a case, its KDF parameters,
its items, the draft and submissions under it; and what the staff routes share with it.

Who may: whoever holds the case's token. The table wraps every "case" route in `authorize`
(server/api_spec.py), so a handler cannot forget it: a wrong token and an unknown locator get
the same 404 and count as one guess (per address, office networks exempt, and globally, as for
drafts), and an unknown locator is compared against a made-up hash so the timing is the same.
`GET .../kdf` answers an unknown locator with a salt derived from the server secret, so the
answer does not show whether a case exists either.

Items are envelopes v2: their structure and recipients are checked while they stream to disk
(server/envelope.py), and an item of audience "office" never appears in an answer to the case.
"""

import base64
import re

from server import api_spec, drafts, envelope, keys, submissions
from server.http import ApiError, Response
from server.store.base import REF_ALPHABET, Conflict, utc_now

LOCATOR_RE = re.compile(f"[{REF_ALPHABET}]{{4}}")
KDF_ALG = "argon2id13"
OPSLIMIT_MIN, OPSLIMIT_MAX = api_spec.limit("case_kdf_opslimit"), api_spec.limit("kdf_opslimit_max")
MEMLIMIT_MIN, MEMLIMIT_MAX = api_spec.limit("case_kdf_memlimit"), api_spec.limit("kdf_memlimit_max")
MAX_ITEM_BYTES = api_spec.limit("max_item_bytes")
CASE_FIELDS = ("locator", "salt", "public_key", "token_sha256", "opslimit", "memlimit")
TO_CASE, TO_ANYONE = ("case",), ("case", "office")  # the audiences the case, and the office, see


def not_found():
    return ApiError(404, "not_found", "no such case for this code")


def authorize(app, request, locator):
    """The case if the request's Bearer token opens it; else 404, counted as a guess (429 while
    the address or everyone has guessed too often, before anything is looked up)."""
    wait = app.limits.case_retry_after(request.client)
    if wait:
        raise ApiError(429, "too_many_requests", "too many failed attempts; try again later",
                       [("Retry-After", str(wait))])
    case = app.store.get_case(locator)
    expected = case["token_sha256"] if case else app.auth.derived("fake-case-token", locator).hex()
    if not drafts.draft_token_matches(request.header("Authorization"), expected) or case is None:
        app.limits.case_failed(request.client)
        raise not_found()
    return case


# -- creating a case ------------------------------------------------------------------------------

def _case_fields(body):
    if set(body) != set(CASE_FIELDS):
        raise ApiError(400, "bad_request", f"expected exactly the fields {', '.join(CASE_FIELDS)}")
    locator = body["locator"]
    if not isinstance(locator, str) or not LOCATOR_RE.fullmatch(locator):
        raise ApiError(400, "bad_request", "locator must be 4 symbols of the code alphabet")
    try:
        keys.b64_bytes(body["salt"], 16, "salt")
        keys.b64_bytes(body["public_key"], 32, "public_key")
        token_sha256 = keys.validate_token_hash(body["token_sha256"], "token_sha256")
        keys.validate_int(body["opslimit"], OPSLIMIT_MIN, OPSLIMIT_MAX, "opslimit")
        keys.validate_int(body["memlimit"], MEMLIMIT_MIN, MEMLIMIT_MAX, "memlimit")
    except keys.KeyFileError as e:
        raise ApiError(400, "bad_request", str(e)) from None
    return dict(body, token_sha256=token_sha256)


def create_case(app, request):
    case = _case_fields(request.json())
    wait = app.limits.take_case(request.client)
    if wait:
        raise ApiError(429, "too_many_requests", "too many new cases; try again later", [("Retry-After", str(wait))])
    case["created_at"] = utc_now()
    try:
        app.store.create_case(case)
    except Conflict:
        raise ApiError(409, "locator_taken", "this locator is taken; draw another") from None
    return Response.json(201, {"locator": case["locator"], "created_at": case["created_at"]})


def get_case_kdf(app, request, locator):
    case = app.store.get_case(locator)
    if case is None:
        salt = base64.b64encode(app.auth.derived("fake-case-salt", locator)[:16]).decode()
        case = {"salt": salt, "opslimit": OPSLIMIT_MIN, "memlimit": MEMLIMIT_MIN}
    return Response.json(200, {"alg": KDF_ALG, "salt": case["salt"], "opslimit": case["opslimit"],
                               "memlimit": case["memlimit"]}, drafts.NO_STORE)


# -- what the applicant and the staff routes share ---------------------------------------------------

def case_body(app, case, audiences):
    """The case and its items of `audiences` (each item with its audience when the office asks)."""
    items = [{"id": i["id"], "author": i["author"], "created_at": i["created_at"], "size": i["size"],
              "read_by_applicant": i["read_by_applicant_at"] is not None,
              "read_by_office": i["read_by_office_at"] is not None,
              **({"audience": i["audience"]} if audiences == TO_ANYONE else {})}
             for i in app.store.list_case_items(case["locator"], audiences)]
    return {"locator": case["locator"], "public_key": case["public_key"], "created_at": case["created_at"],
            "items": items}


def recipients(app, case, audience):
    """The key ids an item of `audience` must be sealed to, exactly (8 raw bytes each)."""
    office = bytes.fromhex(keys.current_office_key(app.store)["key_id"])
    return {office} if audience == "office" else {office, bytes.fromhex(keys.key_id_of(case["public_key"]))}


def receive_item(app, request, case, author, audience):
    """Stream an envelope v2 body into a new item: (item id, created_at)."""
    length = request.content_length(MAX_ITEM_BYTES, "an item")
    request.require_content_type("application/octet-stream")
    scanner = envelope.ScannerV2(recipients(app, case, audience), length)
    return submissions.receive_envelope(
        app, request, length, scanner,
        lambda incoming, _: app.store.save_case_item(incoming, case["locator"], author, audience))


def item_created(item, created_at):
    return Response.json(201, {"item": item, "created_at": created_at})


def open_item(app, case, item, audiences):
    """(size, file) of the item; 404 if the case has no such item of these audiences."""
    opened = app.store.open_case_item(case["locator"], item, audiences)
    if opened is None:
        raise ApiError(404, "not_found", "no such item")
    return opened


def mark_read(app, case, item, reader, audiences):
    if not app.store.mark_case_item_read(case["locator"], item, reader, utc_now(), audiences):
        raise ApiError(404, "not_found", "no such item")
    return Response.empty(204)


# -- the applicant's routes (the table passes the authorized case) -----------------------------------

def get_case(app, request, case):
    body = case_body(app, case, TO_CASE)
    # The code of a case is also the save code of its application: the client continues the
    # draft when there is one (there is none once the application arrived).
    body["draft"] = app.store.get_draft(_draft_key(case)) is not None
    return Response.json(200, body, drafts.NO_STORE)


def post_case_item(app, request, case):
    return item_created(*receive_item(app, request, case, "applicant", "case"))


def get_case_item(app, request, case, item):
    size, fileobj = open_item(app, case, item, TO_CASE)
    return Response.stream(200, fileobj, size, "application/octet-stream", drafts.NO_STORE)


def put_case_item_read(app, request, case, item):
    return mark_read(app, case, item, "applicant", TO_CASE)


def _draft_key(case):
    return "case:" + case["locator"]  # never a /api/drafts id (those are 64 hex digits)


def get_case_draft(app, request, case):
    response = drafts.read_draft(app, _draft_key(case))
    if response is None:
        raise ApiError(404, "not_found", "no saved draft for this case")
    return response


def put_case_draft(app, request, case):
    return drafts.write_draft(app, request, _draft_key(case))


def delete_case_draft(app, request, case):
    return drafts.remove_draft(app, _draft_key(case))


def post_case_submission(app, request, case):
    response = submissions.receive_submission(app, request, case["locator"])
    # The application is in: the draft it was saved as is done with (the client deletes it too,
    # but a lost DELETE must not leave the answers on the server for 30 more days).
    drafts.remove_draft(app, _draft_key(case))
    return response
