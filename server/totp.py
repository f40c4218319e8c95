"""One-time passwords for the staff second factor: HOTP (RFC 4226) and TOTP (RFC 6238).

Why our own forty lines instead of a package: the algorithm is tiny, Debian has no maintained
TOTP module we could depend on, and the RFC vectors (tests/server/test_totp.py) pin it exactly.

Choices, and why:
- SHA-1, 6 digits, 30 s steps by default: the only combination every authenticator app reads
  from an otpauth:// URI. SHA-256 and SHA-512 are implemented (RFC 6238 allows them and its
  Appendix B vectors cover them) but not offered to staff.
- Secrets are 20 random bytes (160 bits, RFC 4226 section 4 R6), shown as base32 without padding.
- `verify` accepts the step before and after the current one (RFC 6238 section 5.2 allows a
  small window for clock drift and typing time) and refuses any step at or before the last step
  already accepted for the account, so a code seen over a shoulder cannot be replayed, not even
  within the same 30 s. The caller stores the returned step with the account.
"""

import base64
import hashlib
import hmac
import re
import secrets
import struct
import time
from urllib.parse import quote, urlencode

DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
DEFAULT_DIGITS = 6
DEFAULT_STEP = 30
SECRET_BYTES = 20
_BASE32_RE = re.compile(r"[A-Z2-7]+=*")


def hotp(key, counter, digits=DEFAULT_DIGITS, digest="sha1"):
    """RFC 4226 section 5.3: HMAC, dynamic truncation to 31 bits, the last `digits` decimals."""
    if not 6 <= digits <= 10:
        raise ValueError("digits must be 6..10")
    if counter < 0 or counter >= 1 << 64:
        raise ValueError("counter must fit in 8 unsigned bytes")
    mac = hmac.new(key, struct.pack(">Q", counter), DIGESTS[digest]).digest()
    offset = mac[-1] & 0x0F
    binary = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(binary % 10 ** digits).zfill(digits)


def time_step(unix_seconds, step=DEFAULT_STEP, t0=0):
    """RFC 6238 section 4.2: T = floor((now - T0) / X)."""
    return int((unix_seconds - t0) // step)


def totp(key, unix_seconds, digits=DEFAULT_DIGITS, digest="sha1", step=DEFAULT_STEP, t0=0):
    return hotp(key, time_step(unix_seconds, step, t0), digits, digest)


def new_secret():
    """A fresh base32 secret (no padding), as authenticator apps expect it."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def decode_secret(secret_b32):
    """Key bytes from base32; case, spaces and missing padding are tolerated. ValueError if bad."""
    text = re.sub(r"[\s-]", "", str(secret_b32)).upper()
    if not text or not _BASE32_RE.fullmatch(text):
        raise ValueError("not a base32 secret")
    text = text.rstrip("=")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def otpauth_uri(secret_b32, account_name, issuer="Anlaufstelle"):
    """The Key Uri Format authenticator apps scan: otpauth://totp/Issuer:name?secret=...&issuer=..."""
    label = quote(f"{issuer}:{account_name}", safe="")
    query = urlencode({"secret": secret_b32, "issuer": issuer, "algorithm": "SHA1",
                       "digits": DEFAULT_DIGITS, "period": DEFAULT_STEP})
    return f"otpauth://totp/{label}?{query}"


def verify(secret_b32, code, now=None, last_step=None, window=1, digits=DEFAULT_DIGITS,
           digest="sha1", step=DEFAULT_STEP):
    """The time step `code` belongs to, or None if it is wrong, malformed or already used.

    Steps current-window .. current+window are tried (every candidate is computed and compared
    in constant time, so timing does not reveal which one matched); steps <= `last_step` are
    refused (replay). Store the returned step as the account's new last step.
    """
    if not isinstance(code, str) or len(code) != digits or not code.isascii() or not code.isdigit():
        return None
    try:
        key = decode_secret(secret_b32)
    except ValueError:
        return None
    current = time_step(time.time() if now is None else now, step)
    accepted = None
    for candidate in range(current - window, current + window + 1):
        if candidate < 0:
            continue
        match = hmac.compare_digest(hotp(key, candidate, digits, digest), code)
        if match and (last_step is None or candidate > last_step) and accepted is None:
            accepted = candidate
    return accepted
