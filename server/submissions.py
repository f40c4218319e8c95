"""Applicant routes for sending: GET /api/config and POST /api/submissions (docs/API.md).

Why it streams: an envelope may be 32 MiB; it goes from the socket to a temporary file of the
store in 64 KiB chunks while the envelope scanner checks its structure, so memory stays flat
whatever the body size and a malformed upload is refused as soon as it shows. Only after the
store has made the file and its row durable does the client get its 201 (the reference is a
promise). Refusals that need no body (411, 413, 415, 429) come before a byte is read.
"""

from server import envelope, keys
from server.http import ApiError, Response


def get_config(app, request):
    current = keys.current_office_key(app.store)  # cached briefly (server/keys.py)
    return Response.json(200, {"office_key_id": current["key_id"], "office_public_key": current["public_key"],
                               "max_submission_bytes": app.config.max_submission_bytes})


def post_submission(app, request):
    return receive_submission(app, request)


def receive_submission(app, request, case_locator=None):
    """POST /api/submissions, and POST /api/cases/{locator}/submissions with `case_locator`."""
    length = request.content_length(app.config.max_submission_bytes, "a submission")
    request.require_content_type("application/octet-stream")
    wait = app.limits.take_submission(request.client)
    if wait:
        raise ApiError(429, "too_many_requests", "too many submissions; try again later", [("Retry-After", str(wait))])
    scanner = envelope.Scanner(keys.accepted_key_ids(app.store), length)  # current + retired keys
    reference, received_at = receive_envelope(
        app, request, length, scanner,
        lambda incoming, key_id: app.store.save_submission(incoming, key_id.hex(), case_locator))
    return Response.json(201, {"reference": reference, "received_at": received_at})


def receive_envelope(app, request, length, scanner, save):
    """Stream `length` body bytes to a store upload through `scanner`; once its structure is
    complete, `save(incoming, scanner.finish())` makes it durable and is returned. A refused
    envelope is 400 with the scanner's code and leaves nothing behind."""
    with app.store.incoming() as incoming:
        def write(data):
            scanner.feed(data)
            incoming.write(data)
        try:
            request.stream_body(length, write, "malformed_envelope")
            checked = scanner.finish()
        except envelope.EnvelopeError as e:
            raise ApiError(400, e.code, str(e)) from None
        return save(incoming, checked)
