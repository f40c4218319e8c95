// Forgetting what was sensitive: the memory is zeroed (sodium_memzero, which the compiler may not
// optimise away) before the container is emptied, so a kiosk's or shared PC's next user, or a
// later heap allocation, finds no copy of a name, a passphrase or a document.
#pragma once
#include "core/encoding.h"

#include <string>

namespace anl {

void wipe(std::string& s);
void wipe(Bytes& b);

} // namespace anl
