// The browser's history: an entry per page of a flow (app::History). web/js/history.js is its
// JS half. An entry's state holds its index only.
#pragma once
#include <functional>

namespace platform {

void history_replace(int index);
void history_push(int index);
void history_go(int delta);
// `moved` runs when the person went Back or Forward to entry `index` (-1: an entry an earlier
// instance of the page made, before a reload or a "finish").
void on_history(std::function<void(int index)> moved);

} // namespace platform
