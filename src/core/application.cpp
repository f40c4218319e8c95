#include "core/application.h"

#include "core/file_name.h"
#include "core/text.h"

#include <cstdio>

namespace anl {
namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads digits from s[i..] into out; returns how many were read.
int read_number(const std::string& s, size_t& i, int& out) {
    int n = 0;
    out = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && n < 5) {
        out = out * 10 + (s[i] - '0');
        i++;
        n++;
    }
    return n;
}

std::string strip_spaces(const std::string& s) {
    std::string out;
    for (char c : s)
        if (c != ' ' && c != '\t')
            out += c;
    return out;
}

void check_text(std::vector<FieldError>& errors, const char* field, const std::string& value, size_t max_chars,
                bool multiline) {
    const std::string t = trim(value);
    if (t.empty())
        errors.push_back({field, std::string("error.") + field + ".required"});
    else if (!is_valid_utf8(t) || has_control_chars(t, multiline))
        errors.push_back({field, std::string("error.") + field + ".invalid"});
    else if (utf8_length(t) > max_chars)
        errors.push_back({field, std::string("error.") + field + ".too_long"});
}

} // namespace

std::optional<Date> parse_date(const std::string& text) {
    std::string s = strip_spaces(trim(text));
    // Phone number pads (inputmode=numeric on iOS) have no dot: 31031985 means 31.03.1985.
    if (s.size() == 8 && s.find_first_not_of("0123456789") == std::string::npos)
        s = s.substr(0, 2) + "." + s.substr(2, 2) + "." + s.substr(4);
    size_t i = 0;
    int a = 0, b = 0, c = 0;
    const int na = read_number(s, i, a);
    if (i >= s.size()) return std::nullopt;
    const char sep = s[i++];
    const int nb = read_number(s, i, b);
    if (i >= s.size() || s[i++] != sep) return std::nullopt;
    const int nc = read_number(s, i, c);
    if (i != s.size()) return std::nullopt;

    Date d;
    if (sep == '-' && na == 4 && nb >= 1 && nb <= 2 && nc >= 1 && nc <= 2)
        d = {a, b, c};                                   // ISO 1990-04-01
    else if ((sep == '.' || sep == '/' || sep == ',') && na >= 1 && na <= 2 && nb >= 1 && nb <= 2 && nc == 4)
        d = {c, b, a};                                   // Swiss 01.04.1990
    else
        return std::nullopt;
    if (d.year < 1000 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > days_in_month(d.year, d.month))
        return std::nullopt;
    return d;
}

int age_on(const Date& birth, const Date& today) {
    int age = today.year - birth.year;
    if (today.month < birth.month || (today.month == birth.month && today.day < birth.day))
        age--;
    return age;
}

std::string format_iso_date(const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::vector<FieldError> validate_application(const Application& app, const Date& today) {
    std::vector<FieldError> errors;
    check_text(errors, "full_name", app.full_name, kMaxNameChars, false);

    if (trim(app.birth_date).empty()) {
        errors.push_back({"birth_date", "error.birth_date.required"});
    } else if (auto d = parse_date(app.birth_date); !d) {
        errors.push_back({"birth_date", "error.birth_date.invalid"});
    } else if (today < *d) {
        errors.push_back({"birth_date", "error.birth_date.future"});
    } else if (age_on(*d, today) > 120) {
        errors.push_back({"birth_date", "error.birth_date.implausible"});
    }

    check_text(errors, "message", app.message, kMaxMessageChars, true);

    if (app.attachment && app.attachment->data.size() > kMaxAttachmentBytes)
        errors.push_back({"attachment", "error.attachment.too_large"});
    return errors;
}

std::string canonical_json(const nlohmann::json& doc) {
    // nlohmann's object is a std::map: keys come out sorted by their bytes.
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json answers_document(const Application& app) {
    const auto date = parse_date(app.birth_date);
    nlohmann::json doc = {
        {"form", kMinimalFormId},
        {"form_version", kMinimalFormVersion},
        {"language", app.language},
        {"answers",
         {{"full_name", trim(app.full_name)},
          {"birth_date", date ? format_iso_date(*date) : trim(app.birth_date)},
          {"message", trim(app.message)}}},
        {"attachments", nlohmann::json::array()},
    };
    if (app.attachment)
        doc["attachments"].push_back({{"part", 1},
                                      {"name", app.attachment->name},
                                      {"media_type", app.attachment->media_type},
                                      {"size", app.attachment->data.size()}});
    return doc;
}

std::vector<Part> submission_parts(const Application& app) {
    std::vector<Part> parts;
    parts.push_back({PartType::Answers, to_bytes(canonical_json(answers_document(app)))});
    if (app.attachment)
        parts.push_back({PartType::Attachment, app.attachment->data});
    return parts;
}

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
    const nlohmann::json list = r.answers.value("attachments", nlohmann::json::array());
    if (!list.is_array() || list.size() != parts.size() - 1) {
        r.error = "attachments_mismatch";
        return r;
    }
    for (size_t i = 0; i < list.size(); i++) {
        const nlohmann::json& a = list[i];
        const bool part_ok = a.is_object() && a.contains("part") && a["part"].is_number_integer() &&
                             a["part"].get<int64_t>() == int64_t(i + 1);
        if (!part_ok || !a.contains("name") || !a["name"].is_string()) {
            r.error = "attachments_mismatch";
            r.attachments.clear();
            return r;
        }
        const std::string type = a.contains("media_type") && a["media_type"].is_string()
                                     ? a["media_type"].get<std::string>() : "";
        r.attachments.push_back({sanitize_file_name(a["name"].get<std::string>()),
                                 type.empty() ? "application/octet-stream" : type,
                                 std::move(parts[i + 1].plaintext)});
    }
    return r;
}

} // namespace anl
