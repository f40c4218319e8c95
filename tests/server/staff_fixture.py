"""Staff accounts and office keys built in Python from the protocol v2 text alone (PyNaCl), so the
server tests do not depend on the C++ keygen, and a mismatch between the two shows up in the
cross-checks of tests/core and tests/e2e instead of being copied.

    office = make_office(tmpdir, [("admin", "admin", "correct horse battery"), ("worker", "intake", None)])
    office.path                      # tmpdir/office-key.json (v2)
    office.key_id, office.public_key # current office key (hex, base64)
    office.secret_key                # nacl.public.PrivateKey of the office
    s = office.staff["worker"]
    s.login_token_b64                # what the browser sends to POST /api/staff/session
    s.passphrase, s.account          # the account dict as in the key file
    unwrap_office_key(s.account, s.passphrase) == bytes(office.secret_key)

A passphrase of None is generated. The costs are the contract's lowest (opslimit 3, memlimit
64 MiB), which are also the defaults: ~0.2 s of Argon2id per account. `make_office` derives an
account's passphrase, salt and Argon2id output once per test process for each (name, role,
passphrase) and reuses them in later offices (every office still has its own office key, and
each account its own key pair and wraps): the servers under test see real, valid accounts, and
a test that is about salts or derivation calls `make_staff` or `derive`, which always compute.

Used by tests/server/test_staff_auth.py and test_keys.py; H-ui and the lead may reuse it.
Needs /usr/bin/python3 (Debian's python3-nacl).
"""

import base64
import hashlib
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field

import nacl.bindings as sodium
import nacl.pwhash
from nacl.public import PrivateKey, PublicKey, SealedBox

OPSLIMIT, MEMLIMIT = 3, 64 * 1024 * 1024
STAFF_KEY_AD = b"anlaufstelle-staff-key-v2"
ALPHABET = "abcdefghjkmnpqrstvwxyz23456789"


def b64(data):
    return base64.b64encode(data).decode()


def key_id_of(public_key_bytes):
    return hashlib.blake2b(public_key_bytes, digest_size=8).hexdigest()


def generated_passphrase():
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(6))


def derive(passphrase, salt, opslimit=OPSLIMIT, memlimit=MEMLIMIT):
    """(wrapping_key, login_token): the two halves of Argon2id over the NFC passphrase."""
    out = nacl.pwhash.argon2id.kdf(64, unicodedata.normalize("NFC", passphrase).encode(), salt,
                                   opslimit=opslimit, memlimit=memlimit)
    return out[:32], out[32:]


@dataclass
class Staff:
    name: str
    role: str
    passphrase: str
    login_token: bytes
    staff_key: PrivateKey
    account: dict

    @property
    def login_token_b64(self):
        return b64(self.login_token)


@dataclass
class Office:
    path: str
    secret_key: PrivateKey
    staff: dict = field(default_factory=dict)
    retired: list = field(default_factory=list)  # older office PrivateKeys, newest first

    @property
    def public_key(self):
        return b64(bytes(self.secret_key.public_key))

    @property
    def key_id(self):
        return key_id_of(bytes(self.secret_key.public_key))


_derived = {}  # make_office's (name, role, passphrase, costs) -> (passphrase, salt, wrapping key, login token)


def _passphrase_and_kdf(name, role, passphrase, opslimit, memlimit, reuse):
    key = (name, role, passphrase, opslimit, memlimit)
    if reuse and key in _derived:
        return _derived[key]
    passphrase = passphrase or generated_passphrase()
    salt = os.urandom(16)
    value = (passphrase, salt, *derive(passphrase, salt, opslimit, memlimit))
    if reuse:
        _derived[key] = value
    return value


def make_staff(name, role, passphrase, office_secret_key, opslimit=OPSLIMIT, memlimit=MEMLIMIT, reuse=False):
    """One account (as in the key file) plus its secrets. `reuse`: see the module's docstring."""
    passphrase, salt, wrapping_key, login_token = _passphrase_and_kdf(name, role, passphrase, opslimit, memlimit, reuse)
    staff_key = PrivateKey.generate()
    staff_pk = bytes(staff_key.public_key)
    nonce = os.urandom(24)
    ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes(staff_key), STAFF_KEY_AD + staff_pk, nonce, wrapping_key)
    account = {
        "name": name, "role": role, "public_key": b64(staff_pk),
        "kdf": {"alg": "argon2id13", "salt": b64(salt), "opslimit": opslimit, "memlimit": memlimit},
        "wrapped_secret_key": {"alg": "xchacha20poly1305-ietf", "nonce": b64(nonce), "ciphertext": b64(ciphertext)},
        "login_token_sha256": hashlib.sha256(login_token).hexdigest(),
        "office_key_wrap": b64(SealedBox(staff_key.public_key).encrypt(bytes(office_secret_key))),
    }
    return Staff(name, role, passphrase, login_token, staff_key, account)


def make_office(directory, staff, opslimit=OPSLIMIT, memlimit=MEMLIMIT, file_name="office-key.json"):
    """Write DIRECTORY/office-key.json (v2) for [(name, role, passphrase or None)]; returns Office."""
    office = Office(os.path.join(directory, file_name), PrivateKey.generate())
    for name, role, passphrase in staff:
        office.staff[name] = make_staff(name, role, passphrase, office.secret_key, opslimit, memlimit, reuse=True)
    data = {"version": 2, "key_id": office.key_id, "public_key": office.public_key,
            "staff": [s.account for s in office.staff.values()]}
    os.makedirs(directory, exist_ok=True)
    with open(office.path, "w") as f:
        json.dump(data, f, indent=1)
    return office


def unwrap_staff_key(account, passphrase):
    salt = base64.b64decode(account["kdf"]["salt"])
    wrapping_key, _ = derive(passphrase, salt, account["kdf"]["opslimit"], account["kdf"]["memlimit"])
    wrapped = account["wrapped_secret_key"]
    staff_pk = base64.b64decode(account["public_key"])
    sk = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        base64.b64decode(wrapped["ciphertext"]), STAFF_KEY_AD + staff_pk, base64.b64decode(wrapped["nonce"]),
        wrapping_key)
    assert sodium.crypto_scalarmult_base(sk) == staff_pk
    return PrivateKey(sk)


def unwrap_office_key(account, passphrase, office_key_wrap=None):
    """The office secret key bytes a staff member opens (from their wrap, or a given one)."""
    staff_key = unwrap_staff_key(account, passphrase)
    return SealedBox(staff_key).decrypt(base64.b64decode(office_key_wrap or account["office_key_wrap"]))


def rotation_body(office, current_key_id=None, accounts=None):
    """A POST /api/staff/office-keys body for a new office key; updates `office` in place
    (the old key goes to office.retired). `accounts`: {name: public_key b64} (default: office.staff)."""
    new_key = PrivateKey.generate()
    accounts = accounts or {name: s.account["public_key"] for name, s in office.staff.items()}
    staff_wraps = {name: b64(SealedBox(PublicKey(base64.b64decode(pk))).encrypt(bytes(new_key)))
                   for name, pk in accounts.items()}
    older = [office.secret_key] + office.retired
    retired_wraps = {key_id_of(bytes(k.public_key)): b64(SealedBox(new_key.public_key).encrypt(bytes(k)))
                     for k in older}
    body = {"expected_current_key_id": current_key_id or office.key_id,
            "office_key": {"key_id": key_id_of(bytes(new_key.public_key)), "public_key": b64(bytes(new_key.public_key))},
            "staff_wraps": staff_wraps, "retired_wraps": retired_wraps}
    office.retired.insert(0, office.secret_key)
    office.secret_key = new_key
    for name, wrap in staff_wraps.items():
        if name in office.staff:
            office.staff[name].account["office_key_wrap"] = wrap
    return body


def make_envelope(key_id_hex, plaintext_len=100):
    """A structurally valid envelope of random bytes sealed (by header) to `key_id_hex`."""
    chunks = max(1, -(-plaintext_len // 65536))
    header = b"ANLS" + bytes([1, 0]) + bytes.fromhex(key_id_hex) + os.urandom(80) + (1).to_bytes(2, "little")
    part = bytes([1, 0]) + plaintext_len.to_bytes(8, "little") + os.urandom(24)
    return header + part + os.urandom(plaintext_len + 17 * chunks)
