#include "core/digest.h"

#include <sodium.h>

namespace anl {

Bytes sha256(const uint8_t* data, size_t len) {
    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), data, len);
    return digest;
}

} // namespace anl
