#include "app/staff/reply.h"

#include "app/api_routes.h"
#include "app/http_reply.h"

namespace app::staff {

// A 429 without a usable Retry-After still tells the person how long to wait: a minute.
constexpr int kDefaultWaitSeconds = 60;

Problem problem_of(const HttpReply& r) {
    if (r.status == 429)
        return {"staff.error.wait", r.retry_after > 0 ? r.retry_after : kDefaultWaitSeconds};
    if (r.status == 403)
        return {error_code(r) == api::error::kForbidden ? "staff.error.forbidden" : "error.rejected"};
    if (r.status == 409)
        return {"staff.error.conflict"};
    if (r.status == 507)
        return {"staff.error.storage_full"};
    return {http_error_key(r)};
}

std::optional<nlohmann::json> listed(const HttpReply& r, const char* member) {
    if (r.status != 200)
        return std::nullopt;
    auto doc = json_body(r);
    if (!doc.is_object() || !doc.contains(member) || !doc[member].is_array())
        return std::nullopt;
    return std::move(doc[member]);
}

} // namespace app::staff
