// The cases (issue 11, the minimal staff side of the case channel): the list, most recently
// active first with the applicant's unread items counted; one case opened by its locator, each
// item fetched and decrypted here with whichever office key of the keyring its envelope v2 names;
// and what staff add to it: a reply and a document request and a status the applicant sees
// (sealed to the office key and the case key), a note and an internal status for the office
// alone (sealed to the office key only, so the applicant's side can never open them).
// A reply may carry files (posted inline with it, so they must fit one item, kMaxReplyFilesBytes).
// What was opened, typed or picked is wiped when the case is left.
#pragma once
#include "app/services.h"
#include "app/staff/reply.h"
#include "core/case_item.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace app::staff {

class Staff;

struct CaseRow {
    std::string locator, created_at, last_item_at;   // times as the server sent them; last "" without items
    int unread = 0;                                  // the applicant's items the office has not read
};

// One item of the opened case: what the server lists, and once its envelope came, what it says.
struct CaseEntry {
    std::string id, author, created_at, audience;    // author "applicant" or "office"; audience "case" or "office"
    bool read_by_applicant = false, read_by_office = false;
    bool loading = true;                             // its envelope is on its way
    std::string error;                               // catalog key when it cannot be opened
    bool opened() const { return !loading && error.empty(); }
    anl::CaseItem item;                              // once opened
    std::vector<anl::ReceivedAttachment> files;      // message, document: to download
};

// A document question of the form a request can name.
struct DocumentQuestion {
    std::string id, label;                           // question id, catalog key of its label
};

// The free-text choice in the request's document list and the status list.
constexpr const char* kOtherChoice = "other";

// The files of one reply together. A staff item is posted inline, and the server takes at most
// api::kMaxItemBytes (1 MiB) for the whole envelope: its padding (a few percent), the item
// document and the text need the rest. Larger documents the applicant cannot receive this way.
constexpr uint64_t kMaxReplyFilesBytes = 900 * 1024;

class Cases {
public:
    explicit Cases(Staff& staff) : staff_(staff) {}

    // The list
    bool loading = false;
    Problem problem;
    std::vector<CaseRow> rows;
    std::string typed_locator;                       // "open by locator"
    std::string locator_error;                       // catalog key

    void show();                                     // the list page, read again
    void reload();
    void open_row(const CaseRow& row);
    void open_typed();                               // the 4 symbols typed, forgiven as codes are

    // The opened case
    std::string locator;
    bool case_loading = false;
    Problem case_problem;                            // the case could not be read (404: not found)
    anl::Bytes case_public_key;
    std::vector<CaseEntry> entries;                  // oldest first, as the server lists them
    std::vector<std::string> submissions;            // references of its submissions

    void open(const std::string& locator);
    void back();                                     // to the list, read again
    void download(size_t entry, size_t file);
    // Where a request stands now (its entry must be an opened request).
    anl::RequestState request_state(size_t entry) const;
    // The newest opened status (or internal status), nothing before one was set.
    const CaseEntry* current_status() const { return newest(anl::ItemType::Status); }
    const CaseEntry* current_internal_status() const { return newest(anl::ItemType::InternalStatus); }
    // The form's document questions, in form order (empty without the form).
    std::vector<DocumentQuestion> document_questions() const;

    // What staff add. Each send validates its fields (catalog keys below, "" when fine), seals
    // the item and posts it; once the server has it, it joins the conversation and its fields
    // are cleared.
    std::string reply_text, reply_error;
    std::vector<anl::Attachment> reply_files;        // picked for the reply, in order
    std::string attach_error;                        // catalog key: the last file picked was refused
    std::string request_document, request_text, request_due, request_explanation;   // document: question id or kOtherChoice
    std::string request_document_error, request_due_error, request_explanation_error;
    std::string status_choice, status_id, status_text;   // choice: a standard status or kOtherChoice
    std::string status_choice_error, status_id_error;
    std::string note_text, note_error;
    std::string internal_id, internal_text, internal_error;
    bool sending = false;
    Problem send_problem;
    anl::ItemType sent_type = anl::ItemType::Message;    // the last item sent, for "sent" notices
    bool sent = false;

    // A file picked for the reply (too_large: the picker refused it, no data); refused with
    // attach_error when it does not fit with those attached already. Nothing while sending.
    void attach(anl::Attachment file, bool too_large = false);
    void remove_attachment(size_t index);
    uint64_t attached_bytes() const;

    void send_reply();                               // text, files, or both
    void send_request();
    void send_status();
    void send_note();
    void send_internal_status();

    void forget();

private:
    void opened_case(const HttpReply& r);
    void fetch_item(size_t entry);
    void opened_item(size_t entry, const HttpReply& r);
    void mark_read(size_t entry);
    // Every send has this shape: the fields were checked (their errors set); when all are fine
    // the item is built and posted, otherwise the page goes to the error (`focus`, or the top
    // with its summary when several fields may be wrong).
    void send(bool fine, const char* focus, const std::function<anl::CaseItem()>& build,
              const std::vector<anl::Attachment>& files = {});
    void post(const anl::CaseItem& item, const std::vector<anl::Attachment>& files);
    void take_reply_files(CaseEntry& e);
    void clear_fields(anl::ItemType type);
    const CaseEntry* newest(anl::ItemType type) const;
    void close();

    Staff& staff_;
    unsigned serial_ = 0;   // bumped when a case is left: late answers for it are dropped
};

} // namespace app::staff
