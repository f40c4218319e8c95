// Entry point of the web app: one binary for the applicant and the staff page (<body data-mode>).
// Loads the translation catalog and the fonts its script needs, then hands frames to the page's
// screen. Nothing is loaded that the page's language does not use (the German page fetches no
// Ethiopic or Cyrillic glyphs); the staff page reads every script applicants may write in.
#include "app/intake/intake.h"
#include "app/staff/staff.h"
#include "core/language_choice.h"
#include "platform/platform.h"
#include "platform/web_services.h"
#include "ui/app.h"
#include "ui/http.h"
#include "ui/intake/intake_screen.h"
#include "ui/staff/staff_screen.h"
#include "ui/text.h"
#include "ui/theme.h"

#include <sodium.h>

#include <cstdio>
#include <memory>
#include <set>
#include <vector>

namespace {

// The staff page's flow and the screen that draws it.
struct StaffPage {
    app::staff::Staff flow;
    ui::StaffScreen screen{flow};
    explicit StaffPage(app::Services& services) : flow(services) {}
};

// The applicant page's flow and the screen that draws it.
struct IntakePage {
    app::intake::Intake flow;
    ui::IntakeScreen screen{flow};
    explicit IntakePage(app::Services& services) : flow(services) {}
};

// What the page's flows hold lives here: the browser's services and the page's flow, the
// applicant's or the staff's. "Finish" on a shared device and "Lock" replace the whole page
// (app::Device::fresh_start).
struct Root {
    platform::WebWorld world;
    std::unique_ptr<IntakePage> intake;
    std::unique_ptr<StaffPage> staff;
};
Root g_root;

ui::AppContext g_ctx;
bool g_staff = false;
bool g_started = false;
int g_pending_loads = 0;
bool g_load_failed = false;
anl::Bytes g_font_regular, g_font_bold;
std::set<std::string> g_browser_scripts;   // scripts whose fonts the browser has (ui/text.h)

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
        g_root.staff->flow.start();
    else
        g_root.intake->flow.start();
}

void get(const std::string& url, std::function<void(const platform::HttpResponse&)> done) {
    platform::http("GET", url, {}, {}, std::move(done));
}

// Scripts the UI renders correctly, whether Dear ImGui's atlas or the browser draws them, and
// their font files: spec/scripts.json (platform/fonts.h). A catalog in any other script falls
// back to German rather than showing boxes.
bool script_supported(const std::string& script) { return platform::script_supported(script); }
bool drawn_by_browser(const std::string& script) { return platform::script_drawn_by_browser(script); }
bool script_font_urls(const std::string& script, std::string& regular, std::string& bold) {
    return platform::script_font_urls(script, regular, bold);
}

// Hands a script's fonts to the atlas or, for Arabic script, to the browser; `then` runs once
// they can be drawn with.
void install_script_fonts(const std::string& script, const anl::Bytes& regular, const anl::Bytes& bold,
                          std::function<void(bool)> then) {
    if (!drawn_by_browser(script)) {
        platform::add_script_fonts(script, regular, bold);
        return then(true);
    }
    const std::string family = platform::script_browser_family(script);
    platform::add_browser_font(family, false, regular, [=](bool ok) {
        if (!ok)
            return then(false);
        platform::add_browser_font(family, true, bold, [=](bool bold_ok) {
            if (bold_ok)
                g_browser_scripts.insert(script);
            then(bold_ok);
        });
    });
}

bool has_script_fonts(const std::string& script) {
    return platform::has_script_fonts(script) || g_browser_scripts.count(script) != 0;
}

// Makes sure the fonts of `script` are installed, then calls `then` (false: they failed to load).
void ensure_script_fonts(const std::string& script, std::function<void(bool)> then) {
    std::string regular_url, bold_url;
    if (has_script_fonts(script) || !script_font_urls(script, regular_url, bold_url)) {
        then(true);
        return;
    }
    // Regular, then bold: both must be in hand before they are installed.
    get(regular_url, [=](const platform::HttpResponse& r) {
        if (r.status != 200)
            return then(false);
        if (bold_url == regular_url) // one file serves both weights: fetch it once
            return install_script_fonts(script, r.body, r.body, then);
        get(bold_url, [=, regular = r.body](const platform::HttpResponse& rb) {
            if (rb.status != 200)
                return then(false);
            install_script_fonts(script, regular, rb.body, then);
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
            g_ctx.start_language = catalog->language();
            ensure_script_fonts(g_ctx.catalog.script(), [](bool ok) {
                if (!ok)
                    return fail_start("the fonts for this language");
                loaded();
            });
        });
    });
}

// The picker's list; with `choose`, then the start catalog in the first of the browser's
// languages the list offers (anl::choose_language), German when none is or the list is missing.
void load_languages(bool choose) {
    g_pending_loads++;
    get("i18n/languages.json", [choose](const platform::HttpResponse& r) {
        const auto list = ui::json_body(r);
        if (list.is_array())
            for (const auto& item : list) {
                const std::string code = ui::json_string(item, "code"), name = ui::json_string(item, "name");
                const bool offered = !item.is_object() || !item.contains("offered") || item["offered"] != false;
                if (!code.empty() && !name.empty() && offered)
                    g_ctx.languages.push_back({code, name});
            }
        if (choose) {
            std::vector<std::string> offered;
            for (const ui::Language& l : g_ctx.languages)
                offered.push_back(l.code);
            load_start_catalog(anl::choose_language(platform::browser_languages(), offered, "de"));
        }
        loaded(); // the page works without a picker if the list is missing
    });
}

// The Latin base fonts, for the atlas and, from the same bytes, for the browser (the DOM inputs
// and text the browser draws).
void load_base_font(const std::string& url, anl::Bytes* out, bool bold) {
    g_pending_loads++;
    get(url, [out, url, bold](const platform::HttpResponse& r) {
        if (r.status != 200)
            return fail_start(url);
        *out = r.body;
        platform::add_browser_font(platform::base_font_family(), bold, r.body, [url](bool ok) {
            if (!ok)
                return fail_start(url);
            loaded();
        });
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
    ui::set_rtl(g_ctx.catalog.direction() == "rtl");
    if (g_staff)
        g_root.staff->screen.frame(g_ctx);
    else
        g_root.intake->screen.frame(g_ctx);
}

} // namespace

int main() {
    if (sodium_init() < 0)
        return 1;
    g_staff = platform::page_mode() == "staff";
    if (g_staff)
        g_root.staff = std::make_unique<StaffPage>(g_root.world.services);
    else
        g_root.intake = std::make_unique<IntakePage>(g_root.world.services);
    if (!g_staff) // the browser's Back and Forward move between the applicant's pages
        platform::on_history([](int index) { g_root.intake->flow.history_moved(index); });
    if (!platform::start(frame)) {
        std::fprintf(stderr, "WebGL2 is not available\n");
        platform::show_startup_failure();
        return 1;
    }
    ui::set_high_contrast(platform::prefers_high_contrast()); // applies the theme
    g_ctx.switch_language = switch_language;
    // ?lang=xx (a link, a reload, the picker's choice) decides; an applicant's first visit opens
    // in the browser's language when it is offered (languages.json), German otherwise.
    const std::string lang = platform::url_language();
    const bool choose = lang.empty() && !g_staff;  // the staff page opens in the office's language
    load_languages(choose);
    if (!choose)
        load_start_catalog(lang.empty() ? "de" : lang);
    load_base_font(platform::base_font_url(false), &g_font_regular, false);
    load_base_font(platform::base_font_url(true), &g_font_bold, true);
    // The picker's language names on every page; whole scripts only where they are read (staff
    // read what applicants wrote, in any script we support).
    for (const std::string& script : platform::preloaded_scripts(g_staff)) {
        g_pending_loads++;
        ensure_script_fonts(script, [script](bool ok) {
            if (!ok)
                return fail_start(script);
            loaded();
        });
    }
    return 0;
}
