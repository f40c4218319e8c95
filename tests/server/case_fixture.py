"""Cases and envelopes v2 for the server tests, built from the issue 11 contract alone (PyNaCl):

    case = Case.new()                        # a random key pair and token (the server never sees a code)
    body = seal_v2([office_pk, case.public_key], document, [attachment, ...])
    response, data = request("POST", "/api/cases", json.dumps(case.creation()), ...)
    case.auth()                              # {"Authorization": "Bearer <base64url>"}

`seal_v2` follows the contract's section 2 exactly: header "ANLS" 2 0 R 0, R x (key id, sealed
K), part count; each part padded (data, 0x80, zeros up to padded_len), split in 64 KiB chunks
of a secretstream with the whole header, the part index and the part header as associated data.
`open_v2` reverses it, so the tests check what they send. Needs /usr/bin/python3 (python3-nacl).
"""

import base64
import hashlib
import json
import os
import secrets
import struct
from dataclasses import dataclass

import nacl.bindings as sodium
from nacl.public import PrivateKey, PublicKey, SealedBox

ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CHUNK = 65536
TYPE_ITEM, TYPE_ATTACHMENT = 3, 2
MIN_PADDED = 1024


def key_id(public_key):
    return hashlib.blake2b(bytes(public_key), digest_size=8).digest()


def padme(length):
    """Padmé (Nikitin et al. 2019): keep floor(log2(E)) + 1 significant bits of the exponent E."""
    exponent = length.bit_length() - 1
    significant = exponent.bit_length()  # floor(log2(E)) + 1
    mask = (1 << (exponent - significant)) - 1
    return (length + mask) & ~mask


def padded_len(length):
    return MIN_PADDED if length <= MIN_PADDED else padme(length)


def pad(data):
    data = bytes(data) + b"\x80"
    return data + bytes(padded_len(len(data)) - len(data))


def unpad(data):
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise ValueError("the last non-zero byte is not 0x80")
    return end[:-1]


def new_locator():
    return "".join(secrets.choice(ALPHABET) for _ in range(4))


def _part(header, index, part_type, data, key, padded=True):
    plaintext = pad(data) if padded else bytes(data)
    part_head = struct.pack("<BBQ", part_type, 0, len(plaintext))
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    stream_header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    ad = header + struct.pack("<H", index) + part_head
    chunks = [plaintext[i:i + CHUNK] for i in range(0, len(plaintext), CHUNK)] or [b""]
    out = [part_head, stream_header]
    for n, chunk in enumerate(chunks):
        tag = (sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL if n == len(chunks) - 1
               else sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
        out.append(sodium.crypto_secretstream_xchacha20poly1305_push(state, chunk, ad, tag))
    return b"".join(out)


def seal_v2(recipients, document, attachments=(), types=None, padded=True):
    """An envelope v2 to `recipients` (32-byte public keys): part 0 the document (bytes or a
    dict, sent as canonical JSON), then the attachments. `types` overrides the part types;
    padded=False leaves the parts at their own length (which the server must refuse)."""
    if isinstance(document, dict):
        document = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    key = sodium.crypto_secretstream_xchacha20poly1305_keygen()
    header = b"ANLS" + bytes([2, 0, len(recipients), 0])
    for pk in recipients:
        header += key_id(pk) + SealedBox(PublicKey(bytes(pk))).encrypt(key)
    parts = [document, *attachments]
    header += struct.pack("<H", len(parts))
    types = types or [TYPE_ITEM] + [TYPE_ATTACHMENT] * len(attachments)
    return header + b"".join(_part(header, i, t, data, key, padded) for i, (t, data) in enumerate(zip(types, parts)))


def open_v2(envelope, secret_key):
    """[(type, data)] of an envelope v2 opened with `secret_key` (a PrivateKey among its recipients)."""
    count = envelope[6]
    header_len = 8 + 88 * count + 2
    header = envelope[:header_len]
    mine = key_id(secret_key.public_key)
    [sealed] = [header[8 + 88 * i + 8:8 + 88 * (i + 1)] for i in range(count) if header[8 + 88 * i:16 + 88 * i] == mine]
    key = SealedBox(secret_key).decrypt(sealed)
    pos, parts = header_len, []
    for index in range(struct.unpack("<H", header[-2:])[0]):
        part_type, _, length = struct.unpack("<BBQ", envelope[pos:pos + 10])
        ad = header + struct.pack("<H", index) + envelope[pos:pos + 10]
        state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, envelope[pos + 10:pos + 34], key)
        pos += 34
        plaintext = b""
        while len(plaintext) < length:  # padded: never empty
            size = min(CHUNK, length - len(plaintext)) + 17
            chunk, _ = sodium.crypto_secretstream_xchacha20poly1305_pull(state, envelope[pos:pos + size], ad)
            plaintext += chunk
            pos += size
        parts.append((part_type, unpad(plaintext)))
    if pos != len(envelope):
        raise ValueError("trailing bytes")
    return parts


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass
class Case:
    locator: str
    secret_key: PrivateKey
    token: bytes
    salt: bytes

    @classmethod
    def new(cls, locator=None):
        return cls(locator or new_locator(), PrivateKey.generate(), os.urandom(32), os.urandom(16))

    @property
    def public_key(self):
        return bytes(self.secret_key.public_key)

    def creation(self, **overrides):
        body = {"locator": self.locator, "salt": base64.b64encode(self.salt).decode(),
                "public_key": base64.b64encode(self.public_key).decode(),
                "token_sha256": hashlib.sha256(self.token).hexdigest(), "opslimit": 3, "memlimit": 32 * 1024 * 1024}
        body.update(overrides)
        return body

    def auth(self, token=None):
        return {"Authorization": "Bearer " + b64url(self.token if token is None else token)}
