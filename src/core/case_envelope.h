// The case item envelope, version 2 (docs/PROTOCOL.md, "Case items"): the parts of version 1,
// its key K sealed to several recipients (the office key and the case key, or the office key
// alone for what only staff may read), every part padded to a coarse size.
#pragma once
#include "core/envelope.h"

#include <optional>

namespace anl {

constexpr uint8_t kCaseEnvelopeVersion = 2;
constexpr size_t kMaxRecipients = 8;
constexpr size_t kRecipientSize = kKeyIdSize + 80;  // key id, crypto_box_seal(K)
constexpr size_t case_envelope_header_size(size_t recipients) { return 8 + kRecipientSize * recipients + 2; }

// The length a part's plaintext of `len` bytes is padded to: at least 1024 bytes, and above that
// Padmé (Nikitin et al., 2019) of len + 1, so a length leaks O(log log len) bits.
uint64_t padded_length(uint64_t len);
// True when `len` is one of those lengths (what every part of a sealed v2 envelope has): the
// server refuses others, which would tell more about their content than a bucket does.
bool is_padded_length(uint64_t len);
// data || 0x80 || zeros up to padded_length(data.size()).
Bytes pad_plaintext(const Bytes& data);
// The data again; nullopt when the last non-zero byte is not 0x80.
std::optional<Bytes> unpad_plaintext(const Bytes& padded);

struct CaseEnvelopeLayout {
    EnvelopeError error = EnvelopeError::None;
    std::vector<Bytes> key_ids;  // the recipients', in header order
    size_t header_len = 0;
    std::vector<PartLayout> parts;
};

// Pads and encrypts parts (part 0 the item document, the others attachments) to every recipient
// public key (distinct, 1 to kMaxRecipients). Empty when a key is not 32 bytes or repeated, the
// parts break that rule or libsodium refuses.
Bytes seal_case_envelope(const std::vector<Part>& parts, const std::vector<Bytes>& recipient_public_keys);

// Walks the structure without keys (what the server checks): BadRecipients for no recipient,
// more than kMaxRecipients, a repeated key id or a non-zero reserved byte.
CaseEnvelopeLayout parse_case_envelope_layout(const uint8_t* data, size_t len);

// Finds the recipient entry of this key pair, opens K and decrypts and unpads every part.
// UnknownKey when the envelope is not sealed to it; Tampered for any failed MAC, tag or padding.
OpenedEnvelope open_case_envelope(const Bytes& envelope, const Bytes& public_key, const Bytes& secret_key);

} // namespace anl
