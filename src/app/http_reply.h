// Reading the server's replies (docs/API.md): JSON bodies, error codes, and what to tell the user.
#pragma once
#include "app/services.h"

#include <nlohmann/json.hpp>

#include <string>

namespace app {

// The body as JSON, or a discarded value when it is not JSON.
nlohmann::json json_body(const HttpReply& r);
// A string member of a JSON object, "" when absent or not a string.
std::string json_string(const nlohmann::json& obj, const char* name);
// The API's error code ({"error": "invalid_login"}), "" when the reply has none.
std::string error_code(const HttpReply& r);
// Catalog key for what went wrong with a request, from its status.
std::string http_error_key(const HttpReply& r);

} // namespace app
