#include "app/staff/submissions.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/wipe.h"

#include <cstdio>

namespace app::staff {

namespace {

// Submissions that are deleted within this many days are marked "soon" in the list.
constexpr long kExpiresSoonDays = 7;

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), to tell "expires soon".
long days_from_civil(long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + long(doe) - 719468;
}

// The day of an ISO time ("2026-11-25T09:30:00Z"), or nothing when it is not one.
std::optional<long> iso_day(const std::string& iso) {
    int y = 0, m = 0, d = 0;
    if (iso.size() < 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return std::nullopt;
    return days_from_civil(y, unsigned(m), unsigned(d));
}

std::vector<SubmissionRow> rows_of(const nlohmann::json& list) {
    std::vector<SubmissionRow> rows;
    for (const auto& item : list) {
        SubmissionRow row{json_string(item, "reference"), json_string(item, "received_at"),
                          json_string(item, "expires_at"), 0};
        if (item.is_object() && item.contains("size") && item["size"].is_number())
            row.size = item["size"].get<double>();
        rows.push_back(row);
    }
    return rows;
}

// What the applicant wrote is zeroed before the document is dropped (the keys are field ids).
void wipe_strings(nlohmann::json& doc) {
    if (doc.is_string())
        anl::wipe(doc.get_ref<std::string&>());
    else if (doc.is_structured())
        for (auto& item : doc)
            wipe_strings(item);
}

} // namespace

Expiry Submissions::expiry(const std::string& expires_at) const {
    const auto day = iso_day(expires_at);
    if (!day)
        return Expiry::Unknown;
    const auto today = iso_day(staff_.services.clock.now_iso());
    return today && *day - *today <= kExpiresSoonDays ? Expiry::Soon : Expiry::Later;
}

void Submissions::show() {
    staff_.screen.go_to(Step::List);
    reload();
}

void Submissions::reload() {
    loading = true;
    staff_.request("GET", api::staff_submissions(), nullptr, [this](const HttpReply& r) {
        loading = false;
        const auto list = listed(r, "submissions");
        if (!list) {
            problem = problem_of(r);
            return;
        }
        problem = {};
        rows = rows_of(*list);
    });
}

void Submissions::open_row(const SubmissionRow& row) {
    close();
    open = row;
    detail_loading = true;
    staff_.screen.go_to(Step::Detail);
    staff_.request("GET", api::staff_envelope(row.reference), nullptr,
                   [this, reference = row.reference](const HttpReply& r) { opened_envelope(reference, r); });
}

void Submissions::opened_envelope(const std::string& reference, const HttpReply& r) {
    if (open.reference != reference)
        return; // the worker went elsewhere meanwhile
    detail_loading = false;
    if (r.status != 200 || !staff_.session.keyring) {
        const Problem p = problem_of(r);
        detail_error = p.key == "staff.error.wait" ? "error.too_many_attempts" : p.key;
        return;
    }
    // The envelope names the office key it was sealed to: the current one or a retired one.
    auto envelope = anl::open_envelope(r.body, *staff_.session.keyring);
    if (envelope.error != anl::EnvelopeError::None) {
        detail_error =
            envelope.error == anl::EnvelopeError::UnknownKey ? "staff.error.unknown_key" : "staff.error.cannot_open";
        return;
    }
    opened = anl::read_submission(std::move(envelope.parts));
    if (!opened.error.empty())
        detail_error = "staff.error.cannot_open";
}

void Submissions::back() {
    close();
    open = {};
    show();
}

void Submissions::download(size_t i) {
    if (i < opened.attachments.size()) {
        const auto& a = opened.attachments[i];
        staff_.services.device.download(a.name, a.media_type, a.data);
    }
}

void Submissions::close() {
    for (auto& a : opened.attachments)
        anl::wipe(a.data);
    wipe_strings(opened.answers);
    opened = {};
    detail_error.clear();
}

void Submissions::forget() {
    close();
    open = {};
    rows.clear();
    problem = {};
    loading = false;
    detail_loading = false;
}

} // namespace app::staff
