// Forgetting what was sensitive: the memory is zeroed (sodium_memzero, which the compiler may not
// optimise away) before the container is emptied, so a kiosk's or shared PC's next user, or a
// later heap allocation, finds no copy of a name, a passphrase or a document.
#pragma once
#include "core/encoding.h"

#include <string>
#include <utility>

namespace anl {

void wipe(std::string& s);
void wipe(Bytes& b);

// Key bytes that are wiped whenever they are dropped: destroyed, assigned over or moved from.
// It is a Bytes (data(), size(), ==), so code that reads keys needs no change; only its owner
// forgets differently.
struct SecretBytes : Bytes {
    SecretBytes() = default;
    SecretBytes(const Bytes& b) : Bytes(b) {}
    SecretBytes(Bytes&& b) : Bytes(std::move(b)) {}
    explicit SecretBytes(size_t n) : Bytes(n) {}
    SecretBytes(const SecretBytes& o) : Bytes(o) {}
    SecretBytes(SecretBytes&& o) noexcept : Bytes(std::move(o)) {}
    SecretBytes& operator=(const SecretBytes& o) {
        if (this != &o) {
            wipe(*this);
            Bytes::operator=(o);
        }
        return *this;
    }
    SecretBytes& operator=(SecretBytes&& o) noexcept {
        if (this != &o) {
            wipe(*this);
            Bytes::operator=(std::move(o));
        }
        return *this;
    }
    ~SecretBytes() { wipe(*this); }
};

} // namespace anl
