// The submission envelope (docs/PROTOCOL.md): answers and attachments encrypted with
// crypto_secretstream under a random key K, and K sealed to the office's X25519 public key.
#pragma once
#include "core/encoding.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace anl {

constexpr size_t kEnvelopeHeaderSize = 96;
constexpr size_t kPartHeaderSize = 34;
constexpr size_t kChunkSize = 65536;
constexpr size_t kKeyIdSize = 8;
constexpr uint8_t kEnvelopeVersion = 1;

// Answers: part 0 of a submission (version 1); ItemDocument: part 0 of a case item (version 2).
enum class PartType : uint8_t { Answers = 1, Attachment = 2, ItemDocument = 3 };

struct Part {
    PartType type;
    Bytes plaintext;
};

enum class EnvelopeError {
    None,
    Truncated,          // shorter than its own lengths say
    BadMagic,
    UnsupportedVersion,
    BadFlags,
    UnknownKey,         // sealed to another office key
    BadRecipients,      // version 2: none, too many, a repeated key id
    BadPart,            // part type/reserved byte/order not as the protocol says
    TrailingBytes,
    Tampered,           // a MAC, a tag or a length failed to verify
};
const char* envelope_error_name(EnvelopeError e);

struct PartLayout {
    PartType type;
    uint64_t plaintext_len;
    size_t offset;           // of the part header within the envelope
    size_t ciphertext_len;   // chunks only, without the 34-byte part header
};

struct EnvelopeLayout {
    EnvelopeError error = EnvelopeError::None;
    Bytes key_id;
    std::vector<PartLayout> parts;
};

struct OpenedEnvelope {
    EnvelopeError error = EnvelopeError::None;
    std::vector<Part> parts;
};

// BLAKE2b-64 of the office public key.
Bytes office_key_id(const Bytes& office_public_key);

// Ciphertext length of a part's chunks for a given plaintext length.
uint64_t part_ciphertext_len(uint64_t plaintext_len);

// Encrypts parts (part 0 must be the answers, the others attachments) to the office public key.
// Empty when the key is not 32 bytes, the parts break that rule or libsodium refuses.
Bytes seal_envelope(const std::vector<Part>& parts, const Bytes& office_public_key);

// Walks the envelope's structure without keys (what the server checks).
EnvelopeLayout parse_envelope_layout(const uint8_t* data, size_t len);

// Checks structure and key id, opens K and decrypts every part.
OpenedEnvelope open_envelope(const Bytes& envelope, const Bytes& office_public_key,
                             const Bytes& office_secret_key);

} // namespace anl
