// Entry point of the web app: one binary for the applicant and the staff page (<body data-mode>).
// Loads the translation catalog and the fonts its script needs, then hands frames to the page's
// screen. Nothing is loaded that the page's language does not use (the German page fetches no
// Ethiopic or Cyrillic glyphs); the staff page reads every script applicants may write in.
#include "platform/platform.h"
#include "ui/app.h"
#include "ui/http.h"
#include "ui/theme.h"

#include <sodium.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

ui::AppContext g_ctx;
bool g_staff = false;
bool g_started = false;
int g_pending_loads = 0;
bool g_load_failed = false;
anl::Bytes g_font_regular, g_font_bold;

void fail_start(const std::string& what) {
    std::fprintf(stderr, "could not load %s\n", what.c_str());
    g_load_failed = true;
    platform::show_startup_failure();
}

// Counts one of the start-up loads as done; the page starts when all are.
void loaded() {
    if (--g_pending_loads > 0 || g_load_failed || g_started)
        return;
    g_started = true;
    platform::set_fonts(std::move(g_font_regular), std::move(g_font_bold), ui::kFontSize);
    platform::set_document_language(g_ctx.catalog.language(), g_ctx.catalog.direction());
    if (g_staff)
        ui::staff_start(g_ctx);
    else
        ui::applicant_start(g_ctx);
}

void get(const std::string& url, std::function<void(const platform::HttpResponse&)> done) {
    platform::http("GET", url, {}, {}, std::move(done));
}

// Scripts the canvas renders correctly today. Arabic script needs shaping and right-to-left
// layout first (issue 3): an Arabic or Persian page falls back to German rather than showing
// unjoined letters in the wrong order.
bool script_supported(const std::string& script) {
    return script == "latin" || script == "cyrillic" || script == "ethiopic";
}

// File names of a script's fonts (regular, bold); Latin is the base and needs none.
bool script_font_urls(const std::string& script, std::string& regular, std::string& bold) {
    if (script == "cyrillic") {
        regular = "fonts/NotoSans-Regular-cyrillic.ttf";
        bold = "fonts/NotoSans-Bold-cyrillic.ttf";
    } else if (script == "ethiopic") {
        regular = "fonts/NotoSansEthiopic-Regular.ttf";
        bold = "fonts/NotoSansEthiopic-Bold.ttf";
    } else if (script == "names-cyrillic") {
        regular = bold = "fonts/NotoSans-Regular-names.ttf";
    } else if (script == "names-ethiopic") {
        regular = bold = "fonts/NotoSansEthiopic-Regular-names.ttf";
    } else {
        return false;
    }
    return true;
}

// Makes sure the fonts of `script` are merged in, then calls `then` (false: they failed to load).
void ensure_script_fonts(const std::string& script, std::function<void(bool)> then) {
    std::string regular_url, bold_url;
    if (platform::has_script_fonts(script) || !script_font_urls(script, regular_url, bold_url)) {
        then(true);
        return;
    }
    // Regular, then bold: both must be in hand before they are merged.
    get(regular_url, [=](const platform::HttpResponse& r) {
        if (r.status != 200)
            return then(false);
        if (bold_url == regular_url) { // one file serves both weights: fetch it once
            platform::add_script_fonts(script, r.body, r.body);
            return then(true);
        }
        get(bold_url, [=, regular = r.body](const platform::HttpResponse& rb) {
            if (rb.status != 200)
                return then(false);
            platform::add_script_fonts(script, regular, rb.body);
            then(true);
        });
    });
}

// The form's texts in `lang` (forms/i18n/<lang>.json) are added to the UI catalog. Without them
// the form still works and shows its keys, so a missing file is not fatal.
void add_form_texts(const std::string& lang, std::shared_ptr<anl::Catalog> catalog, std::function<void()> then) {
    get("forms/i18n/" + lang + ".json", [catalog, then](const platform::HttpResponse& r) {
        if (r.status != 200 || !catalog->add(anl::to_string(r.body)))
            std::fprintf(stderr, "no form texts for this language\n");
        then();
    });
}

void load_start_catalog(const std::string& lang) {
    g_pending_loads++;
    get("i18n/" + lang + ".json", [lang](const platform::HttpResponse& r) {
        auto catalog = std::make_shared<anl::Catalog>();
        if (r.status != 200 || !catalog->load(anl::to_string(r.body)) || !script_supported(catalog->script())) {
            if (lang == "de")
                return fail_start("the translation catalog");
            g_pending_loads--;
            load_start_catalog("de"); // an unknown language falls back to the office's own
            return;
        }
        add_form_texts(lang, catalog, [catalog] {
            g_ctx.catalog = *catalog;
            ensure_script_fonts(g_ctx.catalog.script(), [](bool ok) {
                if (!ok)
                    return fail_start("the fonts for this language");
                loaded();
            });
        });
    });
}

void load_languages() {
    g_pending_loads++;
    get("i18n/languages.json", [](const platform::HttpResponse& r) {
        const auto list = ui::json_body(r);
        if (list.is_array())
            for (const auto& item : list) {
                const std::string code = ui::json_string(item, "code"), name = ui::json_string(item, "name");
                const bool offered = !item.is_object() || !item.contains("offered") || item["offered"] != false;
                if (!code.empty() && !name.empty() && offered)
                    g_ctx.languages.push_back({code, name});
            }
        loaded(); // the page works without a picker if the list is missing
    });
}

void load_base_font(const std::string& url, anl::Bytes* out, bool also_for_dom) {
    g_pending_loads++;
    get(url, [out, url, also_for_dom](const platform::HttpResponse& r) {
        if (r.status != 200)
            return fail_start(url);
        *out = r.body;
        if (also_for_dom) // the DOM text inputs use the same bytes: no second download
            platform::register_dom_font(r.body);
        loaded();
    });
}

// Switches in place: the answers typed so far stay. The new catalog is used only once the fonts
// for its script are there, so no text ever shows as missing glyphs.
void switch_language(const std::string& lang) {
    get("i18n/" + lang + ".json", [](const platform::HttpResponse& r) {
        auto next = std::make_shared<anl::Catalog>();
        if (r.status != 200 || !next->load(anl::to_string(r.body)) || !script_supported(next->script()))
            return;
        add_form_texts(next->language(), next, [next] {
            ensure_script_fonts(next->script(), [next](bool ok) {
                if (!ok)
                    return;
                g_ctx.catalog = *next;
                platform::set_document_language(g_ctx.catalog.language(), g_ctx.catalog.direction());
            });
        });
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
    ui::set_high_contrast(platform::prefers_high_contrast()); // applies the theme
    g_ctx.switch_language = switch_language;
    load_languages();
    const std::string lang = platform::url_language();
    load_start_catalog(lang.empty() ? "de" : lang);
    load_base_font("fonts/NotoSans-Regular-latin.ttf", &g_font_regular, true);
    load_base_font("fonts/NotoSans-Bold-latin.ttf", &g_font_bold, false);
    // The picker's language names on every page; whole scripts only where they are read.
    std::vector<const char*> scripts = {"names-cyrillic", "names-ethiopic"};
    if (g_staff) // staff read what applicants wrote, in any script we support
        scripts = {"cyrillic", "ethiopic"};
    for (const char* script : scripts) {
        g_pending_loads++;
        ensure_script_fonts(script, [script](bool ok) {
            if (!ok)
                return fail_start(script);
            loaded();
        });
    }
    return 0;
}
