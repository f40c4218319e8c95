"""anlaufstelle-keygen as an office runs it: key files v2, passphrase rules, cost bounds, v1 migration.

Runs build/native/anlaufstelle-keygen (or $ANL_KEYGEN) and reads what it wrote with PyNaCl,
following docs/PROTOCOL.md (the readers of test_staff_keys_v2.py), not with the C++ code.

    /usr/bin/python3 -m unittest tests/protocol/test_keygen.py -v
"""

import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import unicodedata
import unittest

import nacl.bindings as sodium
import nacl.pwhash

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_open_vector import open_envelope  # noqa: E402
from test_staff_keys_v2 import KeyError_, derive, key_id, open_sealed_key, unwrap_staff_secret  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
KEYGEN = os.environ.get("ANL_KEYGEN", os.path.join(ROOT, "build", "native", "anlaufstelle-keygen"))
GENERATED = re.compile(r"^[abcdefghjkmnpqrstvwxyz2-9]{4}(-[abcdefghjkmnpqrstvwxyz2-9]{4}){5}$")

PASS_ADMIN = "Zoë grüßt die Tür 42"
PASS_NFD = unicodedata.normalize("NFD", PASS_ADMIN)
assert PASS_NFD != PASS_ADMIN


def keygen(*args, stdin=""):
    return subprocess.run([KEYGEN, *args], input=stdin.encode("utf-8"), capture_output=True, timeout=120,
                          cwd=ROOT)


def login_token_sha256(passphrase_bytes: bytes, kdf: dict) -> str:
    """SHA-256 of out[32..64] for exactly these bytes (no normalisation here)."""
    out = nacl.pwhash.argon2id.kdf(64, passphrase_bytes, base64.b64decode(kdf["salt"]),
                                   opslimit=kdf["opslimit"], memlimit=kdf["memlimit"])
    return hashlib.sha256(out[32:]).hexdigest()


def office_secret_from(key_file: dict, index: int, passphrase: str) -> bytes:
    account = key_file["staff"][index]
    staff_sk = unwrap_staff_secret(account, derive(passphrase, account["kdf"])[0])
    return open_sealed_key(account["office_key_wrap"], staff_sk, key_file["key_id"])[1]


class KeygenTest(unittest.TestCase):
    def setUp(self):
        if not os.access(KEYGEN, os.X_OK):
            self.fail("%s is not built (cmake --build build/native --target anlaufstelle-keygen)" % KEYGEN)
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def assert_refused(self, result, out_name, code=None):
        self.assertNotEqual(result.returncode, 0, result.stdout)
        if code is not None:
            self.assertEqual(result.returncode, code, result.stderr)
        self.assertFalse(os.path.exists(self.path(out_name)))
        self.assertEqual([f for f in os.listdir(self.dir.name) if ".tmp" in f], [])   # no temp file left

    def test_two_accounts_one_generated(self):
        out = self.path("office-key.json")
        r = keygen("--out", out, "--staff", "amira:admin", "--staff", "jonas.b:intake", stdin=PASS_ADMIN + "\n-\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"^passphrase for jonas\.b: (\S+)$", r.stdout.decode(), re.M)
        self.assertIsNotNone(m, r.stdout)
        generated = m.group(1)
        self.assertRegex(generated, GENERATED)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o600)
        self.assertEqual(os.listdir(self.dir.name), ["office-key.json"])   # no temp file left

        with open(out, encoding="utf-8") as f:
            kf = json.load(f)
        self.assertEqual(kf["version"], 2)
        self.assertEqual(kf["key_id"], key_id(base64.b64decode(kf["public_key"])))
        self.assertEqual([(a["name"], a["role"]) for a in kf["staff"]], [("amira", "admin"), ("jonas.b", "intake")])
        self.assertNotEqual(kf["staff"][0]["kdf"]["salt"], kf["staff"][1]["kdf"]["salt"])
        for a in kf["staff"]:
            self.assertEqual((a["kdf"]["opslimit"], a["kdf"]["memlimit"]), (3, 64 << 20))
        self.assertNotIn(generated, json.dumps(kf))
        # Both passphrases (the typed and the printed one) open the same office key.
        sk0 = office_secret_from(kf, 0, PASS_ADMIN)
        sk1 = office_secret_from(kf, 1, generated)
        self.assertEqual(sk0, sk1)
        self.assertEqual(sodium.crypto_scalarmult_base(sk0), base64.b64decode(kf["public_key"]))
        with self.assertRaises(KeyError_):
            office_secret_from(kf, 1, PASS_ADMIN)

    def test_nfd_and_nfc_give_the_same_login_token(self):
        for spelling in (PASS_ADMIN, PASS_NFD):
            with self.subTest(nfd=spelling == PASS_NFD):
                out = self.path("k-%d.json" % len(spelling))
                r = keygen("--out", out, "--staff", "amira:admin", stdin=spelling + "\r\n")
                self.assertEqual(r.returncode, 0, r.stderr)
                with open(out, encoding="utf-8") as f:
                    account = json.load(f)["staff"][0]
                # The browser derives from the NFC bytes; so must keygen, whatever was typed.
                nfc = unicodedata.normalize("NFC", spelling).encode("utf-8")
                self.assertEqual(login_token_sha256(nfc, account["kdf"]), account["login_token_sha256"])
                if spelling == PASS_NFD:
                    self.assertNotEqual(login_token_sha256(spelling.encode("utf-8"), account["kdf"]),
                                        account["login_token_sha256"])

    def test_weak_passphrases_refused(self):
        cases = {
            "short": "kurz",
            "eleven accented (22 bytes)": "ééééééééééé",
            "few distinct": "abababababababab",
            "contains the name": "Sommer-Amira-2024",
            "common": "Password1234",
            "not UTF-8": "abcdefghijkl\udcff",
            "empty": "",
        }
        for label, passphrase in cases.items():
            with self.subTest(label):
                data = passphrase.encode("utf-8", "surrogateescape")
                r = subprocess.run([KEYGEN, "--out", self.path("weak.json"), "--staff", "amira:admin"],
                                   input=data + b"\n", capture_output=True, timeout=60)
                self.assert_refused(r, "weak.json", 1)
                self.assertIn(b"passphrase for amira", r.stderr)
        # Twelve CJK characters are enough (36 bytes, but 12 characters).
        r = keygen("--out", self.path("cjk.json"), "--staff", "amira:admin", stdin="海に行きたいです、夏休み\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        # A second account's weak passphrase refuses the whole file.
        r = keygen("--out", self.path("two.json"), "--staff", "amira:admin", "--staff", "jonas:intake",
                   stdin=PASS_ADMIN + "\nshort\n")
        self.assert_refused(r, "two.json", 1)
        r = keygen("--out", self.path("none.json"), "--staff", "amira:admin", stdin="")
        self.assert_refused(r, "none.json", 1)

    def test_cost_bounds_refused(self):
        for args in (["--opslimit", "2"], ["--opslimit", "11"], ["--memlimit-mib", "63"], ["--memlimit-mib", "257"],
                     ["--memlimit-mib", "4096"], ["--opslimit", "three"], ["--opslimit", "-3"], ["--opslimit", ""]):
            with self.subTest(args=args):
                r = keygen("--out", self.path("costs.json"), "--staff", "amira:admin", *args, stdin=PASS_ADMIN + "\n")
                self.assert_refused(r, "costs.json", 2)
        r = keygen("--out", self.path("costs.json"), "--staff", "amira:admin", "--opslimit", "4", "--memlimit-mib", "80",
                   stdin=PASS_ADMIN + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.path("costs.json"), encoding="utf-8") as f:
            kdf = json.load(f)["staff"][0]["kdf"]
        self.assertEqual((kdf["opslimit"], kdf["memlimit"]), (4, 80 << 20))

    def test_arguments_refused(self):
        for args in (["--staff", "jonas:intake"],                       # the first must be an admin
                     ["--staff", "Amira:admin"], ["--staff", "amira"], ["--staff", "amira:root"],
                     ["--staff", "amira:admin", "--staff", "amira:intake"], []):
            with self.subTest(args=args):
                r = keygen("--out", self.path("args.json"), *args, stdin=PASS_ADMIN + "\n" + PASS_ADMIN + "\n")
                self.assert_refused(r, "args.json", 2)

    def test_never_overwrites(self):
        out = self.path("office-key.json")
        with open(out, "w") as f:
            f.write("keep me")
        r = keygen("--out", out, "--staff", "amira:admin", stdin=PASS_ADMIN + "\n")
        self.assertEqual(r.returncode, 1)
        with open(out) as f:
            self.assertEqual(f.read(), "keep me")

    def test_generate_passphrase(self):
        seen = set()
        for _ in range(5):
            r = keygen("--generate-passphrase")
            self.assertEqual(r.returncode, 0)
            p = r.stdout.decode().strip()
            self.assertRegex(p, GENERATED)
            seen.add(p)
        self.assertEqual(len(seen), 5)

    def printed_and_committed(self, flag, vector_file):
        """What `keygen flag` prints now, and the committed tests/vectors/vector_file."""
        r = keygen(flag)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(ROOT, "tests", "vectors", vector_file), encoding="utf-8") as f:
            return json.loads(r.stdout), json.load(f)

    def test_vector_v2_is_reproducible(self):
        # Everything but nonces and seals comes from seeds, fixed salts and known passphrases.
        fresh, committed = self.printed_and_committed("--test-vector-v2", "staff-keys-v2.json")
        self.assertEqual(fresh["office_keys"], committed["office_keys"])
        self.assertEqual(fresh["staff"], committed["staff"])
        for a, b in zip(fresh["key_file"]["staff"], committed["key_file"]["staff"]):
            for field in ("name", "role", "public_key", "kdf", "login_token_sha256"):
                self.assertEqual(a[field], b[field])
        self.assertEqual(fresh["envelopes"][0]["parts"], committed["envelopes"][0]["parts"])
        self.assertNotEqual(fresh["envelopes"][0]["envelope"], committed["envelopes"][0]["envelope"])

    def test_case_vector_is_reproducible(self):
        # The same office seed, code and salt: the same keys, token and item documents, sealed afresh.
        fresh, committed = self.printed_and_committed("--test-vector-cases", "cases-v2.json")
        self.assertEqual(fresh["office"], committed["office"])
        self.assertEqual(fresh["case"], committed["case"])
        for a, b in zip(fresh["items"], committed["items"], strict=True):
            for field in ("author", "audience", "document", "document_bytes", "attachments", "recipient_key_ids"):
                self.assertEqual(a[field], b[field], field)
            self.assertNotEqual(a["envelope"], b["envelope"])

    def test_vector_v1_is_reproducible(self):
        # The same seed, salt and application: the same keys and parts, in a freshly sealed envelope.
        fresh, committed = self.printed_and_committed("--test-vector", "envelope-v1.json")
        for field in ("office_key_seed_hex", "office_public_key", "office_secret_key", "submission", "parts"):
            self.assertEqual(fresh[field], committed[field], field)
        for field in ("key_id", "public_key", "kdf", "staff_token_sha256"):
            self.assertEqual(fresh["key_file"][field], committed["key_file"][field], field)
        self.assertNotEqual(fresh["envelope"], committed["envelope"])

    def test_migrate_v1(self):
        # A v1 key file from the v1 code path (the v1 vector), with its envelope.
        r = keygen("--test-vector")
        self.assertEqual(r.returncode, 0, r.stderr)
        v1 = json.loads(r.stdout)
        old = self.path("office-key-v1.json")
        with open(old, "w", encoding="utf-8") as f:
            json.dump(v1["key_file"], f)
        new = self.path("office-key.json")

        r = keygen("--migrate-v1", old, "--out", new, "--staff", "amira:admin",
                   stdin=v1["key_file_passphrase"] + "!\n" + PASS_ADMIN + "\n")
        self.assert_refused(r, "office-key.json", 1)
        self.assertIn(b"does not open", r.stderr)

        r = keygen("--migrate-v1", old, "--out", new, "--staff", "amira:admin", "--staff", "jonas:intake",
                   stdin=v1["key_file_passphrase"] + "\n" + PASS_NFD + "\n-\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        generated = re.search(r"^passphrase for jonas: (\S+)$", r.stdout.decode(), re.M).group(1)
        with open(new, encoding="utf-8") as f:
            kf = json.load(f)
        self.assertEqual(kf["version"], 2)
        self.assertEqual(kf["key_id"], v1["key_file"]["key_id"])
        self.assertEqual(kf["public_key"], v1["key_file"]["public_key"])
        sk = office_secret_from(kf, 0, PASS_ADMIN)
        self.assertEqual(sk, office_secret_from(kf, 1, generated))
        # The v1 passphrase-wrapped secret opens to the same key (v1 rules: ad = context || key id).
        out = nacl.pwhash.argon2id.kdf(64, v1["key_file_passphrase"].encode(), base64.b64decode(v1["key_file"]["kdf"]["salt"]),
                                       opslimit=v1["key_file"]["kdf"]["opslimit"], memlimit=v1["key_file"]["kdf"]["memlimit"])
        w = v1["key_file"]["wrapped_secret_key"]
        v1_sk = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            base64.b64decode(w["ciphertext"]), b"anlaufstelle-office-key-v1" + bytes.fromhex(v1["key_file"]["key_id"]),
            base64.b64decode(w["nonce"]), out[:32])
        self.assertEqual(v1_sk, sk)
        self.assertEqual(sk, base64.b64decode(v1["office_secret_key"]))
        # ...and the v1 envelope opens with the migrated keys.
        parts = open_envelope(base64.b64decode(v1["envelope"]), base64.b64decode(kf["public_key"]), sk)
        self.assertEqual(parts, [(p["type"], base64.b64decode(p["plaintext"])) for p in v1["parts"]])
        # The v2 file is not a v1 file.
        r = keygen("--migrate-v1", new, "--out", self.path("again.json"), "--staff", "amira:admin",
                   stdin=PASS_ADMIN + "\n" + PASS_ADMIN + "\n")
        self.assert_refused(r, "again.json", 1)

    def test_migrate_v1_with_costs_the_page_refuses(self):
        # The v1 keygen checked only the minimum: opslimit 11 was written and is refused now. The
        # migration still opens it, and the new file has costs inside the bounds.
        pk, sk = sodium.crypto_box_keypair()
        salt = os.urandom(16)
        passphrase = "ein altes gemeinsames Passwort"
        out = nacl.pwhash.argon2id.kdf(64, passphrase.encode(), salt, opslimit=11, memlimit=64 << 20)
        nonce = os.urandom(24)
        kid = key_id(pk)
        v1 = {"version": 1, "key_id": kid, "public_key": base64.b64encode(pk).decode(),
              "kdf": {"alg": "argon2id13", "salt": base64.b64encode(salt).decode(), "opslimit": 11, "memlimit": 64 << 20},
              "wrapped_secret_key": {"alg": "xchacha20poly1305-ietf", "nonce": base64.b64encode(nonce).decode(),
                                     "ciphertext": base64.b64encode(sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
                                         sk, b"anlaufstelle-office-key-v1" + bytes.fromhex(kid), nonce, out[:32])).decode()},
              "staff_token_sha256": hashlib.sha256(out[32:]).hexdigest()}
        old = self.path("v1.json")
        with open(old, "w") as f:
            json.dump(v1, f)
        r = keygen("--migrate-v1", old, "--out", self.path("v2.json"), "--staff", "amira:admin",
                   stdin=passphrase + "\n" + PASS_ADMIN + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.path("v2.json"), encoding="utf-8") as f:
            kf = json.load(f)
        self.assertEqual(kf["key_id"], kid)
        self.assertEqual(kf["staff"][0]["kdf"]["opslimit"], 3)
        self.assertEqual(office_secret_from(kf, 0, PASS_ADMIN), sk)


if __name__ == "__main__":
    unittest.main()
