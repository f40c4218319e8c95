// SHA-256, as the protocol uses it: the server keeps the SHA-256 of each access token (drafts,
// cases, staff logins), and each tus chunk carries the SHA-256 of its bytes.
#pragma once
#include "core/encoding.h"

namespace anl {

Bytes sha256(const uint8_t* data, size_t len);
inline Bytes sha256(const Bytes& b) { return sha256(b.data(), b.size()); }
inline std::string sha256_hex(const Bytes& b) { return to_hex(sha256(b)); }

} // namespace anl
