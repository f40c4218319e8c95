"""Staff login, sessions and roles (docs/API.md "Staff", docs/SECURITY.md "Accounts and sessions").

Why it works this way:
- The passphrase never leaves the browser. Argon2id there yields a wrapping key and a 32-byte
  login token; the server keeps only SHA-256(login token) per account and compares in constant
  time. A name without an account takes the same path against a made-up hash, and
  `login_params` gives it a salt derived from a server secret, so answers and timing do not
  tell which names exist.
- Throttling happens before the token is checked (server/limits.py): per (account, address) and
  per address with back-off, per account only for browsers without a valid device cookie, so a
  flood from elsewhere never locks out a colleague's known browser.
- Sessions are 32 random bytes in an HttpOnly, SameSite=Strict cookie limited to /api/staff
  (Secure over TLS, also behind a trusted proxy that says so). The store keeps only their
  SHA-256, shared by every process; idle and absolute timeouts come from the config; the last
  use is written at most once per TOUCH_SECONDS (fewer writes; the idle timeout is that coarse).
- The role is read from the account on every request, so a removed account or a changed role
  takes effect at once; removing an account deletes its sessions in the same transaction.
- An account with must_change_passphrase (new accounts made by an admin, who knows their
  first passphrase) may only read its session, change the passphrase and log out.
"""

import base64
import binascii
import dataclasses
import hashlib
import hmac
import logging
import re
import secrets
import threading
import time

from server import audit, keys, totp
from server.http import ApiError, Response
from server.limits import DeviceCookies
from server.store.base import StoreUnavailable, parse_utc, utc_now

log = logging.getLogger("anlaufstelle")

SESSION_COOKIE, DEVICE_COOKIE, COOKIE_PATH = "anl_session", "anl_device", "/api/staff"
SESSION_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # base64url of 32 bytes, unpadded
TOUCH_SECONDS = 60
SECRET_SETTING = "server_secret"
TOTP_STEP_SETTING = "totp_last_step:"  # + account name
LOGIN_FIELDS = {"name", "login_token", "totp"}
EXPIRED = "Thu, 01 Jan 1970 00:00:00 GMT"


@dataclasses.dataclass
class Session:
    name: str
    role: str
    account: dict
    hash: str
    created_at: str


def _b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def session_hash(cookie_value):
    """SHA-256 hex of the session id, or None if the cookie is not one of ours."""
    if not cookie_value or not SESSION_RE.fullmatch(cookie_value):
        return None
    raw = base64.urlsafe_b64decode(cookie_value + "=")
    if _b64url(raw) != cookie_value:
        return None
    return hashlib.sha256(raw).hexdigest()


def unauthorized(message="a staff session is required"):
    return ApiError(401, "unauthorized", message)


class Auth:
    """Attached to the app as `app.auth` by server/staff_routes.py's setup()."""

    def __init__(self, config, store, limits, clock=time.time):
        self.config, self.store, self.limits, self.clock = config, store, limits, clock
        self.idle, self.absolute = config.session_idle_seconds, config.session_absolute_seconds
        self.touch_every = max(1, min(TOUCH_SECONDS, self.idle // 10))
        self.devices = DeviceCookies(self.server_secret, clock=clock)
        self._secret = None
        self._secret_lock = threading.Lock()

    # -- the server secret (fake salts, device cookies) ---------------------------------------

    def server_secret(self):
        """32 random bytes kept in the store's settings, the same for every process. Created by
        the first process that needs it (atomically: of racing processes exactly one value wins)."""
        with self._secret_lock:
            if self._secret is None:
                value = self.store.get_setting(SECRET_SETTING)
                if value is None:
                    value = self.store.setdefault_setting(SECRET_SETTING, secrets.token_hex(32))
                self._secret = bytes.fromhex(value)
            return self._secret

    def derived(self, purpose, name):
        """HMAC-SHA256(server secret, purpose|name): stable made-up values for names that do not exist."""
        return hmac.new(self.server_secret(), f"{purpose}|{name}".encode(), hashlib.sha256).digest()

    # -- login -----------------------------------------------------------------------------------

    def login_params(self, name):
        """The account's KDF parameters; for an unknown name a stable fake salt and the defaults."""
        account = self.store.get_account(name)
        if account is not None:
            kdf = account["kdf"]
            return {f: kdf[f] for f in ("alg", "salt", "opslimit", "memlimit")}
        salt = base64.b64encode(self.derived("fake-salt", name)[:16]).decode()
        return {"alg": keys.DEFAULT_KDF["alg"], "salt": salt, "opslimit": keys.DEFAULT_KDF["opslimit"],
                "memlimit": keys.DEFAULT_KDF["memlimit"]}

    def login(self, request, body):
        """POST /api/staff/session: a Response with the session body and cookies, or ApiError."""
        if set(body) - LOGIN_FIELDS:
            raise ApiError(400, "bad_request", "unknown field in the login request")
        name = body.get("name")
        try:
            keys.validate_name(name)
            token = keys.b64_bytes(body.get("login_token"), 32, "login_token")
        except keys.KeyFileError as e:
            raise ApiError(400, "bad_request", str(e)) from None
        code = body.get("totp")
        if code is not None and not isinstance(code, str):
            raise ApiError(400, "bad_request", "totp must be a string of digits")
        client = request.client
        device = self.devices.check(request.cookies.get(DEVICE_COOKIE), name)
        wait = self.limits.login_retry_after(name, client, device)
        if wait:
            raise ApiError(429, "too_many_requests", "too many failed attempts; try again later",
                           [("Retry-After", str(wait))])
        account = self.store.get_account(name)
        expected = account["login_token_sha256"] if account else self.derived("fake-token", name).hex()
        token_ok = hmac.compare_digest(hashlib.sha256(token).hexdigest(), expected) and account is not None
        if not token_ok:
            self._failed(name, client, device, account is not None)
            raise ApiError(401, "invalid_login", "wrong name or passphrase")
        if account.get("totp_secret"):
            if not code:
                raise ApiError(401, "totp_required", "enter the code from your authenticator app")
            if not self.check_totp(name, account["totp_secret"], code):
                self._failed(name, client, device, True)
                raise ApiError(401, "invalid_totp", "wrong or already used code")
        self.limits.login_succeeded(name, client)
        raw, now = secrets.token_bytes(32), self.clock()
        session = Session(name, account["role"], account, hashlib.sha256(raw).hexdigest(), utc_now(now))
        self.store.create_session(session.hash, name, session.created_at)
        audit.record(self.store, name, audit.LOGIN, name)
        headers = [("Set-Cookie", self._cookie(request, SESSION_COOKIE, _b64url(raw))),
                   ("Set-Cookie", self._cookie(request, DEVICE_COOKIE, self.devices.issue(name),
                                               max_age=self.devices.lifetime))]
        return Response.json(200, self.session_body(session), headers)

    def _failed(self, name, client, device, account_exists):
        self.limits.login_failed(name, client, device)
        audit.record_failed_login(self.store, name, account_exists)

    def check_totp(self, name, secret, code):
        """Verify a code and remember its step (replays, even within the step, are refused)."""
        last = self.store.get_setting(TOTP_STEP_SETTING + name)
        step = totp.verify(secret, code, self.clock(), int(last) if last and last.isdigit() else None)
        if step is None:
            return False
        self.store.set_setting(TOTP_STEP_SETTING + name, str(step))
        return True

    # -- sessions --------------------------------------------------------------------------------

    def session(self, request, roles=("intake", "admin"), allow_must_change=False):
        """The request's session: 401 without a valid one, 403 with the wrong role (or while the
        passphrase must be changed first)."""
        digest = session_hash(request.cookies.get(SESSION_COOKIE))
        row = self.store.get_session(digest) if digest else None
        if row is None:
            raise unauthorized()
        now = self.clock()
        last_seen, created = parse_utc(row["last_seen_at"]), parse_utc(row["created_at"])
        if now - last_seen > self.idle or now - created > self.absolute:
            self.store.delete_session(digest)
            raise unauthorized("the session has expired; log in again")
        account = self.store.get_account(row["name"])
        if account is None:
            self.store.delete_session(digest)
            raise unauthorized()
        if now - last_seen >= self.touch_every:
            try:
                self.store.touch_session(digest, utc_now(now))
            except StoreUnavailable:  # a read-only store: reading still works, the idle clock just waits
                log.warning("could not record session use (store unavailable)")
        if account["role"] not in roles:
            raise ApiError(403, "forbidden", "your role may not do this")
        if account.get("must_change_passphrase") and not allow_must_change:
            raise ApiError(403, "passphrase_change_required", "change your passphrase first")
        return Session(row["name"], account["role"], account, digest, row["created_at"])

    def session_body(self, session):
        account, office = session.account, self.store.office_keys() or {"current": None, "retired": []}
        current = office["current"] or {}
        return {
            "name": account["name"], "role": account["role"],
            "must_change_passphrase": bool(account.get("must_change_passphrase")),
            "totp_enabled": bool(account.get("totp_secret")),
            "staff_key": {"public_key": account["public_key"], "kdf": account["kdf"],
                          "wrapped_secret_key": account["wrapped_secret_key"]},
            "office_key_wrap": account.get("office_key_wrap"),
            "office_key": {"key_id": current.get("key_id"), "public_key": current.get("public_key")},
            "retired_keys": [{"key_id": k["key_id"], "public_key": k["public_key"], "wrap": k.get("wrap")}
                             for k in office.get("retired") or ()],
            "idle_timeout_seconds": self.idle,
            "expires_at": utc_now(parse_utc(session.created_at) + self.absolute),
        }

    def logout(self, request):
        """DELETE /api/staff/session: 204 whether or not there was a session; the browser is told
        to drop cookies and storage. The device cookie is sent again after Clear-Site-Data:
        browsers that apply it after clearing keep it (it names an account, holds no secret)."""
        digest = session_hash(request.cookies.get(SESSION_COOKIE))
        row = self.store.get_session(digest) if digest else None
        if row is not None:
            self.store.delete_session(digest)
            audit.record(self.store, row["name"], audit.LOGOUT, row["name"])
        headers = [("Clear-Site-Data", '"cookies", "storage"'),
                   ("Set-Cookie", self._cookie(request, SESSION_COOKIE, "", max_age=0))]
        device = request.cookies.get(DEVICE_COOKIE)
        if row is not None and self.devices.check(device, row["name"]):
            headers.append(("Set-Cookie", self._cookie(request, DEVICE_COOKIE, device, max_age=self.devices.lifetime)))
        return Response.empty(204, headers)

    def keep_only(self, session):
        """After a passphrase change: end every other session of the account, keep this one."""
        self.store.delete_sessions_of(session.name)
        self.store.create_session(session.hash, session.name, session.created_at)
        self.store.touch_session(session.hash, utc_now(self.clock()))

    # -- cookies ---------------------------------------------------------------------------------

    def _cookie(self, request, name, value, max_age=None):
        parts = [f"{name}={value}", f"Path={COOKIE_PATH}"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
            if max_age == 0:
                parts.append(f"Expires={EXPIRED}")
        parts += ["HttpOnly", "SameSite=Strict"]
        if request.is_secure:
            parts.append("Secure")
        return "; ".join(parts)


def decode_b64(value, length, field):
    """Canonical base64 of `length` bytes, or ApiError 400 naming the field."""
    try:
        return keys.b64_bytes(value, length, field)
    except (keys.KeyFileError, binascii.Error) as e:
        raise ApiError(400, "bad_request", str(e)) from None
