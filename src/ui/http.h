// Small helpers for talking to serve.py's JSON API (docs/API.md).
#pragma once
#include "platform/platform.h"

#include <nlohmann/json.hpp>

#include <string>

namespace ui {

// The body as JSON, or a discarded value when it is not JSON.
nlohmann::json json_body(const platform::HttpResponse& r);
// A string member of a JSON object, "" when absent or not a string.
std::string json_string(const nlohmann::json& obj, const char* name);
// Catalog key for what went wrong with a request, from its status.
std::string http_error_key(const platform::HttpResponse& r);

} // namespace ui
