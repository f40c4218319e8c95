"""Independent reader of protocol v2 (staff accounts and office keys), from docs/PROTOCOL.md only.

Uses PyNaCl (Debian's python3-nacl) and nothing from src/. It takes the vector
tests/vectors/staff-keys-v2.json from a passphrase down to the answers of a submission:
passphrase (NFC) -> Argon2id -> wrapping key + login token -> staff secret key -> office key
wrap -> current office key -> retired office key -> envelope -> answers document.

    /usr/bin/python3 -m unittest discover -s tests/protocol -p 'test_*.py' -v
"""

import base64
import hashlib
import json
import os
import sys
import unicodedata
import unittest

import nacl.bindings as sodium
import nacl.hash
import nacl.pwhash
from nacl.encoding import RawEncoder
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_open_vector import EnvelopeError, open_envelope, parse_header  # noqa: E402  (the v1 envelope reader)

VECTOR_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors", "staff-keys-v2.json")

# --- constants from docs/PROTOCOL.md, "Staff accounts and office keys (version 2)" ------------
STAFF_KEY_AD_PREFIX = b"anlaufstelle-staff-key-v2"
WRAP_ALG = "xchacha20poly1305-ietf"
KDF_ALG = "argon2id13"
OPSLIMIT_MIN, OPSLIMIT_MAX = 3, 10
MEMLIMIT_MIN, MEMLIMIT_MAX = 64 << 20, 256 << 20
SEALED_KEY_LEN = 80
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class KeyError_(Exception):
    """A key, a wrap or a keyring does not open or does not match what it claims."""


def b64(s: str) -> bytes:
    return base64.b64decode(s, validate=True)


def key_id(public_key: bytes) -> str:
    """BLAKE2b with an 8-byte output, no key, over the 32-byte public key; 16 lowercase hex."""
    return nacl.hash.blake2b(public_key, digest_size=8, encoder=RawEncoder).hex()


def check_kdf(kdf: dict):
    if kdf["alg"] != KDF_ALG:
        raise KeyError_("kdf %r" % kdf["alg"])
    if not (OPSLIMIT_MIN <= kdf["opslimit"] <= OPSLIMIT_MAX and MEMLIMIT_MIN <= kdf["memlimit"] <= MEMLIMIT_MAX):
        raise KeyError_("Argon2id costs outside the bounds")
    if len(b64(kdf["salt"])) != 16:
        raise KeyError_("salt is not 16 bytes")


def derive(passphrase: str, kdf: dict):
    """Returns (wrapping_key, login_token) from the passphrase as typed (any normal form)."""
    check_kdf(kdf)
    nfc = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    out = nacl.pwhash.argon2id.kdf(64, nfc, b64(kdf["salt"]), opslimit=kdf["opslimit"], memlimit=kdf["memlimit"])
    return out[:32], out[32:]


def unwrap_staff_secret(staff_key: dict, wrapping_key: bytes) -> bytes:
    """staff_key = {"public_key","kdf","wrapped_secret_key"}; returns the staff secret key."""
    pk = b64(staff_key["public_key"])
    w = staff_key["wrapped_secret_key"]
    if w["alg"] != WRAP_ALG or len(pk) != 32:
        raise KeyError_("malformed staff key")
    try:
        sk = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            b64(w["ciphertext"]), STAFF_KEY_AD_PREFIX + pk, b64(w["nonce"]), wrapping_key)
    except CryptoError as e:
        raise KeyError_("wrong passphrase or tampered wrapped key") from e
    if len(sk) != 32 or sodium.crypto_scalarmult_base(sk) != pk:
        raise KeyError_("the secret key does not belong to the public key")
    return sk


def open_sealed_key(wrap: str, recipient_sk: bytes, expected_key_id: str):
    """crypto_box_seal of an office secret key; returns (pk, sk) after checking its key id."""
    sealed = b64(wrap)
    if len(sealed) != SEALED_KEY_LEN:
        raise KeyError_("a key wrap is 80 bytes")
    try:
        sk = SealedBox(PrivateKey(recipient_sk)).decrypt(sealed)
    except CryptoError as e:
        raise KeyError_("the wrap does not open") from e
    pk = sodium.crypto_scalarmult_base(sk)
    if key_id(pk) != expected_key_id:
        raise KeyError_("the wrapped key is not the office key named")
    return pk, sk


def open_keyring(session: dict, staff_sk: bytes) -> dict:
    """{key_id: (pk, sk)} of the current and every retired office key."""
    current = session["office_key"]
    pk, sk = open_sealed_key(session["office_key_wrap"], staff_sk, current["key_id"])
    if pk != b64(current["public_key"]):
        raise KeyError_("current public key mismatch")
    ring = {current["key_id"]: (pk, sk)}
    for r in session.get("retired_keys", []):
        if r["key_id"] in ring:
            raise KeyError_("duplicate key id")
        rpk, rsk = open_sealed_key(r["wrap"], sk, r["key_id"])   # sealed to the current office key
        if rpk != b64(r["public_key"]):
            raise KeyError_("retired public key mismatch")
        ring[r["key_id"]] = (rpk, rsk)
    return ring


def open_with_keyring(envelope: bytes, ring: dict):
    kid = parse_header(envelope)[0].hex()
    if kid not in ring:
        raise EnvelopeError("sealed to a key not in the keyring")
    return open_envelope(envelope, *ring[kid])


def flip(s: str, i: int) -> str:
    b = bytearray(b64(s))
    b[i % len(b)] ^= 1
    return base64.b64encode(bytes(b)).decode()


class StaffKeysV2Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(VECTOR_PATH, encoding="utf-8") as f:
            cls.v = json.load(f)
        cls.derived = {}
        for s, account in zip(cls.v["staff"], cls.v["key_file"]["staff"]):
            cls.derived[s["name"]] = derive(s["passphrase"], account["kdf"])

    def staff(self, i):
        return self.v["staff"][i], self.v["key_file"]["staff"][i]

    def test_office_keys(self):
        for which in ("retired", "current"):
            k = self.v["office_keys"][which]
            pk, sk = sodium.crypto_box_seed_keypair(bytes.fromhex(k["seed_hex"]))
            self.assertEqual(pk, b64(k["public_key"]))
            self.assertEqual(sk, b64(k["secret_key"]))
            self.assertEqual(key_id(pk), k["key_id"])
            self.assertEqual(key_id(pk), hashlib.blake2b(pk, digest_size=8).hexdigest())

    def test_key_file_shape(self):
        kf = self.v["key_file"]
        self.assertEqual(kf["version"], 2)
        self.assertEqual(kf["key_id"], key_id(b64(kf["public_key"])))
        self.assertEqual(kf["key_id"], self.v["office_keys"]["retired"]["key_id"])
        self.assertEqual(kf["staff"][0]["role"], "admin")
        fields = {"name", "role", "public_key", "kdf", "wrapped_secret_key", "login_token_sha256", "office_key_wrap"}
        for account in kf["staff"]:
            self.assertEqual(set(account), fields)
            self.assertTrue(1 <= len(account["name"]) <= 64 and set(account["name"]) <= NAME_CHARS)
            self.assertIn(account["role"], ("admin", "intake"))
            self.assertEqual(len(b64(account["wrapped_secret_key"]["nonce"])), 24)
            self.assertEqual(len(b64(account["wrapped_secret_key"]["ciphertext"])), 48)
            self.assertEqual(len(b64(account["office_key_wrap"])), 80)
            check_kdf(account["kdf"])
        # No secret key in the file in any encoding.
        text = json.dumps(kf)
        for s in self.v["staff"]:
            self.assertNotIn(s["secret_key"], text)
        for k in self.v["office_keys"].values():
            self.assertNotIn(k["secret_key"], text)
            self.assertNotIn(b64(k["secret_key"]).hex(), text)

    def test_derivation(self):
        for i in range(len(self.v["staff"])):
            s, account = self.staff(i)
            wrapping_key, login_token = self.derived[s["name"]]
            self.assertEqual(wrapping_key.hex(), s["wrapping_key_hex"])
            self.assertEqual(login_token.hex(), s["login_token_hex"])
            self.assertEqual(hashlib.sha256(login_token).hexdigest(), account["login_token_sha256"])
            self.assertEqual(s["login_token_sha256"], account["login_token_sha256"])

    def test_nfd_spelling_derives_the_same(self):
        s, account = self.staff(0)
        self.assertNotEqual(s["passphrase_nfd"].encode(), s["passphrase"].encode())
        self.assertEqual(derive(s["passphrase_nfd"], account["kdf"]), self.derived[s["name"]])

    def test_counted_in_code_points(self):
        for s in self.v["staff"]:
            nfc = unicodedata.normalize("NFC", s["passphrase"])
            self.assertGreaterEqual(len(nfc), 12)
            self.assertGreaterEqual(len(set(nfc)), 5)

    def test_staff_secret_keys(self):
        for i in range(len(self.v["staff"])):
            s, account = self.staff(i)
            sk = unwrap_staff_secret(account, self.derived[s["name"]][0])
            self.assertEqual(sk, b64(s["secret_key"]))
            self.assertEqual(sodium.crypto_box_seed_keypair(bytes.fromhex(s["seed_hex"]))[1], sk)

    def test_wrong_passphrase(self):
        s, account = self.staff(0)
        wrong, token = derive(s["passphrase"] + "!", account["kdf"])
        self.assertNotEqual(hashlib.sha256(token).hexdigest(), account["login_token_sha256"])
        with self.assertRaises(KeyError_):
            unwrap_staff_secret(account, wrong)

    def test_tampered_staff_key(self):
        s, account = self.staff(0)
        wk = self.derived[s["name"]][0]
        for field, i in (("ciphertext", 0), ("ciphertext", 47), ("nonce", 3)):
            t = json.loads(json.dumps(account))
            t["wrapped_secret_key"][field] = flip(t["wrapped_secret_key"][field], i)
            with self.assertRaises(KeyError_):
                unwrap_staff_secret(t, wk)
        t = dict(account, public_key=self.v["key_file"]["staff"][1]["public_key"])
        with self.assertRaises(KeyError_):
            unwrap_staff_secret(t, wk)

    def test_key_file_wraps_open_the_retired_key(self):
        for i in range(len(self.v["staff"])):
            s, account = self.staff(i)
            pk, sk = open_sealed_key(account["office_key_wrap"], b64(s["secret_key"]), self.v["key_file"]["key_id"])
            self.assertEqual(sk, b64(self.v["office_keys"]["retired"]["secret_key"]))

    def test_rotation_body(self):
        r = self.v["rotation"]
        current = self.v["office_keys"]["current"]
        retired = self.v["office_keys"]["retired"]
        self.assertEqual(r["expected_current_key_id"], retired["key_id"])
        self.assertEqual(r["office_key"], {"key_id": current["key_id"], "public_key": current["public_key"]})
        self.assertEqual(set(r["staff_wraps"]), {s["name"] for s in self.v["staff"]})
        for s in self.v["staff"]:
            _, sk = open_sealed_key(r["staff_wraps"][s["name"]], b64(s["secret_key"]), current["key_id"])
            self.assertEqual(sk, b64(current["secret_key"]))
        self.assertEqual(set(r["retired_wraps"]), {retired["key_id"]})
        _, old = open_sealed_key(r["retired_wraps"][retired["key_id"]], b64(current["secret_key"]), retired["key_id"])
        self.assertEqual(old, b64(retired["secret_key"]))

    def test_whole_chain_to_the_answers(self):
        """Login as the first staff member with nothing but the passphrase and the session body."""
        session = self.v["session"]
        s = self.v["staff"][0]
        wrapping_key, _ = derive(s["passphrase_nfd"], session["staff_key"]["kdf"])
        staff_sk = unwrap_staff_secret(session["staff_key"], wrapping_key)
        ring = open_keyring(session, staff_sk)
        self.assertEqual(set(ring), {k["key_id"] for k in self.v["office_keys"].values()})
        for e in self.v["envelopes"]:
            env = b64(e["envelope"])
            self.assertEqual(parse_header(env)[0].hex(), e["key_id"])
            parts = open_with_keyring(env, ring)
            self.assertEqual(parts, [(p["type"], b64(p["plaintext"])) for p in e["parts"]])
            doc = json.loads(parts[0][1])
            self.assertEqual(doc["form"], "social-assistance")
            self.assertEqual(doc["answers"]["first_name"], "Zoë")
            self.assertEqual(len(doc["attachments"]), len(parts) - 1)
        # One envelope is sealed to the retired key: old cases stay readable after a rotation.
        self.assertIn(self.v["office_keys"]["retired"]["key_id"], [e["key_id"] for e in self.v["envelopes"]])

    def test_tampered_keyring(self):
        session = self.v["session"]
        sk = b64(self.v["staff"][0]["secret_key"])
        t = json.loads(json.dumps(session))
        t["retired_keys"][0]["wrap"] = flip(t["retired_keys"][0]["wrap"], 40)
        with self.assertRaises(KeyError_):
            open_keyring(t, sk)
        t = json.loads(json.dumps(session))
        t["office_key"]["key_id"] = session["retired_keys"][0]["key_id"]
        with self.assertRaises(KeyError_):
            open_keyring(t, sk)
        # Another staff member's secret key does not open this member's wrap.
        with self.assertRaises(KeyError_):
            open_keyring(session, b64(self.v["staff"][1]["secret_key"]))

    def test_removed_member_cannot_open_the_new_key(self):
        # A member whose account is gone keeps at most the key file's old wrap; it names the retired key.
        s, account = self.staff(1)
        with self.assertRaises(KeyError_):
            open_sealed_key(account["office_key_wrap"], b64(s["secret_key"]), self.v["office_keys"]["current"]["key_id"])


if __name__ == "__main__":
    unittest.main()
