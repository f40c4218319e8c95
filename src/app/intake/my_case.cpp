#include "app/intake/my_case.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/intake/intake.h"
#include "core/wipe.h"

#include <nlohmann/json.hpp>

namespace app::intake {

namespace {

// The costs GET .../kdf gave, when they are ones this app would use: never below what a new case
// gets (a server asking for less would make the token's hash cheap to guess from), never more
// than a phone can pay.
std::optional<anl::CaseKdf> read_kdf(const nlohmann::json& body, const anl::CaseKdf& least) {
    if (!body.is_object() || !body.contains("opslimit") || !body.contains("memlimit") ||
        !body["opslimit"].is_number_unsigned() || !body["memlimit"].is_number_unsigned())
        return std::nullopt;
    const anl::CaseKdf kdf{body["opslimit"].get<unsigned long long>(), body["memlimit"].get<size_t>()};
    if (kdf.opslimit < least.opslimit || kdf.memlimit < least.memlimit ||
        kdf.opslimit > unsigned(api::kKdfOpslimitMax) || kdf.memlimit > api::kKdfMemlimitMax)
        return std::nullopt;
    return kdf;
}

void wipe_entry(CaseEntry& e) {
    anl::wipe(e.item.text);
    anl::wipe(e.item.explanation);
    for (auto& a : e.item.attachments)
        anl::wipe(a.name);
    for (auto& f : e.files) {
        anl::wipe(f.data);
        anl::wipe(f.name);
    }
}

} // namespace

const std::string& MyCase::locator() const {
    static const std::string none;
    return code_ ? code_->locator : none;
}

std::string MyCase::bearer() const { return "Bearer " + keys_->token_b64url(); }

void MyCase::show() {
    Screen& screen = intake_.screen;
    error.clear();
    screen.end_editing();
    screen.set(Step::CaseCode);
    screen.to_top();
    intake_.visit();
}

// A code that is not 16 symbols is said at once; one that is gets the case's salt and costs
// (the same answer for a locator nobody has, so a wrong code shows only once the token fails).
void MyCase::submit() {
    const auto read = anl::read_case_code(code);
    Screen& screen = intake_.screen;
    if (!read && anl::normalize_save_code(code)) { // a save code of before: its draft
        screen.end_editing();
        error.clear();
        return intake_.resume.with_save_code(*anl::normalize_save_code(code));
    }
    if (!read) {
        error = "error.case_code.format";
        screen.to_top();
        return;
    }
    screen.end_editing();
    error.clear();
    screen.set(Step::Working);
    intake_.request("GET", api::case_kdf(read->locator), {}, {}, [this, code = *read](const HttpReply& r) {
        const auto body = json_body(r);
        const auto salt = anl::from_base64(json_string(body, "salt"));
        const auto kdf = read_kdf(body, intake_.case_kdf);
        if (r.status != 200 || !salt || salt->size() != anl::kCaseSaltSize || !kdf)
            return refuse(r.status == 200 ? "error.server" : http_error_key(r));
        // Argon2id after the "one moment" page painted: 32 MiB take a moment on a phone.
        intake_.after_paint([this, code, salt = *salt, kdf = *kdf] { derive(code, salt, kdf); });
    });
}

// The same case opened again (Back to the code page, the code typed once more) keeps what it
// has opened: only items not yet held are fetched. Another case starts from nothing.
void MyCase::derive(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf) {
    auto keys = anl::derive_case_keys(code, salt, kdf);
    if (!keys)
        return refuse("error.case.memory");
    const bool same_case = keys_ && code_ && code_->locator == code.locator && keys_->public_key == keys->public_key;
    if (!same_case)
        wipe_entries();
    forget_keys();
    code_ = code;
    keys_ = std::move(keys);
    salt_ = salt;
    kdf_ = kdf;
    load();
}

void MyCase::forget_keys() {
    if (keys_) {
        anl::wipe(keys_->secret_key);
        anl::wipe(keys_->token);
        anl::wipe(keys_->draft_key);
    }
    keys_.reset();
    if (code_)
        anl::wipe(code_->secret);
    code_.reset();
    salt_.clear();
}

void MyCase::wipe_entries() {
    for (auto& e : entries)
        wipe_entry(e);
    entries.clear();
}

// Back on the code page with what went wrong; the keys of a code that did not open go, and
// with them what an earlier code had opened (it is not shown without its code).
void MyCase::refuse(const std::string& key) {
    forget_keys();
    wipe_entries();
    error = key;
    intake_.screen.set(Step::CaseCode);
    intake_.screen.to_top();
}

void MyCase::show_case() {
    Screen& screen = intake_.screen;
    screen.end_editing();
    screen.set(Step::Case);
    screen.to_top();
    screen.focus("case.title");
    intake_.visit();
}

void MyCase::reload() {
    if (!keys_ || loading())
        return;
    notice.clear();
    load();
}

// GET /api/cases/{locator}: the list of items; each one not yet held is fetched and opened.
// A wrong code is a 404 (the server does not say whether the locator exists) or a 401.
void MyCase::load() {
    load_error.clear();
    pending_++;
    intake_.request("GET", api::case_info(code_->locator), {{"Authorization", bearer()}}, {},
                    [this](const HttpReply& r) {
                        pending_--;
                        const bool on_case_page = intake_.screen.step() == Step::Case;
                        const auto body = json_body(r);
                        if (r.status != 200 || !body.is_object() || !body.contains("items") ||
                            !body["items"].is_array()) {
                            const std::string key = r.status == 404 || r.status == 401 ? "error.case_code.not_found"
                                                    : r.status == 200                  ? "error.server"
                                                                                       : http_error_key(r);
                            if (on_case_page && r.status != 404 && r.status != 401)
                                load_error = key; // the case stays on screen as it was
                            else
                                refuse(key);
                            return;
                        }
                        std::vector<std::string> to_fetch;
                        for (const auto& it : body["items"]) {
                            const std::string id = json_string(it, "id");
                            if (id.empty())
                                continue;
                            CaseEntry* e = find(id);
                            const bool first_listed = !e;
                            if (!e) {
                                entries.push_back({});
                                e = &entries.back();
                                e->id = id;
                            }
                            e->author = json_string(it, "author");
                            e->created_at = json_string(it, "created_at");
                            e->read_by_applicant = it.value("read_by_applicant", false);
                            if (first_listed)
                                e->is_new = e->author != "applicant" && !e->read_by_applicant;
                            e->read_by_office = it.value("read_by_office", false);
                            if (!e->opened && !e->unreadable)
                                to_fetch.push_back(id);
                            else if (e->opened)
                                mark_read(*e); // a PUT that did not arrive last time
                        }
                        // The code is also the save code of an application not sent yet: its draft.
                        if (!on_case_page && body.value("draft", false) == true)
                            return intake_.resume.case_draft(*code_, salt_, kdf_, *keys_);
                        if (!on_case_page) {
                            anl::wipe(code);
                            intake_.screen.forget_typed(); // the code as typed is a secret
                            show_case();
                        }
                        for (const std::string& id : to_fetch)
                            fetch(id);
                    });
}

void MyCase::fetch(const std::string& id) {
    pending_++;
    intake_.request("GET", api::case_item(code_->locator, id), {{"Authorization", bearer()}}, {},
                    [this, id](const HttpReply& r) {
                        pending_--;
                        CaseEntry* e = find(id);
                        if (!e)
                            return;
                        if (r.status != 200) {
                            e->failed = true;
                            load_error = http_error_key(r);
                            return;
                        }
                        opened(id, r.body);
                    });
}

// Opens an item with the case's keys; one that does not open is shown as unreadable (never
// trusted in part). What the applicant has now seen is marked read for the office to know.
void MyCase::opened(const std::string& id, const anl::Bytes& envelope) {
    CaseEntry* e = find(id);
    anl::OpenedItem item = anl::open_case_item(envelope, keys_->public_key, keys_->secret_key);
    e->failed = false;
    if (!item.error.empty()) {
        e->unreadable = true;
        return;
    }
    e->opened = true;
    e->item = std::move(item.item);
    e->files = std::move(item.files);
    mark_read(*e);
}

// An office item the case page now shows is marked read for the office to see. Only a taken PUT
// counts: one that did not arrive is sent again with the next look at the case.
void MyCase::mark_read(CaseEntry& e) {
    if (e.read_by_applicant || e.author == "applicant")
        return;
    intake_.request("PUT", api::case_item_read(code_->locator, e.id), {{"Authorization", bearer()}}, {},
                    [this, id = e.id](const HttpReply& r) {
                        CaseEntry* marked = find(id);
                        if (marked && r.status / 100 == 2)
                            marked->read_by_applicant = true;
                    });
}

void MyCase::send_question() {
    if (!keys_ || sending_)
        return;
    notice.clear();
    question_error.clear();
    if (question.find_first_not_of(" \t\r\n") == std::string::npos) {
        question_error = "error.case.question_required";
        intake_.screen.to_top();
        return;
    }
    anl::CaseItem item;
    item.type = anl::ItemType::Message;
    item.text = question;
    const anl::Bytes envelope = anl::seal_case_item(item, {}, intake_.office_public_key(), keys_->public_key);
    anl::wipe(item.text);
    if (envelope.empty()) {
        question_error = "error.server";
        return;
    }
    intake_.screen.end_editing();
    sending_ = true;
    intake_.request("POST", api::case_items(code_->locator),
                    {{"Content-Type", "application/octet-stream"}, {"Authorization", bearer()}}, envelope,
                    [this](const HttpReply& r) {
                        sending_ = false;
                        const std::string id = json_string(json_body(r), "item");
                        if (r.status != 201 || id.empty()) {
                            question_error = http_error_key(r); // the text stays: try again
                            return;
                        }
                        CaseEntry e;
                        e.id = id;
                        e.author = "applicant";
                        e.created_at = json_string(json_body(r), "created_at");
                        e.read_by_applicant = true;
                        e.opened = true;
                        e.item.type = anl::ItemType::Message;
                        e.item.text = question;
                        entries.push_back(std::move(e));
                        anl::wipe(question);
                        intake_.screen.forget_typed();
                        notice = "case.question_sent";
                    });
}

namespace {

std::string upload_error_key(const std::string& error) {
    if (error == "too_large") return "error.case.document_too_large";
    if (error == "no_access") return "error.case_code.not_found";
    if (error == "expired") return "error.case.upload_expired";
    return "error.rejected";
}

} // namespace

void MyCase::send_document(const std::string& request_id, PickedFile picked) {
    if (!keys_ || uploading_)
        return;
    notice.clear();
    document_error.clear();
    if (picked.too_large) {
        document_error = "error.case.document_too_large";
        intake_.screen.to_top();
        return;
    }
    uploading_ = true;
    document_for = request_id;
    upload = {};
    upload.total = picked.data.size();
    // Sealed after the page painted "sending": a photo takes a moment to encrypt.
    intake_.after_paint([this, request_id, picked = std::move(picked)]() mutable {
        anl::CaseItem item;
        item.type = anl::ItemType::Document;
        item.request = request_id;
        const std::string name = picked.name, media_type = picked.media_type;
        std::vector<anl::Attachment> files{{picked.name, picked.media_type, std::move(picked.data)}};
        anl::Bytes envelope = anl::seal_case_item(item, files, intake_.office_public_key(), keys_->public_key);
        anl::wipe(files[0].data);
        if (envelope.empty()) {
            uploading_ = false;
            document_error = "error.server";
            return;
        }
        Services& s = intake_.services;
        upload_ = std::make_unique<app::CaseUpload>(s.http, s.clock, s.tasks);
        upload_->start(code_->locator, keys_->token_b64url(), std::move(envelope),
                       [this](const app::UploadProgress& p) { upload = p; },
                       [this, request_id, name, media_type](const std::string& error, const std::string& id) {
                           uploading_ = false;
                           document_for.clear();
                           if (!error.empty()) {
                               document_error = upload_error_key(error);
                               return;
                           }
                           CaseEntry e;
                           e.id = id;
                           e.author = "applicant";
                           e.created_at = intake_.services.clock.now_iso();
                           e.read_by_applicant = true;
                           e.opened = true;
                           e.item.type = anl::ItemType::Document;
                           e.item.request = request_id;
                           e.item.attachments.push_back({name, media_type, 0});
                           entries.push_back(std::move(e));
                           notice = "case.document_sent_notice";
                       });
    });
}

void MyCase::download(size_t entry, size_t file) {
    if (entry >= entries.size() || file >= entries[entry].files.size())
        return;
    const anl::ReceivedAttachment& f = entries[entry].files[file];
    intake_.services.device.download(f.name, f.media_type, f.data);
}

CaseEntry* MyCase::find(const std::string& id) {
    for (auto& e : entries)
        if (e.id == id)
            return &e;
    return nullptr;
}

std::vector<anl::ListedItem> MyCase::listed() const {
    std::vector<anl::ListedItem> out;
    for (const auto& e : entries)
        if (e.opened)
            out.push_back({e.id, e.item});
    return out;
}

const CaseEntry* MyCase::latest_status() const {
    const auto all = statuses();
    return all.empty() ? nullptr : all.back();
}

std::vector<const CaseEntry*> MyCase::statuses() const {
    std::vector<const CaseEntry*> out;
    for (const auto& e : entries)
        if (e.opened && e.item.type == anl::ItemType::Status)
            out.push_back(&e);
    return out;
}

std::vector<const CaseEntry*> MyCase::conversation() const {
    std::vector<const CaseEntry*> out;
    for (const auto& e : entries) {
        const bool talk = e.item.type == anl::ItemType::Message || e.item.type == anl::ItemType::Document;
        if (!e.opened || talk)
            out.push_back(&e);
    }
    return out;
}

std::vector<CaseRequest> MyCase::requests() const {
    const std::vector<anl::ListedItem> items = listed();
    const std::string today = anl::format_iso_date(intake_.services.clock.today());
    std::vector<CaseRequest> out;
    for (const auto& e : entries)
        if (e.opened && e.item.type == anl::ItemType::Request)
            out.push_back({&e, anl::request_state({e.id, e.item}, items, today)});
    return out;
}

void MyCase::wipe() {
    anl::wipe(code);
    anl::wipe(question);
    wipe_entries();
    forget_keys();
    error.clear();
    question_error.clear();
    notice.clear();
    load_error.clear();
    sending_ = false;
    pending_ = 0;
    if (upload_) // no callback after this: nothing of the case comes back after a wipe
        upload_->cancel();
    upload_.reset();
    uploading_ = false;
    document_for.clear();
    document_error.clear();
    upload = {};
}

} // namespace app::intake
