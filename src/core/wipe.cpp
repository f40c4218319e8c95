#include "core/wipe.h"

#include <sodium.h>

namespace anl {

void wipe(std::string& s) {
    sodium_memzero(s.data(), s.size());
    s.clear();
}

void wipe(Bytes& b) {
    sodium_memzero(b.data(), b.size());
    b.clear();
}

} // namespace anl
