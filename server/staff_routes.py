"""Every /api/staff/* route (docs/API.md, "Staff"): login, session, submissions, the staff
member's own passphrase and TOTP, and the admin's accounts, key rotation, retention and audit.

Who may call each route is written in spec/api.json (`who`), and the table is built from it
(server/api_spec.py): every route that is not public gets the session and role check before
its handler runs, and that handler takes the Session as its third argument, so the check
cannot be forgotten; tests/server/test_staff_auth.py walks ROUTES and checks 401 without a
session and 403 with the wrong role on every one. Only login-params, login (POST session) and
logout (DELETE session, which must clear the browser even after a timeout) work without a
session. Cross-origin refusal of state-changing requests is done for all of /api/ by
server/app.py before any handler runs.

Handlers validate their whole body before changing anything, write one audit entry per staff
action (server/audit.py; never content) and answer JSON errors through ApiError.
"""

from urllib.parse import parse_qsl

from server import api_spec, audit, cases, keys, totp
from server.auth import Auth
from server.http import ApiError, Response
from server.limits import Window
from server.store.base import REF_RE, utc_now

MAX_RETENTION_DAYS = api_spec.limit("retention_days_max")
CODE_FAILURES, CODE_WINDOW = 10, 15 * 60  # wrong TOTP codes per account while enrolling/disabling


def setup(app):
    """Called once by create_app: the Auth object and the TOTP code limiter."""
    app.auth = Auth(app.config, app.store, app.limits)
    app.code_failures = Window(CODE_FAILURES, CODE_WINDOW)


def _fields(body, required, optional=()):
    missing = [f for f in required if f not in body]
    unknown = sorted(set(body) - set(required) - set(optional))
    if missing or unknown:
        raise ApiError(400, "bad_request", f"expected the fields {', '.join(required)}")
    return body


def _valid(check, *args):
    try:
        return check(*args)
    except keys.KeyFileError as e:
        raise ApiError(400, "bad_request", str(e)) from None


def _reference(ref):
    ref = ref.upper()
    if not REF_RE.fullmatch(ref):
        raise ApiError(404, "not_found", "no such submission")
    return ref


# -- login and session ----------------------------------------------------------------------------

def login_params(app, request):
    body = _fields(request.json(), ("name",))
    name = _valid(keys.validate_name, body["name"])
    return Response.json(200, {"kdf": app.auth.login_params(name)})


def login(app, request):
    return app.auth.login(request, request.json())


def get_session(app, request, session):
    return Response.json(200, app.auth.session_body(session))


def logout(app, request):
    return app.auth.logout(request)


# -- submissions (intake workers and admins) -------------------------------------------------------

def list_submissions(app, request, session):
    return Response.json(200, {"submissions": app.store.list_submissions()})


def get_envelope(app, request, session, ref):
    ref = _reference(ref)
    opened = app.store.open_submission(ref)
    if opened is None:
        raise ApiError(404, "not_found", "no such submission")
    return _audited_stream(app, session, audit.OPEN, ref, *opened)


def _audited_stream(app, session, action, target, size, fileobj):
    """The file as the answer, once its audit entry is written (the file closed if that fails)."""
    try:
        audit.record(app.store, session.name, action, target)
    except BaseException:
        fileobj.close()
        raise
    return Response.stream(200, fileobj, size, "application/octet-stream")


def delete_submission(app, request, session, ref):
    ref = _reference(ref)
    if not app.store.delete_submission(ref):
        raise ApiError(404, "not_found", "no such submission")
    audit.record(app.store, session.name, audit.DELETE, ref)
    return Response.empty(204)


# -- cases (intake workers and admins) ------------------------------------------------------------

def _case(app, locator):
    case = app.store.get_case(locator)
    if case is None:
        raise ApiError(404, "not_found", "no such case")
    return case


def list_cases(app, request, session):
    return Response.json(200, {"cases": app.store.list_cases()})


def open_case(app, request, session, locator):
    case = _case(app, locator)
    body = cases.case_body(app, case, cases.TO_ANYONE)
    body["submissions"] = app.store.case_submissions(locator)
    audit.record(app.store, session.name, audit.CASE_OPEN, locator)
    return Response.json(200, body)


def post_staff_case_item(app, request, session, locator):
    """`Anl-Audience: case` (sealed to the office and the case) or `office` (to the office alone)."""
    case = _case(app, locator)
    audience = (request.header("Anl-Audience") or "").strip()
    if audience not in cases.TO_ANYONE:
        raise ApiError(400, "bad_request", "Anl-Audience must be case or office")
    item, created_at = cases.receive_item(app, request, case, "office", audience)
    audit.record(app.store, session.name, audit.CASE_ITEM_ADD, f"{locator}.{item}")
    return cases.item_created(item, created_at)


def get_staff_case_item(app, request, session, locator, item):
    opened = cases.open_item(app, _case(app, locator), item, cases.TO_ANYONE)
    return _audited_stream(app, session, audit.CASE_ITEM_OPEN, f"{locator}.{item}", *opened)


def put_staff_case_item_read(app, request, session, locator, item):
    response = cases.mark_read(app, _case(app, locator), item, "office", cases.TO_ANYONE)
    audit.record(app.store, session.name, audit.CASE_ITEM_READ, f"{locator}.{item}")
    return response


# -- the staff member's own account ----------------------------------------------------------------

def put_passphrase(app, request, session):
    """New wrapping of the same staff key under a new passphrase; every other session ends."""
    body = _fields(request.json(), ("kdf", "wrapped_secret_key", "login_token_sha256"))
    kdf = _valid(keys.validate_kdf, body["kdf"])
    wrapped = _valid(keys.validate_wrapped_secret_key, body["wrapped_secret_key"])
    token_hash = _valid(keys.validate_token_hash, body["login_token_sha256"])
    app.store.update_account(session.name, kdf=kdf, wrapped_secret_key=wrapped, login_token_sha256=token_hash,
                             must_change_passphrase=False)
    app.auth.keep_only(session)
    audit.record(app.store, session.name, audit.PASSPHRASE_CHANGE, session.name)
    return Response.empty(204)


def _code(app, request, session, secret):
    """Check body {"code"} against `secret` (replays refused); 429 after too many wrong ones."""
    body = _fields(request.json(), ("code",))
    key = session.name
    wait = app.code_failures.retry_after(key)
    if wait:
        raise ApiError(429, "too_many_requests", "too many wrong codes; try again later", [("Retry-After", str(wait))])
    code = body["code"]
    if not isinstance(code, str) or not app.auth.check_totp(session.name, secret, code):
        app.code_failures.add(key)
        raise ApiError(400, "invalid_totp", "wrong or already used code")


def begin_totp(app, request, session):
    if session.account.get("totp_secret"):
        raise ApiError(409, "conflict", "TOTP is already on; turn it off first")
    secret = totp.new_secret()
    app.store.update_account(session.name, totp_pending=secret)
    return Response.json(200, {"secret": secret, "otpauth_uri": totp.otpauth_uri(secret, session.name)})


def confirm_totp(app, request, session):
    pending = session.account.get("totp_pending")
    if not pending or session.account.get("totp_secret"):
        raise ApiError(409, "conflict", "no TOTP set-up is pending")
    _code(app, request, session, pending)
    app.store.update_account(session.name, totp_secret=pending, totp_pending=None)
    audit.record(app.store, session.name, audit.TOTP_ENABLE, session.name)
    return Response.empty(204)


def disable_totp(app, request, session):
    secret = session.account.get("totp_secret")
    if not secret:
        raise ApiError(409, "conflict", "TOTP is not on")
    _code(app, request, session, secret)
    app.store.update_account(session.name, totp_secret=None, totp_pending=None)
    audit.record(app.store, session.name, audit.TOTP_DISABLE, session.name)
    return Response.empty(204)


# -- admin: accounts -------------------------------------------------------------------------------

def _summary(account):
    return {"name": account["name"], "role": account["role"], "public_key": account["public_key"],
            "totp_enabled": bool(account.get("totp_secret")),
            "must_change_passphrase": bool(account.get("must_change_passphrase")),
            "created_at": account.get("created_at")}


def list_accounts(app, request, session):
    return Response.json(200, {"accounts": [_summary(a) for a in app.store.list_accounts()]})


def add_account(app, request, session):
    """The admin's browser made the key pair, wrapped it under a first passphrase and sealed the
    current office key to it; the new colleague must change that passphrase at first login."""
    account = _valid(keys.validate_account, request.json())
    account.update(must_change_passphrase=True, totp_secret=None, totp_pending=None, created_at=utc_now())
    app.store.add_account(account)  # Conflict -> 409 if the name exists
    audit.record(app.store, session.name, audit.ACCOUNT_ADD, account["name"])
    return Response.json(201, _summary(account))


def remove_account(app, request, session, name):
    name = _valid(keys.validate_name, name)
    if name == session.name:
        raise ApiError(409, "conflict", "you cannot remove your own account")
    accounts = app.store.list_accounts()
    target = next((a for a in accounts if a["name"] == name), None)
    if target is None:
        raise ApiError(404, "not_found", "no such account")
    if target["role"] == "admin" and sum(a["role"] == "admin" for a in accounts) <= 1:
        raise ApiError(409, "conflict", "the last admin cannot be removed")
    if not app.store.remove_account(name):  # its wrap and its sessions go in the same transaction
        raise ApiError(404, "not_found", "no such account")
    app.store.set_setting("totp_last_step:" + name, "")
    audit.record(app.store, session.name, audit.ACCOUNT_REMOVE, name)
    return Response.empty(204)


# -- admin: office key rotation, retention, audit ---------------------------------------------------

def rotate_office_key(app, request, session):
    body = _fields(request.json(), ("expected_current_key_id", "office_key", "staff_wraps", "retired_wraps"))
    expected = body["expected_current_key_id"]
    if not isinstance(expected, str) or not keys.KEY_ID_RE.fullmatch(expected):
        raise ApiError(400, "bad_request", "expected_current_key_id must be 16 lowercase hex digits")
    new_key = _valid(keys.validate_office_key, body["office_key"])
    maps = {}
    for field, check_key in (("staff_wraps", keys.validate_name), ("retired_wraps", _key_id)):
        value = body[field]
        if not isinstance(value, dict) or len(value) > keys.MAX_STAFF:
            raise ApiError(400, "bad_request", f"{field} must be an object of at most {keys.MAX_STAFF} wraps")
        for k, wrap in value.items():
            _valid(check_key, k, field)
            _valid(keys.validate_wrap, wrap, f"{field}[{k}]")
        maps[field] = dict(value)
    # Conflict (409) if the current key changed meanwhile or any account or older key lacks a wrap
    app.store.rotate_office_key(new_key, maps["staff_wraps"], maps["retired_wraps"], expected)
    keys.forget(app.store)
    audit.record(app.store, session.name, audit.KEY_ROTATE, new_key["key_id"])
    return Response.empty(204)


def _key_id(value, where):
    if not isinstance(value, str) or not keys.KEY_ID_RE.fullmatch(value):
        raise keys.KeyFileError(f"{where}: key ids must be 16 lowercase hex digits")
    return value


def submission_days(app):
    """The retention period: the admin's setting `submission_days` in the store, else the config."""
    value = app.store.get_setting("submission_days")
    return int(value) if value and value.isdigit() and int(value) > 0 else app.config.submission_days


def get_retention(app, request, session):
    return Response.json(200, {"submission_days": submission_days(app)})


def put_retention(app, request, session):
    days = _fields(request.json(), ("submission_days",))["submission_days"]
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise ApiError(400, "bad_request", f"submission_days must be an integer from 1 to {MAX_RETENTION_DAYS}")
    app.store.set_setting("submission_days", str(days))
    audit.record(app.store, session.name, audit.RETENTION_CHANGE, str(days))
    return Response.empty(204)


def get_audit(app, request, session):
    values = {"before": None, "limit": str(audit.DEFAULT_PAGE)}
    try:
        pairs = parse_qsl(request.query, keep_blank_values=True, strict_parsing=bool(request.query))
    except ValueError:
        raise ApiError(400, "bad_request", "malformed query") from None
    for key, value in pairs:
        if key not in values or not value.isdigit() or len(value) > 18:
            raise ApiError(400, "bad_request", f"the query may hold before=<id> and limit=<1..{audit.MAX_PAGE}>")
        values[key] = value
    limit = int(values["limit"])
    if not 1 <= limit <= audit.MAX_PAGE:
        raise ApiError(400, "bad_request", f"limit must be 1..{audit.MAX_PAGE}")
    before = int(values["before"]) if values["before"] is not None else None
    return Response.json(200, {"entries": audit.page(app.store, before, limit)})


HANDLERS = {f.__name__: f for f in (
    login_params, login, get_session, logout, list_submissions, get_envelope, delete_submission,
    put_passphrase, begin_totp, confirm_totp, disable_totp, list_accounts, add_account, remove_account,
    rotate_office_key, get_retention, put_retention, get_audit, list_cases, open_case, post_staff_case_item,
    get_staff_case_item, put_staff_case_item_read)}
ROUTES = api_spec.table(staff_routes=True, handlers=HANDLERS)
PUBLIC = api_spec.public(staff_routes=True)
