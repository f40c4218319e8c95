#include "core/envelope_parts.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace anl::envelope_parts {

static_assert(kSealedKeySize == crypto_box_SEALBYTES + crypto_secretstream_xchacha20poly1305_KEYBYTES,
              "a sealed part key");
namespace {

constexpr size_t kAbytes = crypto_secretstream_xchacha20poly1305_ABYTES;
static_assert(10 + crypto_secretstream_xchacha20poly1305_HEADERBYTES == kPartHeaderSize, "part layout");

void put_u64(uint8_t* p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = uint8_t(v >> (8 * i)); }
uint64_t get_u64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

uint64_t chunk_count(uint64_t plaintext_len) {
    return plaintext_len == 0 ? 1 : (plaintext_len + kChunkSize - 1) / kChunkSize;
}

uint8_t chunk_tag(uint64_t c, uint64_t chunks) {
    return c + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
                           : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
}

// Associated data of every chunk of part `index`: envelope header || index || part header[0..10).
Bytes make_ad(const uint8_t* envelope_header, size_t header_len, uint16_t index, const uint8_t* part_header) {
    Bytes ad(header_len + 2 + 10);
    memcpy(ad.data(), envelope_header, header_len);
    put_u16(ad.data() + header_len, index);
    memcpy(ad.data() + header_len + 2, part_header, 10);
    return ad;
}

} // namespace

bool push_part(Bytes& out, size_t header_len, PartType type, const Bytes& plaintext, uint16_t index,
               const uint8_t key[32]) {
    const size_t start = out.size();
    out.reserve(start + kPartHeaderSize + part_ciphertext_len(plaintext.size()));
    out.resize(start + kPartHeaderSize);
    uint8_t* ph = out.data() + start;
    ph[0] = uint8_t(type);
    ph[1] = 0;
    put_u64(ph + 2, plaintext.size());

    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_push(&st, ph + 10, key) != 0)
        return false;
    const Bytes ad = make_ad(out.data(), header_len, index, out.data() + start);

    const uint64_t chunks = chunk_count(plaintext.size());
    bool ok = true;
    for (uint64_t c = 0; c < chunks && ok; c++) {
        const size_t from = size_t(c * kChunkSize);
        const size_t n = std::min(kChunkSize, plaintext.size() - from);
        const size_t at = out.size();
        out.resize(at + n + kAbytes);
        ok = crypto_secretstream_xchacha20poly1305_push(&st, out.data() + at, nullptr, plaintext.data() + from, n,
                                                        ad.data(), ad.size(), chunk_tag(c, chunks)) == 0;
    }
    sodium_memzero(&st, sizeof st);
    return ok;
}

bool pull_part(const uint8_t* envelope, size_t header_len, const PartLayout& part, uint16_t index,
               const uint8_t key[32], Bytes& out) {
    const uint8_t* ph = envelope + part.offset;
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, ph + 10, key) != 0)
        return false;
    const Bytes ad = make_ad(envelope, header_len, index, ph);

    out.assign(size_t(part.plaintext_len), 0);
    const uint8_t* in = ph + kPartHeaderSize;
    const uint64_t chunks = chunk_count(part.plaintext_len);
    bool ok = true;
    for (uint64_t c = 0; c < chunks && ok; c++) {
        const size_t from = size_t(c * kChunkSize);
        const size_t n = std::min<size_t>(kChunkSize, size_t(part.plaintext_len) - from);
        unsigned long long got = 0;
        uint8_t tag = 0;
        ok = crypto_secretstream_xchacha20poly1305_pull(&st, out.data() + from, &got, &tag, in, n + kAbytes,
                                                        ad.data(), ad.size()) == 0 &&
             got == n && tag == chunk_tag(c, chunks);
        in += n + kAbytes;
    }
    sodium_memzero(&st, sizeof st);
    if (!ok)
        sodium_memzero(out.data(), out.size());
    return ok;
}

EnvelopeError walk_parts(const uint8_t* data, size_t len, size_t header_len, uint16_t count, PartType first,
                         std::vector<PartLayout>& parts) {
    if (count == 0)
        return EnvelopeError::BadPart;
    size_t at = header_len;
    for (uint16_t i = 0; i < count; i++) {
        if (len - at < kPartHeaderSize)
            return EnvelopeError::Truncated;
        const uint8_t* ph = data + at;
        const PartType want = i == 0 ? first : PartType::Attachment;
        if (ph[0] != uint8_t(want) || ph[1] != 0)
            return EnvelopeError::BadPart;
        const uint64_t plain = get_u64(ph + 2);
        const size_t room = len - at - kPartHeaderSize;
        if (plain > room)
            return EnvelopeError::Truncated;  // also keeps the sum below from overflowing
        const uint64_t cipher = part_ciphertext_len(plain);
        if (cipher > room)
            return EnvelopeError::Truncated;
        parts.push_back({want, plain, at, size_t(cipher)});
        at += kPartHeaderSize + size_t(cipher);
    }
    return at == len ? EnvelopeError::None : EnvelopeError::TrailingBytes;
}

} // namespace anl::envelope_parts

namespace anl {

uint64_t part_ciphertext_len(uint64_t plaintext_len) {
    return plaintext_len + crypto_secretstream_xchacha20poly1305_ABYTES * envelope_parts::chunk_count(plaintext_len);
}

} // namespace anl
