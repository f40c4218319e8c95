// The language picker: every shipped language in its own name, always at the top of the page,
// so someone who cannot read the current language can still find theirs.
#include "ui/app.h"
#include "ui/widgets.h"

namespace ui {

void language_links(AppContext& ctx) {
    if (ctx.languages.size() < 2)
        return;
    for (size_t i = 0; i < ctx.languages.size(); i++) {
        const Language& l = ctx.languages[i];
        const bool current = l.code == ctx.catalog.language();
        if (inline_link("lang." + l.code, l.name, l.code, current, i == 0) && ctx.switch_language)
            ctx.switch_language(l.code);
    }
    spacer(8);
}

} // namespace ui
