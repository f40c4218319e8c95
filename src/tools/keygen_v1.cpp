// Reading a version 1 office key file for --migrate-v1 (docs/PROTOCOL.md "Office key file,
// version 1 (legacy)").
#include "tools/keygen.h"

#include "core/office_key.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace keygen {

// Opens a v1 key file with its passphrase. Its costs are whatever the old keygen wrote (it
// checked only the minimum), so they are read here, not by kdf_params_from_json.
std::optional<anl::OfficeKeys> open_v1_file(const std::string& path, const std::string& passphrase) {
    FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        std::fprintf(stderr, "keygen: cannot read %s: %s\n", path.c_str(), std::strerror(errno));
        return std::nullopt;
    }
    std::string text;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0 && text.size() < (1u << 20);)
        text.append(buf, n);
    std::fclose(f);
    const auto file = nlohmann::json::parse(text, nullptr, false);
    if (!file.is_object() || file.value("version", 0) != 1 || !file.contains("kdf") || !file["kdf"].is_object()) {
        std::fprintf(stderr, "keygen: %s is not a version 1 office key file\n", path.c_str());
        return std::nullopt;
    }
    const nlohmann::json& k = file["kdf"];
    auto salt = k.contains("salt") && k["salt"].is_string() ? anl::from_base64(k["salt"]) : std::nullopt;
    if (k.value("alg", "") != "argon2id13" || !salt || !k.contains("opslimit") || !k["opslimit"].is_number_unsigned() ||
        !k.contains("memlimit") || !k["memlimit"].is_number_unsigned()) {
        std::fprintf(stderr, "keygen: %s has no readable kdf\n", path.c_str());
        return std::nullopt;
    }
    const anl::KdfParams kdf{*salt, k["opslimit"].get<uint64_t>(), k["memlimit"].get<uint64_t>()};
    // v1 staff pages took the passphrase's bytes as typed; try those, then their NFC.
    std::vector<std::string> spellings{passphrase};
    if (auto nfc = to_nfc(passphrase); nfc && *nfc != passphrase)
        spellings.push_back(*nfc);
    for (std::string& p : spellings) {
        auto secrets = anl::derive_staff_login(p, kdf);
        anl::wipe(p);
        auto keys = secrets ? anl::unwrap_office_keys(file, secrets->wrapping_key) : std::nullopt;
        if (keys && file.value("key_id", "") == anl::office_key_id_hex(keys->public_key))
            return keys;
    }
    std::fprintf(stderr, "keygen: the v1 passphrase does not open %s\n", path.c_str());
    return std::nullopt;
}

} // namespace keygen
