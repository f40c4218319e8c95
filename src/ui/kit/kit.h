// The widget kit's shared parts (src/ui/kit/*.cpp; the public widgets are ui/widgets.h).
//
// Kit is the kit's layout context, in the way Dear ImGui keeps its own context: where the column
// starts, the row of inline items being laid out, a scroll back to the top asked for, and which
// disclosure was opened last. It holds no answer and nothing typed: what the applicant or staff
// member gives lives in the flow objects of src/app, and the typed text itself in DOM inputs.
#pragma once
#include "ui/text.h"
#include "ui/theme.h"
#include "ui/widgets.h"

#include "imgui.h"

#include <string>

namespace ui {

struct Kit {
    float margin = kPageMargin;   // x of the column's start edge, window-local
    bool scroll_top = false;      // begin_page scrolls to the top once
    std::string last_opened;      // the disclosure Escape folds again (WAI-ARIA disclosure pattern)
    // Inline items flow from the start edge and wrap to a new row when the next one does not fit:
    // row_next.x is the distance from the start edge, .y the window-local row position.
    ImVec2 row_next;
    float row_height = 0;
    // The page's own heading: the first level-1 heading drawn takes the focus when a new page
    // asked for it (focus_page_heading); its text and whether an error summary showed name the
    // page in document.title (`heading`, `summary`: this frame; `shown_*`: the last one drawn).
    bool focus_heading = false;
    std::string heading, shown_heading;
    bool summary = false, shown_summary = false;
    std::string label_heading;    // the next field header's label is the page's h1 with this id
    // The copy button whose "copied" note shows, and the last frame that drew it.
    std::string copied_id;
    int copied_frame = -1;
};
Kit& kit();

// Mirroring for right-to-left pages. Widgets lay out from their start edge; these turn that into
// x positions: the cursor for an item `width` wide that starts a line, and the screen x of a
// part `offset` from the start edge of the item [a, b].
float line_start_x(float width);
float part_x(const ImVec2& a, const ImVec2& b, float offset, float width);

// Reports the last item to the platform (and so to the accessibility mirror), and scrolls it into
// view when keyboard or screen-reader focus has just moved to it.
void record(platform::WidgetRecord r);
platform::WidgetRecord node(const std::string& id, const char* role, const std::string& label,
                            const std::string& value = "");
void record(const std::string& id, const char* role, const std::string& label, const std::string& value = "",
            bool disabled = false);

// A heading (level 1: the page's own, level 2: a part of it), drawn in `col` (0: the text colour).
void heading_at(int level, const std::string& text, const std::string& id, ImU32 col = 0);

// A block of text across the column (less `indent` at its start edge), as one item.
void wrapped_text(const std::string& text, Face face, ImU32 col, float indent = 0);
// A yellow band with a dark edge outside it (GOV.UK).
void focus_ring(const ImVec2& a, const ImVec2& b);
// Label, hint and error above a field or a group of choices (GOV.UK order), and the same for
// the mirror: invalid, required, description.
void field_header(const FieldText& text);
void describe_field(platform::WidgetRecord& r, const FieldText& text);

// A box drawn behind its content: content goes on draw channel 1, the box on channel 0 once
// its height is known. Content inside is indented by `pad`.
struct Box {
    ImVec2 top;
    float old_margin;
    float pad;
};
Box begin_box(float pad);
void end_box(const Box& box, ImU32 fill, ImU32 border);

} // namespace ui
