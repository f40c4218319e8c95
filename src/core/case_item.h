// What travels in a case (docs/PROTOCOL.md, "Item documents"): messages both ways, documents,
// the office's typed requests for a document, the status the applicant sees, and what only
// staff may read (notes, internal statuses). Each item is one version 2 envelope whose part 0
// is its document; its type decides whom it is sealed to.
#pragma once
#include "core/case_envelope.h"
#include "core/submission.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace anl {

enum class ItemType { Message, Document, Request, Status, Note, InternalStatus };
const char* item_type_name(ItemType t);  // "message", ..., "internal_status"

// Case: sealed to the office key and the case key (both sides read it). Office: sealed to the
// office key alone; the applicant's side can never open it, and the server never hands it out
// on the applicant's routes.
enum class Audience { Case, Office };
Audience item_audience(ItemType t);

// The statuses every office has; an office may add its own ids ([a-z][a-z0-9_]{0,31}).
constexpr const char* kStandardStatuses[] = {"received", "in_review", "documents_missing", "decision_ready", "closed"};
bool is_standard_status(const std::string& id);
bool is_status_id(const std::string& id);

struct ItemAttachment {
    std::string name;        // as the device gave it; sanitised when read back
    std::string media_type;
    uint64_t size = 0;
};

struct CaseItem {
    ItemType type = ItemType::Message;
    std::string text;         // what was written (a status: the office's words for its own status)
    std::string request;      // document: id of the request item it answers, or ""
    std::string document;     // request: the form's document question id it asks for, or ""
    std::string due;          // request: YYYY-MM-DD
    std::string explanation;  // request: why, in words for the applicant
    std::string status;       // status, internal_status
    std::vector<ItemAttachment> attachments;  // message, document
};

// The item document, canonical-ready JSON with "v": 1 and only the members its type has.
nlohmann::json item_document(const CaseItem& item);
// nullopt for another "v", an unknown type, a missing or mistyped member, a bad date or status
// id, attachments on a type without them. Members it does not know are ignored. Never throws.
std::optional<CaseItem> read_item_document(const nlohmann::json& doc);

// Seals the item and its files (one per attachment, in order; their sizes are taken from the
// files) to the audience of its type. Empty when a key is not 32 bytes or the item is invalid.
Bytes seal_case_item(const CaseItem& item, const std::vector<Attachment>& files, const Bytes& office_public_key,
                     const Bytes& case_public_key);

struct OpenedItem {
    std::string error;  // "", or an envelope error name, "bad_document", "attachments_mismatch"
    CaseItem item;
    std::vector<ReceivedAttachment> files;  // names sanitised
};
OpenedItem open_case_item(const Bytes& envelope, const Bytes& public_key, const Bytes& secret_key);

// A request as staff and applicant see it: fulfilled once a document item names it, overdue
// when not and `today` (YYYY-MM-DD) is after its due date, open otherwise.
enum class RequestState { Open, Fulfilled, Overdue };
struct ListedItem {
    std::string id;
    CaseItem item;
};
RequestState request_state(const ListedItem& request, const std::vector<ListedItem>& items, const std::string& today);

} // namespace anl
