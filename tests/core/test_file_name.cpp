#include "core/file_name.h"

#include <catch2/catch.hpp>

using anl::sanitize_file_name;

TEST_CASE("ordinary names in any script survive") {
    CHECK(sanitize_file_name("Mietvertrag März 2026.pdf") == "Mietvertrag März 2026.pdf");
    CHECK(sanitize_file_name("ዶክመንት.jpg") == "ዶክመንት.jpg");
    CHECK(sanitize_file_name("عقد الإيجار.pdf") == "عقد الإيجار.pdf");
    CHECK(sanitize_file_name("scan (1)_final-v2.png") == "scan (1)_final-v2.png");
}

TEST_CASE("hostile names are defused") {
    CHECK(sanitize_file_name("../../etc/passwd") == "passwd");
    CHECK(sanitize_file_name("C:\\Windows\\system32\\evil.exe") == "evil.exe");
    CHECK(sanitize_file_name(".bashrc") == "bashrc");
    CHECK(sanitize_file_name("...") == "attachment");
    CHECK(sanitize_file_name("") == "attachment");
    CHECK(sanitize_file_name("a\nb\r\x01" "c.txt") == "abc.txt");
    CHECK(sanitize_file_name("invoice\xE2\x80\xAE" "fdp.exe") == "invoicefdp.exe"); // U+202E
    CHECK(sanitize_file_name("x<y>|\"*?:.txt") == "xy.txt");
    CHECK(sanitize_file_name("bad\xFF\xFEutf8.txt") == "attachment");
}

TEST_CASE("long names are capped on a code point boundary, keeping the extension") {
    std::string name;
    for (int i = 0; i < 100; i++) name += "ä";
    name += ".pdf";
    const std::string out = sanitize_file_name(name);
    CHECK(out.size() <= anl::kMaxFileNameBytes);
    CHECK(out.substr(out.size() - 4) == ".pdf");
    CHECK(out.substr(0, 2) == "ä");
    CHECK((out.size() - 4) % 2 == 0); // whole two-byte code points only
}
