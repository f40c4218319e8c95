// The activity log, newest first; more entries are loaded from before the oldest shown.
#pragma once
#include "app/staff/reply.h"

#include <string>
#include <vector>

namespace app::staff {

class Staff;

struct AuditEntry {
    long long id = 0;
    std::string at, actor, action, target;   // `at` as the server sent it (ISO, UTC)
};

class Audit {
public:
    static constexpr int kPage = 50;   // entries per request

    explicit Audit(Staff& staff) : staff_(staff) {}

    bool loading = false;
    Problem problem;
    std::vector<AuditEntry> entries;
    bool at_end = false;               // the last page arrived: nothing older

    void show();                       // the page, from the newest entry
    // The next page, from before the oldest entry shown; the focus moves to the first entry
    // that arrives, so the reading place is kept.
    void more() { load(true); }
    void forget();

private:
    void load(bool more);

    Staff& staff_;
};

} // namespace app::staff
