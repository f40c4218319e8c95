// The applicant's intake: the office's form definition run as GOV.UK-style pages. One page at a
// time, "step N of M", back that keeps answers, an error summary on "Continue", people in the
// household added one by one, check your answers with change links, then the answers are sealed
// in the browser, sent, and answered with a reference.
//
// Save and return: on their own device the answers are saved as the applicant goes, encrypted
// under a key derived from a save code (core/draft.h), in browser storage and on the server; with
// the code they continue here or on any other device. On a shared computer or a kiosk nothing is
// kept unless they ask for a save code, and then only on the server.
#include "core/answers.h"
#include "core/draft.h"
#include "core/envelope.h"
#include "core/wipe.h"
#include "ui/app.h"
#include "ui/form_view.h"
#include "ui/http.h"
#include "ui/widgets.h"

namespace ui {
namespace {

constexpr const char* kDraftStorageKey = "anl.draft";

enum class Screen {
    Loading, LoadFailed, Start, Device, Resume, Working, Question, RepeatList, RepeatItem, RepeatRemove,
    Check, Saved, Sending, Done
};

struct Intake {
    Screen screen = Screen::Loading;
    anl::Bytes office_public_key;
    std::optional<anl::Form> form;
    anl::Answers answers;
    PickedDocuments documents;
    std::string page_id;
    size_t item = 0;                     // the repeat item on RepeatItem and RepeatRemove
    bool returning_to_check = false;     // a "change" link was used: Continue goes back to the check page
    std::vector<anl::FieldError> errors;
    std::string send_error;              // catalog key
    std::string reference;
    bool copied = false;
    // Save and return.
    std::string device;                  // "own" or "shared", as answered on the device page
    std::optional<anl::DraftKeys> draft_keys;
    std::string save_code;
    std::string resume_code;             // as typed on the resume page
    std::string resume_error;            // catalog key
    std::string save_error;              // catalog key: the server could not keep the draft
    bool draft_on_device = false;        // read from storage when the start page is shown
};

Intake g;

const anl::Page* current_page() { return g.form ? anl::find_page(*g.form, g.page_id) : nullptr; }

bool shared_device() { return g.device != "own"; }

// ------------------------------------------------------------------ wiping
void wipe_answer_map(anl::AnswerMap& m) {
    for (auto& [id, a] : m) {
        if (auto* s = std::get_if<std::string>(&a))
            anl::wipe(*s);
        else if (auto* list = std::get_if<std::vector<std::string>>(&a))
            for (auto& item : *list)
                anl::wipe(item);
    }
    m.clear();
}

// Forgets everything the applicant gave: after sending, and when a kiosk user presses "finish".
void wipe_everything() {
    wipe_answer_map(g.answers.values);
    for (auto& [id, items] : g.answers.repeats)
        for (auto& item : items)
            wipe_answer_map(item);
    g.answers = {};
    for (auto& [ref, file] : g.documents.files)
        anl::wipe(file.data);
    g.documents = {};
    if (g.draft_keys) {
        anl::wipe(g.draft_keys->key);
        anl::wipe(g.draft_keys->token);
    }
    g.draft_keys.reset();
    anl::wipe(g.save_code);
    anl::wipe(g.resume_code);
    g.errors.clear();
    g.device.clear();
    g.page_id.clear();
    g.returning_to_check = false;
    platform::forget_text_fields();
    fold_help_texts();
}

// ------------------------------------------------------------------ drafts
std::string draft_url() { return "/api/drafts/" + g.draft_keys->id; }

std::map<std::string, std::string> draft_headers() {
    return {{"Authorization", "Bearer " + g.draft_keys->token_b64url()},
            {"Content-Type", "application/octet-stream"}};
}

// Seals the answers under the draft key and keeps them: in this browser's storage on the
// applicant's own device, and on the server (for another device). Files are not part of drafts.
void save_draft(bool to_server) {
    if (!g.draft_keys || !g.form)
        return;
    const anl::Bytes sealed = anl::seal_draft(
        anl::draft_document(g.form->id, g.form->version, g.page_id, g.answers, platform::now_iso()), *g.draft_keys);
    if (!shared_device())
        platform::store(kDraftStorageKey, nlohmann::json{{"id", g.draft_keys->id}, {"data", anl::to_base64(sealed)}}.dump());
    if (to_server)
        platform::http("PUT", draft_url(), draft_headers(), sealed, [](const platform::HttpResponse& r) {
            g.save_error = r.status == 204 ? "" : "error.save_failed";
        });
}

void forget_draft() {
    platform::unstore(kDraftStorageKey);
    if (g.draft_keys)
        platform::http("DELETE", draft_url(), draft_headers(), {}, [](const platform::HttpResponse&) {});
}

// Makes a new save code and its keys (Argon2id: a moment on an old phone), then runs `then`.
void show_page(const std::string& page_id);
void start_form();

void new_draft_keys(std::function<void()> then) {
    g.screen = Screen::Working;
    platform::after_paint([then] {
        g.save_code = anl::new_save_code();
        g.draft_keys = anl::derive_draft_keys(g.save_code);
        if (!g.draft_keys) { // out of memory on an old phone: go on, nothing is saved, and say so
            g.save_code.clear();
            g.device = "shared";
            g.save_error = "error.save_code.memory";
            return g.page_id.empty() ? start_form() : show_page(g.page_id);
        }
        then();
    });
}

// ------------------------------------------------------------------ navigation
void show_page(const std::string& page_id) {
    platform::end_text_editing();
    fold_help_texts();
    g.page_id = page_id;
    g.errors.clear();
    const anl::Page* page = current_page();
    g.screen = page && page->repeat ? Screen::RepeatList : Screen::Question;
    scroll_to_top();
    platform::focus_widget("page.title");
}

void show_check() {
    platform::end_text_editing();
    g.errors.clear();
    g.returning_to_check = false;
    g.screen = Screen::Check;
    scroll_to_top();
    platform::focus_widget("check.title");
}

// The start page, with a hint when this device holds a saved draft (storage is read here, once,
// not on every frame).
void show_start() {
    platform::end_text_editing();
    g.draft_on_device = !platform::stored(kDraftStorageKey).empty();
    g.screen = Screen::Start;
    scroll_to_top();
}

void start_form() {
    const auto pages = anl::visible_pages(*g.form, g.answers);
    if (!pages.empty())
        show_page(pages.front());
}

// After a page is complete: the next page, or (after a change) the first page that still needs
// something (a change can make new pages visible), or the check page.
void continue_from_page(const AppContext& ctx) {
    if (!shared_device())
        save_draft(true);
    if (g.returning_to_check) {
        for (const std::string& id : anl::visible_pages(*g.form, g.answers))
            if (!anl::validate_page(*g.form, id, g.answers, ctx.today()).empty())
                return show_page(id);
        return show_check();
    }
    const auto next = anl::next_page(*g.form, g.answers, g.page_id);
    if (next)
        show_page(*next);
    else
        show_check();
}

void go_back() {
    if (g.screen == Screen::RepeatItem || g.screen == Screen::RepeatRemove) {
        g.screen = Screen::RepeatList;
        platform::focus_widget("page.title");
        g.errors.clear();
        platform::end_text_editing();
        return;
    }
    if (g.screen == Screen::Check) {
        const auto pages = anl::visible_pages(*g.form, g.answers);
        if (!pages.empty())
            show_page(pages.back());
        return;
    }
    const auto previous = anl::previous_page(*g.form, g.answers, g.page_id);
    if (previous)
        show_page(*previous);
    else
        show_start();
}

// ------------------------------------------------------------------ loading
void load_form_definition() {
    fetch_form([](std::optional<anl::Form> form) {
        g.form = std::move(form);
        if (g.form)
            show_start();
        else
            g.screen = Screen::LoadFailed;
    });
}

void load_config() {
    platform::http("GET", "/api/config", {}, {}, [](const platform::HttpResponse& r) {
        const auto cfg = json_body(r);
        const auto pk = anl::from_base64(json_string(cfg, "office_public_key"));
        if (r.status != 200 || !pk || pk->size() != 32) {
            g.screen = Screen::LoadFailed;
            return;
        }
        g.office_public_key = *pk;
        load_form_definition();
    });
}

// ------------------------------------------------------------------ sending
void send(const AppContext& ctx) {
    g.errors = anl::validate_form(*g.form, g.answers, ctx.today());
    if (!g.errors.empty()) { // only possible if a page was skipped; send the person there
        const auto pages = anl::visible_pages(*g.form, g.answers);
        for (const std::string& id : pages)
            if (!anl::validate_page(*g.form, id, g.answers, ctx.today()).empty()) {
                g.returning_to_check = true;
                return show_page(id);
            }
    }
    platform::end_text_editing();
    g.send_error.clear();
    g.screen = Screen::Sending;
    const std::string language = ctx.catalog.language();
    // Encrypt after the "sending" state has been painted: sealing photos takes a moment.
    platform::after_paint([language] {
        std::vector<anl::Part> parts = anl::form_submission_parts(*g.form, g.answers, language, g.documents.files);
        const anl::Bytes envelope = anl::seal_envelope(parts, g.office_public_key);
        for (auto& part : parts) // plaintext copies do not outlive the sealing
            anl::wipe(part.plaintext);
        if (envelope.empty()) { // no usable office key from the server: nothing is sent
            g.send_error = "error.server";
            g.screen = Screen::Check;
            return;
        }
        platform::http("POST", "/api/submissions", {{"Content-Type", "application/octet-stream"}}, envelope,
                       [](const platform::HttpResponse& r) {
                           const std::string reference = json_string(json_body(r), "reference");
                           if (r.status == 201 && !reference.empty()) {
                               g.reference = reference;
                               forget_draft();
                               wipe_everything();
                               g.screen = Screen::Done;
                           } else {
                               g.send_error = http_error_key(r);
                               g.screen = Screen::Check; // answers are still there; try again
                           }
                       });
    });
}

// ------------------------------------------------------------------ resume
void resume() {
    const auto code = anl::normalize_save_code(g.resume_code);
    if (!code) {
        g.resume_error = "error.save_code.format";
        return;
    }
    platform::end_text_editing();
    g.resume_error.clear();
    g.screen = Screen::Working;
    const std::string form_id = g.form->id;
    const int64_t form_version = g.form->version;
    platform::after_paint([code = *code, form_id, form_version] {
        auto keys = anl::derive_draft_keys(code);
        if (!keys) {
            g.resume_error = "error.save_code.memory";
            g.screen = Screen::Resume;
            return;
        }
        // Opens a sealed draft and continues where the applicant left off.
        auto open = [form_id, form_version, code](const anl::Bytes& sealed, const anl::DraftKeys& k) {
            const auto doc = anl::open_draft(sealed, k);
            const auto draft = doc ? anl::read_draft_document(*doc) : std::nullopt;
            if (!draft || draft->form_id != form_id) // another form: nothing to continue
                return false;
            g.answers = draft->answers;
            g.draft_keys = k;
            g.save_code = code;
            if (g.device.empty())
                g.device = "shared"; // a resumed draft is saved on the server only until told otherwise
            const bool page_exists = anl::page_step(*g.form, g.answers, draft->page_id).has_value();
            if (draft->form_version != form_version || !page_exists)
                start_form();
            else
                show_page(draft->page_id);
            return true;
        };
        const auto local = nlohmann::json::parse(platform::stored(kDraftStorageKey), nullptr, false);
        if (local.is_object() && local.value("id", "") == keys->id) {
            const auto sealed = anl::from_base64(local.value("data", ""));
            if (sealed && open(*sealed, *keys))
                return;
        }
        const std::string url = "/api/drafts/" + keys->id;
        platform::http("GET", url, {{"Authorization", "Bearer " + keys->token_b64url()}}, {},
                       [open, keys = *keys](const platform::HttpResponse& r) {
                           if (r.status == 200 && open(r.body, keys))
                               return;
                           g.resume_error = r.status == 404 || r.status == 200 ? "error.save_code.not_found"
                                                                                : http_error_key(r);
                           g.screen = Screen::Resume;
                       });
    });
}

// ------------------------------------------------------------------ screens
std::vector<std::pair<std::string, std::string>> error_items(const AppContext& ctx) {
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& e : g.errors)
        items.push_back({field_widget_id(e.field), error_message(ctx, *g.form, e)});
    return items;
}

void error_summary_box(const AppContext& ctx) {
    if (g.errors.empty())
        return;
    error_summary("error-summary", ctx.t("error.summary_title"), error_items(ctx));
}

void page_caption(const AppContext& ctx, const anl::Page& page) {
    if (!g.save_error.empty())
        alert("save.error", ctx.t(g.save_error));
    const auto step = anl::page_step(*g.form, g.answers, page.id);
    if (!page.section.empty())
        caption(ctx.t(page.section), "section");
    if (step)
        progress(ctx.format("flow.step", {{"number", std::to_string(step->number)}, {"count", std::to_string(step->count)}}),
                 "step", step->number, step->count);
}

void back_link(const AppContext& ctx) {
    if (text_link("back", ctx.t("flow.back")))
        go_back();
}

// "Save and continue later": on every question page.
void save_later_button(const AppContext& ctx) {
    if (!button("save-later", ctx.t("save.button"), ButtonStyle::Secondary))
        return;
    platform::end_text_editing();
    auto show_saved = [] {
        save_draft(true);
        g.screen = Screen::Saved;
        scroll_to_top();
    };
    if (g.draft_keys)
        show_saved();
    else
        new_draft_keys(show_saved);
}

void start_screen(AppContext& ctx) {
    heading(ctx.t(g.form->title), "title");
    paragraph(ctx.t("start.intro"), "start.intro");
    paragraph(ctx.t("start.need"), "start.need");
    paragraph(ctx.t("start.time"), "start.time");
    paragraph(ctx.t("form.privacy"), "privacy", true);
    spacer(8);
    if (button("start", ctx.t("start.button"))) {
        if (platform::url_flag("kiosk")) { // the office's kiosk: nothing is ever kept on it
            g.device = "shared";
            start_form();
        } else {
            g.screen = Screen::Device;
            scroll_to_top();
        }
    }
    subheading(ctx.t("start.resume_title"), "start.resume_title");
    if (g.draft_on_device)
        paragraph(ctx.t("start.resume_here"), "start.resume_here");
    if (text_link("start.resume", ctx.t("start.resume_link"))) {
        g.screen = Screen::Resume;
        g.resume_error.clear();
        scroll_to_top();
    }
}

void device_screen(AppContext& ctx) {
    back_link(ctx);
    heading(ctx.t("device.title"), "device.title");
    error_summary_box(ctx);
    std::string error;
    for (const auto& e : g.errors)
        if (e.field == "device")
            error = ctx.t(e.message_key);
    radio_group(field_widget_id("device"), {ctx.t("device.label"), ctx.t("device.hint"), error, true},
                {{"own", ctx.t("device.own")}, {"shared", ctx.t("device.shared")}}, g.device);
    if (button("continue", ctx.t("flow.continue"))) {
        if (g.device.empty()) {
            g.errors = {{"device", "error.device.required"}};
            scroll_to_top();
        } else if (g.device == "own") {
            g.errors.clear();
            new_draft_keys(start_form);
        } else {
            g.errors.clear();
            start_form();
        }
    }
}

void resume_screen(AppContext& ctx) {
    back_link(ctx);
    heading(ctx.t("resume.title"), "resume.title");
    paragraph(ctx.t("resume.intro"), "resume.intro");
    platform::TextFieldSpec spec;
    spec.max_length = 20;
    spec.autocomplete = "off";
    text_field("q.save_code", {ctx.t("resume.label"), ctx.t("resume.hint"),
                               g.resume_error.empty() ? "" : ctx.t(g.resume_error), true},
               g.resume_code, spec);
    if (button("continue", ctx.t("flow.continue")))
        resume();
}

// "Continue" (validates the whole page) and "Save and continue later", under every page.
void page_buttons(AppContext& ctx, const anl::Page& page) {
    if (button("continue", ctx.t(g.returning_to_check ? "flow.save_and_check" : "flow.continue"))) {
        g.errors = anl::validate_page(*g.form, page.id, g.answers, ctx.today());
        if (g.errors.empty())
            continue_from_page(ctx);
        else
            scroll_to_top();
    }
    save_later_button(ctx);
}

void question_screen(AppContext& ctx, const anl::Page& page) {
    back_link(ctx);
    page_caption(ctx, page);
    heading(ctx.t(page.title), "page.title");
    error_summary_box(ctx);
    QuestionContext qc{ctx, *g.form, g.answers, anl::visible_fields(*g.form, g.answers), g.errors, g.documents};
    draw_questions(qc, page.questions, g.answers.values, "");
    spacer(8);
    page_buttons(ctx, page);
}

std::string item_label(const AppContext& ctx, const anl::Repeat& r, size_t index) {
    return ctx.format(r.item_label, {{"number", std::to_string(index + 1)}});
}

std::string item_prefix(const anl::Repeat& r, size_t index) { return r.id + "[" + std::to_string(index) + "]."; }

// A short description of an item for the list: its first text answer (usually the name).
std::string item_summary(const AppContext& ctx, const anl::Page& page, const anl::AnswerMap& item) {
    for (const anl::Question& q : page.questions) {
        auto it = item.find(q.id);
        if (it != item.end()) {
            const std::string text = answer_text(ctx, q, &it->second, g.documents.files);
            if (!text.empty())
                return text;
        }
    }
    return "";
}

void repeat_list_screen(AppContext& ctx, const anl::Page& page) {
    const anl::Repeat& r = *page.repeat;
    auto& items = g.answers.repeats[r.id];
    back_link(ctx);
    page_caption(ctx, page);
    heading(ctx.t(page.title), "page.title");
    error_summary_box(ctx);
    if (items.empty())
        paragraph(ctx.t("repeat.none"), "repeat.none");
    for (size_t i = 0; i < items.size(); i++) {
        const std::string label = item_label(ctx, r, i);
        const std::string id = "item." + std::to_string(i);
        const bool change = summary_row(id, label, item_summary(ctx, page, items[i]), ctx.t("check.change"),
                                        ctx.format("check.change_named", {{"item", label}}));
        if (change) {
            g.item = i;
            g.errors.clear();
            g.screen = Screen::RepeatItem;
            platform::focus_widget("page.title");
            scroll_to_top();
        }
        if (text_link(id + ".remove", ctx.t("repeat.remove"), ctx.format("repeat.remove_named", {{"item", label}}))) {
            g.item = i;
            g.screen = Screen::RepeatRemove;
            platform::focus_widget("page.title"); // a screen reader starts at the question
            scroll_to_top();
        }
    }
    if (int64_t(items.size()) < r.max &&
        button("add", ctx.format("repeat.add", {{"item", item_label(ctx, r, items.size())}}), ButtonStyle::Secondary)) {
        anl::add_repeat_item(*g.form, g.answers, r.id);
        g.item = items.size() - 1;
        g.errors.clear();
        g.screen = Screen::RepeatItem;
        platform::focus_widget("page.title");
        scroll_to_top();
    }
    page_buttons(ctx, page);
}

void repeat_item_screen(AppContext& ctx, const anl::Page& page) {
    const anl::Repeat& r = *page.repeat;
    auto& items = g.answers.repeats[r.id];
    if (g.item >= items.size()) {
        g.screen = Screen::RepeatList;
        platform::focus_widget("page.title");
        return;
    }
    back_link(ctx);
    page_caption(ctx, page);
    heading(item_label(ctx, r, g.item), "page.title");
    error_summary_box(ctx);
    const std::string prefix = item_prefix(r, g.item);
    QuestionContext qc{ctx, *g.form, g.answers, anl::visible_fields(*g.form, g.answers), g.errors, g.documents};
    draw_questions(qc, page.questions, items[g.item], prefix);
    spacer(8);
    if (button("continue", ctx.t("flow.continue"))) {
        g.errors.clear();
        for (const auto& e : anl::validate_page(*g.form, page.id, g.answers, ctx.today()))
            if (e.field.rfind(prefix, 0) == 0)
                g.errors.push_back(e);
        if (g.errors.empty()) {
            platform::end_text_editing();
            if (!shared_device())
                save_draft(true);
            g.screen = Screen::RepeatList;
            platform::focus_widget("page.title");
        }
        scroll_to_top();
    }
}

void repeat_remove_screen(AppContext& ctx, const anl::Page& page) {
    const anl::Repeat& r = *page.repeat;
    const std::string label = item_label(ctx, r, g.item);
    back_link(ctx);
    heading(ctx.format("repeat.remove_title", {{"item", label}}), "page.title");
    const auto& items = g.answers.repeats[r.id];
    if (g.item < items.size())
        paragraph(item_summary(ctx, page, items[g.item]), "repeat.remove_summary");
    if (button("remove.yes", ctx.t("repeat.remove_yes"), ButtonStyle::Warning)) {
        anl::remove_repeat_item(*g.form, g.answers, r.id, g.item);
        if (!shared_device())
            save_draft(true);
        g.screen = Screen::RepeatList;
        platform::focus_widget("page.title");
        scroll_to_top();
    }
    if (button("remove.no", ctx.t("repeat.remove_no"), ButtonStyle::Secondary) || platform::take_escape()) {
        g.screen = Screen::RepeatList;
        platform::focus_widget("page.title");
        scroll_to_top();
    }
}

// One row per visible question (and per question of each repeat item), with a change link.
void check_rows(AppContext& ctx, const anl::Page& page, const std::set<std::string>& visible) {
    auto rows = [&](const std::vector<anl::Question>& qs, const anl::AnswerMap& values, const std::string& prefix,
                    auto&& self, std::optional<size_t> item) -> void {
        for (const anl::Question& q : qs) {
            const std::string field = prefix + q.id;
            if (!visible.count(field) || q.type == anl::QuestionType::Info)
                continue;
            if (q.type == anl::QuestionType::Group) {
                if (!q.repeat) {
                    self(q.questions, values, prefix, self, item);
                    continue;
                }
                const auto& items = g.answers.repeats[q.repeat->id];
                for (size_t i = 0; i < items.size(); i++) {
                    subheading(item_label(ctx, *q.repeat, i), "check." + item_prefix(*q.repeat, i));
                    self(q.questions, items[i], item_prefix(*q.repeat, i), self, item);
                }
                continue;
            }
            const auto it = values.find(q.id);
            const std::string text = answer_text(ctx, q, it == values.end() ? nullptr : &it->second, g.documents.files);
            const std::string label = ctx.t(q.label);
            if (summary_row("check." + field, label, text.empty() ? ctx.t("check.not_answered") : text,
                            ctx.t("check.change"), ctx.format("check.change_named", {{"item", label}}))) {
                show_page(page.id);
                g.returning_to_check = true;
                if (item) {
                    g.item = *item;
                    g.screen = Screen::RepeatItem;
                    platform::focus_widget("page.title");
                }
                scroll_to_field(field_widget_id(field));
            }
        }
    };
    if (!page.repeat)
        return rows(page.questions, g.answers.values, "", rows, std::nullopt);
    const auto& items = g.answers.repeats[page.repeat->id];
    if (items.empty() && summary_row("check." + page.id, ctx.t(page.title), ctx.t("repeat.none"), ctx.t("check.change"),
                                     ctx.format("check.change_named", {{"item", ctx.t(page.title)}}))) {
        show_page(page.id);
        g.returning_to_check = true;
    }
    for (size_t i = 0; i < items.size(); i++) {
        subheading(item_label(ctx, *page.repeat, i), "check." + item_prefix(*page.repeat, i));
        rows(page.questions, items[i], item_prefix(*page.repeat, i), rows, i);
    }
}

void check_screen(AppContext& ctx) {
    back_link(ctx);
    heading(ctx.t("check.title"), "check.title");
    if (!g.send_error.empty())
        alert("send.error", ctx.t(g.send_error));
    const std::set<std::string> visible = anl::visible_fields(*g.form, g.answers);
    std::string section;
    for (const std::string& id : anl::visible_pages(*g.form, g.answers)) {
        const anl::Page* page = anl::find_page(*g.form, id);
        if (!page->section.empty() && page->section != section) {
            section = page->section;
            subheading(ctx.t(section), "check.section." + id);
        }
        check_rows(ctx, *page, visible);
        if (g.screen != Screen::Check)
            return; // a change link was pressed
    }
    subheading(ctx.t("check.declaration_title"), "check.declaration_title");
    paragraph(ctx.t("check.declaration"), "check.declaration");
    if (button("send", ctx.t("check.send")))
        send(ctx);
}

void saved_screen(AppContext& ctx) {
    panel("saved", ctx.t("save.title"), ctx.t("save.code_label"), g.save_code);
    if (!g.save_error.empty())
        alert("save.error", ctx.t(g.save_error));
    paragraph(ctx.t("save.how_to_return"), "save.how_to_return");
    paragraph(ctx.t(shared_device() ? "save.shared_note" : "save.own_note"), "save.note");
    paragraph(ctx.t("save.documents_note"), "save.documents_note", true);
    if (button("copy", ctx.t("save.copy"), ButtonStyle::Secondary)) {
        platform::copy_to_clipboard(g.save_code);
        g.copied = true;
    }
    if (button("save.continue", ctx.t("save.continue")))
        show_page(g.page_id);
    if (button("save.finish", ctx.t("save.finish"), ButtonStyle::Secondary)) {
        if (g.copied)
            platform::copy_to_clipboard("");
        g.copied = false;
        wipe_everything();
        reset_page_settings(ctx);
        show_start();
    }
}

void done_screen(AppContext& ctx) {
    panel("confirmation", ctx.t("done.title"), ctx.t("done.reference_label"), g.reference);
    subheading(ctx.t("done.next_title"), "done.next_title");
    const std::string states[3] = {ctx.t("timeline.done"), ctx.t("timeline.current"), ctx.t("timeline.upcoming")};
    status_timeline("timeline", ctx.t("done.next_title"),
                    {{ctx.t("timeline.sent"), "", StepState::Done},
                     {ctx.t("timeline.review"), ctx.t("done.next_body"), StepState::Current},
                     {ctx.t("timeline.decision"), ctx.t("timeline.decision_detail"), StepState::Upcoming}},
                    states);
    paragraph(ctx.t("done.documents_later"), "done.documents_later");
    paragraph(ctx.t("done.keep_reference"), "done.keep_reference");
    subheading(ctx.t("done.contact_title"), "done.contact_title");
    paragraph(ctx.t("done.contact_body"), "done.contact_body");
    if (button("copy", ctx.t("done.copy"), ButtonStyle::Secondary)) {
        platform::copy_to_clipboard(g.reference);
        g.copied = true;
    }
    if (button("finish", ctx.t("done.finish"))) {
        if (g.copied) // a kiosk's clipboard must not hand the reference to the next person
            platform::copy_to_clipboard("");
        g.copied = false;
        g.reference.clear();
        reset_page_settings(ctx);
        show_start();
    }
}

} // namespace

void applicant_start(AppContext&) { load_config(); }

void applicant_frame(AppContext& ctx) {
    begin_page("applicant");
    header_bar(ctx.t("app.office_name"), "banner");
    const bool busy = g.screen == Screen::Sending || g.screen == Screen::Working;
    if (!busy)
        language_links(ctx);
    display_settings(ctx);
    const anl::Page* page = current_page();
    const bool on_page = page != nullptr;
    switch (g.screen) {
    case Screen::Loading: status("loading", ctx.t("status.loading")); break;
    case Screen::LoadFailed: alert("load.error", ctx.t("error.network")); break;
    case Screen::Start: start_screen(ctx); break;
    case Screen::Device: device_screen(ctx); break;
    case Screen::Resume: resume_screen(ctx); break;
    case Screen::Working: status("working", ctx.t("status.working")); break;
    case Screen::Question: if (on_page) question_screen(ctx, *page); break;
    case Screen::RepeatList: if (on_page) repeat_list_screen(ctx, *page); break;
    case Screen::RepeatItem: if (on_page) repeat_item_screen(ctx, *page); break;
    case Screen::RepeatRemove: if (on_page) repeat_remove_screen(ctx, *page); break;
    case Screen::Check: check_screen(ctx); break;
    case Screen::Saved: saved_screen(ctx); break;
    case Screen::Sending: status("sending", ctx.t("form.sending")); break;
    case Screen::Done: done_screen(ctx); break;
    }
    end_page();
}

} // namespace ui
