#include "ui/page_effects.h"

#include "ui/widgets.h"

namespace ui {

OwnEffects apply_page_effects(const app::PageEffects& due, app::PageEffects& applied) {
    if (due.end_editing != applied.end_editing)
        platform::end_text_editing();
    if (due.forget_typed != applied.forget_typed)
        platform::forget_text_fields();
    if (due.focus != applied.focus)
        platform::focus_widget(due.focus_id);
    if (due.to_top != applied.to_top)
        scroll_to_top();
    const OwnEffects own{due.fold_help != applied.fold_help, due.show_field != applied.show_field};
    applied = due;
    return own;
}

} // namespace ui
