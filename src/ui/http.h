// The app's reply helpers (app/http_reply.h) for code that still holds a platform::HttpResponse
// (main.cpp's start-up loads): one reading of replies, not two.
#pragma once
#include "app/http_reply.h"
#include "platform/platform.h"

namespace ui {

using app::json_string;

inline app::HttpReply reply_of(const platform::HttpResponse& r) { return {r.status, r.body, r.retry_after}; }
inline nlohmann::json json_body(const platform::HttpResponse& r) { return app::json_body(reply_of(r)); }
inline std::string http_error_key(const platform::HttpResponse& r) { return app::http_error_key(reply_of(r)); }

} // namespace ui
