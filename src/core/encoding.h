// Byte <-> text encodings used by the protocol: standard base64 (padded) and lower-case hex.
#pragma once
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anl {

using Bytes = std::vector<uint8_t>;

std::string to_base64(const uint8_t* data, size_t len);
inline std::string to_base64(const Bytes& b) { return to_base64(b.data(), b.size()); }
// The URL- and header-safe alphabet without padding (RFC 4648 §5): access tokens in
// `Authorization: Bearer`.
std::string to_base64url(const Bytes& b);
// Rejects anything that is not canonical padded base64 (no whitespace, no url-safe alphabet).
std::optional<Bytes> from_base64(const std::string& text);

// The member `name` of a JSON object as canonical base64 of exactly `want_len` bytes; empty when
// the object, the member, its type, its encoding or its length is not that (key files, sessions).
std::optional<Bytes> base64_member(const nlohmann::json& obj, const char* name, size_t want_len);

std::string to_hex(const uint8_t* data, size_t len);
inline std::string to_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
std::optional<Bytes> from_hex(const std::string& text);

inline Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }
inline std::string to_string(const Bytes& b) { return std::string(b.begin(), b.end()); }

} // namespace anl
