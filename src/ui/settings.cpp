// Page settings every page offers at the top: the language picker (each language in its own name,
// so someone who cannot read the current language still finds theirs) and the text size.
#include "platform/platform.h"
#include "ui/app.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include <cmath>
#include <string>

namespace ui {

namespace {
// Below this column width (phones) the language names would take a third of the screen: they are
// folded behind one link with a globe, named in the page's language and in English.
constexpr float kLanguageRowMinWidth = 560.0f;
} // namespace

void language_links(AppContext& ctx) {
    if (ctx.languages.size() < 2)
        return;
    if (content_width() < kLanguageRowMinWidth) {
        std::string current;
        for (const Language& l : ctx.languages)
            if (l.code == ctx.catalog.language())
                current = l.name;
        if (disclosure("language.toggle", ctx.t("settings.language") + ": " + current, ctx.languages_open, true))
            ctx.languages_open = !ctx.languages_open;
        if (!ctx.languages_open)
            return;
    }
    for (size_t i = 0; i < ctx.languages.size(); i++) {
        const Language& l = ctx.languages[i];
        const bool current = l.code == ctx.catalog.language();
        if (inline_link("lang." + l.code, l.name, l.code, current, i == 0) && ctx.switch_language) {
            ctx.switch_language(l.code);
            ctx.languages_open = false;
        }
    }
    spacer(4);
}

// Folded by default so that on a phone the form starts near the top; opened, it stays open.
void display_settings(AppContext& ctx) {
    if (disclosure("display.toggle", ctx.t("settings.display"), ctx.display_open))
        ctx.display_open = !ctx.display_open;
    if (ctx.display_open) {
        text_size_links(ctx);
        contrast_links(ctx);
    }
    spacer(8);
}

void text_size_links(AppContext& ctx) {
    static const int kPercents[] = {100, 150, 200};
    const int now = int(std::lround(platform::text_scale() * 100));
    inline_label("text_size.label", ctx.t("settings.text_size"));
    for (int percent : kPercents) {
        const std::string label = std::to_string(percent) + " %";
        if (inline_link("text_size." + std::to_string(percent), label, "", percent == now, false))
            platform::set_text_scale(float(percent) / 100.0f);
    }
    spacer(4);
}

void contrast_links(AppContext& ctx) {
    inline_label("contrast.label", ctx.t("settings.contrast"));
    if (inline_link("contrast.standard", ctx.t("settings.contrast.standard"), "", !high_contrast(), false))
        set_high_contrast(false);
    if (inline_link("contrast.high", ctx.t("settings.contrast.high"), "", high_contrast(), false))
        set_high_contrast(true);
    spacer(8);
}

} // namespace ui
