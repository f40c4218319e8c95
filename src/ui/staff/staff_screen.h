// Draws the staff page (app/staff/staff.h) and applies the page effects its screen asks for.
// One object, owned by main.cpp's root next to the flow it draws.
#pragma once
#include "app/staff/staff.h"
#include "ui/app.h"

namespace ui {

class StaffScreen {
public:
    explicit StaffScreen(app::staff::Staff& staff) : staff_(staff) {}
    void frame(AppContext& ctx);

private:
    // Focus, scroll to the top, forgetting typed text: whatever the flow asked for since the
    // last time, once. Before drawing (for replies that arrived between frames) and after it
    // (for what a press during this frame started).
    void apply_effects();

    app::staff::Staff& staff_;
    app::PageEffects applied_;
};

} // namespace ui
