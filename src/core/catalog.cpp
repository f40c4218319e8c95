#include "core/catalog.h"

#include "core/plural.h"

#include <nlohmann/json.hpp>

namespace anl {

namespace {

// The "strings" object of a catalog document; false when any part of it is malformed.
bool read_strings(const nlohmann::json& doc, std::map<std::string, std::string>& strings) {
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("strings") || !doc["strings"].is_object())
        return false;
    for (const auto& [key, value] : doc["strings"].items()) {
        if (!value.is_string())
            return false;
        strings[key] = value.get<std::string>();
    }
    return true;
}

} // namespace

bool Catalog::add(const std::string& json_text) {
    std::map<std::string, std::string> strings;
    if (!read_strings(nlohmann::json::parse(json_text, nullptr, false), strings))
        return false;
    for (auto& [key, value] : strings)
        strings_[key] = std::move(value);
    return true;
}

bool Catalog::load(const std::string& json_text) {
    const auto doc = nlohmann::json::parse(json_text, nullptr, false);
    std::map<std::string, std::string> strings;
    if (!read_strings(doc, strings))
        return false;
    auto meta_string = [&](const char* name, const char* fallback) -> std::string {
        const auto meta = doc.value("meta", nlohmann::json::object());
        return meta.is_object() && meta.contains(name) && meta[name].is_string() ? meta[name].get<std::string>()
                                                                                 : fallback;
    };
    strings_ = std::move(strings);
    language_ = meta_string("language", "");
    direction_ = meta_string("dir", "ltr");
    script_ = meta_string("script", "latin");
    const auto meta = doc.value("meta", nlohmann::json::object());
    machine_translated_ = meta.is_object() && meta.contains("machine_translated") &&
                          meta["machine_translated"].is_boolean() && meta["machine_translated"].get<bool>();
    return true;
}

const std::string& Catalog::get(const std::string& key) const {
    auto it = strings_.find(key);
    if (it != strings_.end())
        return it->second;
    // A missing key is shown as itself. Each gets its own stable copy: a reference handed out
    // earlier must not change when another missing key is looked up (one shared scratch string did).
    return missing_.emplace(key, key).first->second;
}

std::string Catalog::format(const std::string& key, const std::vector<std::pair<std::string, std::string>>& args) const {
    std::string out = get(key);
    // Plural messages first: the branch chosen may hold further {placeholders}.
    for (const auto& [name, value] : args) {
        if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos && value.size() < 12)
            out = select_plural(out, name, std::stoll(value), language_);
    }
    for (const auto& [name, value] : args) {
        const std::string token = "{" + name + "}";
        for (size_t at = out.find(token); at != std::string::npos; at = out.find(token, at + value.size()))
            out.replace(at, token.size(), value);
    }
    return out;
}

std::vector<std::string> Catalog::keys() const {
    std::vector<std::string> out;
    for (const auto& kv : strings_)
        out.push_back(kv.first);
    return out;
}

} // namespace anl
