#include "app/http_reply.h"

namespace app {

nlohmann::json json_body(const HttpReply& r) {
    return nlohmann::json::parse(r.body.begin(), r.body.end(), nullptr, false);
}

std::string json_string(const nlohmann::json& obj, const char* name) {
    if (!obj.is_object() || !obj.contains(name) || !obj[name].is_string())
        return "";
    return obj[name].get<std::string>();
}

std::string error_code(const HttpReply& r) { return json_string(json_body(r), "error"); }

std::string http_error_key(const HttpReply& r) {
    if (r.status == 0) return "error.network";
    if (r.status == 413) return "error.too_large";
    if (r.status == 429) return "error.too_many_attempts";
    if (r.status == 401) return "staff.error.wrong_passphrase";
    if (r.status >= 500) return "error.server";
    return "error.rejected";
}

} // namespace app
