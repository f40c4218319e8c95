// The files that travel with an answers document, and the staff side of a submission: the
// opened parts of an envelope turned back into the answers and safely named files.
// The applicant side (which parts are sent) is form_submission_parts in core/answers.h.
#pragma once
#include "core/envelope.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace anl {

// A file the applicant picked for a document question.
struct Attachment {
    std::string name;        // as the device gave it; sanitised when read back
    std::string media_type;
    Bytes data;
};

struct ReceivedAttachment {
    std::string name;        // sanitised, safe to save under
    std::string media_type;
    Bytes data;
};

struct ReceivedSubmission {
    std::string error;       // empty when the parts made sense
    nlohmann::json answers;  // the whole answers document
    std::vector<ReceivedAttachment> attachments;
};

// The files of parts 1.. as an "attachments" list of {part, name, media_type, ...} describes
// them (an answers document's or a case item's): false when the list does not match the parts
// one to one, in order. Names come back sanitised; the parts' plaintext is moved out.
bool read_attachment_list(const nlohmann::json& list, std::vector<Part>& parts,
                          std::vector<ReceivedAttachment>& out);

// Turns opened parts back into answers and named files, checking that the answers document
// and the parts agree: "no_answers", "bad_answers" or "attachments_mismatch" when they do not.
ReceivedSubmission read_submission(std::vector<Part> parts);

} // namespace anl
