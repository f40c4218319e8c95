#include "core/language_choice.h"

#include <algorithm>
#include <cctype>

namespace anl {

std::string choose_language(const std::vector<std::string>& browser, const std::vector<std::string>& offered,
                            const std::string& fallback) {
    for (const std::string& tag : browser) {
        std::string primary = tag.substr(0, tag.find_first_of("-_"));
        std::transform(primary.begin(), primary.end(), primary.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (primary.empty())
            continue;
        if (std::find(offered.begin(), offered.end(), primary) != offered.end())
            return primary;
    }
    return fallback;
}

} // namespace anl
