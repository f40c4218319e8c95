#include "core/encoding.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

namespace anl {

std::string to_base64(const uint8_t* data, size_t len) {
    const int variant = sodium_base64_VARIANT_ORIGINAL;
    std::string out(sodium_base64_encoded_len(len, variant), '\0');
    sodium_bin2base64(out.data(), out.size(), data, len, variant);
    out.resize(out.size() - 1); // drop the terminating NUL libsodium writes
    return out;
}

std::string to_base64url(const Bytes& b) {
    const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string out(sodium_base64_encoded_len(b.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), b.data(), b.size(), variant);
    out.resize(out.size() - 1);
    return out;
}

std::optional<Bytes> from_base64(const std::string& text) {
    Bytes out(text.size() / 4 * 3 + 3);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return std::nullopt;
    if (end != text.data() + text.size())
        return std::nullopt; // trailing garbage
    out.resize(len);
    return out;
}

std::string to_hex(const uint8_t* data, size_t len) {
    std::string out(len * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, len);
    out.resize(len * 2);
    return out;
}

std::optional<Bytes> from_hex(const std::string& text) {
    if (text.size() % 2 != 0)
        return std::nullopt;
    Bytes out(text.size() / 2);
    size_t len = 0;
    const char* end = nullptr;
    if (sodium_hex2bin(out.data(), out.size(), text.data(), text.size(), nullptr, &len, &end) != 0)
        return std::nullopt;
    if (end != text.data() + text.size() || len != out.size())
        return std::nullopt;
    return out;
}

std::optional<Bytes> base64_member(const nlohmann::json& obj, const char* name, size_t want_len) {
    if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string())
        return std::nullopt;
    auto bytes = from_base64(obj[name].get<std::string>());
    if (!bytes || bytes->size() != want_len)
        return std::nullopt;
    return bytes;
}

} // namespace anl
