// anlaufstelle-keygen: creates the office key file, or prints the protocol test vector.
//
//   anlaufstelle-keygen --out DATA/office-key.json   reads the staff passphrase from stdin
//       [--opslimit N] [--memlimit-mib M]             Argon2id cost (default 3, 64 MiB)
//   anlaufstelle-keygen --test-vector                 prints tests/vectors/envelope-v1.json
//
// The secret key never touches the disk unwrapped.
#include "core/application.h"
#include "core/envelope.h"
#include "core/office_key.h"

#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/stat.h>

namespace {

int usage() {
    std::fprintf(stderr,
                 "usage: anlaufstelle-keygen --out FILE [--opslimit N] [--memlimit-mib M]  (passphrase on stdin)\n"
                 "       anlaufstelle-keygen --test-vector\n");
    return 2;
}

int write_key_file(const std::string& path, const anl::KdfParams& kdf) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) {
        std::fprintf(stderr, "keygen: %s exists; refusing to replace an office key\n", path.c_str());
        return 1;
    }
    std::string passphrase;
    std::getline(std::cin, passphrase);
    if (passphrase.size() < 12) {
        std::fprintf(stderr, "keygen: the staff passphrase must have at least 12 characters\n");
        return 1;
    }
    const nlohmann::json file = anl::create_office_key_file(passphrase, kdf, nullptr);
    sodium_memzero(passphrase.data(), passphrase.size());
    if (file.is_null()) {
        std::fprintf(stderr, "keygen: Argon2id failed (out of memory?)\n");
        return 1;
    }
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << file.dump(2) << "\n";
        if (!out.flush()) {
            std::fprintf(stderr, "keygen: cannot write %s\n", tmp.c_str());
            return 1;
        }
    }
    chmod(tmp.c_str(), 0600);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::perror("keygen: rename");
        return 1;
    }
    std::printf("office key %s written to %s\n", file["key_id"].get<std::string>().c_str(), path.c_str());
    return 0;
}

// A fixed, readable vector: an office key pair in the clear, an envelope with an answers part and
// a two-chunk attachment, and a key file for a known passphrase.
int print_test_vector() {
    anl::OfficeKeys keys;
    const std::string passphrase = "correct horse battery staple";
    anl::KdfParams kdf{anl::Bytes(crypto_pwhash_SALTBYTES), anl::kStaffKdfBounds.default_opslimit, anl::kStaffKdfBounds.default_memlimit};
    randombytes_buf(kdf.salt.data(), kdf.salt.size());
    const nlohmann::json key_file = anl::create_office_key_file(passphrase, kdf, &keys);

    anl::Application app;
    app.full_name = "Zoë Müller-Ağaoğlu";
    app.birth_date = "01.04.1990";
    app.message = "Ich brauche Hilfe mit der Miete.\nጤና ይስጥልኝ";
    anl::Attachment doc{"Mietvertrag März.pdf", "application/pdf", anl::Bytes(70000)};
    for (size_t i = 0; i < doc.data.size(); i++)
        doc.data[i] = uint8_t((i * 31 + 7) & 0xFF);
    app.attachment = doc;

    const auto parts = anl::submission_parts(app);
    const anl::Bytes envelope = anl::seal_envelope(parts, keys.public_key);
    nlohmann::json vector = {
        {"description", "Anlaufstelle envelope v1 test vector (docs/PROTOCOL.md). Test keys only."},
        {"office_public_key", anl::to_base64(keys.public_key)},
        {"office_secret_key", anl::to_base64(keys.secret_key)},
        {"office_key_id", anl::to_hex(anl::office_key_id(keys.public_key))},
        {"envelope", anl::to_base64(envelope)},
        {"parts", nlohmann::json::array()},
        {"key_file_passphrase", passphrase},
        {"key_file", key_file},
    };
    for (const auto& p : parts)
        vector["parts"].push_back({{"type", int(p.type)}, {"plaintext", anl::to_base64(p.plaintext)}});
    std::cout << vector.dump(2) << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (sodium_init() < 0)
        return 1;
    std::string out;
    anl::KdfParams kdf{anl::Bytes(crypto_pwhash_SALTBYTES), anl::kStaffKdfBounds.default_opslimit, anl::kStaffKdfBounds.default_memlimit};
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--test-vector") return print_test_vector();
        else if (a == "--out" && has_value) out = argv[++i];
        else if (a == "--opslimit" && has_value) kdf.opslimit = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--memlimit-mib" && has_value) kdf.memlimit = std::strtoull(argv[++i], nullptr, 10) << 20;
        else return usage();
    }
    if (out.empty())
        return usage();
    randombytes_buf(kdf.salt.data(), kdf.salt.size());
    if (!anl::kdf_within_bounds(kdf)) {
        std::fprintf(stderr, "keygen: staff pages accept only Argon2id opslimit 3..10, memlimit 64..256 MiB\n");
        return 2;
    }
    randombytes_buf(kdf.salt.data(), kdf.salt.size());
    return write_key_file(out, kdf);
}
