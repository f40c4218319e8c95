// The admin's pages: the staff accounts (add, remove), rotating the office key, the activity log.
// Keys are made here, in the admin's browser: a new colleague's key pair and their wrap of the
// office key, a new office key sealed to every colleague. The server stores what it is given
// and never sees a secret key.
#include "ui/staff.h"

#include "core/wipe.h"
#include "ui/http.h"
#include "ui/widgets.h"

namespace ui::staff {
namespace {

struct AccountRow {
    std::string name, role;
    bool totp_enabled = false, must_change_passphrase = false;
};

struct Admin {
    bool loading = false;
    Problem problem;
    std::vector<AccountRow> accounts;

    // Add a staff member
    std::string new_name, new_role;
    std::string name_error, role_error;   // catalog keys
    std::string added_name, added_passphrase;   // shown once on the next page

    std::string remove_name;              // the confirmation page's account

    // Activity log, newest first; more are loaded from before the oldest shown.
    struct Entry {
        long long id = 0;
        std::string at, actor, action, target;
    };
    std::vector<Entry> entries;
    bool audit_end = false;
};

Admin g;

constexpr int kAuditPage = 50;

void load_accounts() {
    g.loading = true;
    api("GET", "/api/staff/accounts", nullptr, [](const platform::HttpResponse& r) {
        g.loading = false;
        const auto doc = json_body(r);
        if (r.status != 200 || !doc.is_object() || !doc.contains("accounts") || !doc["accounts"].is_array()) {
            g.problem = problem_of(r);
            return;
        }
        g.accounts.clear();
        for (const auto& a : doc["accounts"]) {
            if (!a.is_object())
                continue;
            g.accounts.push_back({json_string(a, "name"), json_string(a, "role"), a.value("totp_enabled", false),
                                  a.value("must_change_passphrase", false)});
        }
    });
}

// Back to the staff list, which is read again (what changed shows at once).
void back_to_accounts() {
    go_to(Step::Accounts);
    load_accounts();
}

// ---------------------------------------------------------------- add
void create_account() {
    platform::end_text_editing();
    std::string name;
    for (char c : g.new_name)
        if (c != ' ')
            name += char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    g.new_name = name;
    g.name_error = anl::is_account_name(name) ? "" : name.empty() ? "staff.add.error.name_required" : "staff.add.error.name";
    g.role_error = anl::is_staff_role(g.new_role) ? "" : "staff.add.error.role";
    g.problem = {};
    if (!g.name_error.empty() || !g.role_error.empty()) {
        scroll_to_top();
        return;
    }
    show_working("staff.add.working");
    // Argon2id for the first passphrase: after the status is painted.
    after_paint_in_session([] {
        std::string passphrase = anl::generate_passphrase(g.new_name);
        std::optional<nlohmann::json> account;
        if (g_session.keyring)
            account = anl::create_staff_account(g.new_name, g.new_role, passphrase, anl::new_kdf_params(),
                                                anl::new_staff_keys(), g_session.keyring->current.keys);
        if (!account) {
            anl::wipe(passphrase);
            go_to(Step::AddAccount);
            g.problem = {"staff.error.out_of_memory"};
            return;
        }
        api("POST", "/api/staff/accounts", *account,
            [name = g.new_name, passphrase = std::make_shared<std::string>(std::move(passphrase))](
                const platform::HttpResponse& r) {
                if (r.status != 201 && r.status != 200) {
                    anl::wipe(*passphrase);
                    go_to(Step::AddAccount);
                    if (r.status == 409)
                        g.name_error = "staff.add.error.taken";
                    else
                        g.problem = problem_of(r);
                    return;
                }
                g.added_name = name;
                g.added_passphrase = std::move(*passphrase);
                g.new_name.clear();
                g.new_role.clear();
                go_to(Step::AccountAdded);
            });
    });
}

void forget_added() {
    anl::wipe(g.added_passphrase);
    g.added_name.clear();
}

// ---------------------------------------------------------------- remove
void remove_account() {
    show_working("status.working");
    api("DELETE", "/api/staff/accounts/" + g.remove_name, nullptr, [name = g.remove_name](const platform::HttpResponse& r) {
        if (r.status != 204 && r.status != 200) {
            go_to(Step::RemoveAccount);
            g.problem = r.status == 409 ? Problem{"staff.remove.error.refused"} : problem_of(r);
            return;
        }
        back_to_accounts();
        g_notice = {"staff.removed", {{"name", name}}};
    });
}

// ---------------------------------------------------------------- rotate
// The staff list is read again right before: the new key must reach everyone who has an account
// now (the server refuses a rotation that misses one, or that raced with another).
void rotate() {
    show_working("staff.rotate.working");
    api("GET", "/api/staff/accounts", nullptr, [](const platform::HttpResponse& r) {
        const auto doc = json_body(r);
        const auto keys = r.status == 200 ? anl::staff_public_keys(doc) : std::nullopt;
        if (!keys || !g_session.keyring) {
            go_to(Step::Rotate);
            g.problem = r.status == 200 ? Problem{"staff.error.cannot_rotate"} : problem_of(r);
            return;
        }
        auto rotation = anl::rotate_office_key(*g_session.keyring, anl::new_office_keys(), *keys);
        if (!rotation) {
            go_to(Step::Rotate);
            g.problem = {"staff.error.cannot_rotate"};
            return;
        }
        auto keyring = std::make_shared<anl::Keyring>(std::move(rotation->keyring));
        api("POST", "/api/staff/office-keys", rotation->body, [keyring](const platform::HttpResponse& r) {
            if (r.status != 204 && r.status != 200) {
                go_to(Step::Rotate);
                g.problem = r.status == 409 ? Problem{"staff.rotate.error.conflict"} : problem_of(r);
                return;
            }
            // What the server holds for us now: the new key current, the old ones retired.
            g_session.keyring = std::move(*keyring);
            back_to_accounts();
            g_notice = {"staff.rotated", {{"key_id", g_session.keyring->current.key_id}}};
        });
    });
}

// ---------------------------------------------------------------- activity log
void load_audit(bool more) {
    g.loading = true;
    std::string url = "/api/staff/audit?limit=" + std::to_string(kAuditPage);
    if (more && !g.entries.empty())
        url += "&before=" + std::to_string(g.entries.back().id);
    api("GET", url, nullptr, [more](const platform::HttpResponse& r) {
        g.loading = false;
        const auto doc = json_body(r);
        if (r.status != 200 || !doc.is_object() || !doc.contains("entries") || !doc["entries"].is_array()) {
            g.problem = problem_of(r);
            return;
        }
        if (!more)
            g.entries.clear();
        const size_t first_new = g.entries.size();
        for (const auto& e : doc["entries"]) {
            if (!e.is_object() || !e.contains("id") || !e["id"].is_number_integer())
                continue;
            g.entries.push_back({e["id"].get<long long>(), json_string(e, "at"), json_string(e, "actor"),
                                 json_string(e, "action"), json_string(e, "target")});
        }
        g.audit_end = doc["entries"].size() < size_t(kAuditPage);
        // "Load more" keeps the reading place: the focus moves to the first entry that arrived.
        if (more && g.entries.size() > first_new)
            platform::focus_widget("audit." + std::to_string(g.entries[first_new].id));
    });
}

std::string role_name(const AppContext& ctx, const std::string& role) {
    return ctx.t(role == "admin" ? "staff.role.admin" : "staff.role.intake");
}

// "Back" to the staff list; on the confirmation pages Escape cancels too, as on the applicant's
// remove page.
void back_link(const AppContext& ctx, bool escape_cancels) {
    if (text_link("back", ctx.t("staff.back")) || (escape_cancels && platform::take_escape()))
        back_to_accounts();
}

} // namespace

void show_accounts() {
    g.problem = {};
    back_to_accounts();
}

void show_audit() {
    g.problem = {};
    g.audit_end = false;
    go_to(Step::Audit);
    load_audit(false);
}

void accounts_page(AppContext& ctx) {
    heading(ctx.t("staff.accounts.title"), "title");
    notice_status(ctx);
    problem_alert(ctx, "accounts.error", g.problem);
    if (g.loading && g.accounts.empty())
        status("accounts.loading", ctx.t("status.loading"));
    for (const AccountRow& a : g.accounts) {
        std::string value = role_name(ctx, a.role) + ", " +
                            ctx.t(a.totp_enabled ? "staff.accounts.totp_on" : "staff.accounts.totp_off");
        if (a.must_change_passphrase)
            value += ", " + ctx.t("staff.accounts.first_passphrase");
        const bool me = a.name == g_session.name;
        const std::string key = me ? ctx.format("staff.accounts.you", {{"name", a.name}}) : a.name;
        // No "Remove" for oneself: the server refuses it, and the page should not offer it.
        if (summary_row("account." + a.name, key, value, me ? "" : ctx.t("staff.accounts.remove"),
                        ctx.format("staff.accounts.remove_named", {{"name", a.name}}))) {
            g.remove_name = a.name;
            g.problem = {};
            go_to(Step::RemoveAccount);
            return;
        }
    }
    if (button("accounts.add", ctx.t("staff.accounts.add"), ButtonStyle::Primary)) {
        g.new_name.clear();
        g.new_role.clear();
        g.name_error.clear();
        g.role_error.clear();
        g.problem = {};
        go_to(Step::AddAccount);
        return;
    }
    spacer(16);
    subheading(ctx.t("staff.key.title"), "key.title");
    if (g_session.keyring) {
        paragraph(ctx.format("staff.key.current", {{"key_id", g_session.keyring->current.key_id}}), "key.current");
        paragraph(ctx.format("staff.key.retired", {{"count", std::to_string(g_session.keyring->retired.size())}}),
                  "key.retired", true);
    }
    if (button("accounts.rotate", ctx.t("staff.rotate.button"), ButtonStyle::Secondary)) {
        g.problem = {};
        go_to(Step::Rotate);
    }
}

void add_account_page(AppContext& ctx) {
    back_link(ctx, false);
    heading(ctx.t("staff.add.title"), "title");
    std::vector<std::pair<std::string, std::string>> errors;
    if (!g.name_error.empty())
        errors.push_back({"add.name", ctx.t(g.name_error)});
    if (!g.role_error.empty())
        errors.push_back({"add.role", ctx.t(g.role_error)});
    if (!errors.empty())
        error_summary("error-summary", ctx.t("error.summary_title"), errors);
    problem_alert(ctx, "add.error", g.problem);
    platform::TextFieldSpec spec;
    spec.dir = "ltr";
    spec.max_length = 64;
    text_field("add.name", {ctx.t("staff.add.name"), ctx.t("staff.add.name_hint"),
                            g.name_error.empty() ? "" : ctx.t(g.name_error), true},
               g.new_name, spec);
    radio_group("add.role", {ctx.t("staff.add.role"), "", g.role_error.empty() ? "" : ctx.t(g.role_error), true},
                {{"intake", ctx.t("staff.add.role_intake")}, {"admin", ctx.t("staff.add.role_admin")}}, g.new_role);
    paragraph(ctx.t("staff.add.passphrase_note"), "add.note", true);
    if (button("add.create", ctx.t("staff.add.button"), ButtonStyle::Primary))
        create_account();
}

void account_added_page(AppContext& ctx) {
    heading(ctx.format("staff.added.title", {{"name", g.added_name}}), "title");
    // Six groups in the panel's large type do not fit a phone's width: three on each line (the
    // line break is not part of the passphrase; the dash before it is).
    std::string shown = g.added_passphrase;
    if (shown.size() == 29 && shown[14] == '-')
        shown.insert(15, "\n");
    panel("added.passphrase", ctx.t("staff.added.panel_title"),
          ctx.format("staff.added.panel_body", {{"name", g.added_name}}), shown);
    anl::wipe(shown);
    paragraph(ctx.format("staff.added.hand_over", {{"name", g.added_name}}), "added.hand_over");
    if (button("added.done", ctx.t("staff.added.done"), ButtonStyle::Primary)) {
        forget_added();
        back_to_accounts();
    }
}

void remove_account_page(AppContext& ctx) {
    back_link(ctx, true);
    heading(ctx.format("staff.remove.title", {{"name", g.remove_name}}), "title");
    problem_alert(ctx, "remove.error", g.problem);
    paragraph(ctx.format("staff.remove.intro", {{"name", g.remove_name}}), "remove.intro");
    if (button("remove.yes", ctx.format("staff.remove.yes", {{"name", g.remove_name}}), ButtonStyle::Warning)) {
        remove_account();
        return;
    }
    if (button("remove.no", ctx.format("staff.remove.no", {{"name", g.remove_name}}), ButtonStyle::Secondary))
        back_to_accounts();
}

void rotate_page(AppContext& ctx) {
    back_link(ctx, true);
    heading(ctx.t("staff.rotate.title"), "title");
    problem_alert(ctx, "rotate.error", g.problem);
    paragraph(ctx.t("staff.rotate.intro"), "rotate.intro");
    paragraph(ctx.t("staff.rotate.when"), "rotate.when");
    if (button("rotate.yes", ctx.t("staff.rotate.yes"), ButtonStyle::Warning)) {
        rotate();
        return;
    }
    if (button("rotate.no", ctx.t("staff.rotate.no"), ButtonStyle::Secondary))
        back_to_accounts();
}

void audit_page(AppContext& ctx) {
    heading(ctx.t("staff.audit.title"), "title");
    paragraph(ctx.t("staff.audit.intro"), "audit.intro", true);
    problem_alert(ctx, "audit.error", g.problem);
    if (g.loading && g.entries.empty())
        status("audit.loading", ctx.t("status.loading"));
    else if (g.entries.empty() && g.problem.empty())
        status("audit.empty", ctx.t("staff.audit.empty"));
    for (const auto& e : g.entries) {
        const std::string action_key = "staff.audit.action." + e.action;
        const std::string action = ctx.catalog.has(action_key) ? ctx.t(action_key) : e.action;
        // "admin: signed in", not "admin: signed in (admin)": the target repeats the actor there.
        const std::string text = e.target.empty() || e.target == e.actor
                                     ? ctx.format("staff.audit.entry", {{"actor", e.actor}, {"action", action}})
                                     : ctx.format("staff.audit.entry_target",
                                                  {{"actor", e.actor}, {"action", action}, {"target", e.target}});
        summary_row("audit." + std::to_string(e.id), platform::format_local_time(e.at), text, "", "");
    }
    if (!g.entries.empty() && !g.audit_end) {
        if (button("audit.more", ctx.t("staff.audit.more"), ButtonStyle::Secondary, g.loading))
            load_audit(true);
    } else if (!g.entries.empty()) {
        status("audit.end", ctx.t("staff.audit.end"));
    }
}

void forget_admin_pages() {
    forget_added();
    g = Admin{};
}

} // namespace ui::staff
