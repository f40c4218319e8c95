#include "core/case_item.h"

#include "core/canonical_json.h"
#include "core/date.h"

#include <sodium.h>

#include <cstring>

namespace anl {
namespace {

constexpr int kItemDocumentVersion = 1;

struct TypeName {
    ItemType type;
    const char* name;
};
constexpr TypeName kTypeNames[] = {
    {ItemType::Message, "message"}, {ItemType::Document, "document"}, {ItemType::Request, "request"},
    {ItemType::Status, "status"},   {ItemType::Note, "note"},         {ItemType::InternalStatus, "internal_status"},
};

std::optional<ItemType> item_type_from_name(const std::string& name) {
    for (const TypeName& t : kTypeNames)
        if (name == t.name)
            return t.type;
    return std::nullopt;
}

bool has_attachments(ItemType t) { return t == ItemType::Message || t == ItemType::Document; }
bool has_status(ItemType t) { return t == ItemType::Status || t == ItemType::InternalStatus; }

// An ISO date "YYYY-MM-DD" that names a real day.
bool is_iso_date(const std::string& text) {
    return text.size() == 10 && text[4] == '-' && text[7] == '-' && parse_date(text).has_value();
}

// Item ids are 32 lowercase hex characters (the server makes them).
bool is_item_id(const std::string& id) {
    // Lower-case hex only, as the server names items: a canonical round trip.
    const auto bytes = from_hex(id);
    return id.size() == 32 && bytes && to_hex(*bytes) == id;
}

bool string_member(const nlohmann::json& doc, const char* name, std::string& out) {
    const auto it = doc.find(name);
    if (it == doc.end() || !it->is_string())
        return false;
    out = it->get<std::string>();
    return true;
}

std::optional<std::vector<ItemAttachment>> read_attachments(const nlohmann::json& doc) {
    const auto it = doc.find("attachments");
    if (it == doc.end() || !it->is_array())
        return std::nullopt;
    std::vector<ItemAttachment> out;
    for (size_t i = 0; i < it->size(); i++) {
        const nlohmann::json& a = (*it)[i];
        ItemAttachment att;
        const bool ok = a.is_object() && a.contains("part") && a["part"].is_number_unsigned() &&
                        a["part"].get<uint64_t>() == i + 1 && string_member(a, "name", att.name) &&
                        string_member(a, "media_type", att.media_type) && a.contains("size") &&
                        a["size"].is_number_unsigned();
        if (!ok)
            return std::nullopt;
        att.size = a["size"].get<uint64_t>();
        out.push_back(std::move(att));
    }
    return out;
}

bool valid_item(const CaseItem& item) {
    switch (item.type) {
    case ItemType::Document:
        return item.request.empty() || is_item_id(item.request);
    case ItemType::Request:
        return is_iso_date(item.due) && (!item.document.empty() || !item.text.empty());
    case ItemType::Status:
    case ItemType::InternalStatus:
        return is_status_id(item.status);
    default:
        return true;
    }
}

} // namespace

const char* item_type_name(ItemType t) {
    for (const TypeName& n : kTypeNames)
        if (n.type == t)
            return n.name;
    return "message";
}

Audience item_audience(ItemType t) {
    return t == ItemType::Note || t == ItemType::InternalStatus ? Audience::Office : Audience::Case;
}

bool is_standard_status(const std::string& id) {
    for (const char* s : kStandardStatuses)
        if (id == s)
            return true;
    return false;
}

bool is_status_id(const std::string& id) {
    if (id.empty() || id.size() > 32 || !(id[0] >= 'a' && id[0] <= 'z'))
        return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    return true;
}

nlohmann::json item_document(const CaseItem& item) {
    nlohmann::json doc = {{"v", kItemDocumentVersion}, {"type", item_type_name(item.type)}, {"text", item.text}};
    if (item.type == ItemType::Document)
        doc["request"] = item.request;
    if (item.type == ItemType::Request) {
        doc["document"] = item.document;
        doc["due"] = item.due;
        doc["explanation"] = item.explanation;
    }
    if (has_status(item.type))
        doc["status"] = item.status;
    if (has_attachments(item.type)) {
        nlohmann::json list = nlohmann::json::array();
        for (size_t i = 0; i < item.attachments.size(); i++)
            list.push_back({{"part", i + 1},
                            {"name", item.attachments[i].name},
                            {"media_type", item.attachments[i].media_type},
                            {"size", item.attachments[i].size}});
        doc["attachments"] = std::move(list);
    }
    return doc;
}

std::optional<CaseItem> read_item_document(const nlohmann::json& doc) {
    if (!doc.is_object())
        return std::nullopt;
    const auto v = doc.find("v");
    std::string type_name;
    if (v == doc.end() || !v->is_number_integer() || v->get<int64_t>() != kItemDocumentVersion ||
        !string_member(doc, "type", type_name))
        return std::nullopt;
    const auto type = item_type_from_name(type_name);
    if (!type)
        return std::nullopt;
    CaseItem item;
    item.type = *type;
    bool ok = string_member(doc, "text", item.text);
    if (item.type == ItemType::Document)
        ok = ok && string_member(doc, "request", item.request);
    if (item.type == ItemType::Request)
        ok = ok && string_member(doc, "document", item.document) && string_member(doc, "due", item.due) &&
             string_member(doc, "explanation", item.explanation);
    if (has_status(item.type))
        ok = ok && string_member(doc, "status", item.status);
    if (ok && has_attachments(item.type)) {
        auto attachments = read_attachments(doc);
        ok = attachments.has_value();
        if (ok)
            item.attachments = std::move(*attachments);
    }
    if (!ok || !valid_item(item))
        return std::nullopt;
    return item;
}

Bytes seal_case_item(const CaseItem& item, const std::vector<Attachment>& files, const Bytes& office_public_key,
                     const Bytes& case_public_key) {
    if (!valid_item(item) || (!has_attachments(item.type) && !files.empty()))
        return {};
    CaseItem described = item;
    described.attachments.clear();
    std::vector<Part> parts(1);
    for (const Attachment& f : files) {
        described.attachments.push_back({f.name, f.media_type, f.data.size()});
        parts.push_back({PartType::Attachment, f.data});
    }
    std::string doc = canonical_json(item_document(described));
    parts[0] = {PartType::ItemDocument, to_bytes(doc)};
    sodium_memzero(doc.data(), doc.size());
    std::vector<Bytes> recipients = {office_public_key};
    if (item_audience(item.type) == Audience::Case)
        recipients.push_back(case_public_key);
    Bytes sealed = seal_case_envelope(parts, recipients);
    for (Part& p : parts)
        sodium_memzero(p.plaintext.data(), p.plaintext.size());
    return sealed;
}

OpenedItem open_case_item(const Bytes& envelope, const Bytes& public_key, const Bytes& secret_key) {
    OpenedItem result;
    OpenedEnvelope opened = open_case_envelope(envelope, public_key, secret_key);
    if (opened.error != EnvelopeError::None) {
        result.error = envelope_error_name(opened.error);
        return result;
    }
    const nlohmann::json doc = nlohmann::json::parse(to_string(opened.parts[0].plaintext), nullptr, false);
    sodium_memzero(opened.parts[0].plaintext.data(), opened.parts[0].plaintext.size());
    auto item = read_item_document(doc);
    if (!item) {
        result.error = "bad_document";
        return result;
    }
    result.item = std::move(*item);
    bool sizes_match = result.item.attachments.size() + 1 == opened.parts.size();
    for (size_t i = 0; sizes_match && i < result.item.attachments.size(); i++)
        sizes_match = result.item.attachments[i].size == opened.parts[i + 1].plaintext.size();
    const bool files_read = !has_attachments(result.item.type) ||
                            read_attachment_list(doc.at("attachments"), opened.parts, result.files);
    if (!sizes_match || !files_read) {
        result.error = "attachments_mismatch";
        result.files.clear();
    }
    return result;
}

RequestState request_state(const ListedItem& request, const std::vector<ListedItem>& items, const std::string& today) {
    for (const ListedItem& i : items)
        if (i.item.type == ItemType::Document && i.item.request == request.id)
            return RequestState::Fulfilled;
    return today > request.item.due ? RequestState::Overdue : RequestState::Open;
}

} // namespace anl
