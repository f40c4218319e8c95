#include "core/submission.h"

#include "core/file_name.h"

namespace anl {

ReceivedSubmission read_submission(std::vector<Part> parts) {
    ReceivedSubmission r;
    if (parts.empty() || parts[0].type != PartType::Answers) {
        r.error = "no_answers";
        return r;
    }
    r.answers = nlohmann::json::parse(to_string(parts[0].plaintext), nullptr, false);
    if (r.answers.is_discarded() || !r.answers.is_object() || !r.answers.contains("answers") ||
        !r.answers["answers"].is_object()) {
        r.error = "bad_answers";
        r.answers = nullptr;
        return r;
    }
    if (!read_attachment_list(r.answers.value("attachments", nlohmann::json::array()), parts, r.attachments))
        r.error = "attachments_mismatch";
    return r;
}

bool read_attachment_list(const nlohmann::json& list, std::vector<Part>& parts,
                          std::vector<ReceivedAttachment>& out) {
    out.clear();
    if (!list.is_array() || parts.empty() || list.size() != parts.size() - 1)
        return false;
    for (size_t i = 0; i < list.size(); i++) {
        const nlohmann::json& a = list[i];
        const bool part_ok = a.is_object() && a.contains("part") && a["part"].is_number_integer() &&
                             a["part"].get<int64_t>() == int64_t(i + 1);
        if (!part_ok || !a.contains("name") || !a["name"].is_string()) {
            out.clear();
            return false;
        }
        const std::string type = a.contains("media_type") && a["media_type"].is_string()
                                     ? a["media_type"].get<std::string>() : "";
        out.push_back({sanitize_file_name(a["name"].get<std::string>()),
                       type.empty() ? "application/octet-stream" : type,
                       std::move(parts[i + 1].plaintext)});
    }
    return true;
}

} // namespace anl
