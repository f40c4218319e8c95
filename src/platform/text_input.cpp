// DOM text fields over ImGui ones. See text_input.h.
#include "platform/text_input.h"

#include "core/wipe.h"
#include "platform/backend.h"
#include "platform/loop.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

extern "C" {  // web/js/text_input.js
void anl_text_begin(unsigned id, float x, float y, float w, float h, const char* value, const char* spec_json);
void anl_text_move(float x, float y, float w, float h, int visible);
void anl_text_end();
}

namespace platform {
namespace {

struct TextFields {
    unsigned editing_id = 0;
    ImRect editing_rect;
    // The latest value of each text field as the DOM input reported it. dom_changed marks input
    // the UI has not taken yet, so an edit that ends before the next frame is not lost.
    struct Slot {
        std::string value;
        bool dom_changed = false;
    };
    std::map<unsigned, Slot> values;
};

TextFields& T() {
    static TextFields t;
    return t;
}

std::string spec_json(const TextFieldSpec& s, const std::string& widget_id) {
    return nlohmann::json{{"widgetId", widget_id}, {"label", s.label},         {"type", s.type},
                          {"autocomplete", s.autocomplete}, {"inputmode", s.inputmode}, {"lang", s.lang},
                          {"autocapitalize", s.autocapitalize},
                          {"dir", s.dir},             {"multiline", s.multiline}, {"maxLength", s.max_length},
                          {"fontPx", s.font_px}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

unsigned backend::editing_id() { return T().editing_id; }

void backend::begin_editing(const Target& t) {
    TextFields& f = T();
    const std::string& value = f.values[t.id].value;
    f.editing_id = t.id;
    f.editing_rect = t.rect;
    anl_text_begin(t.id, t.rect.Min.x, t.rect.Min.y, t.rect.GetWidth(), t.rect.GetHeight(), value.c_str(),
                   spec_json(t.spec, t.widget_id).c_str());
}

void backend::follow_editing_field() {
    TextFields& f = T();
    if (!f.editing_id)
        return;
    const Target* t = target_by_id(f.editing_id);
    if (!t) {
        end_text_editing(); // the field is gone (screen changed)
        return;
    }
    if (t->rect.Min.x != f.editing_rect.Min.x || t->rect.Min.y != f.editing_rect.Min.y ||
        t->rect.GetWidth() != f.editing_rect.GetWidth() || t->rect.GetHeight() != f.editing_rect.GetHeight()) {
        f.editing_rect = t->rect;
        const bool visible = t->rect.Max.y > 0 && t->rect.Min.y < float(css_height());
        anl_text_move(t->rect.Min.x, t->rect.Min.y, t->rect.GetWidth(), t->rect.GetHeight(), visible);
    }
}

bool text_editing(unsigned id) { return T().editing_id == id; }

bool sync_text(unsigned id, std::string& value) {
    TextFields::Slot& slot = T().values[id];
    if (slot.dom_changed) {
        slot.dom_changed = false;
        value = slot.value; // typed (or autofilled) since the last frame
        return true;
    }
    if (slot.value != value)
        slot.value = value; // the program changed it (e.g. a reset)
    return false;
}

void forget_text_fields() {
    TextFields& f = T();
    end_text_editing();
    for (auto& [id, slot] : f.values)
        anl::wipe(slot.value);
    f.values.clear();
    backend::forget_text_images();       // images of typed text (an Arabic name)
    backend::forget_published_widgets(); // the mirror's copy of the last frame's values
}

void end_text_editing() {
    TextFields& f = T();
    if (!f.editing_id)
        return;
    f.editing_id = 0;
    anl_text_end();
    request_frame();
}

} // namespace platform

extern "C" {  // called from web/js/text_input.js

EMSCRIPTEN_KEEPALIVE void anl_on_text_input(unsigned id, const char* value) {
    platform::TextFields& f = platform::T();
    if (f.editing_id != id)
        return;
    platform::TextFields::Slot& slot = f.values[id];
    anl::wipe(slot.value); // the old text's buffer may not be the one the new text lands in
    slot.value = value;
    slot.dom_changed = true;
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_text_end(unsigned id) {
    platform::TextFields& f = platform::T();
    if (f.editing_id == id)
        f.editing_id = 0;
    platform::request_frame();
}

} // extern "C"
