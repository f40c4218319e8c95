"""Independent opener for Anlaufstelle envelopes, written from docs/PROTOCOL.md only.

Uses PyNaCl (Debian's python3-nacl) and nothing from src/. The vector holds one application of
assets/forms/social-assistance.json as the app sends it; its answers document is checked against
that form definition (docs/FORMS.md, "Questions": what each type is submitted as). Run from the
repository root:

    /usr/bin/python3 -m unittest discover -s tests/protocol -v
    (or: /usr/bin/python3 tests/protocol/test_open_vector.py -v)
"""

import base64
import datetime
import hashlib
import json
import os
import struct
import unittest

import nacl.bindings as sodium
from nacl.exceptions import CryptoError

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VECTOR_PATH = os.path.join(ROOT, "tests", "vectors", "envelope-v1.json")

# --- constants from docs/PROTOCOL.md ---------------------------------------------------------
MAGIC = b"ANLS"
VERSION = 1
HEADER_LEN = 96
SEALED_LEN = 80
PART_HEADER_LEN = 34
CHUNK_LEN = 65536
ABYTES = 17
TYPE_ANSWERS = 1
TYPE_ATTACHMENT = 2
TAG_MESSAGE = 0
TAG_FINAL = 3
KEY_WRAP_AD_PREFIX = b"anlaufstelle-office-key-v1"

assert ABYTES == sodium.crypto_secretstream_xchacha20poly1305_ABYTES
assert TAG_MESSAGE == sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
assert TAG_FINAL == sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
assert sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES == 24
assert sodium.crypto_box_SEALBYTES + 32 == SEALED_LEN


class EnvelopeError(Exception):
    """The envelope is malformed, not for this key, or has been tampered with."""


# --- opener ----------------------------------------------------------------------------------
def key_id(public_key: bytes) -> bytes:
    """Office key id: BLAKE2b (crypto_generichash), 8-byte output, no key, over the public key."""
    return sodium.crypto_generichash_blake2b_salt_personal(public_key, digest_size=8)


def parse_header(envelope: bytes):
    """Parse and check the 96-byte envelope header. Returns (key_id, sealed_key, part_count)."""
    if len(envelope) < HEADER_LEN:
        raise EnvelopeError("shorter than the envelope header")
    magic, version, flags, kid, sealed, part_count = struct.unpack("<4sBB8s80sH", envelope[:HEADER_LEN])
    if magic != MAGIC:
        raise EnvelopeError("bad magic")
    if version != VERSION:
        raise EnvelopeError("unsupported version %d" % version)
    if flags != 0:
        raise EnvelopeError("unknown flags 0x%02x" % flags)
    if part_count < 1:
        raise EnvelopeError("no parts")
    return kid, sealed, part_count


def chunk_count(plaintext_len: int) -> int:
    return max(1, -(-plaintext_len // CHUNK_LEN))


def open_part(envelope: bytes, offset: int, index: int, k: bytes):
    """Open part `index` starting at `offset`. Returns (type, plaintext, offset after the part)."""
    if len(envelope) - offset < PART_HEADER_LEN:
        raise EnvelopeError("part %d: truncated part header" % index)
    part_header = envelope[offset:offset + PART_HEADER_LEN]
    ptype, reserved, plaintext_len = struct.unpack("<BBQ", part_header[:10])
    ss_header = part_header[10:34]
    expected_type = TYPE_ANSWERS if index == 0 else TYPE_ATTACHMENT
    if ptype != expected_type:
        raise EnvelopeError("part %d: type %d, expected %d" % (index, ptype, expected_type))
    if reserved != 0:
        raise EnvelopeError("part %d: reserved byte is not zero" % index)

    n_chunks = chunk_count(plaintext_len)
    pos = offset + PART_HEADER_LEN
    if len(envelope) - pos < plaintext_len + ABYTES * n_chunks:
        raise EnvelopeError("part %d: truncated stream" % index)

    # Associated data: envelope header || index (uint16 LE) || part header bytes 0..9.
    ad = envelope[:HEADER_LEN] + struct.pack("<H", index) + part_header[:10]
    assert len(ad) == 108

    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, ss_header, k)
    except CryptoError as e:
        raise EnvelopeError("part %d: bad stream header" % index) from e

    out = []
    remaining = plaintext_len
    for c in range(n_chunks):
        clen = min(CHUNK_LEN, remaining) + ABYTES
        chunk = envelope[pos:pos + clen]
        try:
            msg, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, chunk, ad)
        except CryptoError as e:
            raise EnvelopeError("part %d chunk %d: authentication failed" % (index, c)) from e
        last = c == n_chunks - 1
        if tag != (TAG_FINAL if last else TAG_MESSAGE):
            raise EnvelopeError("part %d chunk %d: unexpected tag %d" % (index, c, tag))
        out.append(msg)
        remaining -= len(msg)
        pos += clen
    plaintext = b"".join(out)
    if len(plaintext) != plaintext_len:
        raise EnvelopeError("part %d: length mismatch" % index)
    return ptype, plaintext, pos


def open_envelope(envelope: bytes, office_pk: bytes, office_sk: bytes):
    """Open a whole envelope. Returns [(type, plaintext), ...]."""
    kid, sealed, part_count = parse_header(envelope)
    if kid != key_id(office_pk):
        raise EnvelopeError("envelope is for another office key")
    try:
        k = sodium.crypto_box_seal_open(sealed, office_pk, office_sk)
    except CryptoError as e:
        raise EnvelopeError("cannot open the sealed submission key") from e
    if len(k) != sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES:
        raise EnvelopeError("submission key has the wrong length")
    parts = []
    pos = HEADER_LEN
    for i in range(part_count):
        ptype, plaintext, pos = open_part(envelope, pos, i, k)
        parts.append((ptype, plaintext))
    if pos != len(envelope):
        raise EnvelopeError("%d trailing bytes after the last part" % (len(envelope) - pos))
    return parts


# --- office key file -------------------------------------------------------------------------
def derive_from_passphrase(passphrase: str, kdf: dict) -> bytes:
    if kdf["alg"] != "argon2id13":
        raise ValueError("unsupported kdf %r" % kdf["alg"])
    return sodium.crypto_pwhash_alg(
        64, passphrase.encode("utf-8"), base64.b64decode(kdf["salt"]),
        kdf["opslimit"], kdf["memlimit"], sodium.crypto_pwhash_ALG_ARGON2ID13)


def unwrap_secret_key(key_file: dict, passphrase: str):
    """Returns (secret key, staff token). Raises CryptoError on a wrong passphrase."""
    out = derive_from_passphrase(passphrase, key_file["kdf"])
    wrapping_key, staff_token = out[:32], out[32:]
    wrapped = key_file["wrapped_secret_key"]
    if wrapped["alg"] != "xchacha20poly1305-ietf":
        raise ValueError("unsupported wrapping %r" % wrapped["alg"])
    ad = KEY_WRAP_AD_PREFIX + bytes.fromhex(key_file["key_id"])
    sk = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        base64.b64decode(wrapped["ciphertext"]), ad, base64.b64decode(wrapped["nonce"]), wrapping_key)
    return sk, staff_token


# --- tests -----------------------------------------------------------------------------------
def canonical_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def form_fields(form: dict):
    """The answerable questions of a form definition (docs/FORMS.md): ({id: question} outside
    repeats, {repeat id: {id: question}}). A group's questions sit beside its page's; a repeat (of a
    page or a group) keeps its questions under the repeat id. Info texts and groups answer nothing."""
    plain, repeats = {}, {}

    def add(questions, into):
        for q in questions:
            if q["type"] == "group":
                if "repeat" in q:
                    add(q["questions"], repeats.setdefault(q["repeat"]["id"], {}))
                else:
                    add(q["questions"], into)
            elif q["type"] != "info":
                into[q["id"]] = q

    for page in form["pages"]:
        add(page["questions"], repeats.setdefault(page["repeat"]["id"], {}) if "repeat" in page else plain)
    return plain, repeats


def flip(data: bytes, i: int) -> bytes:
    b = bytearray(data)
    b[i] ^= 0x01
    return bytes(b)


class VectorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(VECTOR_PATH, encoding="utf-8") as f:
            cls.v = json.load(f)
        cls.pk = base64.b64decode(cls.v["office_public_key"])
        cls.sk = base64.b64decode(cls.v["office_secret_key"])
        cls.env = base64.b64decode(cls.v["envelope"])
        cls.expected = [(p["type"], base64.b64decode(p["plaintext"])) for p in cls.v["parts"]]
        with open(os.path.join(ROOT, cls.v["submission"]["form"]), encoding="utf-8") as f:
            cls.form = json.load(f)

    def open(self, env):
        return open_envelope(env, self.pk, self.sk)

    # 1
    def test_key_id(self):
        self.assertEqual(len(self.pk), 32)
        self.assertEqual(key_id(self.pk).hex(), self.v["office_key_id"])
        self.assertEqual(key_id(self.pk), hashlib.blake2b(self.pk, digest_size=8).digest())
        self.assertEqual(parse_header(self.env)[0].hex(), self.v["office_key_id"])
        self.assertEqual(sodium.crypto_scalarmult_base(self.sk), self.pk)

    # 2
    def test_opens_to_listed_parts(self):
        self.assertEqual(self.open(self.env), self.expected)

    def test_vector_covers_multi_chunk_part(self):
        self.assertTrue(any(len(p) > CHUNK_LEN for _, p in self.expected))

    def test_answers_are_canonical_json(self):
        ptype, raw = self.open(self.env)[0]
        self.assertEqual(ptype, TYPE_ANSWERS)
        doc = json.loads(raw.decode("utf-8"))
        self.assertEqual(canonical_json(doc), raw)
        self.assertNotIn(b"\\u", raw)

        def check_sorted(o):
            if isinstance(o, dict):
                keys = [k.encode("utf-8") for k in o]
                self.assertEqual(keys, sorted(keys))
                for val in o.values():
                    check_sorted(val)
            elif isinstance(o, list):
                for val in o:
                    check_sorted(val)
        check_sorted(doc)
        for att in doc["attachments"]:
            ptype, data = self.expected[att["part"]]
            self.assertEqual(ptype, TYPE_ATTACHMENT)
            self.assertEqual(att["size"], len(data))

    def test_associated_data_is_required(self):
        # Part 1 opened as if it were at index 0, or pulled without AD, must fail.
        _, sealed, _ = parse_header(self.env)
        k = sodium.crypto_box_seal_open(sealed, self.pk, self.sk)
        _, _, part1_at = open_part(self.env, HEADER_LEN, 0, k)
        with self.assertRaises(EnvelopeError):
            open_part(self.env[:HEADER_LEN] + self.env[part1_at:], HEADER_LEN, 0, k)
        state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(
            state, self.env[HEADER_LEN + 10:HEADER_LEN + 34], k)
        with self.assertRaises(CryptoError):
            sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, self.env[HEADER_LEN + 34:HEADER_LEN + 34 + len(self.expected[0][1]) + ABYTES])

    def test_tag_rules(self):
        # Re-encrypt under the real K with wrong tags; the opener must refuse both.
        _, sealed, _ = parse_header(self.env)
        k = sodium.crypto_box_seal_open(sealed, self.pk, self.sk)
        header = self.env[:HEADER_LEN]

        def build(tags):
            body = bytearray(header)
            for i, (ptype, pt) in enumerate(self.expected):
                state = sodium.crypto_secretstream_xchacha20poly1305_state()
                ss = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, k)
                ph = struct.pack("<BBQ", ptype, 0, len(pt))
                ad = header + struct.pack("<H", i) + ph
                body += ph + ss
                n = chunk_count(len(pt))
                for c in range(n):
                    body += sodium.crypto_secretstream_xchacha20poly1305_push(
                        state, pt[c * CHUNK_LEN:(c + 1) * CHUNK_LEN], ad, tags(i, c, n))
            return bytes(body)

        good = build(lambda i, c, n: TAG_FINAL if c == n - 1 else TAG_MESSAGE)
        self.assertEqual(self.open(good), self.expected)
        with self.assertRaises(EnvelopeError):
            self.open(build(lambda i, c, n: TAG_MESSAGE))
        with self.assertRaises(EnvelopeError):
            self.open(build(lambda i, c, n: TAG_FINAL))

    def answers_document(self):
        ptype, raw = self.open(self.env)[0]
        self.assertEqual(ptype, TYPE_ANSWERS)
        return json.loads(raw.decode("utf-8"))

    def check_answer(self, q, value):
        """One submitted answer, in the form docs/FORMS.md gives its question's type."""
        t = q["type"]
        if t in ("text", "multiline"):
            self.assertIsInstance(value, str)
            self.assertTrue(value)
            self.assertEqual(value, value.strip())
        elif t in ("number", "money"):
            self.assertIs(type(value), int)
        elif t == "date":
            self.assertRegex(value, r"^\d{4}-\d{2}-\d{2}$")
            datetime.date.fromisoformat(value)
        elif t == "single_choice":
            self.assertIn(value, [o["id"] for o in q["options"]])
        elif t == "multiple_choice":
            ids = [o["id"] for o in q["options"]]
            self.assertTrue(value)
            self.assertEqual(value, [o for o in ids if o in value])  # definition order, no repeats
        elif t == "yes_no_unknown":
            self.assertIn(value, ("yes", "no", "unknown"))
        elif t == "document":
            self.assertTrue(value)
            self.assertTrue(all(isinstance(ref, str) for ref in value))
        else:
            self.fail("question %s of type %s has an answer" % (q["id"], t))

    def test_answers_document_is_an_application_of_its_form(self):
        form = self.form
        doc = self.answers_document()
        self.assertEqual(doc["form"], form["id"])
        self.assertEqual(doc["form"], "social-assistance")
        self.assertEqual(doc["form_version"], form["version"])
        self.assertEqual(doc["language"], self.v["submission"]["language"])
        self.assertEqual(set(doc), {"form", "form_version", "language", "answers", "attachments"})
        plain, repeats = form_fields(form)
        for key, value in doc["answers"].items():
            with self.subTest(answer=key):
                if key in repeats:
                    self.assertIsInstance(value, list)
                    for item in value:
                        for qid, answer in item.items():
                            self.assertIn(qid, repeats[key])
                            self.check_answer(repeats[key][qid], answer)
                else:
                    self.assertIn(key, plain)
                    self.check_answer(plain[key], value)

    def test_answers_are_normalised_and_only_the_visible_ones(self):
        answers = self.answers_document()["answers"]
        self.assertEqual(answers["first_name"], "Zoë")
        self.assertEqual(answers["last_name"], "Müller-Ağaoğlu")
        self.assertEqual(answers["birth_date"], "1990-04-01")  # typed 01.04.1990
        self.assertEqual(answers["rent_amount"], 145050)  # typed 1'450.50: cents
        self.assertEqual(answers["employment_status"], ["employed"])
        self.assertEqual(answers["message"], "Ich brauche Hilfe mit der Miete.\nጤና ይስጥልኝ")
        self.assertEqual(answers["household"], [{"member_birth_date": "2015-05-03", "member_in_school": "yes",
                                                 "member_name": "Ana", "member_relation": "child"}])
        # Asked only of the self-employed, and of household members who are not children.
        self.assertNotIn("self_employed_income", answers)
        self.assertNotIn("member_has_income", answers["household"][0])

    def test_each_document_file_is_an_attachment_part(self):
        doc = self.answers_document()
        parts = self.open(self.env)
        attachments = doc["attachments"]
        self.assertEqual(len(attachments), len(parts) - 1)
        plain, _ = form_fields(self.form)
        listed = {(qid, ref) for qid, value in doc["answers"].items()
                  if qid in plain and plain[qid]["type"] == "document" for ref in value}
        self.assertEqual({(a["question"], a["ref"]) for a in attachments}, listed)
        for i, a in enumerate(attachments):
            ptype, data = parts[a["part"]]
            self.assertEqual(a["part"], i + 1)
            self.assertEqual(ptype, TYPE_ATTACHMENT)
            self.assertEqual(a["size"], len(data))
        self.assertEqual([(a["question"], a["name"], a["media_type"]) for a in attachments],
                         [("id_document", "Ausweis Vorderseite.jpg", "image/jpeg"),
                          ("lease", "Mietvertrag März.pdf", "application/pdf")])

    # 3
    def test_tamper_header(self):
        for i in range(HEADER_LEN):
            with self.subTest(byte=i):
                with self.assertRaises(EnvelopeError):
                    self.open(flip(self.env, i))

    def test_tamper_sealed_key(self):
        for i in (14, 14 + 40, 14 + SEALED_LEN - 1):
            with self.subTest(byte=i):
                with self.assertRaises(EnvelopeError):
                    self.open(flip(self.env, i))

    def test_tamper_part_headers(self):
        part1_at = HEADER_LEN + PART_HEADER_LEN + len(self.expected[0][1]) + ABYTES
        for base in (HEADER_LEN, part1_at):
            for i in range(PART_HEADER_LEN):
                with self.subTest(part_at=base, byte=i):
                    with self.assertRaises(EnvelopeError):
                        self.open(flip(self.env, base + i))

    def test_tamper_last_chunk(self):
        last_len = len(self.expected[-1][1]) % CHUNK_LEN + ABYTES
        for i in (len(self.env) - last_len, len(self.env) - last_len // 2, len(self.env) - 1):
            with self.subTest(byte=i):
                with self.assertRaises(EnvelopeError):
                    self.open(flip(self.env, i))

    def test_truncated(self):
        with self.assertRaises(EnvelopeError):
            self.open(self.env[:-1])

    def test_appended(self):
        with self.assertRaises(EnvelopeError):
            self.open(self.env + b"\x00")

    def test_wrong_office_key(self):
        other_pk, other_sk = sodium.crypto_box_keypair()
        with self.assertRaises(EnvelopeError):
            open_envelope(self.env, other_pk, other_sk)

    # 4
    def test_key_file(self):
        kf = self.v["key_file"]
        self.assertEqual(kf["version"], 1)
        self.assertEqual(kf["key_id"], self.v["office_key_id"])
        self.assertEqual(base64.b64decode(kf["public_key"]), self.pk)
        self.assertEqual(len(base64.b64decode(kf["kdf"]["salt"])), sodium.crypto_pwhash_SALTBYTES)
        sk, staff_token = unwrap_secret_key(kf, self.v["key_file_passphrase"])
        self.assertEqual(sk, self.sk)
        self.assertEqual(hashlib.sha256(staff_token).hexdigest(), kf["staff_token_sha256"])

    def test_key_file_wrong_passphrase(self):
        with self.assertRaises(CryptoError):
            unwrap_secret_key(self.v["key_file"], self.v["key_file_passphrase"] + "!")


if __name__ == "__main__":
    unittest.main()
