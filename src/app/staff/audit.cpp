#include "app/staff/audit.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"

namespace app::staff {

void Audit::show() {
    problem = {};
    at_end = false;
    staff_.screen.go_to(Step::Audit);
    load(false);
}

void Audit::load(bool more) {
    loading = true;
    const long long before = more && !entries.empty() ? entries.back().id : 0;
    staff_.request("GET", api::staff_audit(kPage, before), nullptr, [this, more](const HttpReply& r) {
        loading = false;
        const auto list = listed(r, "entries");
        if (!list) {
            problem = problem_of(r);
            return;
        }
        if (!more)
            entries.clear();
        const size_t first_new = entries.size();
        for (const auto& e : *list) {
            if (!e.is_object() || !e.contains("id") || !e["id"].is_number_integer())
                continue;
            entries.push_back({e["id"].get<long long>(), json_string(e, "at"), json_string(e, "actor"),
                               json_string(e, "action"), json_string(e, "target")});
        }
        at_end = list->size() < size_t(kPage);
        if (more && entries.size() > first_new)
            staff_.screen.focus("audit." + std::to_string(entries[first_new].id));
    });
}

void Audit::forget() {
    loading = false;
    problem = {};
    entries.clear();
    at_end = false;
}

} // namespace app::staff
