// The app's reply helpers (app/http_reply.h) for main.cpp's start-up loads, which hold a
// platform::HttpResponse (the same type as app::HttpReply).
#pragma once
#include "app/http_reply.h"
#include "platform/platform.h"

namespace ui {

using app::http_error_key;
using app::json_body;
using app::json_string;

} // namespace ui
