#include "app/staff/cases.h"

#include "app/api_routes.h"
#include "app/http_reply.h"
#include "app/staff/staff.h"
#include "core/case_code.h"
#include "core/code_symbols.h"
#include "core/date.h"
#include "core/file_name.h"
#include "core/text.h"
#include "core/wipe.h"

namespace app::staff {

namespace {

std::vector<CaseRow> rows_of(const nlohmann::json& list) {
    std::vector<CaseRow> rows;
    for (const auto& c : list) {
        CaseRow row{json_string(c, "locator"), json_string(c, "created_at"), json_string(c, "last_item_at"), 0};
        if (c.is_object() && c.contains("unread") && c["unread"].is_number_integer())
            row.unread = c["unread"].get<int>();
        // A row without a usable locator could not be opened anyway.
        if (anl::is_case_locator(row.locator))
            rows.push_back(row);
    }
    return rows;
}

bool json_true(const nlohmann::json& obj, const char* name) {
    return obj.contains(name) && obj[name].is_boolean() && obj[name].get<bool>();
}

// Item ids are 32 lowercase hex digits; anything else is not put into a URL.
bool is_item_id(const std::string& id) {
    if (id.size() != 32)
        return false;
    for (char c : id)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

// What the applicant's side may author: messages and documents. A request, status or note in
// an item the applicant posted is forged (the case key can seal anything) and never shown as the
// office's words.
bool applicant_may_send(anl::ItemType t) { return t == anl::ItemType::Message || t == anl::ItemType::Document; }

bool blank(const std::string& s) { return anl::trim(s).empty(); }

void wipe_entry(CaseEntry& e) {
    anl::wipe(e.item.text);
    anl::wipe(e.item.explanation);
    for (auto& f : e.files)
        anl::wipe(f.data);
}

void collect_documents(const std::vector<anl::Question>& questions, std::vector<DocumentQuestion>& out) {
    for (const anl::Question& q : questions) {
        if (q.type == anl::QuestionType::Document)
            out.push_back({q.id, q.label});
        collect_documents(q.questions, out);
    }
}

} // namespace

// ------------------------------------------------------------------ the list

void Cases::show() {
    staff_.screen.go_to(Step::Cases);
    reload();
}

void Cases::reload() {
    loading = true;
    staff_.request("GET", api::staff_cases(), nullptr, [this](const HttpReply& r) {
        loading = false;
        const auto list = listed(r, "cases");
        if (!list) {
            problem = problem_of(r);
            return;
        }
        problem = {};
        rows = rows_of(*list);
    });
}

void Cases::open_row(const CaseRow& row) { open(row.locator); }

void Cases::open_typed() {
    const auto symbols = anl::read_code_symbols(typed_locator, anl::kCaseLocatorSymbols);
    if (!symbols) {
        locator_error = blank(typed_locator) ? "staff.case.error.locator_required" : "staff.case.error.locator_format";
        staff_.screen.focus("cases.locator");
        return;
    }
    locator_error.clear();
    typed_locator.clear();
    open(*symbols);
}

// ------------------------------------------------------------------ one case

void Cases::open(const std::string& which) {
    close();
    locator = which;
    case_loading = true;
    staff_.screen.go_to(Step::Case);
    staff_.request("GET", api::staff_case(which), nullptr,
                   [this, serial = serial_](const HttpReply& r) {
                       if (serial == serial_)
                           opened_case(r);
                   });
}

void Cases::opened_case(const HttpReply& r) {
    case_loading = false;
    const nlohmann::json doc = r.status == 200 ? json_body(r) : nlohmann::json();
    const auto public_key = doc.is_object() ? anl::base64_member(doc, "public_key", 32) : std::nullopt;
    if (r.status != 200 || !public_key || !doc.contains("items") || !doc["items"].is_array()) {
        case_problem = r.status == 404 ? Problem{"staff.case.not_found"}
                       : r.status == 200 ? Problem{"error.server"}
                                         : problem_of(r);
        return;
    }
    case_public_key = *public_key;
    for (const auto& i : doc["items"]) {
        if (!i.is_object())
            continue;
        CaseEntry e;
        e.id = json_string(i, "id");
        e.author = json_string(i, "author");
        e.created_at = json_string(i, "created_at");
        e.audience = json_string(i, "audience");
        e.read_by_applicant = json_true(i, "read_by_applicant");
        e.read_by_office = json_true(i, "read_by_office");
        if (!is_item_id(e.id))
            continue;
        entries.push_back(std::move(e));
    }
    if (doc.contains("submissions") && doc["submissions"].is_array())
        for (const auto& s : doc["submissions"])
            if (s.is_string())
                submissions.push_back(s.get<std::string>());
    for (size_t i = 0; i < entries.size(); i++)
        fetch_item(i);
}

void Cases::fetch_item(size_t i) {
    staff_.request("GET", api::staff_case_item(locator, entries[i].id), nullptr,
                   [this, i, serial = serial_](const HttpReply& r) {
                       if (serial == serial_)
                           opened_item(i, r);
                   });
}

void Cases::opened_item(size_t i, const HttpReply& r) {
    CaseEntry& e = entries[i];
    e.loading = false;
    if (r.status != 200 || !staff_.session.keyring) {
        e.error = problem_of(r).key;
        return;
    }
    // Envelope v2 names its recipients by key id: the office key among them is the current one
    // or a retired one (a case outlives a rotation).
    const anl::CaseEnvelopeLayout layout = anl::parse_case_envelope_layout(r.body.data(), r.body.size());
    const anl::OfficeKeys* keys = nullptr;
    for (const anl::Bytes& key_id : layout.key_ids)
        if (!keys)
            keys = staff_.session.keyring->find(key_id);
    if (layout.error != anl::EnvelopeError::None) {
        e.error = "staff.case.item_cannot_open";
        return;
    }
    if (!keys) {
        e.error = "staff.case.item_unknown_key";
        return;
    }
    anl::OpenedItem opened = anl::open_case_item(r.body, keys->public_key, keys->secret_key);
    if (!opened.error.empty()) {
        e.error = "staff.case.item_cannot_open";
        return;
    }
    if (e.author != "office" && !applicant_may_send(opened.item.type)) {
        anl::wipe(opened.item.text);
        e.error = "staff.case.item_forged";
        return;
    }
    e.item = std::move(opened.item);
    e.files = std::move(opened.files);
    // Shown now: the applicant's item counts as read by the office.
    if (e.author == "applicant" && !e.read_by_office)
        mark_read(i);
}

void Cases::mark_read(size_t i) {
    staff_.request("PUT", api::staff_case_item_read(locator, entries[i].id), nullptr,
                   [this, i, serial = serial_](const HttpReply& r) {
                       if (serial == serial_ && (r.status == 204 || r.status == 200))
                           entries[i].read_by_office = true;
                   });
}

void Cases::download(size_t i, size_t f) {
    if (i < entries.size() && f < entries[i].files.size()) {
        const anl::ReceivedAttachment& a = entries[i].files[f];
        staff_.services.device.download(a.name, a.media_type, a.data);
    }
}

anl::RequestState Cases::request_state(size_t i) const {
    std::vector<anl::ListedItem> listed_items;
    for (const CaseEntry& e : entries)
        if (e.opened())
            listed_items.push_back({e.id, e.item});
    return anl::request_state({entries[i].id, entries[i].item}, listed_items,
                              anl::format_iso_date(staff_.services.clock.today()));
}

const CaseEntry* Cases::newest(anl::ItemType type) const {
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        if (it->opened() && it->item.type == type)
            return &*it;
    return nullptr;
}

std::vector<DocumentQuestion> Cases::document_questions() const {
    std::vector<DocumentQuestion> out;
    if (staff_.submissions.form)
        for (const anl::Page& p : staff_.submissions.form->pages)
            collect_documents(p.questions, out);
    return out;
}

void Cases::back() {
    close();
    locator.clear();
    show();
}

// ------------------------------------------------------------------ what staff add

void Cases::attach(anl::Attachment file, bool too_large) {
    if (sending)
        return;   // the reply on its way is sealed with the files it had
    if (too_large || attached_bytes() + file.data.size() > kMaxReplyFilesBytes) {
        anl::wipe(file.data);
        attach_error = "staff.case.error.file_too_large";
        return staff_.screen.focus("case.reply.attach");
    }
    attach_error.clear();
    reply_files.push_back(std::move(file));
}

void Cases::remove_attachment(size_t index) {
    if (sending || index >= reply_files.size())
        return;
    anl::wipe(reply_files[index].data);
    reply_files.erase(reply_files.begin() + long(index));
    attach_error.clear();
}

uint64_t Cases::attached_bytes() const {
    uint64_t total = 0;
    for (const anl::Attachment& f : reply_files)
        total += f.data.size();
    return total;
}

void Cases::send_reply() {
    // A file on its own is a reply too (a form to fill in, a decision letter): the page says
    // whom it is from and the applicant downloads it. An empty reply is not.
    reply_error = blank(reply_text) && reply_files.empty() ? "staff.case.error.reply_or_file_required"
                  : attached_bytes() + reply_text.size() > kMaxReplyFilesBytes ? "staff.case.error.reply_too_large"
                                                                                : "";
    send(reply_error.empty(), "case.reply", [this] {
        anl::CaseItem item;
        item.type = anl::ItemType::Message;
        item.text = anl::trim(reply_text);
        return item;
    }, reply_files);
}

void Cases::send_request() {
    const bool other = request_document == kOtherChoice;
    bool known = false;
    for (const DocumentQuestion& q : document_questions())
        known = known || q.id == request_document;
    request_document_error = !other && !known         ? "staff.case.error.document_required"
                             : other && blank(request_text) ? "staff.case.error.document_text_required"
                                                            : "";
    // Typed as dates are typed elsewhere (31.12.2026 or 2026-12-31); the item holds YYYY-MM-DD.
    const auto due = anl::parse_date(request_due);
    request_due_error = blank(request_due)                               ? "staff.case.error.due_required"
                        : !due                                           ? "staff.case.error.due_format"
                        : *due < staff_.services.clock.today()           ? "staff.case.error.due_past"
                                                                         : "";
    request_explanation_error = blank(request_explanation) ? "staff.case.error.explanation_required" : "";
    const bool fine = request_document_error.empty() && request_due_error.empty() && request_explanation_error.empty();
    send(fine, nullptr, [this, other, due] {
        anl::CaseItem item;
        item.type = anl::ItemType::Request;
        item.document = other ? "" : request_document;
        item.text = other ? anl::trim(request_text) : "";
        item.due = anl::format_iso_date(*due);
        item.explanation = anl::trim(request_explanation);
        return item;
    });
}

void Cases::send_status() {
    const bool other = status_choice == kOtherChoice;
    status_choice_error = !other && !anl::is_standard_status(status_choice) ? "staff.case.error.status_required" : "";
    const std::string id = anl::trim(status_id);
    status_id_error = !other ? ""
                      : !anl::is_status_id(id) || anl::is_standard_status(id) ? "staff.case.error.status_id"
                      : blank(status_text) ? "staff.case.error.status_text_required"
                                           : "";
    send(status_choice_error.empty() && status_id_error.empty(), nullptr, [this, other, id] {
        anl::CaseItem item;
        item.type = anl::ItemType::Status;
        item.status = other ? id : status_choice;
        item.text = anl::trim(status_text);
        return item;
    });
}

void Cases::send_note() {
    note_error = blank(note_text) ? "staff.case.error.note_required" : "";
    send(note_error.empty(), "case.note", [this] {
        anl::CaseItem item;
        item.type = anl::ItemType::Note;
        item.text = anl::trim(note_text);
        return item;
    });
}

void Cases::send_internal_status() {
    const std::string id = anl::trim(internal_id);
    internal_error = anl::is_status_id(id) ? "" : "staff.case.error.internal_id";
    send(internal_error.empty(), "case.internal_id", [this, id] {
        anl::CaseItem item;
        item.type = anl::ItemType::InternalStatus;
        item.status = id;
        item.text = anl::trim(internal_text);
        return item;
    });
}

void Cases::send(bool fine, const char* focus, const std::function<anl::CaseItem()>& build,
                 const std::vector<anl::Attachment>& files) {
    if (!fine)
        return focus ? staff_.screen.focus(focus) : staff_.screen.to_top();
    post(build(), files);
}

void Cases::post(const anl::CaseItem& item, const std::vector<anl::Attachment>& files) {
    if (sending || case_public_key.size() != 32 || !staff_.session.keyring)
        return;
    // New items go to the current office key (the server refuses any other) and, for what the
    // applicant reads, to the case key. The sealing wipes its own copies of the files.
    anl::Bytes sealed = anl::seal_case_item(item, files, staff_.session.keyring->current.keys.public_key, case_public_key);
    if (sealed.empty()) {
        send_problem = {"staff.case.error.seal"};
        staff_.screen.to_top();
        return;
    }
    // send_reply did not count the padding: a reply just under the limit may still be over what
    // the server takes, and is refused here, said at the reply, rather than by a 413.
    if (item.type == anl::ItemType::Message && sealed.size() > api::kMaxItemBytes) {
        reply_error = "staff.case.error.reply_too_large";
        staff_.screen.focus("case.reply");
        return;
    }
    const bool to_case = anl::item_audience(item.type) == anl::Audience::Case;
    HttpHeaders headers{{"Content-Type", "application/octet-stream"}, {"Anl-Audience", to_case ? "case" : "office"}};
    sending = true;
    sent = false;
    send_problem = {};
    staff_.send("POST", api::staff_case_items(locator), headers, std::move(sealed),
                [this, item, to_case, serial = serial_](const HttpReply& r) {
                    if (serial != serial_)
                        return;
                    sending = false;
                    const nlohmann::json doc = json_body(r);
                    const std::string id = r.status == 201 && doc.is_object() ? json_string(doc, "item") : "";
                    if (!is_item_id(id)) {
                        send_problem = r.status == 404 ? Problem{"staff.case.not_found"}
                                       : r.status == 201 ? Problem{"error.server"}
                                                         : problem_of(r);
                        staff_.screen.to_top();
                        return;
                    }
                    CaseEntry e;
                    e.id = id;
                    e.author = "office";
                    e.created_at = json_string(doc, "created_at");
                    e.audience = to_case ? "case" : "office";
                    e.read_by_office = true;
                    e.loading = false;
                    e.item = item;
                    if (item.type == anl::ItemType::Message)
                        take_reply_files(e);
                    entries.push_back(std::move(e));
                    sent = true;
                    sent_type = item.type;
                    clear_fields(item.type);
                    // What was typed has gone to the server: the platform's copies of it go too.
                    staff_.screen.forget_typed();
                    staff_.screen.focus("case.sent");
                });
}

// The reply's files join its entry as an opened item's would (names as the reading side
// sanitises them), to download again; they are wiped with the entry when the case is left.
void Cases::take_reply_files(CaseEntry& e) {
    for (anl::Attachment& f : reply_files) {
        e.item.attachments.push_back({f.name, f.media_type, f.data.size()});
        e.files.push_back({anl::sanitize_file_name(f.name), f.media_type, std::move(f.data)});
    }
    reply_files.clear();
}

void Cases::clear_fields(anl::ItemType type) {
    switch (type) {
    case anl::ItemType::Message:
        anl::wipe(reply_text);
        reply_text.clear();
        reply_error.clear();
        for (anl::Attachment& f : reply_files)
            anl::wipe(f.data);
        reply_files.clear();
        attach_error.clear();
        break;
    case anl::ItemType::Request:
        request_document.clear();
        anl::wipe(request_text);
        request_text.clear();
        request_due.clear();
        anl::wipe(request_explanation);
        request_explanation.clear();
        request_document_error.clear();
        request_due_error.clear();
        request_explanation_error.clear();
        break;
    case anl::ItemType::Status:
        status_choice.clear();
        status_id.clear();
        anl::wipe(status_text);
        status_text.clear();
        status_choice_error.clear();
        status_id_error.clear();
        break;
    case anl::ItemType::Note:
        anl::wipe(note_text);
        note_text.clear();
        note_error.clear();
        break;
    case anl::ItemType::InternalStatus:
        internal_id.clear();
        anl::wipe(internal_text);
        internal_text.clear();
        internal_error.clear();
        break;
    case anl::ItemType::Document: break;
    }
}

void Cases::close() {
    serial_++;   // answers still on their way belong to what was closed
    for (auto& e : entries)
        wipe_entry(e);
    entries.clear();
    submissions.clear();
    case_public_key.clear();
    case_problem = {};
    case_loading = false;
    sending = false;
    sent = false;
    send_problem = {};
    for (auto type : {anl::ItemType::Message, anl::ItemType::Request, anl::ItemType::Status, anl::ItemType::Note,
                      anl::ItemType::InternalStatus})
        clear_fields(type);
}

void Cases::forget() {
    close();
    locator.clear();
    rows.clear();
    problem = {};
    loading = false;
    typed_locator.clear();
    locator_error.clear();
}

} // namespace app::staff
