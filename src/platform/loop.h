// The render loop: the WebGL2 canvas, frames drawn on demand, and the page's life (start-up
// failure, a fresh instance). web/js/loop.js is its JS half.
#pragma once
#include <functional>

namespace platform {

using FrameFn = std::function<void()>;
// Creates the WebGL2 context on #canvas, installs input callbacks and calls `frame` between
// ImGui::NewFrame and ImGui::Render whenever something changed. Never returns to a busy loop.
bool start(FrameFn frame);
// Ask for another frame (input, a network reply, a timer). Cheap; coalesced.
void request_frame();
// Runs `fn` after the browser had a chance to paint (for work that blocks, like Argon2id).
void after_paint(std::function<void()> fn);
// Runs `fn` once, `seconds` from now, then draws (a timer: the idle warning's countdown).
void after_seconds(double seconds, std::function<void()> fn);
// Seconds since the person last touched, clicked, scrolled or typed on the page.
double idle_seconds();
// Replaces the page by a fresh instance of itself on its start page: nothing of this one's memory
// (wasm heap, DOM, JS state) survives. After "finish" on a shared device and after a staff "lock".
void fresh_start();
// Shows the page's own static "could not start" message (shell/, in several languages).
void show_startup_failure();

} // namespace platform
