#include "ui/staff/pages.h"

#include "ui/widgets.h"

namespace ui::staff {

void problem_alert(const AppContext& ctx, const std::string& id, const app::staff::Problem& p) {
    if (p.empty())
        return;
    if (p.key == "staff.error.wait") {
        // Minutes when it is that long: "wait 900 seconds" is hard to take in.
        const bool minutes = p.seconds >= 120;
        const int n = minutes ? (p.seconds + 59) / 60 : p.seconds;
        alert(id, ctx.format(minutes ? "staff.error.wait_minutes" : "staff.error.wait_seconds",
                             {{"count", std::to_string(n)}}));
        return;
    }
    alert(id, ctx.t(p.key));
}

void notice_status(const AppContext& ctx, const app::staff::Notice& notice) {
    if (!notice.empty())
        status("notice", ctx.format(notice.key, notice.args));
}

bool submit_button(const std::string& id, const std::string& label, bool disabled) {
    if (!button(id, label, ButtonStyle::Primary, disabled))
        return false;
    platform::end_text_editing();
    return true;
}

void field_error_summary(const AppContext& ctx, const std::vector<std::pair<std::string, std::string>>& field_keys) {
    std::vector<std::pair<std::string, std::string>> errors;
    for (const auto& [field, key] : field_keys)
        if (!key.empty())
            errors.push_back({field, ctx.t(key)});
    if (!errors.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), errors);
}

std::string text_or_empty(const AppContext& ctx, const std::string& key) { return key.empty() ? "" : ctx.t(key); }

} // namespace ui::staff
