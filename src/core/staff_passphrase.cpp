// Passphrase rules and generated passphrases (core/staff_keys.h), kept apart from the key code.
#include "core/code_symbols.h"  // kCodeAlphabet
#include "core/staff_keys.h"
#include "core/text.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace anl {
namespace {

// The most common passwords of 12 characters or more in public breach lists (what a
// guesser tries first), the product's own name, and the passphrases of well-known examples.
// Compared after ASCII case folding; shorter ones are refused by the length rule already.
const char* const kCommonPassphrases[] = {
    "123456789012", "1234567890123", "12345678901234", "123456789012345", "1234567890123456",
    "123456123456", "112233445566", "123123123123", "098765432109", "password1234", "password12345",
    "password123456", "passwordpassword", "passwort1234", "passwort12345", "passwortpasswort",
    "qwertyuiop12", "qwertyuiop123", "qwerty123456", "qwertz123456", "qwertzuiop12",
    "1q2w3e4r5t6y", "1q2w3e4r5t6z", "1qaz2wsx3edc", "qazwsxedcrfv", "zaq12wsxcde3", "asdfghjkl123",
    "abc123456789", "abcdefghijkl", "abcd12345678", "iloveyou1234", "letmein12345", "welcome12345",
    "willkommen123", "changeme1234", "administrator", "administrator1", "anlaufstelle",
    "anlaufstelle1", "anlaufstelle123", "anlaufstelle2024", "anlaufstelle2025", "anlaufstelle2026",
    "correct horse battery staple", "correcthorsebatterystaple", "trustno1trustno1",
};

std::string ascii_fold(const std::string& s) {
    std::string out = s;
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

} // namespace

std::optional<std::string> passphrase_problem(const std::string& passphrase_nfc, const std::string& account_name) {
    if (!is_valid_utf8(passphrase_nfc))
        return std::string("staff.passphrase.not_utf8");
    // Code points, not bytes: "ééééééééééé" is 11 characters (22 bytes) and too short, twelve
    // CJK characters (36 bytes) are enough. The caller has normalised to NFC, so an "é" typed as
    // e + U+0301 counts once here too.
    std::vector<char32_t> cps;
    for (size_t i = 0; i < passphrase_nfc.size();)
        cps.push_back(next_code_point(passphrase_nfc, i));
    const size_t count = cps.size();
    std::sort(cps.begin(), cps.end());
    const size_t distinct = size_t(std::unique(cps.begin(), cps.end()) - cps.begin());
    sodium_memzero(cps.data(), cps.size() * sizeof(char32_t));   // the passphrase's letters, sorted
    if (count < kPassphraseMinChars)
        return std::string("staff.passphrase.too_short");
    if (count > kPassphraseMaxChars)
        return std::string("staff.passphrase.too_long");
    if (distinct < kPassphraseMinDistinct)
        return std::string("staff.passphrase.too_few_distinct");

    std::string folded = ascii_fold(passphrase_nfc);
    std::optional<std::string> problem;
    for (const char* common : kCommonPassphrases)
        if (folded == common)
            problem = "staff.passphrase.common";
    // A one- or two-letter name would refuse half of all passphrases without making any weaker.
    const std::string name = ascii_fold(account_name);
    if (!problem && name.size() >= 3 && folded.find(name) != std::string::npos)
        problem = "staff.passphrase.contains_name";
    wipe(folded);
    return problem;
}

std::string generate_passphrase(const std::string& account_name) {
    const std::string alphabet = ascii_fold(kCodeAlphabet);   // 30 symbols, no 0 1 i l o u
    for (;;) {
        std::string p;
        for (size_t i = 0; i < kGeneratedPassphraseSymbols; i++) {
            if (i > 0 && i % 4 == 0)
                p += '-';
            p += alphabet[randombytes_uniform(uint32_t(alphabet.size()))];
        }
        // Fewer than 5 distinct symbols is a chance below 2^-60, but a short name ("max") turns
        // up in about one passphrase in 2,000: then draw again.
        if (!passphrase_problem(p, account_name))
            return p;
        wipe(p);
    }
}

} // namespace anl
