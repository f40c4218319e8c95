#include "core/wipe.h"

#include <catch2/catch.hpp>

TEST_CASE("wipe zeroes a buffer in place and empties it", "[wipe]") {
    anl::Bytes b{1, 2, 3, 4, 5, 6, 7, 8};
    const uint8_t* before = b.data();
    const size_t capacity = b.capacity();
    anl::wipe(b);
    CHECK(b.empty());
    // The same allocation, now zero: no copy of the old bytes was left somewhere else.
    CHECK(b.data() == before);
    CHECK(b.capacity() == capacity);
    for (size_t i = 0; i < 8; i++)
        CHECK(before[i] == 0);

    std::string s(64, 'x'); // longer than the small-string buffer, so it lives on the heap
    const char* text = s.data();
    anl::wipe(s);
    CHECK(s.empty());
    CHECK(s.data() == text);
    for (size_t i = 1; i < 64; i++) // [0] is the new terminator
        CHECK(text[i] == 0);

    std::string empty;
    anl::wipe(empty); // nothing to do, and no crash
    CHECK(empty.empty());
}
