// The accessibility mirror: widgets report what they drew, in reading order; after a frame in
// which the list changed it is published to JS (window.anl.widgets) and mirrored into DOM nodes
// that screen readers, keyboard users and role-based tests use (web/js/mirror.js).
#pragma once
#include <string>

namespace platform {

struct WidgetRecord {
    std::string id, role, label, value;
    float x, y, w, h;
    bool disabled = false, invalid = false, required = false;
    int level = 0;             // headings: 1 or 2
    std::string description;   // hint and error text (aria-describedby)
    bool autofocus = false;    // take DOM focus when it first appears (error summary)
    std::string lang;          // when the text is in another language than the page
    bool current = false;      // the current item of a set (aria-current)
    int expanded = -1;         // disclosure state (aria-expanded): -1 none, 0 closed, 1 open
    int checked = -1;          // radio and checkbox state: -1 none, 0 unchecked, 1 checked
    std::string parent;        // id of the group (radiogroup, group, alert) this node belongs to
    std::string href;          // links: an address the browser follows itself (tel:)
    std::string autocomplete;  // text fields: the input purpose (WCAG 1.3.5), "" for off
};
void record_widget(const WidgetRecord& w);

// The mirror turns DOM actions into these: a click on a mirrored button since the last frame
// (once), DOM focus on a widget's node (draw the focus ring), and a one-off request to scroll a
// widget into view when it got focus.
bool take_activation(const std::string& widget_id);
bool has_focus(const std::string& widget_id);
bool take_scroll_request(const std::string& widget_id);
// Moves DOM focus (and so a screen reader's reading position) to the widget's mirror node once it
// is drawn: to the heading of a new page, as a page load would.
void focus_widget(const std::string& widget_id);
// Asks for widget `widget_id` to be scrolled into view when it is next drawn (e.g. from a link
// in the error summary).
void scroll_into_view(const std::string& widget_id);

} // namespace platform
