#include "core/envelope.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <sodium.h>

using namespace anl;

namespace {

std::vector<Part> sample_parts(size_t attachment_size) {
    return {{PartType::Answers, to_bytes("{\"answers\":{}}")},
            {PartType::Attachment, pattern_bytes(attachment_size)}};
}

} // namespace

TEST_CASE("an envelope opens to exactly what was sealed, at every chunk boundary") {
    KeyPair office;
    for (size_t n : {size_t(0), size_t(1), kChunkSize - 1, kChunkSize, kChunkSize + 1, 3 * kChunkSize + 5}) {
        INFO("attachment size " << n);
        const auto parts = sample_parts(n);
        const Bytes env = seal_envelope(parts, office.pk);
        CHECK(env.size() == kEnvelopeHeaderSize + 2 * kPartHeaderSize + part_ciphertext_len(parts[0].plaintext.size()) +
                                part_ciphertext_len(n));
        const OpenedEnvelope opened = open_envelope(env, office.pk, office.sk);
        REQUIRE(opened.error == EnvelopeError::None);
        REQUIRE(opened.parts.size() == 2);
        CHECK(opened.parts[0].plaintext == parts[0].plaintext);
        CHECK(opened.parts[1].type == PartType::Attachment);
        CHECK(opened.parts[1].plaintext == parts[1].plaintext);
    }
}

TEST_CASE("the layout is readable without keys") {
    KeyPair office;
    const Bytes env = seal_envelope(sample_parts(100000), office.pk);
    const EnvelopeLayout layout = parse_envelope_layout(env.data(), env.size());
    REQUIRE(layout.error == EnvelopeError::None);
    CHECK(layout.key_id == office_key_id(office.pk));
    REQUIRE(layout.parts.size() == 2);
    CHECK(layout.parts[1].plaintext_len == 100000);
    CHECK(layout.parts[1].ciphertext_len == 100000 + 2 * 17);
}

TEST_CASE("two seals of the same answers differ (fresh K and nonces)") {
    KeyPair office;
    CHECK(seal_envelope(sample_parts(10), office.pk) != seal_envelope(sample_parts(10), office.pk));
}

TEST_CASE("flipping any single byte makes the envelope fail to open") {
    KeyPair office;
    const Bytes env = seal_envelope(sample_parts(kChunkSize + 10), office.pk);
    // Every byte of the header and part headers, and a sample of the ciphertext.
    for (size_t i = 0; i < env.size(); i += (i < 300 ? 1 : 997)) {
        Bytes bad = env;
        bad[i] ^= 0x01;
        const OpenedEnvelope opened = open_envelope(bad, office.pk, office.sk);
        INFO("byte " << i);
        REQUIRE(opened.error != EnvelopeError::None);
        CHECK(opened.parts.empty());
    }
}

TEST_CASE("tampering is reported by kind") {
    KeyPair office, other;
    const Bytes env = seal_envelope(sample_parts(10), office.pk);
    auto open_with = [&](Bytes e) { return open_envelope(e, office.pk, office.sk).error; };

    Bytes bad = env; bad[0] = 'X';
    CHECK(open_with(bad) == EnvelopeError::BadMagic);
    bad = env; bad[4] = 2;
    CHECK(open_with(bad) == EnvelopeError::UnsupportedVersion);
    bad = env; bad[6] ^= 1;
    CHECK(open_with(bad) == EnvelopeError::UnknownKey);
    bad = env; bad[20] ^= 1;
    CHECK(open_with(bad) == EnvelopeError::Tampered);
    bad = env; bad.push_back(0);
    CHECK(open_with(bad) == EnvelopeError::TrailingBytes);
    CHECK(open_envelope(env, other.pk, other.sk).error == EnvelopeError::UnknownKey);
    // Right key id, wrong secret key.
    CHECK(open_envelope(env, office.pk, other.sk).error == EnvelopeError::Tampered);
}

TEST_CASE("every truncation is rejected, never opened") {
    KeyPair office;
    const Bytes env = seal_envelope(sample_parts(kChunkSize + 1), office.pk);
    for (size_t len = 0; len < env.size(); len += (len < 200 ? 1 : 1009)) {
        Bytes cut(env.begin(), env.begin() + long(len));
        INFO("length " << len);
        CHECK(open_envelope(cut, office.pk, office.sk).error != EnvelopeError::None);
    }
}

TEST_CASE("parts cannot be swapped or dropped unnoticed") {
    KeyPair office;
    std::vector<Part> parts = sample_parts(50);
    parts.push_back({PartType::Attachment, pattern_bytes(50, 9)});
    const Bytes env = seal_envelope(parts, office.pk);
    const EnvelopeLayout layout = parse_envelope_layout(env.data(), env.size());
    REQUIRE(layout.parts.size() == 3);

    // Same-size attachments 1 and 2 swapped: structurally fine, but the AD binds the index.
    Bytes swapped = env;
    const size_t len = kPartHeaderSize + layout.parts[1].ciphertext_len;
    std::copy(env.begin() + long(layout.parts[2].offset), env.begin() + long(layout.parts[2].offset + len),
              swapped.begin() + long(layout.parts[1].offset));
    std::copy(env.begin() + long(layout.parts[1].offset), env.begin() + long(layout.parts[1].offset + len),
              swapped.begin() + long(layout.parts[2].offset));
    CHECK(parse_envelope_layout(swapped.data(), swapped.size()).error == EnvelopeError::None);
    CHECK(open_envelope(swapped, office.pk, office.sk).error == EnvelopeError::Tampered);

    // Last part dropped and the count lowered: the count is in the header, which is in the AD.
    Bytes dropped(env.begin(), env.begin() + long(layout.parts[2].offset));
    dropped[94] = 2;
    CHECK(open_envelope(dropped, office.pk, office.sk).error == EnvelopeError::Tampered);
}

TEST_CASE("structure checks: part types, reserved byte, zero parts") {
    KeyPair office;
    const Bytes env = seal_envelope(sample_parts(5), office.pk);
    Bytes bad = env;
    bad[kEnvelopeHeaderSize] = uint8_t(PartType::Attachment);
    CHECK(parse_envelope_layout(bad.data(), bad.size()).error == EnvelopeError::BadPart);
    bad = env;
    bad[kEnvelopeHeaderSize + 1] = 1;
    CHECK(parse_envelope_layout(bad.data(), bad.size()).error == EnvelopeError::BadPart);
    bad = env;
    bad[94] = 0; bad[95] = 0;
    CHECK(parse_envelope_layout(bad.data(), bad.size()).error == EnvelopeError::BadPart);
    // A declared length far beyond the body must not overflow into "fits".
    bad = env;
    for (int i = 0; i < 8; i++) bad[kEnvelopeHeaderSize + 2 + i] = 0xFF;
    CHECK(parse_envelope_layout(bad.data(), bad.size()).error == EnvelopeError::Truncated);
}

TEST_CASE("sealing refuses a key of the wrong size and parts no reader would accept") {
    KeyPair office;
    const Bytes short_key(office.pk.begin(), office.pk.end() - 1);
    CHECK(seal_envelope(sample_parts(10), short_key).empty());
    CHECK(seal_envelope(sample_parts(10), Bytes()).empty());
    CHECK(seal_envelope({}, office.pk).empty());
    CHECK(seal_envelope({{PartType::Attachment, to_bytes("x")}}, office.pk).empty());
    CHECK(seal_envelope({{PartType::Answers, to_bytes("{}")}, {PartType::Answers, to_bytes("{}")}}, office.pk).empty());
    CHECK_FALSE(seal_envelope(sample_parts(10), office.pk).empty());
}
