#include "core/case_envelope.h"
#include "helpers.h"

#include <catch2/catch.hpp>
#include <sodium.h>

using namespace anl;

namespace {

std::vector<Part> item_parts(size_t attachment_size) {
    return {{PartType::ItemDocument, to_bytes("{\"type\":\"message\"}")},
            {PartType::Attachment, pattern_bytes(attachment_size)}};
}

} // namespace

TEST_CASE("padding: at least 1 KiB, then Padmé; always room for the marker") {
    CHECK(padded_length(0) == 1024);
    CHECK(padded_length(1023) == 1024);
    CHECK(padded_length(1024) == 1088);  // 1025 rounds up to a multiple of 64
    uint64_t previous = 0;
    for (uint64_t n = 0; n < 3000000; n = n * 3 / 2 + 7) {
        const uint64_t p = padded_length(n);
        INFO(n);
        CHECK(p > n);
        CHECK(p >= previous);
        CHECK(is_padded_length(p));
        CHECK(p - n - 1 <= (n + 1) / 8 + 1024);  // Padmé costs at most ~12 % (and 1 KiB for tiny parts)
        previous = p;
    }
    // 50 MiB and a bit: one of few sizes, so a dump shows coarse sizes only.
    CHECK(padded_length((50u << 20) - 1) == padded_length((50u << 20) - 100000));
    // The lengths in between are not buckets.
    CHECK_FALSE(is_padded_length(0));
    CHECK_FALSE(is_padded_length(1023));
    CHECK_FALSE(is_padded_length(1025));
    CHECK(is_padded_length(1088));
    CHECK_FALSE(is_padded_length(1087));
}

TEST_CASE("padding: unpad gives back the data; a missing marker is refused") {
    for (size_t n : {size_t(0), size_t(1), size_t(1023), size_t(1024), size_t(70000)}) {
        const Bytes data = pattern_bytes(n);
        const Bytes padded = pad_plaintext(data);
        CHECK(padded.size() == padded_length(n));
        CHECK(unpad_plaintext(padded) == data);
    }
    CHECK_FALSE(unpad_plaintext(Bytes(1024, 0)));
    Bytes bad = pad_plaintext(to_bytes("x"));
    bad[1] = 0x81;
    CHECK_FALSE(unpad_plaintext(bad));
    CHECK_FALSE(unpad_plaintext(Bytes()));
}

TEST_CASE("case envelope: every recipient opens it, to exactly what was sealed") {
    KeyPair office, applicant, stranger;
    for (size_t n : {size_t(0), size_t(1), kChunkSize - 1, kChunkSize, 3 * kChunkSize + 5}) {
        INFO("attachment " << n);
        const auto parts = item_parts(n);
        const Bytes env = seal_case_envelope(parts, {office.pk, applicant.pk});
        REQUIRE_FALSE(env.empty());
        for (const KeyPair* who : {&office, &applicant}) {
            const OpenedEnvelope opened = open_case_envelope(env, who->pk, who->sk);
            REQUIRE(opened.error == EnvelopeError::None);
            REQUIRE(opened.parts.size() == 2);
            CHECK(opened.parts[0].type == PartType::ItemDocument);
            CHECK(opened.parts[0].plaintext == parts[0].plaintext);
            CHECK(opened.parts[1].plaintext == parts[1].plaintext);
        }
        CHECK(open_case_envelope(env, stranger.pk, stranger.sk).error == EnvelopeError::UnknownKey);
    }
}

TEST_CASE("case envelope: the layout shows recipients and padded sizes, without keys") {
    KeyPair office, applicant;
    const Bytes env = seal_case_envelope(item_parts(100000), {office.pk, applicant.pk});
    const CaseEnvelopeLayout layout = parse_case_envelope_layout(env.data(), env.size());
    REQUIRE(layout.error == EnvelopeError::None);
    CHECK(layout.header_len == case_envelope_header_size(2));
    CHECK(layout.header_len == 186);
    REQUIRE(layout.key_ids.size() == 2);
    CHECK(layout.key_ids[0] == office_key_id(office.pk));
    CHECK(layout.key_ids[1] == office_key_id(applicant.pk));
    REQUIRE(layout.parts.size() == 2);
    CHECK(layout.parts[0].plaintext_len == 1024);
    CHECK(layout.parts[1].plaintext_len == padded_length(100000));
    CHECK(env.size() == 186 + 2 * kPartHeaderSize + part_ciphertext_len(1024) + part_ciphertext_len(padded_length(100000)));
}

TEST_CASE("case envelope: a message of one word and one of 900 bytes look the same") {
    KeyPair office, applicant;
    const Bytes a = seal_case_envelope({{PartType::ItemDocument, to_bytes("ok")}}, {office.pk, applicant.pk});
    const Bytes b = seal_case_envelope({{PartType::ItemDocument, Bytes(900, 'x')}}, {office.pk, applicant.pk});
    CHECK(a.size() == b.size());
}

TEST_CASE("case envelope: callers' mistakes give nothing") {
    KeyPair office, applicant;
    CHECK(seal_case_envelope(item_parts(1), {}).empty());
    CHECK(seal_case_envelope(item_parts(1), {office.pk, office.pk}).empty());
    CHECK(seal_case_envelope(item_parts(1), {Bytes(31)}).empty());
    CHECK(seal_case_envelope(item_parts(1), std::vector<Bytes>(kMaxRecipients + 1, office.pk)).empty());
    CHECK(seal_case_envelope({{PartType::Answers, to_bytes("{}")}}, {office.pk}).empty());
    CHECK(seal_case_envelope({{PartType::ItemDocument, {}}, {PartType::ItemDocument, {}}}, {office.pk}).empty());
    CHECK(seal_case_envelope({}, {office.pk}).empty());
}

TEST_CASE("case envelope: flipping any byte makes it fail, truncation and trailing bytes are found") {
    KeyPair office, applicant;
    const Bytes env = seal_case_envelope(item_parts(kChunkSize + 10), {office.pk, applicant.pk});
    for (size_t i = 0; i < env.size(); i += (i < 400 ? 1 : 997)) {
        Bytes bad = env;
        bad[i] ^= 0x01;
        INFO("byte " << i);
        CHECK(open_case_envelope(bad, applicant.pk, applicant.sk).error != EnvelopeError::None);
    }
    for (size_t cut : {size_t(0), size_t(3), size_t(7), size_t(100), size_t(186), env.size() - 1}) {
        const Bytes shorter(env.begin(), env.begin() + long(cut));
        INFO("cut at " << cut);
        CHECK(parse_case_envelope_layout(shorter.data(), shorter.size()).error != EnvelopeError::None);
        CHECK(open_case_envelope(shorter, office.pk, office.sk).error != EnvelopeError::None);
    }
    Bytes longer = env;
    longer.push_back(0);
    CHECK(parse_case_envelope_layout(longer.data(), longer.size()).error == EnvelopeError::TrailingBytes);
}

TEST_CASE("case envelope: a chunk replayed, two chunks swapped or parts of two envelopes mixed fail") {
    KeyPair office;
    const Bytes env = seal_case_envelope(item_parts(3 * kChunkSize), {office.pk});
    const CaseEnvelopeLayout layout = parse_case_envelope_layout(env.data(), env.size());
    REQUIRE(layout.error == EnvelopeError::None);
    const size_t first_chunk = layout.parts[1].offset + kPartHeaderSize;
    const size_t chunk = kChunkSize + 17;
    Bytes swapped = env;
    std::swap_ranges(swapped.begin() + long(first_chunk), swapped.begin() + long(first_chunk + chunk),
                     swapped.begin() + long(first_chunk + chunk));
    CHECK(open_case_envelope(swapped, office.pk, office.sk).error == EnvelopeError::Tampered);
    Bytes replayed = env;
    std::copy(env.begin() + long(first_chunk), env.begin() + long(first_chunk + chunk),
              replayed.begin() + long(first_chunk + chunk));
    CHECK(open_case_envelope(replayed, office.pk, office.sk).error == EnvelopeError::Tampered);

    // The attachment of another envelope to the same key, with its own header: refused.
    const Bytes other = seal_case_envelope(item_parts(3 * kChunkSize), {office.pk});
    Bytes mixed = env;
    std::copy(other.begin() + long(layout.parts[1].offset), other.end(), mixed.begin() + long(layout.parts[1].offset));
    CHECK(open_case_envelope(mixed, office.pk, office.sk).error == EnvelopeError::Tampered);
}

TEST_CASE("case envelope: recipient fields are checked before anything is opened") {
    KeyPair office, applicant;
    const Bytes env = seal_case_envelope(item_parts(10), {office.pk, applicant.pk});
    Bytes none = env;
    none[6] = 0;
    CHECK(parse_case_envelope_layout(none.data(), none.size()).error == EnvelopeError::BadRecipients);
    Bytes many = env;
    many[6] = 9;
    CHECK(parse_case_envelope_layout(many.data(), many.size()).error == EnvelopeError::BadRecipients);
    Bytes twice = env;
    std::copy(env.begin() + 8, env.begin() + 16, twice.begin() + 96);
    CHECK(parse_case_envelope_layout(twice.data(), twice.size()).error == EnvelopeError::BadRecipients);
    Bytes v1 = env;
    v1[4] = 1;
    CHECK(parse_case_envelope_layout(v1.data(), v1.size()).error == EnvelopeError::UnsupportedVersion);
}
