"""Envelope structure check (docs/PROTOCOL.md, "Envelope"), without keys, on a stream.

Why a streaming scanner: an upload may be 32 MiB and must never sit in memory whole. The
scanner is fed the body chunk by chunk while it is written to disk, keeps at most one 96-byte
header, skips ciphertext by counting, and fails as soon as the structure is wrong (wrong key id
in the first 96 bytes, a part longer than the declared body), so a bad upload is refused before
the rest of it has been received.
"""

import math

HEADER_LEN = 96
PART_HEADER_LEN = 34
CHUNK_LEN = 65536
ABYTES = 17
PART_ANSWERS, PART_ATTACHMENT = 1, 2


class EnvelopeError(ValueError):
    """`code` is the API error code: malformed_envelope, unsupported_version or unknown_key."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _bad(message):
    return EnvelopeError("malformed_envelope", message)


def ciphertext_length(plaintext_len):
    return plaintext_len + ABYTES * max(1, math.ceil(plaintext_len / CHUNK_LEN))


class Scanner:
    """feed(bytes) ... finish() -> key id (8 raw bytes). Raises EnvelopeError.

    `key_ids`: the accepted office key ids (8 raw bytes each: current and retired keys).
    `length`: the declared total size if known, so a part running past it fails early.
    """

    def __init__(self, key_ids, length=None):
        self.key_ids, self.length = {bytes(k) for k in key_ids}, length
        self.buffer = bytearray()
        self.need = HEADER_LEN  # bytes of header still to collect into buffer
        self.skip = 0           # ciphertext bytes still to skip
        self.offset = 0         # end of the structure so far
        self.parts = None       # part count from the header
        self.index = 0          # the part whose header comes next
        self.key_id = None
        self.done = False

    def feed(self, data):
        pos, size = 0, len(data)
        while pos < size:
            if self.skip:
                step = min(self.skip, size - pos)
                self.skip -= step
                pos += step
                continue
            if self.done:
                raise _bad("trailing bytes after the last part")
            step = min(self.need - len(self.buffer), size - pos)
            self.buffer += data[pos:pos + step]
            pos += step
            if len(self.buffer) == self.need:
                self._header() if self.parts is None else self._part()
                self.buffer.clear()

    def _header(self):
        data = self.buffer
        if data[0:4] != b"ANLS" or data[4] != 1:
            raise EnvelopeError("unsupported_version", "not an Anlaufstelle version 1 envelope")
        if data[5] != 0:
            raise _bad("unknown envelope flags")
        if bytes(data[6:14]) not in self.key_ids:
            raise EnvelopeError("unknown_key", "envelope is not sealed to this office's key")
        self.key_id = bytes(data[6:14])
        self.parts = int.from_bytes(data[94:96], "little")
        if self.parts < 1:
            raise _bad("envelope has no parts")
        self.offset, self.need = HEADER_LEN, PART_HEADER_LEN

    def _part(self):
        data, index = self.buffer, self.index
        expected_type = PART_ANSWERS if index == 0 else PART_ATTACHMENT
        if data[0] != expected_type or data[1] != 0:
            raise _bad(f"part {index} has a wrong type or reserved byte")
        self.skip = ciphertext_length(int.from_bytes(data[2:10], "little"))
        self.offset += PART_HEADER_LEN + self.skip
        if self.length is not None and self.offset > self.length:
            raise _bad(f"part {index} runs past the end of the envelope")
        self.index += 1
        self.done = self.index == self.parts

    def finish(self):
        """The key id the envelope is sealed to, if the structure is complete."""
        if self.parts is None:
            raise _bad("envelope is shorter than its header")
        if self.skip:
            raise _bad(f"part {self.index - 1} runs past the end of the envelope")
        if not self.done:
            raise _bad(f"part {self.index} is cut short")
        return self.key_id


def check_envelope(data, key_ids):
    """Check a whole envelope in memory (tests, tools). `key_ids`: one 8-byte id or several."""
    key_ids = [key_ids] if isinstance(key_ids, (bytes, bytearray)) else key_ids
    scanner = Scanner(key_ids, len(data))
    scanner.feed(data)
    return scanner.finish()


def check_file(path, key_ids, chunk=1 << 16):
    """Check an envelope stored in a file, reading it in chunks."""
    with open(path, "rb") as f:
        scanner = Scanner(key_ids)
        while block := f.read(chunk):
            scanner.feed(block)
    return scanner.finish()
