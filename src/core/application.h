// The minimal application (issue 2): who is asking, their date of birth, what they need, and
// one optional document. Validation, the canonical answers document and the envelope parts.
// The full form engine replaces the fixed fields later; the shapes here stay.
#pragma once
#include "core/date.h"
#include "core/envelope.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace anl {

constexpr const char* kMinimalFormId = "anlaufstelle.minimal";
constexpr int kMinimalFormVersion = 1;
constexpr size_t kMaxNameChars = 200;
constexpr size_t kMaxMessageChars = 5000;
constexpr size_t kMaxAttachmentBytes = 20u << 20;

struct Attachment {
    std::string name;        // as the device gave it; sanitised when read back
    std::string media_type;
    Bytes data;
};

struct Application {
    std::string language = "de";
    std::string full_name;
    std::string birth_date;  // as typed
    std::string message;
    std::optional<Attachment> attachment;
};

// One problem with one field; message_key names a catalog entry that says how to fix it.
struct FieldError {
    std::string field;
    std::string message_key;
};

std::vector<FieldError> validate_application(const Application& app, const Date& today);

// Canonical JSON (sorted keys, no whitespace, UTF-8 as is), as PROTOCOL.md describes.
std::string canonical_json(const nlohmann::json& doc);
nlohmann::json answers_document(const Application& app);

// Answers part first, then the attachment, ready for seal_envelope.
std::vector<Part> submission_parts(const Application& app);

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

// Staff side: turns opened parts back into answers and named files, checking that the
// answers document and the parts agree.
ReceivedSubmission read_submission(std::vector<Part> parts);

} // namespace anl
