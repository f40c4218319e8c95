// Prints how long the browser-side crypto takes: sealing and opening envelopes of typical sizes,
// and the staff key derivation (Argon2id). Built natively and to wasm (run under Node), so one run
// of bench/run.sh compares the two on the same machine. Figures, not assertions.
#include "core/envelope.h"
#include "core/office_key.h"

#include <sodium.h>

#include <chrono>
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

    anl::KdfParams kdf{anl::Bytes(crypto_pwhash_SALTBYTES, 1), 3, 64u << 20};
    const double argon = best_of(2, [&] { (void)anl::derive_staff_secrets("a staff passphrase", kdf); });
    std::printf("%-12s Argon2id t=3 m=64 MiB (staff unlock): %7.1f ms\n", where, argon * 1e3);
    return 0;
}
