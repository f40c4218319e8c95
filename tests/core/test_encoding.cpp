#include "core/encoding.h"

#include <catch2/catch.hpp>

using namespace anl;

TEST_CASE("base64 round-trips and matches RFC 4648 examples") {
    CHECK(to_base64(to_bytes("")) == "");
    CHECK(to_base64(to_bytes("f")) == "Zg==");
    CHECK(to_base64(to_bytes("foob")) == "Zm9vYg==");
    CHECK(to_base64(to_bytes("foobar")) == "Zm9vYmFy");
    CHECK(from_base64("Zm9vYg==") == to_bytes("foob"));
    Bytes all(256);
    for (int i = 0; i < 256; i++) all[i] = uint8_t(i);
    CHECK(from_base64(to_base64(all)) == all);
}

TEST_CASE("base64 rejects what is not canonical padded base64") {
    CHECK_FALSE(from_base64("Zm9vYg"));        // missing padding
    CHECK_FALSE(from_base64("Zm9v Yg=="));     // white space
    CHECK_FALSE(from_base64("Zm9vYg==x"));     // trailing garbage
    CHECK_FALSE(from_base64("_-8="));          // url-safe alphabet
}

TEST_CASE("hex round-trips and rejects odd or non-hex input") {
    CHECK(to_hex(to_bytes("\x01\xab")) == "01ab");
    CHECK(from_hex("01ab") == to_bytes("\x01\xab"));
    CHECK_FALSE(from_hex("01a"));
    CHECK_FALSE(from_hex("zz"));
}
