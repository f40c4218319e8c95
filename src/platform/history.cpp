#include "platform/history.h"

#include "platform/loop.h"

#include <emscripten.h>

extern "C" {  // web/js/history.js
void anl_history_set(int index, int push);
void anl_history_go(int delta);
}

namespace platform {
namespace {

std::function<void(int)>& moved_handler() {
    static std::function<void(int)> handler;
    return handler;
}

} // namespace

void history_replace(int index) { anl_history_set(index, 0); }
void history_push(int index) { anl_history_set(index, 1); }
void history_go(int delta) { anl_history_go(delta); }
void on_history(std::function<void(int)> moved) { moved_handler() = std::move(moved); }

} // namespace platform

extern "C" EMSCRIPTEN_KEEPALIVE void anl_on_history(int index) {
    if (platform::moved_handler())
        platform::moved_handler()(index);
    platform::request_frame();
}
