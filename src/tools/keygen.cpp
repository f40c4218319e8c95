// anlaufstelle-keygen: creates the office key file (protocol v2: the office key pair and the
// first staff accounts), migrates a v1 file, or prints a passphrase or the protocol test vectors.
//
//   anlaufstelle-keygen --out FILE --staff NAME:ROLE [--staff NAME:ROLE ...]
//       [--opslimit N] [--memlimit-mib M]      reads one passphrase per staff member from stdin
//                                              ("-" = generate one and print it); first an admin
//   anlaufstelle-keygen --migrate-v1 OLD --out NEW --staff NAME:admin [--staff ...]
//                                              reads the v1 passphrase, then one per staff member
//   anlaufstelle-keygen --generate-passphrase
//   anlaufstelle-keygen --test-vector          prints tests/vectors/envelope-v1.json
//   anlaufstelle-keygen --test-vector-v2       prints tests/vectors/staff-keys-v2.json
//   anlaufstelle-keygen --test-vector-cases    prints tests/vectors/cases-v2.json
//
// No secret key ever touches the disk unwrapped; files are written 0600, atomically, and never
// over an existing file.
#include "tools/keygen.h"

#include "core/staff_keys.h"

#include <sodium.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

struct StaffArg {
    std::string name, role;
};

int usage() {
    std::fprintf(stderr,
                 "usage: anlaufstelle-keygen --out FILE --staff NAME:ROLE [--staff NAME:ROLE ...]\n"
                 "                           [--opslimit N] [--memlimit-mib M]   (one passphrase per line on stdin, - = generate)\n"
                 "       anlaufstelle-keygen --migrate-v1 OLD_FILE --out NEW_FILE --staff NAME:admin\n"
                 "                           (stdin: the v1 passphrase, then the new admin's)\n"
                 "       anlaufstelle-keygen --generate-passphrase\n"
                 "       anlaufstelle-keygen --test-vector | --test-vector-v2 | --test-vector-cases\n"
                 "ROLE is admin or intake; the first staff member must be an admin.\n");
    return 2;
}

const char* problem_text(const std::string& code) {
    if (code == "staff.passphrase.not_utf8") return "is not valid UTF-8";
    if (code == "staff.passphrase.too_short") return "is shorter than 12 characters";
    if (code == "staff.passphrase.too_long") return "is longer than 256 characters";
    if (code == "staff.passphrase.too_few_distinct") return "has fewer than 5 different characters";
    if (code == "staff.passphrase.contains_name") return "contains the account name";
    if (code == "staff.passphrase.common") return "is one of the most common passwords";
    return "is refused";
}

bool read_line(std::string& line) {
    if (!std::getline(std::cin, line))
        return false;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return true;
}

// One staff passphrase from stdin: "-" generates one (printed), anything else is taken in NFC
// and must pass the policy.
std::optional<std::string> staff_passphrase(const std::string& name) {
    std::string line;
    if (!read_line(line)) {
        std::fprintf(stderr, "keygen: no passphrase for %s on stdin\n", name.c_str());
        return std::nullopt;
    }
    if (line == "-") {
        std::string p = anl::generate_passphrase(name);
        std::printf("passphrase for %s: %s\n", name.c_str(), p.c_str());
        return p;
    }
    auto nfc = keygen::to_nfc(line);
    anl::wipe(line);
    if (!nfc) {
        std::fprintf(stderr, "keygen: the passphrase for %s is not valid UTF-8\n", name.c_str());
        return std::nullopt;
    }
    if (auto problem = anl::passphrase_problem(*nfc, name)) {
        std::fprintf(stderr, "keygen: the passphrase for %s %s\n", name.c_str(), problem_text(*problem));
        anl::wipe(*nfc);
        return std::nullopt;
    }
    return nfc;
}

// Writes next to the target, then link(2), which fails if the target exists: no window in which
// another file is replaced or a half-written key file is visible.
bool write_new_file(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".tmp-" + std::to_string(getpid());
    const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::fprintf(stderr, "keygen: cannot create %s: %s\n", tmp.c_str(), std::strerror(errno));
        return false;
    }
    bool ok = fchmod(fd, 0600) == 0;
    for (size_t done = 0; ok && done < text.size();) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        done += ok ? size_t(n) : 0;
    }
    ok = ok && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && link(tmp.c_str(), path.c_str()) != 0) {
        std::fprintf(stderr, "keygen: cannot write %s: %s\n", path.c_str(),
                     errno == EEXIST ? "it exists; refusing to replace an office key" : std::strerror(errno));
        ok = false;
    } else if (!ok) {
        std::fprintf(stderr, "keygen: cannot write %s\n", tmp.c_str());
    }
    unlink(tmp.c_str());
    return ok;
}

bool file_exists(const std::string& path) {
    return access(path.c_str(), F_OK) == 0;
}

std::optional<uint64_t> parse_count(const char* text) {
    if (!*text || std::strlen(text) > 12 || std::strspn(text, "0123456789") != std::strlen(text))
        return std::nullopt;
    return std::strtoull(text, nullptr, 10);
}

int write_office_file(const std::string& out, const std::vector<StaffArg>& staff, const anl::OfficeKeys& office,
                      uint64_t opslimit, uint64_t memlimit) {
    nlohmann::json accounts = nlohmann::json::array();
    for (const StaffArg& s : staff) {
        auto passphrase = staff_passphrase(s.name);
        if (!passphrase)
            return 1;
        const anl::StaffKeys keys = anl::new_staff_keys();
        auto account = anl::create_staff_account(s.name, s.role, *passphrase, anl::new_kdf_params(opslimit, memlimit),
                                                 keys, office);
        anl::wipe(*passphrase);
        if (!account) {
            std::fprintf(stderr, "keygen: Argon2id failed for %s (out of memory?)\n", s.name.c_str());
            return 1;
        }
        accounts.push_back(*account);
    }
    const std::string key_id = anl::office_key_id_hex(office.public_key);
    const nlohmann::json file = {{"version", 2}, {"key_id", key_id},
                                 {"public_key", anl::to_base64(office.public_key)}, {"staff", accounts}};
    if (!write_new_file(out, file.dump(2) + "\n"))
        return 1;
    std::printf("office key %s written to %s with %zu staff account%s\n", key_id.c_str(), out.c_str(), staff.size(),
                staff.size() == 1 ? "" : "s");
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0)
        return 1;
    std::string out, migrate;
    std::vector<StaffArg> staff;
    uint64_t opslimit = anl::kStaffKdfBounds.default_opslimit;
    uint64_t memlimit = anl::kStaffKdfBounds.default_memlimit;
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--test-vector" && argc == 2) return keygen::print_test_vector();
        if (a == "--test-vector-v2" && argc == 2) return keygen::print_test_vector_v2();
        if (a == "--test-vector-cases" && argc == 2) return keygen::print_test_vector_cases();
        if (a == "--generate-passphrase" && argc == 2) {
            std::printf("%s\n", anl::generate_passphrase().c_str());
            return 0;
        }
        if (a == "--out" && has_value) {
            out = argv[++i];
        } else if (a == "--migrate-v1" && has_value) {
            migrate = argv[++i];
        } else if (a == "--staff" && has_value) {
            const std::string v = argv[++i];
            const size_t colon = v.find(':');
            StaffArg s{v.substr(0, colon), colon == std::string::npos ? "" : v.substr(colon + 1)};
            if (!anl::is_account_name(s.name) || !anl::is_staff_role(s.role)) {
                std::fprintf(stderr, "keygen: --staff %s: NAME is 1-64 of a-z 0-9 . _ - (first a letter or digit), "
                                     "ROLE admin or intake\n", v.c_str());
                return 2;
            }
            for (const StaffArg& other : staff)
                if (other.name == s.name) {
                    std::fprintf(stderr, "keygen: --staff %s given twice\n", s.name.c_str());
                    return 2;
                }
            staff.push_back(s);
        } else if ((a == "--opslimit" || a == "--memlimit-mib") && has_value) {
            auto n = parse_count(argv[++i]);
            if (!n)
                return usage();
            if (a == "--opslimit")
                opslimit = *n;
            else
                memlimit = *n << 20;
        } else {
            return usage();
        }
    }
    if (out.empty() || staff.empty())
        return usage();
    if (staff[0].role != "admin") {
        std::fprintf(stderr, "keygen: the first staff member must be an admin (they add everyone else)\n");
        return 2;
    }
    // Refuse before anyone types a passphrase: every cost written must be one a staff page accepts.
    if (!anl::kdf_within_bounds(anl::new_kdf_params(opslimit, memlimit))) {
        const anl::KdfBounds& b = anl::kStaffKdfBounds;
        std::fprintf(stderr, "keygen: staff pages accept Argon2id opslimit %llu..%llu and memlimit %llu..%llu MiB only\n",
                     (unsigned long long)b.min_opslimit, (unsigned long long)b.max_opslimit,
                     (unsigned long long)(b.min_memlimit >> 20), (unsigned long long)(b.max_memlimit >> 20));
        return 2;
    }
    if (file_exists(out)) {
        std::fprintf(stderr, "keygen: %s exists; refusing to replace an office key\n", out.c_str());
        return 1;
    }
    if (migrate.empty())
        return write_office_file(out, staff, anl::new_office_keys(), opslimit, memlimit);

    std::string v1_passphrase;
    if (!read_line(v1_passphrase)) {
        std::fprintf(stderr, "keygen: no v1 passphrase on stdin\n");
        return 1;
    }
    auto office = keygen::open_v1_file(migrate, v1_passphrase);
    anl::wipe(v1_passphrase);
    if (!office)
        return 1;
    return write_office_file(out, staff, *office, opslimit, memlimit);
}
