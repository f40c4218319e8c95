// Files picked for document questions. The platform picks them (a tap opens the browser's
// picker); the flow receives each one through add() and holds it, under the next free reference
// ("f1", "f2", ...), until it is sent or wiped. Files are not part of drafts.
#pragma once
#include "core/answers.h"

#include <string>
#include <vector>

namespace app::intake {

// A file as the picker handed it over.
struct PickedFile {
    std::string name, media_type;
    anl::Bytes data;
    bool too_large = false;     // the picker refused it (kMaxDocumentFileBytes): no data
};

constexpr double kMaxDocumentFileBytes = 20.0 * 1024 * 1024;

class Documents {
public:
    anl::DocumentFiles files;
    std::string error_key;       // a refused file: catalog key
    std::string error_question;  // the field (path name) it was meant for

    // A file for document question `field`, whose answer is the list `refs`.
    void add(const std::string& field, std::vector<std::string>& refs, PickedFile picked);
    // Removes page `index` of the answer `refs`, and its file.
    void remove(std::vector<std::string>& refs, size_t index);
    // The error said at `field`, "" for none.
    std::string error_at(const std::string& field) const;
    void wipe();

private:
    int next_ref_ = 1;
};

} // namespace app::intake
