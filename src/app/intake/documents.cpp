#include "app/intake/documents.h"

#include "core/wipe.h"

namespace app::intake {

void Documents::add(const std::string& field, std::vector<std::string>& refs, PickedFile picked) {
    error_key.clear();
    if (picked.too_large) {
        error_key = "error.attachment.too_large";
        error_question = field;
        return;
    }
    const std::string ref = "f" + std::to_string(next_ref_++);
    files[ref] = anl::Attachment{picked.name, picked.media_type, std::move(picked.data)};
    refs.push_back(ref);
}

void Documents::remove(std::vector<std::string>& refs, size_t index) {
    if (index >= refs.size())
        return;
    auto it = files.find(refs[index]);
    if (it != files.end()) {
        anl::wipe(it->second.data);
        files.erase(it);
    }
    refs.erase(refs.begin() + long(index));
}

std::string Documents::error_at(const std::string& field) const {
    return error_question == field ? error_key : "";
}

void Documents::wipe() {
    for (auto& [ref, file] : files)
        anl::wipe(file.data);
    files.clear();
    error_key.clear();
    error_question.clear();
    next_ref_ = 1;
}

} // namespace app::intake
