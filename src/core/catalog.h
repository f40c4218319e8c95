// Translation catalog: every word an applicant sees comes from assets/i18n/<lang>.json.
// Format: {"meta": {"language": "de", "name": "Deutsch", "dir": "ltr"}, "strings": {"key": "text"}}.
// Placeholders are written {name} and filled by format(); a number argument may also choose a
// plural form, ICU style: "{count, plural, one {# file} other {# files}}" (core/plural.h).
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace anl {

class Catalog {
public:
    // False (and the catalog unchanged) when the text is not a valid catalog.
    bool load(const std::string& json_text);
    // Adds the strings of another catalog (a form's texts) to this one; its meta is ignored.
    // False (and nothing added) when the text is not a valid catalog.
    bool add(const std::string& json_text);
    bool has(const std::string& key) const { return strings_.count(key) != 0; }
    // Falls back to the key itself, so a missing string is visible, never blank. The reference
    // stays valid as long as the catalog lives.
    const std::string& get(const std::string& key) const;
    std::string format(const std::string& key, const std::vector<std::pair<std::string, std::string>>& args) const;
    const std::string& language() const { return language_; }
    const std::string& direction() const { return direction_; }
    const std::string& script() const { return script_; }  // latin, cyrillic, ethiopic, arabic
    // meta.machine_translated: made by a machine and not yet reviewed (the page says so).
    bool machine_translated() const { return machine_translated_; }
    std::vector<std::string> keys() const;

private:
    std::map<std::string, std::string> strings_;
    std::string language_, direction_ = "ltr", script_ = "latin";
    bool machine_translated_ = false;
    mutable std::map<std::string, std::string> missing_;  // node-based: references stay valid
};

} // namespace anl
