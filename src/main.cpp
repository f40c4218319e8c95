// Entry point of the web app: one binary for the applicant and the staff page (<body data-mode>).
// Loads the translation catalog and the fonts, then hands frames to the page's screen.
#include "platform/platform.h"
#include "ui/app.h"
#include "ui/http.h"
#include "ui/theme.h"

#include <sodium.h>

#include <cstdio>

namespace {

ui::AppContext g_ctx;
bool g_staff = false;
int g_pending_loads = 0;
bool g_load_failed = false;
anl::Bytes g_font_regular, g_font_bold, g_font_ethiopic;

void loaded() {
    if (--g_pending_loads > 0 || g_load_failed)
        return;
    platform::set_fonts(std::move(g_font_regular), std::move(g_font_bold), std::move(g_font_ethiopic), ui::kFontSize);
    platform::set_document_language(g_ctx.catalog.language(), g_ctx.catalog.direction());
    if (g_staff)
        ui::staff_start(g_ctx);
    else
        ui::applicant_start(g_ctx);
}

void fetch_bytes(const std::string& url, anl::Bytes* out) {
    g_pending_loads++;
    platform::http("GET", url, {}, {}, [out, url](const platform::HttpResponse& r) {
        if (r.status != 200) {
            std::fprintf(stderr, "could not load %s (HTTP %d)\n", url.c_str(), r.status);
            g_load_failed = true;
            platform::show_startup_failure();
            return;
        }
        *out = r.body;
        loaded();
    });
}

void load_languages() {
    g_pending_loads++;
    platform::http("GET", "i18n/languages.json", {}, {}, [](const platform::HttpResponse& r) {
        const auto list = ui::json_body(r);
        if (list.is_array())
            for (const auto& item : list) {
                const std::string code = ui::json_string(item, "code"), name = ui::json_string(item, "name");
                if (!code.empty() && !name.empty())
                    g_ctx.languages.push_back({code, name});
            }
        loaded(); // the page works without a picker if the list is missing
    });
}

void switch_language(const std::string& lang) {
    platform::http("GET", "i18n/" + lang + ".json", {}, {}, [](const platform::HttpResponse& r) {
        if (r.status == 200 && g_ctx.catalog.load(anl::to_string(r.body)))
            platform::set_document_language(g_ctx.catalog.language(), g_ctx.catalog.direction());
    });
}

void load_catalog(const std::string& lang) {
    g_pending_loads++;
    platform::http("GET", "i18n/" + lang + ".json", {}, {}, [lang](const platform::HttpResponse& r) {
        if (r.status != 200 || !g_ctx.catalog.load(anl::to_string(r.body))) {
            if (lang != "de") { // an unknown language falls back to the office's own
                g_pending_loads--;
                load_catalog("de");
                return;
            }
            g_load_failed = true;
            platform::show_startup_failure();
            return;
        }
        loaded();
    });
}

void frame() {
    if (g_staff)
        ui::staff_frame(g_ctx);
    else
        ui::applicant_frame(g_ctx);
}

} // namespace

anl::Date ui::AppContext::today() const {
    const int ymd = platform::today_ymd();
    return {ymd / 10000, ymd / 100 % 100, ymd % 100};
}

int main() {
    if (sodium_init() < 0)
        return 1;
    g_staff = platform::page_mode() == "staff";
    if (!platform::start(frame)) {
        std::fprintf(stderr, "WebGL2 is not available\n");
        platform::show_startup_failure();
        return 1;
    }
    ui::apply_theme();
    g_ctx.switch_language = switch_language;
    load_languages();
    const std::string lang = platform::url_language();
    load_catalog(lang.empty() ? "de" : lang);
    fetch_bytes("fonts/NotoSans-Regular-latin.ttf", &g_font_regular);
    fetch_bytes("fonts/NotoSans-Bold-latin.ttf", &g_font_bold);
    // Staff read what applicants wrote in any script; the applicant page loads only its own
    // script's glyphs (per-language fonts are issue 3).
    if (g_staff)
        fetch_bytes("fonts/NotoSansEthiopic-Regular.ttf", &g_font_ethiopic);
    return 0;
}
