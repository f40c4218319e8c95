"""Envelope structure checks (docs/PROTOCOL.md, "Envelope" and "Cases"), without keys, on a stream.

Why a streaming scanner: an upload may be 56 MiB and must never sit in memory whole. The
scanner is fed the body chunk by chunk while it is written to disk, keeps at most one header,
skips ciphertext by counting, and fails as soon as the structure is wrong (a wrong key id in the
header, a part longer than the declared body), so a bad upload is refused before the rest of it
has been received.

Two formats share the part walk (`_Parts`): version 1 (submissions: one office key id, a fixed
96-byte header, part 0 the answers) and version 2 (case items: 1..8 recipients, each a key id
and a sealed key, part 0 the item document). Only the header differs.
"""

import math

HEADER_LEN = 96                  # version 1
V2_PREFIX_LEN, V2_RECIPIENT_LEN, V2_MAX_RECIPIENTS = 8, 88, 8
PART_HEADER_LEN = 34
CHUNK_LEN = 65536
ABYTES = 17
PART_ANSWERS, PART_ATTACHMENT, PART_ITEM = 1, 2, 3


class EnvelopeError(ValueError):
    """`code` is the API error code: malformed_envelope, unsupported_version, unknown_key or
    wrong_recipients."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _bad(message):
    return EnvelopeError("malformed_envelope", message)


MIN_PADDED = 1024               # version 2: every part is padded to a bucket


def padded_length(data_len):
    """The bucket a v2 part of `data_len` bytes is padded to: at least 1 KiB, then Padmé of
    data_len + 1 (the 0x80 marker): the top bits of the length kept, the rest rounded up."""
    need = data_len + 1
    if need <= MIN_PADDED:
        return MIN_PADDED
    e = need.bit_length() - 1
    step = 1 << (e - e.bit_length())
    return -(-need // step) * step


def is_padded_length(length):
    return length >= MIN_PADDED and padded_length(length - 1) == length


def ciphertext_length(plaintext_len):
    return plaintext_len + ABYTES * max(1, math.ceil(plaintext_len / CHUNK_LEN))


class _Parts:
    """The part walk both versions share. A subclass sets `need` (header bytes to collect
    first) and `step` (called with the collected bytes), and ends its header with
    `_start_parts(part_count, header_len)`. feed(bytes) ... finish(); raises EnvelopeError."""

    FIRST_PART = PART_ANSWERS

    def __init__(self, length):
        self.length = length
        self.buffer = bytearray()
        self.skip = 0           # ciphertext bytes still to skip
        self.offset = 0         # end of the structure so far
        self.parts = None       # part count from the header
        self.index = 0          # the part whose header comes next
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
                collected = bytes(self.buffer)
                self.buffer.clear()
                self.step(collected)

    def _start_parts(self, part_count, header_len):
        if part_count < 1:
            raise _bad("envelope has no parts")
        self.parts, self.offset = part_count, header_len
        self.need, self.step = PART_HEADER_LEN, self._part

    def _part(self, data):
        index = self.index
        expected_type = self.FIRST_PART if index == 0 else PART_ATTACHMENT
        if data[0] != expected_type or data[1] != 0:
            raise _bad(f"part {index} has a wrong type or reserved byte")
        plaintext_len = int.from_bytes(data[2:10], "little")
        self._check_length(index, plaintext_len)
        self.skip = ciphertext_length(plaintext_len)
        self.offset += PART_HEADER_LEN + self.skip
        if self.length is not None and self.offset > self.length:
            raise _bad(f"part {index} runs past the end of the envelope")
        self.index += 1
        self.done = self.index == self.parts

    def _check_length(self, index, plaintext_len):
        pass

    def _complete(self):
        if self.parts is None:
            raise _bad("envelope is shorter than its header")
        if self.skip:
            raise _bad(f"part {self.index - 1} runs past the end of the envelope")
        if not self.done:
            raise _bad(f"part {self.index} is cut short")


def _version(data, version):
    if data[0:4] != b"ANLS" or data[4] != version:
        raise EnvelopeError("unsupported_version", f"not an Anlaufstelle version {version} envelope")
    if data[5] != 0:
        raise _bad("unknown envelope flags")


class Scanner(_Parts):
    """Version 1. finish() -> the key id (8 raw bytes) the envelope is sealed to.

    `key_ids`: the accepted office key ids (8 raw bytes each: current and retired keys).
    `length`: the declared total size if known, so a part running past it fails early.
    """

    def __init__(self, key_ids, length=None):
        super().__init__(length)
        self.key_ids = {bytes(k) for k in key_ids}
        self.key_id = None
        self.need, self.step = HEADER_LEN, self._header

    def _header(self, data):
        _version(data, 1)
        if data[6:14] not in self.key_ids:
            raise EnvelopeError("unknown_key", "envelope is not sealed to this office's key")
        self.key_id = data[6:14]
        self._start_parts(int.from_bytes(data[94:96], "little"), HEADER_LEN)

    def finish(self):
        """The key id the envelope is sealed to, if the structure is complete."""
        self._complete()
        return self.key_id


class ScannerV2(_Parts):
    """Version 2 (case items). `recipients`: the key ids (8 raw bytes each) the envelope must be
    sealed to, exactly: no other, none missing, none twice. finish() -> header length."""

    FIRST_PART = PART_ITEM

    def __init__(self, recipients, length=None):
        super().__init__(length)
        self.recipients = {bytes(k) for k in recipients}
        self.count = 0
        self.need, self.step = V2_PREFIX_LEN, self._prefix

    def _prefix(self, data):
        _version(data, 2)
        self.count = data[6]
        if not 1 <= self.count <= V2_MAX_RECIPIENTS or data[7] != 0:
            raise _bad("recipient count must be 1..8 and the reserved byte 0")
        self.need, self.step = V2_RECIPIENT_LEN * self.count + 2, self._recipients

    def _recipients(self, data):
        ids = [data[i:i + 8] for i in range(0, V2_RECIPIENT_LEN * self.count, V2_RECIPIENT_LEN)]
        if len(set(ids)) != len(ids) or set(ids) != self.recipients:
            raise EnvelopeError("wrong_recipients", "the envelope is not sealed to exactly the office and the case")
        header_len = V2_PREFIX_LEN + len(data)
        self._start_parts(int.from_bytes(data[-2:], "little"), header_len)

    def _check_length(self, index, plaintext_len):
        # An unpadded length would tell a dump more about the content than a bucket does.
        if not is_padded_length(plaintext_len):
            raise _bad(f"part {index} is not padded to a bucket")

    def finish(self):
        self._complete()
        return V2_PREFIX_LEN + V2_RECIPIENT_LEN * self.count + 2


def check_envelope(data, key_ids):
    """Check a whole envelope in memory (tests, tools). `key_ids`: one 8-byte id or several."""
    key_ids = [key_ids] if isinstance(key_ids, (bytes, bytearray)) else key_ids
    scanner = Scanner(key_ids, len(data))
    scanner.feed(data)
    return scanner.finish()


def check_file(path, key_ids, chunk=1 << 16):
    """Check a version 1 envelope stored in a file, reading it in chunks."""
    return scan_file(path, Scanner(key_ids), chunk)


def scan_file(path, scanner, chunk=1 << 16, update=None):
    """Feed a stored file to `scanner` in chunks (and to `update`, e.g. a hash); its finish()."""
    with open(path, "rb") as f:
        while block := f.read(chunk):
            scanner.feed(block)
            if update is not None:
                update(block)
    return scanner.finish()
