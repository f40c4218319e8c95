"""The audit log of staff actions: who, what, when, and on what (docs/SECURITY.md, "Audit log").

Why a module of its own: the list of action names is part of the API (admins read it, H-ui shows
it), and one helper that refuses unknown actions and anything that looks like content keeps a
route from writing a case's text into the log by accident. The store's schema refuses UPDATE
and DELETE on the table, so the application cannot rewrite history either.

An entry holds: `at` (UTC), `actor` (an account name, or "unknown" for a failed login with a
name that has no account), `action` (below) and `target` (a reference, an account name, a key
id or a setting's new value: never content, never a token, never a passphrase).
"""

import logging
import re
import threading
import time

from server import api_spec
from server.store.base import utc_now

log = logging.getLogger("anlaufstelle")

LOGIN, LOGIN_FAILED, LOGOUT = "login", "login_failed", "logout"
OPEN, EXPORT, DELETE, STATUS_CHANGE = "open", "export", "delete", "status_change"
ACCOUNT_ADD, ACCOUNT_REMOVE = "account_add", "account_remove"
PASSPHRASE_CHANGE, TOTP_ENABLE, TOTP_DISABLE = "passphrase_change", "totp_enable", "totp_disable"
KEY_ROTATE, RETENTION_CHANGE = "key_rotate", "retention_change"
CASE_OPEN, CASE_ITEM_ADD, CASE_ITEM_OPEN, CASE_ITEM_READ = "case_open", "case_item_add", "case_item_open", "case_item_read"
ACTIONS = frozenset((LOGIN, LOGIN_FAILED, LOGOUT, OPEN, EXPORT, DELETE, STATUS_CHANGE, ACCOUNT_ADD,
                     ACCOUNT_REMOVE, PASSPHRASE_CHANGE, TOTP_ENABLE, TOTP_DISABLE, KEY_ROTATE, RETENTION_CHANGE,
                     CASE_OPEN, CASE_ITEM_ADD, CASE_ITEM_OPEN, CASE_ITEM_READ))
UNKNOWN_ACTOR = "unknown"
# Targets are identifiers: references (ABCD-EFGH), names, key ids, small numbers, case locators
# and "<locator>.<item id>".
TARGET_RE = re.compile(r"[A-Za-z0-9._=-]{0,64}")
MAX_PAGE, DEFAULT_PAGE = api_spec.limit("audit_page_max"), api_spec.limit("audit_page_default")

# Failed logins for names that have no account are the one action an anonymous client can
# cause at will (the per-account throttle does not bound made-up names), and the log is
# append-only: at most this many are written per process and hour; the rest are only counted.
UNKNOWN_FAILURES_PER_HOUR = 120
_unknown_lock = threading.Lock()
_unknown = {"hour": None, "written": 0, "dropped": 0}


def record(store, actor, action, target="", at=None):
    """Append one entry. Refuses (ValueError) unknown actions and targets that are not identifiers."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    target = "" if target is None else str(target)
    if not TARGET_RE.fullmatch(target):
        raise ValueError("an audit target must be an identifier")
    store.append_audit(utc_now(at), actor, action, target)


def record_failed_login(store, name, account_exists):
    """`login_failed`: the attempted name only if such an account exists (else "unknown", so the
    log does not collect what strangers typed), throttled for unknown names (see above)."""
    if account_exists:
        return record(store, name, LOGIN_FAILED, name)
    hour = int(time.time() // 3600)
    with _unknown_lock:
        if _unknown["hour"] != hour:
            if _unknown["dropped"]:
                log.warning("audit: %d failed login(s) with unknown names not written in the last hour",
                            _unknown["dropped"])
            _unknown.update(hour=hour, written=0, dropped=0)
        if _unknown["written"] >= UNKNOWN_FAILURES_PER_HOUR:
            _unknown["dropped"] += 1
            return None
        _unknown["written"] += 1
    return record(store, UNKNOWN_ACTOR, LOGIN_FAILED, UNKNOWN_ACTOR)


def page(store, before_id=None, limit=100):
    """Entries newest first, ids below `before_id`; `limit` 1..MAX_PAGE."""
    return store.list_audit(before_id=before_id, limit=max(1, min(int(limit), MAX_PAGE)))
