// The submissions: the list (newest first, each with the day it is deleted) and the one opened,
// decrypted here, in this browser, with whichever office key of the keyring its envelope names;
// its documents are handed to the device as downloads. What was opened is wiped when it is
// closed.
#pragma once
#include "app/services.h"
#include "app/staff/reply.h"
#include "core/submission.h"
#include "core/form.h"

#include <optional>
#include <string>
#include <vector>

namespace app::staff {

class Staff;

struct SubmissionRow {
    std::string reference, received_at, expires_at;   // times as the server sent them (ISO, UTC)
    double size = 0;
};

// When a submission is deleted, as the list says it.
enum class Expiry { Unknown, Later, Soon };

class Submissions {
public:
    explicit Submissions(Staff& staff) : staff_(staff) {}

    // The list
    bool loading = false;
    Problem problem;
    std::vector<SubmissionRow> rows;

    // The one on the detail page
    SubmissionRow open;
    bool detail_loading = false;
    std::string detail_error;              // catalog key
    anl::ReceivedSubmission opened;        // answers and documents, once decrypted
    std::optional<anl::Form> form;         // the office's form, to label the answers

    void show();                           // the list page, read again
    void reload();
    void open_row(const SubmissionRow& row);
    void back();                           // from the detail page to the list
    void download(size_t attachment);
    // Unknown when the time is not an ISO date; Soon within a week of today (the clock's).
    Expiry expiry(const std::string& expires_at) const;
    void forget();

private:
    void close();
    void opened_envelope(const std::string& reference, const HttpReply& r);

    Staff& staff_;
};

} // namespace app::staff
