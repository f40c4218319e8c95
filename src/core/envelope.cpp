#include "core/envelope.h"

#include <sodium.h>

#include <cstring>

namespace anl {
namespace {

const uint8_t kMagic[4] = {'A', 'N', 'L', 'S'};
constexpr size_t kSealedKeySize = crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES;
constexpr size_t kAdSize = kEnvelopeHeaderSize + 2 + 10;
constexpr size_t kAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
static_assert(4 + 1 + 1 + kKeyIdSize + kSealedKeySize + 2 == kEnvelopeHeaderSize, "header layout");
static_assert(10 + crypto_secretstream_xchacha20poly1305_HEADERBYTES == kPartHeaderSize, "part layout");

void put_u16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v); p[1] = uint8_t(v >> 8); }
void put_u64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = uint8_t(v >> (8 * i)); }
uint16_t get_u16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
uint64_t get_u64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

uint64_t chunk_count(uint64_t plaintext_len) {
    return plaintext_len == 0 ? 1 : (plaintext_len + kChunkSize - 1) / kChunkSize;
}

// Associated data of every chunk of part `index`: envelope header || index || part header[0..10).
void make_ad(uint8_t ad[kAdSize], const uint8_t* envelope_header, uint16_t index, const uint8_t* part_header) {
    memcpy(ad, envelope_header, kEnvelopeHeaderSize);
    put_u16(ad + kEnvelopeHeaderSize, index);
    memcpy(ad + kEnvelopeHeaderSize + 2, part_header, 10);
}

// False when libsodium refuses (it does not for valid keys; checked all the same).
bool append_part(Bytes& out, const Part& part, uint16_t index, const uint8_t key[32]) {
    const size_t start = out.size();
    out.resize(start + kPartHeaderSize);
    uint8_t* ph = out.data() + start;
    ph[0] = uint8_t(part.type);
    ph[1] = 0;
    put_u64(ph + 2, part.plaintext.size());

    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_push(&st, ph + 10, key) != 0)
        return false;
    uint8_t ad[kAdSize];
    make_ad(ad, out.data(), index, out.data() + start);

    const uint64_t chunks = chunk_count(part.plaintext.size());
    out.reserve(out.size() + part_ciphertext_len(part.plaintext.size()));
    bool ok = true;
    for (uint64_t c = 0; c < chunks && ok; c++) {
        const size_t from = size_t(c * kChunkSize);
        const size_t n = std::min(kChunkSize, part.plaintext.size() - from);
        const uint8_t tag = (c + 1 == chunks) ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                              : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
        const size_t at = out.size();
        out.resize(at + n + kAbytes);
        ok = crypto_secretstream_xchacha20poly1305_push(&st, out.data() + at, nullptr, part.plaintext.data() + from,
                                                        n, ad, kAdSize, tag) == 0;
    }
    sodium_memzero(&st, sizeof st);
    return ok;
}

bool open_part(const uint8_t* env, const PartLayout& layout, uint16_t index, const uint8_t key[32], Bytes& out) {
    const uint8_t* ph = env + layout.offset;
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, ph + 10, key) != 0)
        return false;
    uint8_t ad[kAdSize];
    make_ad(ad, env, index, ph);

    out.assign(size_t(layout.plaintext_len), 0);
    const uint8_t* in = ph + kPartHeaderSize;
    const uint64_t chunks = chunk_count(layout.plaintext_len);
    bool ok = true;
    for (uint64_t c = 0; c < chunks && ok; c++) {
        const size_t from = size_t(c * kChunkSize);
        const size_t n = std::min<size_t>(kChunkSize, size_t(layout.plaintext_len) - from);
        unsigned long long got = 0;
        uint8_t tag = 0;
        ok = crypto_secretstream_xchacha20poly1305_pull(&st, out.data() + from, &got, &tag, in, n + kAbytes,
                                                        ad, kAdSize) == 0 &&
             got == n &&
             tag == ((c + 1 == chunks) ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                                        : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        in += n + kAbytes;
    }
    sodium_memzero(&st, sizeof st);
    if (!ok)
        sodium_memzero(out.data(), out.size());
    return ok;
}

} // namespace

const char* envelope_error_name(EnvelopeError e) {
    switch (e) {
    case EnvelopeError::None: return "none";
    case EnvelopeError::Truncated: return "truncated";
    case EnvelopeError::BadMagic: return "bad_magic";
    case EnvelopeError::UnsupportedVersion: return "unsupported_version";
    case EnvelopeError::BadFlags: return "bad_flags";
    case EnvelopeError::UnknownKey: return "unknown_key";
    case EnvelopeError::BadPart: return "bad_part";
    case EnvelopeError::TrailingBytes: return "trailing_bytes";
    case EnvelopeError::Tampered: return "tampered";
    }
    return "unknown";
}

Bytes office_key_id(const Bytes& office_public_key) {
    Bytes id(kKeyIdSize);
    crypto_generichash(id.data(), id.size(), office_public_key.data(), office_public_key.size(), nullptr, 0);
    return id;
}

uint64_t part_ciphertext_len(uint64_t plaintext_len) {
    return plaintext_len + kAbytes * chunk_count(plaintext_len);
}

Bytes seal_envelope(const std::vector<Part>& parts, const Bytes& office_public_key) {
    // A wrong key size would make crypto_box_seal read past the buffer; a part list the header
    // cannot describe would give an envelope no reader opens. Both are caller bugs: refuse them.
    if (office_public_key.size() != crypto_box_PUBLICKEYBYTES || parts.empty() || parts.size() > 0xFFFF ||
        parts[0].type != PartType::Answers)
        return {};
    for (size_t i = 1; i < parts.size(); i++)
        if (parts[i].type != PartType::Attachment)
            return {};
    Bytes out(kEnvelopeHeaderSize);
    memcpy(out.data(), kMagic, 4);
    out[4] = kEnvelopeVersion;
    out[5] = 0;
    const Bytes kid = office_key_id(office_public_key);
    memcpy(out.data() + 6, kid.data(), kKeyIdSize);

    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    bool ok = crypto_box_seal(out.data() + 14, key, sizeof key, office_public_key.data()) == 0;
    put_u16(out.data() + 94, uint16_t(parts.size()));

    for (size_t i = 0; i < parts.size() && ok; i++)
        ok = append_part(out, parts[i], uint16_t(i), key);
    sodium_memzero(key, sizeof key);
    if (!ok)
        return {};
    return out;
}

EnvelopeLayout parse_envelope_layout(const uint8_t* data, size_t len) {
    EnvelopeLayout layout;
    auto fail = [&](EnvelopeError e) { layout.error = e; layout.parts.clear(); return layout; };
    if (len < kEnvelopeHeaderSize)
        return fail(len >= 4 && memcmp(data, kMagic, 4) != 0 ? EnvelopeError::BadMagic : EnvelopeError::Truncated);
    if (memcmp(data, kMagic, 4) != 0) return fail(EnvelopeError::BadMagic);
    if (data[4] != kEnvelopeVersion) return fail(EnvelopeError::UnsupportedVersion);
    if (data[5] != 0) return fail(EnvelopeError::BadFlags);
    layout.key_id.assign(data + 6, data + 6 + kKeyIdSize);

    const uint16_t count = get_u16(data + 94);
    if (count == 0) return fail(EnvelopeError::BadPart);
    size_t at = kEnvelopeHeaderSize;
    for (uint16_t i = 0; i < count; i++) {
        if (len - at < kPartHeaderSize) return fail(EnvelopeError::Truncated);
        const uint8_t* ph = data + at;
        const PartType want = i == 0 ? PartType::Answers : PartType::Attachment;
        if (ph[0] != uint8_t(want) || ph[1] != 0) return fail(EnvelopeError::BadPart);
        const uint64_t plain = get_u64(ph + 2);
        const size_t room = len - at - kPartHeaderSize;
        if (plain > room) return fail(EnvelopeError::Truncated); // also keeps the sum below from overflowing
        const uint64_t cipher = part_ciphertext_len(plain);
        if (cipher > room) return fail(EnvelopeError::Truncated);
        layout.parts.push_back({want, plain, at, size_t(cipher)});
        at += kPartHeaderSize + size_t(cipher);
    }
    if (at != len) return fail(EnvelopeError::TrailingBytes);
    return layout;
}

OpenedEnvelope open_envelope(const Bytes& envelope, const Bytes& office_public_key,
                             const Bytes& office_secret_key) {
    OpenedEnvelope result;
    const EnvelopeLayout layout = parse_envelope_layout(envelope.data(), envelope.size());
    if (layout.error != EnvelopeError::None) {
        result.error = layout.error;
        return result;
    }
    if (layout.key_id != office_key_id(office_public_key)) {
        result.error = EnvelopeError::UnknownKey;
        return result;
    }
    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    if (crypto_box_seal_open(key, envelope.data() + 14, kSealedKeySize, office_public_key.data(),
                             office_secret_key.data()) != 0) {
        result.error = EnvelopeError::Tampered;
        return result;
    }
    for (size_t i = 0; i < layout.parts.size(); i++) {
        Part part{layout.parts[i].type, {}};
        if (!open_part(envelope.data(), layout.parts[i], uint16_t(i), key, part.plaintext)) {
            result.error = EnvelopeError::Tampered;
            result.parts.clear();
            break;
        }
        result.parts.push_back(std::move(part));
    }
    sodium_memzero(key, sizeof key);
    return result;
}

} // namespace anl
