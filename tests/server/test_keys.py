"""server/keys.py: the office key file v2 is validated field by field, a v1 file names the
migration command, the import happens once into an empty store, and the accepted key ids are
the current one plus every retired one."""

import base64
import copy
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))
import staff_fixture  # noqa: E402
from server import keys  # noqa: E402


class MemoryStore:
    """Just the office-key part of the Store interface, in memory."""

    def __init__(self):
        self.office, self.imports = None, 0

    def office_keys(self):
        if self.office is None:
            return None
        return {"current": {"key_id": self.office["key_id"], "public_key": self.office["public_key"]},
                "retired": list(self.office.get("retired", []))}

    def import_office(self, office):
        if self.office is not None:
            return False
        self.office, self.imports = copy.deepcopy(office), self.imports + 1
        return True


class KeyFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.office = staff_fixture.make_office(cls.tmp.name, [("anna", "admin", None), ("ben.k", "intake", None)])
        with open(cls.office.path) as f:
            cls.data = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check(self, mutate, message):
        data = copy.deepcopy(self.data)
        mutate(data)
        with self.assertRaises(keys.KeyFileError) as e:
            keys.parse_office_file(data)
        self.assertIn(message, str(e.exception))

    def test_valid_file(self):
        office = keys.load_office_file(self.office.path)
        self.assertEqual(office["key_id"], self.office.key_id)
        self.assertEqual([a["name"] for a in office["staff"]], ["anna", "ben.k"])
        self.assertEqual(office["staff"][1], self.office.staff["ben.k"].account)

    def test_v1_file_names_the_migration(self):
        v1 = {"version": 1, "key_id": self.data["key_id"], "public_key": self.data["public_key"],
              "kdf": self.data["staff"][0]["kdf"], "wrapped_secret_key": self.data["staff"][0]["wrapped_secret_key"],
              "staff_token_sha256": "0" * 64}
        for data in (v1, {k: v for k, v in v1.items() if k != "version"}):
            with self.assertRaises(keys.KeyFileError) as e:
                keys.parse_office_file(data)
            self.assertIn("anlaufstelle-keygen --migrate-v1", str(e.exception))

    def test_refusals(self):
        b64 = staff_fixture.b64
        cases = [
            (lambda d: d.update(version=3), "version"),
            (lambda d: d.update(key_id="00" * 8), "BLAKE2b"),
            (lambda d: d.update(key_id="xyz"), "16 hex"),
            (lambda d: d.update(public_key=b64(os.urandom(31))), "base64 of 32"),
            (lambda d: d.update(extra=1), "unknown field"),
            (lambda d: d.update(staff=[]), "1..1000"),
            (lambda d: d["staff"].append(copy.deepcopy(d["staff"][0])), "unique"),
            (lambda d: d["staff"][0].update(role="intake"), "at least one admin"),
            (lambda d: d["staff"][1].update(role="root"), "role"),
            (lambda d: d["staff"][1].update(name="Ben"), "name"),
            (lambda d: d["staff"][1].update(name=".ben"), "name"),
            (lambda d: d["staff"][1].update(name="b" * 65), "name"),
            (lambda d: d["staff"][1].pop("office_key_wrap"), "lacks office_key_wrap"),
            (lambda d: d["staff"][1].update(totp_secret="X"), "unknown field"),
            (lambda d: d["staff"][1].update(office_key_wrap=b64(os.urandom(79))), "office_key_wrap"),
            (lambda d: d["staff"][1].update(public_key=b64(os.urandom(33))), "public_key"),
            (lambda d: d["staff"][1].update(login_token_sha256="g" * 64), "login_token_sha256"),
            (lambda d: d["staff"][1]["kdf"].update(alg="argon2i13"), "kdf.alg"),
            (lambda d: d["staff"][1]["kdf"].update(salt=b64(os.urandom(15))), "salt"),
            (lambda d: d["staff"][1]["kdf"].update(opslimit=2), "opslimit"),
            (lambda d: d["staff"][1]["kdf"].update(opslimit=11), "opslimit"),
            (lambda d: d["staff"][1]["kdf"].update(opslimit=True), "opslimit"),
            (lambda d: d["staff"][1]["kdf"].update(memlimit=64 * 1024 * 1024 - 1), "memlimit"),
            (lambda d: d["staff"][1]["kdf"].update(memlimit=256 * 1024 * 1024 + 1), "memlimit"),
            (lambda d: d["staff"][1]["wrapped_secret_key"].update(alg="aes"), "wrapped_secret_key.alg"),
            (lambda d: d["staff"][1]["wrapped_secret_key"].update(nonce=b64(os.urandom(12))), "nonce"),
            (lambda d: d["staff"][1]["wrapped_secret_key"].update(ciphertext=b64(os.urandom(32))), "ciphertext"),
            # non-canonical base64: missing padding, and padding bits set
            (lambda d: d["staff"][1]["kdf"].update(salt=d["staff"][1]["kdf"]["salt"].rstrip("=")), "salt"),
            (lambda d: d["staff"][1]["kdf"].update(salt=d["staff"][1]["kdf"]["salt"][:-3] + "B=="), "salt"),
        ]
        for mutate, message in cases:
            with self.subTest(message=message):
                self.check(mutate, message)

    def test_bounds_match_the_contract(self):
        self.assertEqual((keys.OPSLIMIT_MIN, keys.OPSLIMIT_MAX), (3, 10))
        self.assertEqual((keys.MEMLIMIT_MIN, keys.MEMLIMIT_MAX), (64 << 20, 256 << 20))
        data = copy.deepcopy(self.data)
        data["staff"][1]["kdf"].update(opslimit=10, memlimit=256 << 20)
        keys.parse_office_file(data)

    def test_upper_case_hex_is_normalised(self):
        data = copy.deepcopy(self.data)
        data["key_id"] = data["key_id"].upper()
        data["staff"][0]["login_token_sha256"] = data["staff"][0]["login_token_sha256"].upper()
        office = keys.parse_office_file(data)
        self.assertEqual(office["key_id"], self.office.key_id)
        self.assertEqual(office["staff"][0]["login_token_sha256"], self.data["staff"][0]["login_token_sha256"])

    def test_not_json(self):
        path = os.path.join(self.tmp.name, "broken.json")
        Path(path).write_bytes(b"{\"version\": 2,")
        with self.assertRaises(keys.KeyFileError):
            keys.load_office_file(path)


class Import(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.config = SimpleNamespace(key_path=os.path.join(self.tmp.name, "office-key.json"))

    def test_missing_file_names_keygen(self):
        with self.assertRaises(keys.KeyFileError) as e:
            keys.ensure_imported(MemoryStore(), self.config)
        self.assertIn("anlaufstelle-keygen --out", str(e.exception))

    def test_imports_once_then_the_store_is_the_truth(self):
        office = staff_fixture.make_office(self.tmp.name, [("anna", "admin", None)])
        store = MemoryStore()
        self.assertEqual(keys.ensure_imported(store, self.config)["current"]["key_id"], office.key_id)
        # a different file later: ignored with a warning, store unchanged
        other = staff_fixture.make_office(self.tmp.name, [("zoe", "admin", None)])
        with self.assertLogs("anlaufstelle", "WARNING"):
            keys.ensure_imported(store, self.config)
        self.assertEqual(store.imports, 1)
        self.assertEqual(store.office["key_id"], office.key_id)
        self.assertNotEqual(other.key_id, office.key_id)

    def test_bad_file_is_refused_before_import(self):
        staff_fixture.make_office(self.tmp.name, [("anna", "admin", None)])
        data = json.loads(Path(self.config.key_path).read_text())
        data["staff"][0]["kdf"]["opslimit"] = 1
        Path(self.config.key_path).write_text(json.dumps(data))
        store = MemoryStore()
        with self.assertRaises(keys.KeyFileError) as e:
            keys.ensure_imported(store, self.config)
        self.assertIn("opslimit", str(e.exception))
        self.assertIsNone(store.office)


class AcceptedKeys(unittest.TestCase):
    def test_current_and_retired_cached_briefly(self):
        store = MemoryStore()
        store.office = {"key_id": "aa" * 8, "public_key": "P", "retired": [{"key_id": "bb" * 8, "public_key": "Q", "wrap": "W"}]}
        self.assertEqual(keys.accepted_key_ids(store), {bytes.fromhex("aa" * 8), bytes.fromhex("bb" * 8)})
        self.assertEqual(keys.current_office_key(store), {"key_id": "aa" * 8, "public_key": "P"})
        store.office["key_id"] = "cc" * 8
        self.assertEqual(keys.current_office_key(store)["key_id"], "aa" * 8)  # cached
        with mock.patch("time.monotonic", return_value=10 ** 9):
            self.assertEqual(keys.current_office_key(store)["key_id"], "cc" * 8)
        store.office["key_id"] = "dd" * 8
        keys.forget(store)
        self.assertEqual(keys.current_office_key(store)["key_id"], "dd" * 8)


class Fixture(unittest.TestCase):
    """The fixture itself follows the contract: the passphrase opens the office key."""

    def test_unwrap_and_rotation(self):
        with tempfile.TemporaryDirectory() as tmp:
            office = staff_fixture.make_office(tmp, [("anna", "admin", "ein langer Satz mit Umlaut ä")])
            anna = office.staff["anna"]
            self.assertEqual(staff_fixture.unwrap_office_key(anna.account, anna.passphrase), bytes(office.secret_key))
            # NFD spelling of the same passphrase derives the same keys
            import unicodedata
            nfd = unicodedata.normalize("NFD", anna.passphrase)
            self.assertNotEqual(nfd, anna.passphrase)
            self.assertEqual(staff_fixture.unwrap_office_key(anna.account, nfd), bytes(office.secret_key))
            old = bytes(office.secret_key)
            body = staff_fixture.rotation_body(office)
            new = staff_fixture.unwrap_office_key(anna.account, anna.passphrase, body["staff_wraps"]["anna"])
            self.assertEqual(new, bytes(office.secret_key))
            from nacl.public import PrivateKey, SealedBox
            retired = SealedBox(PrivateKey(new)).decrypt(base64.b64decode(body["retired_wraps"][staff_fixture.key_id_of(
                bytes(PrivateKey(old).public_key))]))
            self.assertEqual(retired, old)
            keys.validate_office_key(body["office_key"])
            for wrap in list(body["staff_wraps"].values()) + list(body["retired_wraps"].values()):
                keys.validate_wrap(wrap)


if __name__ == "__main__":
    unittest.main()
