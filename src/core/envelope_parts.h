// What envelopes of every version share (docs/PROTOCOL.md, "Part"): the parts after the header,
// each one crypto_secretstream of 64 KiB chunks whose associated data binds it to the whole
// header, its index, its type and its length. envelope.cpp (version 1) and case_envelope.cpp
// (version 2) differ only in their headers.
#pragma once
#include "core/envelope.h"

namespace anl::envelope_parts {

// Every envelope starts with these bytes, then its version.
constexpr uint8_t kMagic[4] = {'A', 'N', 'L', 'S'};
// A part key sealed to one recipient: crypto_box_SEALBYTES (48) + a secretstream key (32).
constexpr size_t kSealedKeySize = 48 + 32;

inline void put_u16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v); p[1] = uint8_t(v >> 8); }
inline uint16_t get_u16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }

// Appends part `index` (header and chunks) to `out`, whose first `header_len` bytes are the
// finished envelope header. False when libsodium refuses.
bool push_part(Bytes& out, size_t header_len, PartType type, const Bytes& plaintext, uint16_t index,
               const uint8_t key[32]);

// Decrypts one part of a walked envelope into `out`; false for any failed tag, MAC or length.
bool pull_part(const uint8_t* envelope, size_t header_len, const PartLayout& part, uint16_t index,
               const uint8_t key[32], Bytes& out);

// Walks `count` parts from `header_len` to the end of the envelope: part 0 must have type
// `first`, the others are attachments; nothing may follow the last.
EnvelopeError walk_parts(const uint8_t* data, size_t len, size_t header_len, uint16_t count, PartType first,
                         std::vector<PartLayout>& parts);

} // namespace anl::envelope_parts
