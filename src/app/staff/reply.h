// Reading the server's replies for the staff pages (docs/API.md "Staff"). What went wrong is
// said as a catalog key, and for a throttled request (429) with the wait its Retry-After asked
// for; the page picks the words (seconds or minutes).
#pragma once
#include "app/services.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace app::staff {

struct Problem {
    std::string key;       // catalog key, "" for none
    int seconds = 0;       // with "staff.error.wait": how long to wait
    bool empty() const { return key.empty(); }
};

// The generic reading of a failed reply: network, wait (429), forbidden (403), conflict (409),
// storage full (507), server, rejected.
Problem problem_of(const HttpReply& reply);

// The array `member` of a 200 reply's JSON object ({"submissions": [...]}), nothing otherwise.
std::optional<nlohmann::json> listed(const HttpReply& reply, const char* member);

} // namespace app::staff
