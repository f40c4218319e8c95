// Draws the applicant's page (app/intake/intake.h) and applies the page effects its screen asks
// for. One object, owned by main.cpp's root next to the flow it draws; what the drawing itself
// remembers between frames (the help texts opened) lives here too.
#pragma once
#include "app/intake/intake.h"
#include "ui/app.h"

#include <set>
#include <string>

namespace ui {

class IntakeScreen {
public:
    explicit IntakeScreen(app::intake::Intake& intake) : intake_(intake) {}
    void frame(AppContext& ctx);

private:
    // Editing ends, typed text is forgotten, help texts fold, the focus moves, the page scrolls:
    // whatever the flow asked for since the last time, once. Before drawing (for replies that
    // arrived between frames) and after it (for what a press during this frame started).
    void apply_effects();
    std::string page_key() const;
    void name_page(const AppContext& ctx);

    app::intake::Intake& intake_;
    app::PageEffects applied_;
    std::set<std::string> open_help_;   // help texts opened, by widget id; folded on a new page
    std::string shown_page_;            // page_key() when the effects were last applied
};

} // namespace ui
