#pragma once
#include "core/encoding.h"

#include <sodium.h>

#include <fstream>
#include <sstream>
#include <string>

// Reads a file of the source tree (tests run natively and under Node with NODERAWFS).
inline std::string read_source_file(const std::string& rel) {
    std::ifstream in(std::string(ANL_SOURCE_DIR) + "/" + rel, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline anl::Bytes pattern_bytes(size_t n, unsigned seed = 1) {
    anl::Bytes b(n);
    for (size_t i = 0; i < n; i++)
        b[i] = uint8_t((i * 131 + seed * 17) ^ (i >> 8));
    return b;
}

// A fresh X25519 box key pair (an office, a case, a stranger).
struct KeyPair {
    anl::Bytes pk = anl::Bytes(crypto_box_PUBLICKEYBYTES), sk = anl::Bytes(crypto_box_SECRETKEYBYTES);
    KeyPair() { crypto_box_keypair(pk.data(), sk.data()); }
};
