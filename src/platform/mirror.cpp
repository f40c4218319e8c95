// The accessibility mirror's C++ half: the frame's widget records, published to web/js/mirror.js,
// and the DOM actions that come back. See mirror.h.
#include "platform/mirror.h"

#include "platform/backend.h"
#include "platform/loop.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <vector>

extern "C" void anl_publish_widgets(const char* json, int frame_count);  // web/js/mirror.js

namespace platform {
namespace {

struct Mirror {
    std::vector<WidgetRecord> widgets;
    std::string focus_id;              // widget whose mirror node has DOM focus
    std::string focus_request;         // widget whose mirror node should take DOM focus once drawn
    std::string scroll_to_id;          // bring this widget into view once
    std::vector<std::string> activations; // mirror clicks not yet taken by their widget
    std::string last_widgets_json;
};

Mirror& M() {
    static Mirror m;
    return m;
}

// Rectangles to 0.1 CSS px: finer changes are not worth a new DOM update.
double tenth(float v) { return std::round(double(v) * 10.0) / 10.0; }

} // namespace

void backend::begin_frame_widgets() { M().widgets.clear(); }

void backend::publish_widgets() {
    Mirror& m = M();
    nlohmann::json list = nlohmann::json::array();
    bool focus_sent = false;
    for (const WidgetRecord& w : m.widgets) {
        const bool take_focus = !m.focus_request.empty() && w.id == m.focus_request;
        focus_sent = focus_sent || take_focus;
        list.push_back({{"id", w.id}, {"role", w.role}, {"label", w.label}, {"value", w.value},
                        {"description", w.description}, {"x", tenth(w.x)}, {"y", tenth(w.y)}, {"w", tenth(w.w)},
                        {"h", tenth(w.h)}, {"level", w.level}, {"disabled", w.disabled}, {"invalid", w.invalid},
                        {"required", w.required}, {"autofocus", w.autofocus}, {"lang", w.lang},
                        {"current", w.current}, {"expanded", w.expanded}, {"checked", w.checked},
                        {"parent", w.parent}, {"href", w.href}, {"autocomplete", w.autocomplete},
                        {"focus", take_focus}});
    }
    if (focus_sent)
        m.focus_request.clear();
    std::string json = list.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json != m.last_widgets_json) {
        m.last_widgets_json = std::move(json);
        anl_publish_widgets(m.last_widgets_json.c_str(), frame_count());
    } else {
        anl_publish_widgets(nullptr, frame_count()); // only the frame counter moves
    }
}

bool backend::mirror_has_focus() { return !M().focus_id.empty(); }

void backend::forget_published_widgets() {
    std::string& last = M().last_widgets_json;
    last.assign(last.size(), ' ');
}

void record_widget(const WidgetRecord& w) { M().widgets.push_back(w); }

bool take_activation(const std::string& widget_id) {
    auto& list = M().activations;
    for (auto it = list.begin(); it != list.end(); ++it)
        if (*it == widget_id) {
            list.erase(it);
            return true;
        }
    return false;
}

bool has_focus(const std::string& widget_id) { return M().focus_id == widget_id; }

void focus_widget(const std::string& widget_id) {
    M().focus_request = widget_id;
    request_frame();
}

void scroll_into_view(const std::string& widget_id) {
    M().scroll_to_id = widget_id;
    request_frame();
}

bool take_scroll_request(const std::string& widget_id) {
    Mirror& m = M();
    if (m.scroll_to_id != widget_id)
        return false;
    m.scroll_to_id.clear();
    return true;
}

} // namespace platform

extern "C" {  // called from web/js/mirror.js

// A DOM action on the accessibility mirror, routed to the widget it mirrors. Runs inside the
// browser's event handler, so a click can still open a file picker or a phone keyboard.
// action: 0 focus, 1 click (also Enter/Space on a button), 2 blur.
EMSCRIPTEN_KEEPALIVE void anl_mirror_action(const char* widget_id, int action) {
    platform::Mirror& m = platform::M();
    const platform::backend::Target* target = platform::backend::target_by_widget(widget_id);
    if (action == 0) {
        m.focus_id = widget_id;
        m.scroll_to_id = widget_id;
        if (target && !target->is_file)
            platform::backend::activate_target(*target); // focusing a field starts editing it
    } else if (action == 1) {
        if (target)
            platform::backend::activate_target(*target);
        else
            m.activations.push_back(widget_id);
    } else if (action == 2 && m.focus_id == widget_id) {
        m.focus_id.clear();
    }
    platform::request_frame();
}

} // extern "C"
