"""Independent opener for Anlaufstelle case items (envelope version 2), written from
docs/PROTOCOL.md ("Cases") only.

Uses PyNaCl (Debian's python3-nacl) and nothing from src/. The vector (tests/vectors/cases-v2.json,
printed by `anlaufstelle-keygen --test-vector-cases`) holds a case code with its salt and one item
of each kind: the office's request, the applicant's document and question, the staff reply with
an attachment, a status, and two items for the office alone. Run from the repository root:

    /usr/bin/python3 -m unittest discover -s tests/protocol -v
"""

import base64
import hashlib
import json
import os
import struct
import unittest

import nacl.bindings as sodium
from nacl.exceptions import CryptoError

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
VECTOR_PATH = os.path.join(ROOT, "tests", "vectors", "cases-v2.json")

# --- constants from docs/PROTOCOL.md ---------------------------------------------------------
MAGIC = b"ANLS"
VERSION = 2
RECIPIENT_LEN = 88          # key id (8) + crypto_box_seal(K) (80)
MAX_RECIPIENTS = 8
PART_HEADER_LEN = 34
CHUNK_LEN = 65536
ABYTES = 17
TYPE_ATTACHMENT = 2
TYPE_ITEM_DOCUMENT = 3
TAG_MESSAGE = 0
TAG_FINAL = 3
MIN_PADDED = 1024
OFFICE_ONLY = {"note", "internal_status"}


class EnvelopeError(Exception):
    """Malformed, not for this key, or tampered with."""


def key_id(public_key: bytes) -> bytes:
    return sodium.crypto_generichash_blake2b_salt_personal(public_key, digest_size=8)


def padme(length: int) -> int:
    """Padmé as PROTOCOL.md words it: E = floor(log2 L), S = floor(log2 E) + 1, L rounded up to a
    multiple of 2^(E - S)."""
    e = length.bit_length() - 1
    s = e.bit_length()          # floor(log2 E) + 1
    step = 1 << max(e - s, 0)
    return -(-length // step) * step


def padded_length(data_len: int) -> int:
    return max(MIN_PADDED, padme(data_len + 1))


def unpad(padded: bytes) -> bytes:
    body = padded.rstrip(b"\x00")
    if not body or body[-1] != 0x80:
        raise EnvelopeError("bad padding")
    return body[:-1]


def parse_header(envelope: bytes):
    """Returns (header bytes, [(key id, sealed key)], part count)."""
    if len(envelope) < 8:
        raise EnvelopeError("truncated")
    magic, version, flags, count, reserved = struct.unpack("<4sBBBB", envelope[:8])
    if magic != MAGIC or version != VERSION or flags != 0 or reserved != 0:
        raise EnvelopeError("not an envelope v2")
    if not 1 <= count <= MAX_RECIPIENTS:
        raise EnvelopeError("recipient count %d" % count)
    header_len = 8 + RECIPIENT_LEN * count + 2
    if len(envelope) < header_len:
        raise EnvelopeError("truncated header")
    recipients = []
    for r in range(count):
        at = 8 + RECIPIENT_LEN * r
        recipients.append((envelope[at:at + 8], envelope[at + 8:at + RECIPIENT_LEN]))
    if len({kid for kid, _ in recipients}) != count:
        raise EnvelopeError("repeated key id")
    (part_count,) = struct.unpack("<H", envelope[header_len - 2:header_len])
    if part_count < 1:
        raise EnvelopeError("no parts")
    return envelope[:header_len], recipients, part_count


def open_part(envelope: bytes, header: bytes, pos: int, index: int, k: bytes):
    """Returns (type, padded plaintext, position after the part)."""
    if len(envelope) - pos < PART_HEADER_LEN:
        raise EnvelopeError("part %d: truncated part header" % index)
    part_header = envelope[pos:pos + PART_HEADER_LEN]
    ptype, reserved, plaintext_len = struct.unpack("<BBQ", part_header[:10])
    if ptype != (TYPE_ITEM_DOCUMENT if index == 0 else TYPE_ATTACHMENT) or reserved != 0:
        raise EnvelopeError("part %d: type %d" % (index, ptype))
    chunks = max(1, -(-plaintext_len // CHUNK_LEN))
    pos += PART_HEADER_LEN
    if len(envelope) - pos < plaintext_len + ABYTES * chunks:
        raise EnvelopeError("part %d: truncated" % index)
    ad = header + struct.pack("<H", index) + part_header[:10]
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, part_header[10:], k)
    out, remaining = [], plaintext_len
    for c in range(chunks):
        clen = min(CHUNK_LEN, remaining) + ABYTES
        try:
            msg, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, envelope[pos:pos + clen], ad)
        except CryptoError as e:
            raise EnvelopeError("part %d chunk %d: authentication failed" % (index, c)) from e
        if tag != (TAG_FINAL if c == chunks - 1 else TAG_MESSAGE):
            raise EnvelopeError("part %d chunk %d: tag %d" % (index, c, tag))
        out.append(msg)
        remaining -= len(msg)
        pos += clen
    return ptype, b"".join(out), pos


def open_item(envelope: bytes, public_key: bytes, secret_key: bytes):
    """Returns (item document, [attachment bytes]); raises EnvelopeError."""
    header, recipients, part_count = parse_header(envelope)
    mine = [sealed for kid, sealed in recipients if kid == key_id(public_key)]
    if not mine:
        raise EnvelopeError("not sealed to this key")
    try:
        k = sodium.crypto_box_seal_open(mine[0], public_key, secret_key)
    except CryptoError as e:
        raise EnvelopeError("the sealed key does not open") from e
    parts, pos = [], len(header)
    for i in range(part_count):
        _, padded, pos = open_part(envelope, header, pos, i, k)
        data = unpad(padded)
        if len(padded) != padded_length(len(data)):
            raise EnvelopeError("part %d: not padded to its bucket" % i)
        parts.append(data)
    if pos != len(envelope):
        raise EnvelopeError("trailing bytes")
    document = json.loads(parts[0].decode("utf-8"))
    return document, parts[1:]


def canonical_json(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


class CaseVectorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(VECTOR_PATH, encoding="utf-8") as f:
            cls.v = json.load(f)
        cls.office_pk, cls.office_sk = b64(cls.v["office"]["public_key"]), b64(cls.v["office"]["secret_key"])
        cls.case_pk, cls.case_sk = b64(cls.v["case"]["public_key"]), b64(cls.v["case"]["secret_key"])

    def item(self, author, type_):
        return next(i for i in self.v["items"] if i["author"] == author and i["document"]["type"] == type_)

    def test_the_case_code_derives_the_case_keys_and_token(self):
        c = self.v["case"]
        self.assertEqual(c["code"], c["locator"] + "-" + c["secret"])
        self.assertEqual(c["kdf"], {"alg": "argon2id13", "opslimit": 3, "memlimit": 33554432})
        out = sodium.crypto_pwhash_alg(96, c["secret"].encode("ascii"), b64(c["salt"]), 3, 33554432,
                                       sodium.crypto_pwhash_ALG_ARGON2ID13)
        pk, sk = sodium.crypto_box_seed_keypair(out[:32])
        self.assertEqual(pk, self.case_pk)
        self.assertEqual(sk, self.case_sk)
        self.assertEqual(out[32:64].hex(), c["draft_key_hex"])
        self.assertEqual(base64.urlsafe_b64encode(out[64:]).rstrip(b"=").decode(), c["token"])
        self.assertEqual(hashlib.sha256(out[64:]).hexdigest(), c["token_sha256"])
        self.assertEqual(key_id(pk).hex(), c["key_id"])
        self.assertEqual(key_id(self.office_pk).hex(), self.v["office"]["key_id"])

    def test_the_applicant_message_opens_for_the_office(self):
        item = self.item("applicant", "message")
        document, files = open_item(b64(item["envelope"]), self.office_pk, self.office_sk)
        self.assertEqual(document, item["document"])
        self.assertEqual(canonical_json(document), b64(item["document_bytes"]))
        self.assertIn("Monatslohn", document["text"])
        self.assertEqual(files, [])

    def test_the_staff_reply_and_its_attachment_open_for_the_applicant(self):
        item = self.item("office", "message")
        document, files = open_item(b64(item["envelope"]), self.case_pk, self.case_sk)
        self.assertEqual(document, item["document"])
        self.assertEqual(len(files), 1)
        self.assertEqual(files[0], b64(item["attachments"][0]["data"]))
        self.assertEqual(document["attachments"], [{"part": 1, "name": "Merkblatt Einkommen.txt",
                                                    "media_type": "text/plain", "size": len(files[0])}])

    def test_a_document_of_several_chunks_answers_its_request(self):
        item = self.item("applicant", "document")
        document, files = open_item(b64(item["envelope"]), self.office_pk, self.office_sk)
        self.assertEqual(files[0], bytes((0x13 + i) % 256 for i in range(70000)))
        self.assertEqual(document["attachments"][0]["size"], 70000)
        self.assertRegex(document["request"], r"^[0-9a-f]{32}$")
        request, _ = open_item(b64(self.item("office", "request")["envelope"]), self.case_pk, self.case_sk)
        self.assertEqual(request["due"], "2026-12-20")

    def test_every_item_opens_with_the_office_key_and_with_the_case_key_only_when_it_is_the_cases(self):
        for item in self.v["items"]:
            envelope = b64(item["envelope"])
            document, _ = open_item(envelope, self.office_pk, self.office_sk)
            self.assertEqual(document, item["document"])
            _, recipients, _ = parse_header(envelope)
            self.assertEqual([kid.hex() for kid, _ in recipients], item["recipient_key_ids"])
            office_only = document["type"] in OFFICE_ONLY
            self.assertEqual(item["audience"], "office" if office_only else "case")
            if office_only:
                self.assertEqual(len(recipients), 1)
                with self.assertRaises(EnvelopeError):
                    open_item(envelope, self.case_pk, self.case_sk)
            else:
                self.assertEqual(open_item(envelope, self.case_pk, self.case_sk)[0], document)

    def test_lengths_on_the_wire_are_buckets(self):
        # 70000 + 1: E = 16, S = 5, a multiple of 2^11 = 2048: 35 × 2048
        self.assertEqual([padded_length(n) for n in (0, 1023, 1024, 70000)], [1024, 1024, 1088, 71680])
        for item in self.v["items"]:
            self.assertGreaterEqual(len(b64(item["envelope"])), 8 + 88 + 2 + 34 + 1024 + 17)

    def test_tampering_and_truncation_are_refused(self):
        envelope = b64(self.item("office", "message")["envelope"])
        for at in (9, 8 + 88 * 2 + 2 + 5, len(envelope) - 1):   # a key id, a part header, the last tag
            damaged = bytearray(envelope)
            damaged[at] ^= 1
            with self.assertRaises(EnvelopeError):
                open_item(bytes(damaged), self.case_pk, self.case_sk)
        with self.assertRaises(EnvelopeError):
            open_item(envelope[:-1], self.case_pk, self.case_sk)
        stranger_pk, stranger_sk = sodium.crypto_box_keypair()
        with self.assertRaises(EnvelopeError):
            open_item(envelope, stranger_pk, stranger_sk)


if __name__ == "__main__":
    unittest.main()
