// DOM text fields: while an ImGui text field is edited, a real <input> or <textarea> lies over
// it (IME, autofill, the phone keyboard, the screen reader's editing commands) and hands its
// value back. web/js/text_input.js is its JS half.
#pragma once
#include <string>

namespace platform {

struct TextFieldSpec {
    std::string label;          // aria-label of the DOM input
    std::string type = "text";  // text | password
    std::string autocomplete = "off";     // the input purpose (WCAG 1.3.5): "given-name", "email"
    std::string inputmode = "text";
    std::string autocapitalize = "sentences";   // "words" for names, "off" for addresses and codes
    std::string lang, dir = "auto";
    bool multiline = false;
    int max_length = 0;         // 0: no limit
    float font_px = 16;         // CSS font size of the typed text, the same as the canvas draws it
};

// The text field `id` is being edited in a DOM input: value changes arrive here.
bool text_editing(unsigned id);
// Copies the latest DOM value into `value` if it changed; returns true when it did.
bool sync_text(unsigned id, std::string& value);
// Leaves DOM editing (e.g. before a screen changes); the field keeps its value.
void end_text_editing();
// Ends editing and wipes every copy of typed text the platform holds (after sending, on
// "finish", when staff lock): the next person at a kiosk or shared PC finds nothing.
void forget_text_fields();

} // namespace platform
