// Applies a flow's page effects (app/page_effects.h) to the browser page, each once.
#pragma once
#include "app/page_effects.h"

namespace ui {

// What the caller still has to do itself, because only it knows what the effect means on its
// page: fold its help texts, scroll a field (named by its path) into view.
struct OwnEffects {
    bool fold_help = false;
    bool show_field = false;
};

// Applies every effect of `due` whose serial differs from `applied` (ends DOM editing, makes the
// platform forget typed text, moves the focus, scrolls to the top), then remembers `due`.
OwnEffects apply_page_effects(const app::PageEffects& due, app::PageEffects& applied);

} // namespace ui
