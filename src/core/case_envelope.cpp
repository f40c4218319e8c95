#include "core/case_envelope.h"

#include "core/envelope_parts.h"

#include <sodium.h>

#include <algorithm>
#include <cstring>

namespace anl {
namespace {

using envelope_parts::get_u16;
using envelope_parts::kMagic;
using envelope_parts::kSealedKeySize;
using envelope_parts::put_u16;

static_assert(kKeyIdSize + kSealedKeySize == kRecipientSize, "recipient layout");
constexpr size_t kMinPadded = 1024;

// Offset of recipient r's entry in the header.
constexpr size_t recipient_at(size_t r) { return 8 + kRecipientSize * r; }

bool valid_recipient_keys(const std::vector<Bytes>& keys) {
    if (keys.empty() || keys.size() > kMaxRecipients)
        return false;
    for (size_t i = 0; i < keys.size(); i++) {
        if (keys[i].size() != crypto_box_PUBLICKEYBYTES)
            return false;
        for (size_t j = 0; j < i; j++)
            if (keys[j] == keys[i])
                return false;
    }
    return true;
}

bool valid_item_parts(const std::vector<Part>& parts) {
    if (parts.empty() || parts.size() > 0xFFFF || parts[0].type != PartType::ItemDocument)
        return false;
    return std::all_of(parts.begin() + 1, parts.end(), [](const Part& p) { return p.type == PartType::Attachment; });
}

} // namespace

uint64_t padded_length(uint64_t len) {
    const uint64_t need = len + 1;  // the 0x80 marker
    if (need <= kMinPadded)
        return kMinPadded;
    // Padmé: keep the top floor(log2(E)) + 1 bits of the length, E = floor(log2(need)).
    int e = 63;
    while (!(need >> e)) e--;
    int s = 0;
    while ((e >> s) > 1) s++;
    const int low_bits = e - (s + 1);
    const uint64_t mask = (uint64_t(1) << low_bits) - 1;
    return (need + mask) & ~mask;
}

bool is_padded_length(uint64_t len) { return len >= kMinPadded && padded_length(len - 1) == len; }

Bytes pad_plaintext(const Bytes& data) {
    Bytes out(size_t(padded_length(data.size())), 0);
    std::copy(data.begin(), data.end(), out.begin());
    out[data.size()] = 0x80;
    return out;
}

std::optional<Bytes> unpad_plaintext(const Bytes& padded) {
    size_t end = padded.size();
    while (end > 0 && padded[end - 1] == 0)
        end--;
    if (end == 0 || padded[end - 1] != 0x80)
        return std::nullopt;
    return Bytes(padded.begin(), padded.begin() + long(end - 1));
}

Bytes seal_case_envelope(const std::vector<Part>& parts, const std::vector<Bytes>& recipient_public_keys) {
    // Caller bugs (a wrong key size would make crypto_box_seal read past the buffer): refused.
    if (!valid_recipient_keys(recipient_public_keys) || !valid_item_parts(parts))
        return {};
    const size_t header_len = case_envelope_header_size(recipient_public_keys.size());
    Bytes out(header_len, 0);
    memcpy(out.data(), kMagic, 4);
    out[4] = kCaseEnvelopeVersion;
    out[5] = 0;
    out[6] = uint8_t(recipient_public_keys.size());
    out[7] = 0;

    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    crypto_secretstream_xchacha20poly1305_keygen(key);
    bool ok = true;
    for (size_t r = 0; r < recipient_public_keys.size() && ok; r++) {
        uint8_t* entry = out.data() + recipient_at(r);
        const Bytes kid = office_key_id(recipient_public_keys[r]);
        memcpy(entry, kid.data(), kKeyIdSize);
        ok = crypto_box_seal(entry + kKeyIdSize, key, sizeof key, recipient_public_keys[r].data()) == 0;
    }
    put_u16(out.data() + header_len - 2, uint16_t(parts.size()));
    for (size_t i = 0; i < parts.size() && ok; i++) {
        Bytes padded = pad_plaintext(parts[i].plaintext);
        ok = envelope_parts::push_part(out, header_len, parts[i].type, padded, uint16_t(i), key);
        sodium_memzero(padded.data(), padded.size());
    }
    sodium_memzero(key, sizeof key);
    if (!ok)
        return {};
    return out;
}

CaseEnvelopeLayout parse_case_envelope_layout(const uint8_t* data, size_t len) {
    CaseEnvelopeLayout layout;
    auto fail = [&](EnvelopeError e) {
        layout = CaseEnvelopeLayout{};
        layout.error = e;
        return layout;
    };
    if (len >= 4 && memcmp(data, kMagic, 4) != 0) return fail(EnvelopeError::BadMagic);
    if (len < 8) return fail(EnvelopeError::Truncated);
    if (data[4] != kCaseEnvelopeVersion) return fail(EnvelopeError::UnsupportedVersion);
    if (data[5] != 0) return fail(EnvelopeError::BadFlags);
    const size_t recipients = data[6];
    if (recipients == 0 || recipients > kMaxRecipients || data[7] != 0) return fail(EnvelopeError::BadRecipients);
    layout.header_len = case_envelope_header_size(recipients);
    if (len < layout.header_len) return fail(EnvelopeError::Truncated);
    for (size_t r = 0; r < recipients; r++) {
        Bytes kid(data + recipient_at(r), data + recipient_at(r) + kKeyIdSize);
        if (std::find(layout.key_ids.begin(), layout.key_ids.end(), kid) != layout.key_ids.end())
            return fail(EnvelopeError::BadRecipients);
        layout.key_ids.push_back(std::move(kid));
    }
    const EnvelopeError walked = envelope_parts::walk_parts(data, len, layout.header_len,
                                                            get_u16(data + layout.header_len - 2),
                                                            PartType::ItemDocument, layout.parts);
    if (walked != EnvelopeError::None) return fail(walked);
    return layout;
}

OpenedEnvelope open_case_envelope(const Bytes& envelope, const Bytes& public_key, const Bytes& secret_key) {
    OpenedEnvelope result;
    const CaseEnvelopeLayout layout = parse_case_envelope_layout(envelope.data(), envelope.size());
    if (layout.error != EnvelopeError::None) {
        result.error = layout.error;
        return result;
    }
    const auto mine = std::find(layout.key_ids.begin(), layout.key_ids.end(), office_key_id(public_key));
    if (public_key.size() != crypto_box_PUBLICKEYBYTES || secret_key.size() != crypto_box_SECRETKEYBYTES ||
        mine == layout.key_ids.end()) {
        result.error = EnvelopeError::UnknownKey;
        return result;
    }
    const size_t r = size_t(mine - layout.key_ids.begin());
    uint8_t key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    if (crypto_box_seal_open(key, envelope.data() + recipient_at(r) + kKeyIdSize, kSealedKeySize, public_key.data(),
                             secret_key.data()) != 0) {
        result.error = EnvelopeError::Tampered;
        return result;
    }
    for (size_t i = 0; i < layout.parts.size() && result.error == EnvelopeError::None; i++) {
        Bytes padded;
        std::optional<Bytes> plain;
        if (envelope_parts::pull_part(envelope.data(), layout.header_len, layout.parts[i], uint16_t(i), key, padded))
            plain = unpad_plaintext(padded);
        sodium_memzero(padded.data(), padded.size());
        if (!plain) {
            result.error = EnvelopeError::Tampered;
            break;
        }
        result.parts.push_back({layout.parts[i].type, std::move(*plain)});
    }
    if (result.error != EnvelopeError::None) {
        for (Part& p : result.parts)
            sodium_memzero(p.plaintext.data(), p.plaintext.size());
        result.parts.clear();
    }
    sodium_memzero(key, sizeof key);
    return result;
}

} // namespace anl
