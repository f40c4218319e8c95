#include "app/intake/new_case.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

namespace {
// Locators are 4 symbols (810,000): a few draws find a free one unless the office is full.
constexpr int kLocatorTries = 5;
} // namespace

bool NewCase::draw(anl::CaseKdf cost) {
    wipe();
    code = anl::new_case_code();
    salt = anl::new_case_salt();
    kdf = cost;
    keys = anl::derive_case_keys(*code, salt, kdf);
    if (!keys)
        wipe();
    return keys.has_value();
}

void NewCase::adopt(const anl::CaseCode& c, const anl::Bytes& s, anl::CaseKdf cost, anl::CaseKeys k, bool on_server) {
    wipe();
    code = c;
    salt = s;
    kdf = cost;
    keys = std::move(k);
    made = on_server;
}

std::string NewCase::bearer() const { return "Bearer " + keys->token_b64url(); }

void NewCase::make(std::function<void()> done, std::function<void(const HttpReply&)> failed) {
    if (made)
        return done();
    post(std::move(done), std::move(failed), 0);
}

// The server keeps the locator, salt, public key, the token's hash and the costs.
void NewCase::post(std::function<void()> done, std::function<void(const HttpReply&)> failed, int tries) {
    const nlohmann::json body = {{"locator", code->locator},
                                 {"salt", anl::to_base64(salt)},
                                 {"public_key", anl::to_base64(keys->public_key)},
                                 {"token_sha256", keys->token_sha256_hex()},
                                 {"opslimit", kdf.opslimit},
                                 {"memlimit", kdf.memlimit}};
    intake_.request("POST", api::cases(), {{"Content-Type", "application/json"}}, anl::to_bytes(body.dump()),
                    [this, done = std::move(done), failed = std::move(failed), tries](const HttpReply& r) mutable {
                        if (r.status == 201) {
                            made = true;
                            return done();
                        }
                        if (r.status == 409 && error_code(r) == api::error::kLocatorTaken && tries < kLocatorTries) {
                            code = anl::with_new_locator(*code);
                            return post(std::move(done), std::move(failed), tries + 1);
                        }
                        failed(r);
                    });
}

void NewCase::wipe() {
    if (keys) {
        anl::wipe(keys->secret_key);
        anl::wipe(keys->draft_key);
        anl::wipe(keys->token);
    }
    if (code)
        anl::wipe(code->secret);
    keys.reset();
    code.reset();
    salt.clear();
    made = false;
}

} // namespace app::intake
