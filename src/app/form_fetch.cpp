#include "app/form_fetch.h"

#include <cstdio>

namespace app {

void fetch_form(Http& http, std::function<void(std::optional<anl::Form>)> done) {
    http.send("GET", kFormUrl, {}, {}, [done = std::move(done)](const HttpReply& r) {
        anl::LoadResult loaded = anl::load_form(anl::to_string(r.body));
        for (const auto& e : loaded.errors)
            std::fprintf(stderr, "form: %s\n", e.c_str());
        done(r.status == 200 ? std::move(loaded.form) : std::nullopt);
    });
}

} // namespace app
