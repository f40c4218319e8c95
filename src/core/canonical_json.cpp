#include "core/canonical_json.h"

namespace anl {

std::string canonical_json(const nlohmann::json& doc) {
    // nlohmann's object is a std::map: keys come out sorted by their bytes.
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace anl
