// What the drawing side has to do to the browser page when a flow's page changes. The flow never
// touches the page itself: it bumps a serial, and the UI (which remembers the serials it has
// applied, ui/page_effects.h) applies each effect once. Both flows (intake, staff) use the same
// effects; a flow bumps only those its pages need.
#pragma once
#include <string>

namespace app {

// Effects on the browser page, each due when its serial changed since the UI last looked.
struct PageEffects {
    unsigned end_editing = 0;    // DOM editing ends (the phone keyboard closes)
    unsigned forget_typed = 0;   // the platform's copies of typed text go (a wipe, typed secrets used)
    unsigned fold_help = 0;      // every help text folds again (another page)
    unsigned focus = 0;          // the focus (and a screen reader) moves to widget focus_id
    std::string focus_id;
    unsigned to_top = 0;         // scroll to the top (a new page, or an error summary to read)
    unsigned show_field = 0;     // scroll field `field` (a field path's name) into view
    std::string field;
};

} // namespace app
