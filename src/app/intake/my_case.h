// "My case": the applicant comes back with the case code alone, from any device. The code as
// typed is read forgivingly, the case's salt and costs come from GET .../kdf, its keys are
// derived after the "one moment" page painted, and the case's items are fetched and opened here
// with the case secret key (core/case_item.h). The case page shows the latest status, the
// messages both ways, the office's requests as a checklist, and sends a question (a message
// sealed to the office key and the case key). Nothing of the case goes to browser storage; on
// "finish" (and the idle wipe) the keys and texts go with the page.
#pragma once
#include "app/case_upload.h"
#include "app/intake/documents.h"
#include "core/case_code.h"
#include "core/case_item.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace app::intake {

class Intake;

// One item of the case as the list gave it, and what it says once fetched and opened.
struct CaseEntry {
    std::string id, author, created_at;   // author "applicant" or "office"
    bool read_by_applicant = false;  // as the server holds it: true once a PUT .../read was taken
    bool read_by_office = false;     // the applicant's own items: the office has opened it
    // An office item the applicant had not seen when this visit first listed it: marked "new"
    // for the whole visit, also after it was marked read (the applicant is reading it now).
    bool is_new = false;
    bool opened = false;        // fetched and opened: `item` and `files` hold it
    bool unreadable = false;    // fetched, but it did not open (tampered, not for this key)
    bool failed = false;        // not fetched (network, server): "reload" tries again
    anl::CaseItem item;
    std::vector<anl::ReceivedAttachment> files;
};

// A request of the office on the checklist, with where it stands today.
struct CaseRequest {
    const CaseEntry* entry;
    anl::RequestState state;
};

class MyCase {
public:
    explicit MyCase(Intake& intake) : intake_(intake) {}

    std::string code;       // bound to the code page's field
    std::string error;      // catalog key, on the code page (in its error summary)
    std::string question;   // bound to the case page's "send a question" field
    std::string question_error;  // catalog key, at that field and in the error summary
    std::string notice;     // catalog key of a status said once ("Your question was sent")
    std::string load_error; // catalog key: the list or an item could not be fetched
    std::vector<CaseEntry> entries;   // in the order the server lists them (oldest first)
    std::string document_error;  // catalog key, at the document's button and in the error summary
    std::string document_for;    // while uploading: the request the document answers ("" for none)
    app::UploadProgress upload;  // while uploading

    void show();            // the code page, from the start page's link
    void submit();          // "Open my case"
    void show_case();       // the case page again (the browser's history came back to it)
    bool is_open() const { return keys_.has_value(); }
    void reload();          // the case again (new replies, or what failed to load)
    void send_question();   // "Send"
    // A file picked to answer request `request_id` from the checklist, or ("") sent on its own:
    // sealed as a document item after the page painted, then uploaded in acknowledged chunks
    // (app/case_upload.h) that resume by themselves after a lost connection.
    void send_document(const std::string& request_id, PickedFile picked);
    bool uploading() const { return uploading_; }
    // The file `file` of entry `entry` (a staff message's attachment) to the device.
    void download(size_t entry, size_t file);
    void wipe();
    // Back on the code page with what went wrong (a catalog key); the keys of a code that did
    // not open go.
    void refuse(const std::string& key);

    bool loading() const { return pending_ > 0; }
    bool sending() const { return sending_; }
    const std::string& locator() const;
    // The newest status item the case holds, or nullptr (then it stands at "received").
    const CaseEntry* latest_status() const;
    // Every status item, oldest first.
    std::vector<const CaseEntry*> statuses() const;
    // Messages and documents both ways, oldest first (what opened, and what did not).
    std::vector<const CaseEntry*> conversation() const;
    // The office's requests, oldest first, each open, fulfilled or overdue as of today.
    std::vector<CaseRequest> requests() const;

private:
    void derive(const anl::CaseCode& code, const anl::Bytes& salt, anl::CaseKdf kdf);
    void load();
    void fetch(const std::string& id);
    void opened(const std::string& id, const anl::Bytes& envelope);
    void mark_read(CaseEntry& e);
    void forget_keys();
    void wipe_entries();
    CaseEntry* find(const std::string& id);
    std::vector<anl::ListedItem> listed() const;
    std::string bearer() const;

    Intake& intake_;
    std::optional<anl::CaseCode> code_;
    std::optional<anl::CaseKeys> keys_;
    anl::Bytes salt_;          // the case's, with its costs: a draft under the case goes on with them
    anl::CaseKdf kdf_{};
    int pending_ = 0;
    bool sending_ = false;
    bool uploading_ = false;
    std::unique_ptr<app::CaseUpload> upload_;
};

// A case document may be larger than a form's (the upload resumes): the server takes 56 MiB of
// envelope, this leaves room for the padding.
constexpr double kMaxCaseDocumentBytes = 50.0 * 1024 * 1024;

} // namespace app::intake
