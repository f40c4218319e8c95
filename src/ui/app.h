// What every screen shares: the translation catalog and the languages on offer.
#pragma once
#include "core/catalog.h"

#include <functional>
#include <string>
#include <vector>

namespace ui {

struct Language {
    std::string code, name;   // name in the language itself: "Deutsch", "Français"
};

struct AppContext {
    anl::Catalog catalog;
    std::vector<Language> languages;
    // Loads another catalog in place (answers typed so far stay) and puts it in the URL.
    std::function<void(const std::string&)> switch_language;
    std::string start_language;  // the page's language when it was opened (the kiosk's own)
    // The settings at the top of every page: the language picker folded on a phone, the display
    // settings folded by default (opened, they stay open).
    bool languages_open = false;
    bool display_open = false;
    const std::string& t(const std::string& key) const { return catalog.get(key); }
    std::string format(const std::string& key, const std::vector<std::pair<std::string, std::string>>& args) const {
        return catalog.format(key, args);
    }
};

// A row of links, one per language, each in its own name; the current one is marked. On a
// phone the picker is folded and display_settings, which must follow, draws it.
void language_links(AppContext& ctx);
// "Display settings", folded: text size and contrast; on a phone one row with the folded
// language picker at its end edge. Then, for a machine-made translation, a note that says so.
void display_settings(AppContext& ctx);
// "Text size: 100 % 150 % 200 %": the whole UI lays out again at the chosen size.
void text_size_links(AppContext& ctx);
// "Contrast: Standard High": white and yellow on black for low vision.
void contrast_links(AppContext& ctx);

} // namespace ui
