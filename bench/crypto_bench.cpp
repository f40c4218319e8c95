// Prints how long the browser-side crypto takes: sealing and opening envelopes of typical sizes,
// the staff key derivation (Argon2id), and opening a case from its code. Built natively and to wasm (run under Node), so one run
// of bench/run.sh compares the two on the same machine. Figures, not assertions.
#include "core/canonical_json.h"
#include "core/case_code.h"
#include "core/case_item.h"
#include "core/envelope.h"
#include "core/staff_keys.h"

#include <sodium.h>

#include <chrono>
#include <optional>
#include <cstdio>

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

template <typename F>
double best_of(int runs, F f) {
    double best = 1e9;
    for (int i = 0; i < runs; i++) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, seconds_since(t0));
    }
    return best;
}

// Opening a case as the applicant's page does: Argon2id over the code with the case's salt,
// then every item of a conversation of twenty messages and one 5 MiB document. And what sealing
// adds to a message on the wire: the envelope overhead.
bool bench_case(const char* where, const anl::OfficeKeys& office) {
    const anl::CaseCode code = anl::new_case_code();
    const anl::Bytes salt = anl::new_case_salt();
    std::optional<anl::CaseKeys> keys;
    const double derive = best_of(3, [&] { keys = anl::derive_case_keys(code, salt); });
    if (!keys)
        return false;
    std::vector<anl::Bytes> items;
    for (int i = 0; i < 20; i++) {
        const anl::CaseItem message{anl::ItemType::Message, std::string(300, 'm'), "", "", "", "", "", {}};
        items.push_back(anl::seal_case_item(message, {}, office.public_key, keys->public_key));
    }
    const anl::CaseItem document{anl::ItemType::Document, "", "", "", "", "", "", {}};
    items.push_back(anl::seal_case_item(document, {{"scan.pdf", "application/pdf", anl::Bytes(5 << 20, 9)}},
                                        office.public_key, keys->public_key));
    bool ok = true;
    const double open = best_of(3, [&] {
        for (const anl::Bytes& item : items)
            ok = ok && anl::open_case_item(item, keys->public_key, keys->secret_key).error.empty();
    });
    std::printf("%-12s open a case: Argon2id t=%llu m=%zu MiB %7.1f ms, then 20 messages + a 5 MiB document %7.1f ms%s\n",
                where, anl::kCaseKdf.opslimit, anl::kCaseKdf.memlimit >> 20, derive * 1e3, open * 1e3,
                ok ? "" : " (FAILED)");

    for (size_t text : {size_t(1), size_t(1000), size_t(100000)}) {
        const anl::CaseItem message{anl::ItemType::Message, std::string(text, 'x'), "", "", "", "", "", {}};
        const anl::Bytes sealed = anl::seal_case_item(message, {}, office.public_key, keys->public_key);
        const size_t document = anl::canonical_json(anl::item_document(message)).size();
        std::printf("%-12s message of %6zu characters: document %6zu B, envelope %6zu B (overhead %zu B, padding %zu B)\n",
                    where, text, document, sealed.size(), sealed.size() - document,
                    size_t(anl::padded_length(document)) - document);
    }
    return ok;
}

} // namespace

int main() {
    if (sodium_init() < 0)
        return 1;
#ifdef __EMSCRIPTEN__
    const char* where = "wasm (node)";
#else
    const char* where = "native";
#endif
    anl::Bytes pk(crypto_box_PUBLICKEYBYTES), sk(crypto_box_SECRETKEYBYTES);
    crypto_box_keypair(pk.data(), sk.data());

    for (size_t mib : {1, 5, 20}) {
        std::vector<anl::Part> parts = {{anl::PartType::Answers, anl::Bytes(2000, 'a')},
                                        {anl::PartType::Attachment, anl::Bytes(mib << 20, 7)}};
        anl::Bytes env;
        const double seal = best_of(3, [&] { env = anl::seal_envelope(parts, pk); });
        const double open = best_of(3, [&] { (void)anl::open_envelope(env, pk, sk); });
        std::printf("%-12s seal %2zu MiB: %7.1f ms (%6.1f MiB/s)   open: %7.1f ms (%6.1f MiB/s)\n", where, mib,
                    seal * 1e3, double(mib) / seal, open * 1e3, double(mib) / open);
    }

    // One staff login (protocol v2): Argon2id, then the staff key and the office key, at the
    // default cost and at the highest cost a staff page accepts (kStaffKdfBounds).
    const anl::OfficeKeys office = anl::new_office_keys();
    const anl::StaffKeys staff = anl::new_staff_keys();
    const anl::KdfBounds& b = anl::kStaffKdfBounds;
    for (const anl::KdfParams& kdf : {anl::new_kdf_params(b.default_opslimit, b.default_memlimit),
                                      anl::new_kdf_params(b.max_opslimit, b.max_memlimit)}) {
        const auto account = anl::create_staff_account("bench", "intake", "a staff passphrase", kdf, staff, office);
        if (!account)
            return 1;
        const std::string key_id = anl::office_key_id_hex(office.public_key);
        bool ok = false;
        const double login = best_of(2, [&] {
            auto derived = anl::derive_staff_login("a staff passphrase", kdf);
            auto keys = derived ? anl::unwrap_staff_key(*account, derived->wrapping_key) : std::nullopt;
            ok = keys && anl::open_office_key_wrap((*account)["office_key_wrap"], *keys, key_id);
        });
        std::printf("%-12s staff login, Argon2id t=%llu m=%llu MiB: %7.1f ms%s\n", where,
                    (unsigned long long)kdf.opslimit, (unsigned long long)(kdf.memlimit >> 20), login * 1e3,
                    ok ? "" : " (FAILED)");
    }
    return bench_case(where, office) ? 0 : 1;
}
