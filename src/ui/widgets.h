// The widgets every screen is built from. Each one draws with Dear ImGui, keeps touch targets at
// least 48 CSS px, and reports itself (id, role, label, value, rectangle) to the platform, which
// publishes the list for tests and, later, the accessibility mirror.
#pragma once
#include "platform/platform.h"

#include <string>
#include <utility>
#include <vector>

namespace ui {

void begin_page(const char* id);   // full-window scrolling page with a centred column
void end_page();
float content_width();
// A new page: its first level-1 heading takes the focus when it is drawn, so that a screen reader
// starts reading there (as after a page load), unless the flow moved the focus elsewhere.
void focus_page_heading();
// The page drawn last: its first level-1 heading ("" if none), and whether it showed an error
// summary (document.title names the page and starts with "Error:" then).
const std::string& page_heading();
bool page_shows_error_summary();

void header_bar(const std::string& title, const char* id);
void heading(const std::string& text, const std::string& id);
void subheading(const std::string& text, const std::string& id);
void paragraph(const std::string& text, const std::string& id, bool secondary = false);
void spacer(float px);

enum class ButtonStyle { Primary, Secondary, Warning };
bool button(const std::string& id, const std::string& label, ButtonStyle style = ButtonStyle::Primary, bool disabled = false);
// A secondary "Copy ..." button; once pressed, `copied` ("Reference number copied") shows below it
// as a status message, which a screen reader announces, until the page changes.
bool copy_button(const std::string& id, const std::string& label, const std::string& copied);

// A link-styled choice that flows along a line (e.g. the language picker); `lang` names the
// language its text is in; `current` marks the chosen one.
bool inline_link(const std::string& id, const std::string& label, const std::string& lang, bool current,
                 bool first_in_row);

// A link-styled button that shows or hides a section (aria-expanded); returns true when pressed.
// With `globe`, a drawn globe stands in front of the label (the language picker).
bool disclosure(const std::string& id, const std::string& label, bool open, bool globe = false);

// A short text at the start of a row of inline links.
void inline_label(const std::string& id, const std::string& text);

struct FieldText {
    std::string label, hint, error;
    bool required = false;
};
// On a page with one question the question is the page's heading (GOV.UK question pages): the
// next field or group of choices drawn shows its label as the page's level-1 heading `id`; the
// label still names the field.
void label_as_heading(const std::string& id);
// A text field edited through a real DOM input (platform.h). `lines` > 1 makes it multi-line.
void text_field(const std::string& id, const FieldText& text, std::string& value, platform::TextFieldSpec spec,
                int lines = 1);

struct ChoiceOption {
    std::string id, label;
};
// Radios: one answer from a short list, each a 48 px row. Mirrored as a native radio group
// (arrow keys move within it). Returns true when the answer changed.
bool radio_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                 std::string& value);
// Checkboxes: any number of answers (`values` holds the checked option ids, in option order).
bool checkbox_group(const std::string& id, const FieldText& text, const std::vector<ChoiceOption>& options,
                    std::vector<std::string>& values);

// Label, hint and error of a set of controls that follow it (a document's files and buttons),
// reported as a group so that the hint and error are read with it.
void group_header(const std::string& id, const FieldText& text);

// Small secondary text above a heading: the part of the form, "Step 3 of 12".
void caption(const std::string& text, const char* id);
// "Step N of M" as text and a thin bar.
void progress(const std::string& text, const char* id, size_t step, size_t count);
// "Phone: 044 000 00 00": a label and the number as a tel: link (the mirror's link has the
// address, so a screen reader, a keyboard or a tap on the canvas calls it).
void phone_link(const std::string& id, const std::string& label, const std::string& number);
// A text link on its own line ("Back", "Change", "Remove"): returns true when pressed.
// `accessible` names it for screen readers when the visible text needs context ("Change rent").
bool text_link(const std::string& id, const std::string& label, const std::string& accessible = "");
// One row of a summary (check your answers): key, value, and a "change" link when
// change_label is not empty. Returns true when the link was pressed.
bool summary_row(const std::string& id, const std::string& key, const std::string& value,
                 const std::string& change_label, const std::string& change_accessible);

// "There is a problem" box listing each error as a link: the summary takes the focus when it
// appears, and a link moves focus (and the page) to its field (GOV.UK error summary).
void error_summary(const char* id, const std::string& title,
                          const std::vector<std::pair<std::string, std::string>>& field_errors);
// Scrolls the page back to its top on the next frame (e.g. to show an error summary).
void scroll_to_top();
// Scrolls field `id` into view the next time it is drawn.
void scroll_to_field(const std::string& id);

// A "choose file" button: the platform opens the picker from inside the tap itself. The picked
// file arrives later for file_button_id(id) (platform::take_picked_file).
void file_button(const std::string& id, const std::string& label, const std::string& accept, double max_bytes);
unsigned file_button_id(const std::string& id);

// Where something stands: steps in order, those done, the current one, those still to come.
// Drawn as a vertical line of marks (a tick, a ring, an empty circle); mirrored as an ordered
// list whose current item is aria-current="step". Each state is also said in words (`state_words`:
// done, current, upcoming), never by colour or shape alone.
enum class StepState { Done, Current, Upcoming };
struct TimelineStep {
    std::string title, detail;
    StepState state = StepState::Upcoming;
};
void status_timeline(const char* id, const std::string& label, const std::vector<TimelineStep>& steps,
                     const std::string (&state_words)[3]);

// A box with a heading (level 1: the page's own; 2: a part of the page), a line and a large value.
void panel(const char* id, const std::string& title, const std::string& body, const std::string& big, int level = 1);
void key_value(const char* id, const std::string& key, const std::string& value);
void alert(const std::string& id, const std::string& text);
void status(const std::string& id, const std::string& text);

} // namespace ui
