#include "core/validators.h"

#include <catch2/catch.hpp>

using namespace anl;

namespace {
// The normalised value, or "!" + the error, so that one CHECK shows both outcomes.
template <typename F, typename... Rest>
std::string run(F check, const std::string& text, Rest... rest) {
    const Checked c = check(text, rest...);
    CHECK(c.ok == c.error.empty());
    CHECK((c.ok || c.value.empty()));
    return c.ok ? c.value : "!" + c.error;
}
std::string ahv(const std::string& t) { return run(check_ahv, t); }
std::string iban(const std::string& t) { return run(check_iban, t); }
std::string plz(const std::string& t) { return run(check_swiss_postcode, t); }
std::string phone(const std::string& t, const std::string& country = "CH") { return run(check_phone, t, country); }
std::string email(const std::string& t) { return run(check_email, t); }
} // namespace

// EAN-13 check digit: weights 1,3,1,3,... over the first twelve digits, check = (10 - sum % 10) % 10.
//   756.1234.5678.97 (official example): 7+15+6+3+2+9+4+15+6+21+8+27 = 123 -> 7
//   756.9217.0769.85: 7+15+6+27+2+3+7+0+7+18+9+24 = 125 -> 5
//   756.3047.5009.62: 7+15+6+9+0+12+7+15+0+0+9+18 = 98 -> 2
//   757.1234.5678.96: 7+15+7 + (123-28) = 124 -> 6, a valid EAN-13 but not a Swiss prefix
TEST_CASE("AHV numbers: valid ones come back in the printed form") {
    CHECK(ahv("756.1234.5678.97") == "756.1234.5678.97");
    CHECK(ahv("7561234567897") == "756.1234.5678.97");
    CHECK(ahv(" 756 1234 5678 97 ") == "756.1234.5678.97");
    CHECK(ahv("756-1234-5678-97") == "756.1234.5678.97");
    CHECK(ahv("756.1234.5678.9 7") == "756.1234.5678.97");  // stray separators anywhere
    CHECK(ahv("756\xC2\xA0" "1234\xC2\xA0" "5678\xC2\xA0" "97") == "756.1234.5678.97");  // no-break spaces
    CHECK(ahv("756.9217.0769.85") == "756.9217.0769.85");
    CHECK(ahv("756.3047.5009.62") == "756.3047.5009.62");
}

TEST_CASE("AHV numbers: wrong check digit, prefix, length and characters are told apart") {
    CHECK(ahv("756.1234.5678.96") == "!checksum");
    CHECK(ahv("756.1234.5678.98") == "!checksum");
    CHECK(ahv("756.1234.5679.97") == "!checksum");  // one digit mistyped
    CHECK(ahv("756.1243.5678.97") == "!checksum");  // two neighbours swapped (3 and 4 weigh differently)
    CHECK(ahv("756.9217.0769.84") == "!checksum");
    CHECK(ahv("757.1234.5678.96") == "!prefix");
    CHECK(ahv("123.4567.8901.28") == "!prefix");
    CHECK(ahv("756.1234.5678.9") == "!length");
    CHECK(ahv("756.1234.5678.970") == "!length");
    CHECK(ahv("123.45.678.113") == "!length");      // the old 11-digit form
    CHECK(ahv("756.1234.5678.9O") == "!format");    // letter O for zero
    CHECK(ahv("756/1234/5678/97") == "!format");
    CHECK(ahv("") == "!required");
    CHECK(ahv(" \t ") == "!required");
}

TEST_CASE("IBANs: registry examples pass and come back in groups of four") {
    CHECK(iban("CH93 0076 2011 6238 5295 7") == "CH93 0076 2011 6238 5295 7");  // SIX example
    CHECK(iban("CH9300762011623852957") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("ch93 0076 2011 6238 5295 7") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("  CH93-0076-2011-6238-5295-7 ") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("CH 93 00762 0116 2385 2957") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("IBAN CH93 0076 2011 6238 5295 7") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("IBAN: CH93 0076 2011 6238 5295 7") == "CH93 0076 2011 6238 5295 7");
    CHECK(iban("CH56 0483 5012 3456 7800 9") == "CH56 0483 5012 3456 7800 9");  // QR-bill spec
    CHECK(iban("CH44 3199 9123 0008 8901 2") == "CH44 3199 9123 0008 8901 2");  // a QR-IBAN
    CHECK(iban("LI21 0881 0000 2324 013A A") == "LI21 0881 0000 2324 013A A");
    CHECK(iban("li21088100002324013aa") == "LI21 0881 0000 2324 013A A");
    CHECK(iban("DE89 3704 0044 0532 0130 00") == "DE89 3704 0044 0532 0130 00");
    CHECK(iban("AT61 1904 3002 3457 3201") == "AT61 1904 3002 3457 3201");
    CHECK(iban("FR14 2004 1010 0505 0001 3M02 606") == "FR14 2004 1010 0505 0001 3M02 606");
    CHECK(iban("IT60 X054 2811 1010 0000 0123 456") == "IT60 X054 2811 1010 0000 0123 456");
    CHECK(iban("GB29 NWBK 6016 1331 9268 19") == "GB29 NWBK 6016 1331 9268 19");
    CHECK(iban("PT50 0002 0123 1234 5678 9015 4") == "PT50 0002 0123 1234 5678 9015 4");
    CHECK(iban("TR33 0006 1005 1978 6457 8413 26") == "TR33 0006 1005 1978 6457 8413 26");
    CHECK(iban("XK05 1212 0123 4567 8906") == "XK05 1212 0123 4567 8906");
}

TEST_CASE("IBANs: typos, wrong lengths and unknown countries are refused") {
    CHECK(iban("CH93 0076 2011 6238 5295 8") == "!checksum");  // last digit
    CHECK(iban("CH93 0076 2011 6238 5259 7") == "!checksum");  // two digits swapped
    CHECK(iban("CH94 0076 2011 6238 5295 7") == "!checksum");  // check digits
    CHECK(iban("DE89 3704 0044 0532 0131 00") == "!checksum");
    CHECK(iban("LI21 0881 0000 2324 013A B") == "!checksum");
    CHECK(iban("CH93 0076 2011 6238 5295 71") == "!length");   // 22 characters, as in GB or DE
    CHECK(iban("CH93 0076 2011 6238 5295") == "!length");
    CHECK(iban("DE89 3704 0044 0532 0130 0") == "!length");
    CHECK(iban("US12 3456 7890 1234 5678 9") == "!country");
    CHECK(iban("XX93 0076 2011 6238 5295 7") == "!country");
    CHECK(iban("CHAB 0076 2011 6238 5295 7") == "!format");
    CHECK(iban("9300 7620 1162 3852 957") == "!format");
    CHECK(iban("CH93 0076 2011 6238 5295 7!") == "!format");
    CHECK(iban("CH93 0076 2011 6238 5295 Ä") == "!format");
    CHECK(iban("CH12 A076 2011 6238 5295 7") == "!format");     // Swiss bank numbers are digits
    CHECK(iban("IBAN") == "!format");
    CHECK(iban("") == "!required");
}

// Check digits 00, 01 and 99 equal 97, 98 and 02 modulo 97, so they can satisfy the mod-97 test
// when the real check digits are 97, 98 or 02. Computed for three Swiss BBANs (check digits =
// 98 - (BBAN + "CH00") mod 97): 00762011623850072 -> 97, 00762011623850054 -> 98,
// 00762011623850036 -> 02.
TEST_CASE("IBANs: check digits 00, 01 and 99 are never issued") {
    CHECK(iban("CH97 0076 2011 6238 5007 2") == "CH97 0076 2011 6238 5007 2");
    CHECK(iban("CH00 0076 2011 6238 5007 2") == "!checksum");
    CHECK(iban("CH98 0076 2011 6238 5005 4") == "CH98 0076 2011 6238 5005 4");
    CHECK(iban("CH01 0076 2011 6238 5005 4") == "!checksum");
    CHECK(iban("CH02 0076 2011 6238 5003 6") == "CH02 0076 2011 6238 5003 6");
    CHECK(iban("CH99 0076 2011 6238 5003 6") == "!checksum");
}

TEST_CASE("Swiss postcodes") {
    CHECK(plz("8001") == "8001");
    CHECK(plz(" 8001 ") == "8001");
    CHECK(plz("1000") == "1000");
    CHECK(plz("9999") == "9999");
    CHECK(plz("9490") == "9490");       // Vaduz: Liechtenstein is in the Swiss system
    CHECK(plz("CH-8001") == "8001");
    CHECK(plz("ch 3011") == "3011");
    CHECK(plz("80 01") == "8001");
    CHECK(plz("0800") == "!range");
    CHECK(plz("0999") == "!range");
    CHECK(plz("12345") == "!length");
    CHECK(plz("800") == "!length");
    CHECK(plz("80a1") == "!format");
    CHECK(plz("D-80331") == "!format");
    CHECK(plz("8001 Zürich") == "!format");
    CHECK(plz("8001-") == "!format");
    CHECK(plz("CH-") == "!format");
    CHECK(plz("") == "!required");
}

TEST_CASE("phone numbers: Swiss numbers in every usual spelling become E.164") {
    CHECK(phone("044 123 45 67") == "+41441234567");
    CHECK(phone("0441234567") == "+41441234567");
    CHECK(phone("+41 44 123 45 67") == "+41441234567");
    CHECK(phone("+41441234567") == "+41441234567");
    CHECK(phone("0041 44 123 45 67") == "+41441234567");
    CHECK(phone("+41 (0)44 123 45 67") == "+41441234567");
    CHECK(phone("+41 044 123 45 67") == "+41441234567");
    CHECK(phone("(044) 123-45-67") == "+41441234567");
    CHECK(phone("044/123.45.67") == "+41441234567");
    CHECK(phone("(0041) 44 123 45 67") == "+41441234567");
    CHECK(phone("079 123 45 67") == "+41791234567");
    CHECK(phone("+41 79 123 45 67") == "+41791234567");
    CHECK(phone("0800 123 456") == "+41800123456");
    CHECK(phone("\xC2\xA0" "078\xE2\x80\xAF" "123\xE2\x80\xAF" "45\xE2\x80\xAF" "67") == "+41781234567");
    CHECK(phone("+41 44 123 45 67", "DE") == "+41441234567");  // the default only matters without +
}

TEST_CASE("phone numbers: other countries") {
    CHECK(phone("+49 30 12345678") == "+493012345678");
    CHECK(phone("0049 30 12345678") == "+493012345678");
    CHECK(phone("+49 (0)30 12345678") == "+493012345678");
    CHECK(phone("+44 20 7946 0958") == "+442079460958");
    CHECK(phone("+1 (202) 555-0123") == "+12025550123");
    CHECK(phone("+423 235 12 34") == "+4232351234");
    CHECK(phone("+377 9798 0000") == "+37797980000");           // Monaco, 11 digits
    CHECK(phone("+49 1234") == "!length");
    CHECK(phone("+49 12345") == "!length");                    // 7 digits, 8 needed in all
    CHECK(phone("+49 123456") == "+49123456");
    CHECK(phone("+49 1234 5678 9012 34") == "!length");        // 16 digits
    CHECK(phone("+0 44 123 45 67") == "!format");
    CHECK(phone("000 44 123 45 67") == "!format");
}

TEST_CASE("phone numbers: national numbers for another default country") {
    CHECK(phone("030 12345678", "DE") == "+493012345678");
    CHECK(phone("01 42 68 53 00", "FR") == "+33142685300");
    CHECK(phone("0664 1234567", "at") == "+436641234567");
    CHECK(phone("06 6988 4857", "IT") == "+390669884857");      // Italy keeps its 0
    CHECK(phone("235 12 34", "LI") == "+4232351234");
    CHECK(phone("044 123 45 67", "US") == "!country");
}

TEST_CASE("phone numbers: what cannot be a number") {
    CHECK(phone("044 123 45") == "!length");
    CHECK(phone("044 123 45 678") == "!length");
    CHECK(phone("+41 44 123 45") == "!length");
    CHECK(phone("+41 44 123 45 678") == "!length");
    CHECK(phone("0041 44 123 45 6") == "!length");
    CHECK(phone("44 123 45 67") == "!format");                 // no 0, no +: area unclear
    CHECK(phone("117") == "!format");
    CHECK(phone("044 ABC 45 67") == "!format");
    CHECK(phone("044 123 45 67 ext 2") == "!format");
    CHECK(phone("+41 +44 123 45 67") == "!format");
    CHECK(phone("044 123 45 67+") == "!format");
    CHECK(phone("+") == "!format");
    CHECK(phone("(0)0") == "!format");                         // "00" once brackets go, no digits

    CHECK(phone("--") == "!format");
    CHECK(phone("") == "!required");
}

TEST_CASE("e-mail addresses that are accepted") {
    CHECK(email("anna.muster@example.ch") == "anna.muster@example.ch");
    CHECK(email("  anna.muster@example.ch ") == "anna.muster@example.ch");
    CHECK(email("Anna.Muster@Example.CH") == "Anna.Muster@example.ch");  // local part keeps its case
    CHECK(email("a@b.ch") == "a@b.ch");
    CHECK(email("first.last+sozialamt@gmail.com") == "first.last+sozialamt@gmail.com");
    CHECK(email("o'neil@mail.example.co.uk") == "o'neil@mail.example.co.uk");
    CHECK(email("info@sozialdienst-bern.ch") == "info@sozialdienst-bern.ch");
    CHECK(email("x_y-z@123.example.ch") == "x_y-z@123.example.ch");
    CHECK(email("anna@müller.ch") == "anna@müller.ch");                 // IDN domain
    CHECK(email("anna@MÜLLER.CH") == "anna@müller.ch");
    CHECK(email("info@bücher.example.de") == "info@bücher.example.de");
    CHECK(email("user@пример.рф") == "user@пример.рф");
    CHECK(email(std::string(64, 'a') + "@example.ch") == std::string(64, 'a') + "@example.ch");
}

TEST_CASE("e-mail addresses that are refused, and why") {
    CHECK(email("a@b") == "!domain");               // no dot: not a deliverable domain
    CHECK(email("a@b.c") == "!domain");             // one-letter top-level domain
    CHECK(email("a@1.2.3.4") == "!domain");
    CHECK(email("a@[192.168.0.1]") == "!domain");
    CHECK(email("a@.example.ch") == "!domain");
    CHECK(email("a@example..ch") == "!domain");
    CHECK(email("a@example.ch.") == "!domain");
    CHECK(email("a@-example.ch") == "!domain");
    CHECK(email("a@example-.ch") == "!domain");
    CHECK(email("a@exam_ple.ch") == "!domain");
    CHECK(email("a@example.ch\xE2\x80\xA6") == "!domain");  // U+2026 ellipsis pasted along
    CHECK(email("a@caf\xC2\xA9.ch") == "!domain");            // U+00A9 ©: Latin-1, not a letter
    CHECK(email("a@b\xC3\x97" "c.ch") == "!domain");          // U+00D7 ×
    CHECK(email("a@" + std::string(64, 'x') + ".ch") == "!domain");
    CHECK(email("a b@c.ch") == "!format");
    CHECK(email("a@b .ch") == "!format");
    CHECK(email("a\xC2\xA0" "b@c.ch") == "!format");
    CHECK(email("anna.muster.example.ch") == "!format");
    CHECK(email("anna@@example.ch") == "!format");
    CHECK(email("anna@home@example.ch") == "!format");
    CHECK(email("@example.ch") == "!format");
    CHECK(email(".anna@example.ch") == "!format");
    CHECK(email("anna.@example.ch") == "!format");
    CHECK(email("an..na@example.ch") == "!format");
    CHECK(email("\"anna muster\"@example.ch") == "!format");  // quoted local parts: too rare
    CHECK(email("anna(at)example.ch") == "!format");
    CHECK(email("anna@example.ch\n") == "anna@example.ch");  // trailing newline is trimmed
    CHECK(email("an\nna@example.ch") == "!format");
    CHECK(email("bad\xFF@example.ch") == "!format");
    CHECK(email(std::string(65, 'a') + "@example.ch") == "!length");
    const std::string label63(63, 'x'), label62(62, 'y');
    CHECK(email("a@" + label63 + "." + label63 + "." + label63 + "." + label63 + ".ch") == "!length");  // 258
    CHECK(email(std::string(64, 'a') + "@" + label62 + "." + label62 + "." + label62 + ".ch") ==
          "!length");  // 64 + 1 + 191 = 256 bytes
    CHECK(email(std::string(64, 'a') + "@" + label62 + "." + label62 + "." + label62.substr(2) + ".ch") ==
          std::string(64, 'a') + "@" + label62 + "." + label62 + "." + label62.substr(2) + ".ch");  // 254
    CHECK(email("") == "!required");
}

// Decision (see validators.h): letters beyond ASCII before the @ are refused with their own
// reason, so the form can say "write the address as your provider shows it".
TEST_CASE("e-mail: non-ASCII before the @ is refused with its own reason") {
    CHECK(email("zoë@example.ch") == "!ascii");
    CHECK(email("müller@example.ch") == "!ascii");
    CHECK(email("zoe@example.ch") == "zoe@example.ch");
}
