// The browser platform layer: WebGL2 canvas, input from emscripten/html5.h, devicePixelRatio,
// render-on-demand, and bridges to the DOM (text inputs, file picker, downloads, fetch, clipboard).
// Everything browser-specific lives here and in web/platform.js; src/ui only sees this header.
#pragma once
#include "core/encoding.h"

#include <functional>
#include <map>
#include <string>

namespace platform {

// ------------------------------------------------------------------ lifecycle
using FrameFn = std::function<void()>;
// Creates the WebGL2 context on #canvas, installs input callbacks and calls `frame` between
// ImGui::NewFrame and ImGui::Render whenever something changed. Never returns to a busy loop.
bool start(FrameFn frame);
// Ask for another frame (input, a network reply, a timer). Cheap; coalesced.
void request_frame();
// Registers Dear ImGui fonts (Regular, Bold) from TTF bytes, rasterised for the current DPR and
// text scale. Fonts of further scripts ("cyrillic", "ethiopic") are merged in as they arrive, so
// a page downloads only the scripts its language needs.
void set_fonts(anl::Bytes regular, anl::Bytes bold, float size_css_px);
// Gives the browser a font, from bytes already downloaded, under `family` (web/platform.js
// names the families it uses): for the DOM inputs and for browser_text. `done` runs once the
// browser can draw with it (false: it refused the bytes).
void add_browser_font(const std::string& family, bool bold, const anl::Bytes& ttf, std::function<void(bool)> done);
void add_script_fonts(const std::string& script, anl::Bytes regular, anl::Bytes bold);
bool has_script_fonts(const std::string& script);
// Text size for low vision: 1.0 to 2.0; the whole UI lays out again, glyphs re-rasterised.
void set_text_scale(float scale);
float text_scale();

// ------------------------------------------------------------------ browser-drawn text
// Dear ImGui places glyphs one code point at a time, left to right: it cannot join Arabic letters,
// order right-to-left and mixed runs, or apply Persian forms. Such text is laid out by the
// browser's own text engine (Canvas2D: shaping, the Unicode bidi algorithm, the fonts given with
// add_browser_font) into a texture that ImGui draws as an image (docs/ACCESSIBILITY.md,
// "Scripts"). Images are cached by text and style, and deleted when not drawn for 30 frames.
struct TextImage {
    unsigned texture = 0;      // GL texture name (white text, alpha coverage)
    float w = 0, h = 0;        // CSS px
};
struct TextStyle {
    bool bold = false;
    float size = 18;           // font size, CSS px
    float line_height = 24;    // CSS px per line
    float wrap = 0;            // break lines at spaces to fit this width, CSS px; 0: one line
    bool rtl = false;          // the paragraph's base direction
};
TextImage browser_text(const std::string& utf8, const TextStyle& style);

// ------------------------------------------------------------------ page
std::string page_mode();                 // <body data-mode="applicant|staff">
std::string url_language();              // ?lang=xx, "" when absent
bool url_flag(const std::string& name);   // ?kiosk=1 and the like
int today_ymd();                          // local date as YYYYMMDD
std::string now_iso();                    // UTC time, "2026-11-25T09:30:00.000Z"
std::string format_local_time(const std::string& iso_utc);
std::string format_local_date(const std::string& iso_utc);   // the date alone
void set_document_language(const std::string& lang, const std::string& dir);
// The user's system asks for more contrast (prefers-contrast: more, or forced colours).
bool prefers_high_contrast();
// Styles the DOM parts (text overlay, page background) to match the canvas theme.
void set_page_theme(bool high_contrast);

// ------------------------------------------------------------------ gesture targets
// Widgets whose action needs a real user gesture (focusing a DOM input opens the phone keyboard
// only from inside the tap's own handler; file pickers likewise) register their rectangle every
// frame. The tap/click handler hit-tests them synchronously, before ImGui sees the event.
struct TextFieldSpec {
    std::string label;          // aria-label of the DOM input
    std::string type = "text";  // text | password
    std::string autocomplete = "off";
    std::string inputmode = "text";
    std::string lang, dir = "auto";
    bool multiline = false;
    int max_length = 0;         // 0: no limit
    float font_px = 16;         // CSS font size of the typed text, the same as the canvas draws it
};
void text_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const TextFieldSpec& spec);
void file_target(unsigned id, const std::string& widget_id, float x, float y, float w, float h,
                 const std::string& accept, double max_bytes);

// The accessibility mirror (web/platform.js) turns DOM actions into these: a click on a mirrored
// button since the last frame (once), DOM focus on a widget's node (draw the focus ring), and a
// one-off request to scroll a widget into view when it got focus.
bool take_activation(const std::string& widget_id);
bool has_focus(const std::string& widget_id);
bool take_scroll_request(const std::string& widget_id);
// Enter was pressed in a one-line text field: true once, in the frame that follows, for the page's
// primary button (implicit submission, as in an HTML form).
bool take_submit();
// Escape was pressed outside a text field (where it only leaves the field): true once, in the
// frame that follows, for whatever closes on Escape (an open disclosure, a confirmation page).
bool take_escape();
// Moves DOM focus (and so a screen reader's reading position) to the widget's mirror node once it
// is drawn: to the heading of a new page, as a page load would.
void focus_widget(const std::string& widget_id);
// Asks for widget `widget_id` to be scrolled into view when it is next drawn (e.g. from a link
// in the error summary).
void scroll_into_view(const std::string& widget_id);

// The text field `id` is being edited in a DOM input: value changes arrive here.
bool text_editing(unsigned id);
// Copies the latest DOM value into `value` if it changed; returns true when it did.
bool sync_text(unsigned id, std::string& value);
// Leaves DOM editing (e.g. before a screen changes); the field keeps its value.
void end_text_editing();
// Ends editing and wipes every copy of typed text the platform holds (after sending, on
// "finish", when staff lock): the next person at a kiosk or shared PC finds nothing.
void forget_text_fields();
// Replaces the page by a fresh instance of itself on its start page: nothing of this one's memory
// (wasm heap, DOM, JS state) survives. After "finish" on a shared device and after a staff "lock".
void fresh_start();
// Shows the page's own static "could not start" message (shell/, in several languages).
void show_startup_failure();

struct PickedFile {
    std::string name, media_type;
    anl::Bytes data;
    double size = 0;           // as the browser reported it
    bool too_large = false;    // larger than the limit given to file_target; data is empty
};
// A file the user picked for target `id`, once (then forgotten here).
bool take_picked_file(unsigned id, PickedFile& out, double max_bytes);

// ------------------------------------------------------------------ I/O bridges
struct HttpResponse {
    int status = 0;            // 0: network error
    anl::Bytes body;
    int retry_after = 0;       // seconds, from a Retry-After header (429, 503); 0: none
};
using HttpCallback = std::function<void(const HttpResponse&)>;
void http(const std::string& method, const std::string& url, const std::map<std::string, std::string>& headers,
          const anl::Bytes& body, HttpCallback done);

void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data);
void copy_to_clipboard(const std::string& text);
// Runs `fn` after the browser had a chance to paint (for work that blocks, like Argon2id).
void after_paint(std::function<void()> fn);

// ------------------------------------------------------------------ browser storage
// localStorage, for ciphertext only (encrypted drafts): nothing readable is ever stored. Reads
// give "" when the key is absent or storage is unavailable (private mode, blocked); writes that
// fail are ignored, so a page without storage still works, it only cannot remember.
std::string stored(const std::string& key);
void store(const std::string& key, const std::string& value);
void unstore(const std::string& key);

// ------------------------------------------------------------------ accessibility mirror
// Widgets report what they drew, in reading order; after a frame in which the list changed it is
// published to JS (window.anl.widgets) and mirrored into DOM nodes that screen readers, keyboard
// users and role-based tests use (web/platform.js).
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
    std::string parent;        // id of the group (radiogroup, group) this node belongs to
};
void record_widget(const WidgetRecord& w);

} // namespace platform
