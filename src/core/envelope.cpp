#include "core/envelope.h"

#include "core/envelope_parts.h"

#include <sodium.h>

#include <cstring>

namespace anl {
namespace {

using envelope_parts::get_u16;
using envelope_parts::kMagic;
using envelope_parts::kSealedKeySize;
using envelope_parts::put_u16;

static_assert(4 + 1 + 1 + kKeyIdSize + kSealedKeySize + 2 == kEnvelopeHeaderSize, "header layout");

} // namespace

const char* envelope_error_name(EnvelopeError e) {
    switch (e) {
    case EnvelopeError::None: return "none";
    case EnvelopeError::Truncated: return "truncated";
    case EnvelopeError::BadMagic: return "bad_magic";
    case EnvelopeError::UnsupportedVersion: return "unsupported_version";
    case EnvelopeError::BadFlags: return "bad_flags";
    case EnvelopeError::UnknownKey: return "unknown_key";
    case EnvelopeError::BadRecipients: return "bad_recipients";
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
        ok = envelope_parts::push_part(out, kEnvelopeHeaderSize, parts[i].type, parts[i].plaintext, uint16_t(i), key);
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

    const EnvelopeError walked = envelope_parts::walk_parts(data, len, kEnvelopeHeaderSize, get_u16(data + 94),
                                                            PartType::Answers, layout.parts);
    if (walked != EnvelopeError::None) return fail(walked);
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
        if (!envelope_parts::pull_part(envelope.data(), kEnvelopeHeaderSize, layout.parts[i], uint16_t(i), key,
                                       part.plaintext)) {
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
