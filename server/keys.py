"""The office key file v2 (docs/PROTOCOL.md, "Staff accounts and office keys"): validation,
import into an empty store at first start, and the key ids envelopes may be sealed to.

Why the server checks what it cannot use: it never holds a secret key, but every field it
stores is later handed to a browser that will unwrap with it. A wrong length or a KDF cost the
staff page refuses would surface as "wrong passphrase" for one colleague weeks later; refusing
it here, with the field's name, surfaces it when the file is made. The KDF bounds come from
spec/api.json and equal the one constant set in the C++ core (src/core), which keygen and the
staff page use (tests/app/test_api_routes.cpp proves it at compile time).

For H-core (server/submissions.py, server/startup.py):
- `accepted_key_ids(store)` -> frozenset of 8-byte raw key ids (current + every retired one);
  an envelope whose bytes 6..14 are in it is accepted. Cached for CACHE_SECONDS per process, so
  after a rotation another process accepts the new id within that time (old ids stay accepted).
- `current_office_key(store)` -> {"key_id", "public_key"} for GET /api/config (same cache).
- `ensure_imported(store, config)` at start-up: imports config.key_path into an empty store;
  raises KeyFileError (exit status 2, message printed) if there is nothing usable.
"""

import base64
import binascii
import hashlib
import json
import logging
import re
import threading
import time

from server.api_spec import limit

log = logging.getLogger("anlaufstelle")

KDF_ALG = "argon2id13"
WRAP_ALG = "xchacha20poly1305-ietf"
OPSLIMIT_MIN, OPSLIMIT_MAX = limit("kdf_opslimit_min"), limit("kdf_opslimit_max")
MEMLIMIT_MIN, MEMLIMIT_MAX = limit("kdf_memlimit_min"), limit("kdf_memlimit_max")
DEFAULT_KDF = {"alg": KDF_ALG, "opslimit": limit("kdf_opslimit_default"), "memlimit": limit("kdf_memlimit_default")}
ROLES = ("admin", "intake")
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
HEX64_RE = re.compile(r"[0-9a-f]{64}")
KEY_ID_RE = re.compile(r"[0-9a-f]{16}")
MAX_STAFF = limit("staff_accounts_max")
SALT_BYTES, NONCE_BYTES, KEY_BYTES, MAC_BYTES = 16, 24, 32, 16
SEAL_BYTES = 32 + KEY_BYTES + MAC_BYTES  # crypto_box_seal of a 32-byte secret key: 80
ACCOUNT_FIELDS = ("name", "role", "public_key", "kdf", "wrapped_secret_key", "login_token_sha256", "office_key_wrap")
CACHE_SECONDS = 2.0
MIGRATE_HINT = ("this is a version 1 office key file (one shared staff passphrase). Convert it with "
                "`anlaufstelle-keygen --migrate-v1 OLD_FILE --out NEW_FILE --staff NAME:admin` "
                "(the office key and its key id stay the same; docs/OPERATIONS.md)")


class KeyFileError(ValueError):
    """The office key file or an account is unusable; the message names the field."""


def _obj(value, where, fields):
    if not isinstance(value, dict):
        raise KeyFileError(f"{where} must be a JSON object")
    missing = [f for f in fields if f not in value]
    if missing:
        raise KeyFileError(f"{where} lacks {', '.join(missing)}")
    unknown = sorted(set(value) - set(fields))
    if unknown:
        raise KeyFileError(f"{where} has unknown field(s) {', '.join(u[:40] for u in unknown[:5])}")
    return value


def b64_bytes(value, length, where):
    """The bytes of canonical standard base64 (with padding) of exactly `length` bytes."""
    if not isinstance(value, str) or len(value) > 4 * (length + 2) // 3 + 4:
        raise KeyFileError(f"{where} must be the base64 of {length} bytes")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError(f"{where} must be the base64 of {length} bytes") from None
    if len(raw) != length or base64.b64encode(raw).decode() != value:
        raise KeyFileError(f"{where} must be the base64 of {length} bytes")
    return raw


def validate_int(value, low, high, where):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise KeyFileError(f"{where} must be an integer from {low} to {high}")
    return value


def key_id_of(public_key_b64):
    """BLAKE2b with 8 bytes of output over the 32-byte public key, as lowercase hex."""
    return hashlib.blake2b(base64.b64decode(public_key_b64), digest_size=8).hexdigest()


def validate_name(name, where="name"):
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise KeyFileError(f"{where} must be 1..64 of a-z 0-9 . _ - starting with a letter or digit")
    return name


def validate_kdf(kdf, where="kdf"):
    _obj(kdf, where, ("alg", "salt", "opslimit", "memlimit"))
    if kdf["alg"] != KDF_ALG:
        raise KeyFileError(f"{where}.alg must be {KDF_ALG}")
    b64_bytes(kdf["salt"], SALT_BYTES, f"{where}.salt")
    validate_int(kdf["opslimit"], OPSLIMIT_MIN, OPSLIMIT_MAX, f"{where}.opslimit")
    validate_int(kdf["memlimit"], MEMLIMIT_MIN, MEMLIMIT_MAX, f"{where}.memlimit")
    return dict(kdf)


def validate_wrapped_secret_key(wrapped, where="wrapped_secret_key"):
    _obj(wrapped, where, ("alg", "nonce", "ciphertext"))
    if wrapped["alg"] != WRAP_ALG:
        raise KeyFileError(f"{where}.alg must be {WRAP_ALG}")
    b64_bytes(wrapped["nonce"], NONCE_BYTES, f"{where}.nonce")
    b64_bytes(wrapped["ciphertext"], KEY_BYTES + MAC_BYTES, f"{where}.ciphertext")
    return dict(wrapped)


def validate_token_hash(value, where="login_token_sha256"):
    """64 hex digits (upper case tolerated), returned in lower case."""
    if not isinstance(value, str) or not HEX64_RE.fullmatch(value.lower()):
        raise KeyFileError(f"{where} must be 64 hex digits")
    return value.lower()


def validate_wrap(value, where="office_key_wrap"):
    """A crypto_box_seal of a 32-byte secret key: base64 of 80 bytes."""
    b64_bytes(value, SEAL_BYTES, where)
    return value


def validate_office_key(key, where="office_key"):
    """{"key_id", "public_key"} whose key id really is the public key's."""
    _obj(key, where, ("key_id", "public_key"))
    key_id = key["key_id"].lower() if isinstance(key["key_id"], str) else None
    if key_id is None or not KEY_ID_RE.fullmatch(key_id):
        raise KeyFileError(f"{where}.key_id must be 16 hex digits")
    b64_bytes(key["public_key"], KEY_BYTES, f"{where}.public_key")
    if key_id_of(key["public_key"]) != key_id:
        raise KeyFileError(f"{where}.key_id is not the BLAKE2b-8 of its public key")
    return {"key_id": key_id, "public_key": key["public_key"]}


def validate_account(account, where="account"):
    """An account as in the key file (and POST /api/staff/accounts): the contract's seven fields,
    each checked; returns a clean copy."""
    _obj(account, where, ACCOUNT_FIELDS)
    name = validate_name(account["name"], f"{where}.name")
    where = f"staff member {name}" if where == "account" else where
    if account["role"] not in ROLES:
        raise KeyFileError(f"{where}: role must be admin or intake")
    b64_bytes(account["public_key"], KEY_BYTES, f"{where}: public_key")
    return {
        "name": name, "role": account["role"], "public_key": account["public_key"],
        "kdf": validate_kdf(account["kdf"], f"{where}: kdf"),
        "wrapped_secret_key": validate_wrapped_secret_key(account["wrapped_secret_key"], f"{where}: wrapped_secret_key"),
        "login_token_sha256": validate_token_hash(account["login_token_sha256"], f"{where}: login_token_sha256"),
        "office_key_wrap": validate_wrap(account["office_key_wrap"], f"{where}: office_key_wrap"),
    }


def parse_office_file(data):
    """A parsed key file (dict) -> {"version": 2, "key_id", "public_key", "staff": [account]}."""
    if not isinstance(data, dict):
        raise KeyFileError("the office key file must hold a JSON object")
    if data.get("version", 1) == 1:
        raise KeyFileError(MIGRATE_HINT)
    if data.get("version") != 2:
        raise KeyFileError("unsupported office key file version (this server reads version 2)")
    _obj(data, "the office key file", ("version", "key_id", "public_key", "staff"))
    office = validate_office_key({"key_id": data["key_id"], "public_key": data["public_key"]}, "the office key")
    staff = data["staff"]
    if not isinstance(staff, list) or not 1 <= len(staff) <= MAX_STAFF:
        raise KeyFileError(f"staff must be a list of 1..{MAX_STAFF} accounts")
    accounts = [validate_account(a, f"staff[{i}]") for i, a in enumerate(staff)]
    names = [a["name"] for a in accounts]
    if len(set(names)) != len(names):
        raise KeyFileError("staff names must be unique")
    if not any(a["role"] == "admin" for a in accounts):
        raise KeyFileError("staff must include at least one admin")
    return {"version": 2, **office, "staff": accounts}


def load_office_file(path):
    try:
        with open(path, "rb") as f:
            data = json.loads(f.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise KeyFileError(f"not valid JSON: {str(e)[:80]}") from None
    return parse_office_file(data)


def ensure_imported(store, config):
    """First start: import the key file into the empty store. Later starts: the store is the
    truth and the file is only compared (a warning if its key is unknown to the store)."""
    path = config.key_path
    keys = store.office_keys()
    if keys is None:
        try:
            office = load_office_file(path)
        except FileNotFoundError:
            raise KeyFileError(f"{path} not found and the store has no office key yet. Create it with "
                               f"anlaufstelle-keygen --out {path} --staff NAME:admin") from None
        except OSError as e:
            raise KeyFileError(f"cannot read {path}: {e.strerror}") from None
        except KeyFileError as e:
            raise KeyFileError(f"cannot use {path}: {e}") from None
        if store.import_office(office):
            log.info("imported the office key file: key %s, %d staff account(s)", office["key_id"], len(office["staff"]))
        forget(store)
        return store.office_keys()
    try:
        with open(path, "rb") as f:
            file_key_id = json.loads(f.read().decode("utf-8")).get("key_id")
    except (OSError, ValueError, AttributeError):
        return keys
    known = {keys["current"]["key_id"]} | {k["key_id"] for k in keys.get("retired", [])}
    if file_key_id not in known:
        log.warning("%s names a key the store does not know; the store is used (it is the truth "
                    "after the first start)", path)
    return keys


# -- the accepted key ids, cached briefly ------------------------------------------------------

_cache = {}  # id(store) -> (monotonic time, office_keys dict)
_cache_lock = threading.Lock()


def _office_keys(store):
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(id(store))
        if hit is not None and now - hit[0] < CACHE_SECONDS and hit[2] is store:
            return hit[1]
    keys = store.office_keys()
    if keys is None:
        raise KeyFileError("the store has no office key")
    with _cache_lock:
        _cache[id(store)] = (now, keys, store)
    return keys


def forget(store):
    """Drop the cached keys (after a rotation in this process)."""
    with _cache_lock:
        _cache.pop(id(store), None)


def current_office_key(store):
    current = _office_keys(store)["current"]
    return {"key_id": current["key_id"], "public_key": current["public_key"]}


def accepted_key_ids(store):
    keys = _office_keys(store)
    ids = [keys["current"]["key_id"]] + [k["key_id"] for k in keys.get("retired", [])]
    return frozenset(bytes.fromhex(i) for i in ids)
