// Mode, URL, document language, theme and local time. See page.h.
#include "platform/page.h"

#include <algorithm>

extern "C" {  // web/js/page.js
int anl_page_mode(char* out, int cap);
int anl_url_language(char* out, int cap);
int anl_browser_languages(char* out, int cap);
int anl_url_flag(const char* name);
int anl_now_iso(char* out, int cap);
int anl_today_ymd();
int anl_format_local_time(const char* iso, int with_time, char* out, int cap);
void anl_set_document_language(const char* lang, const char* dir);
int anl_prefers_high_contrast();
void anl_set_page_theme(int high_contrast);
void anl_set_document_title(const char* title);
void anl_open_link(const char* href);
}

namespace platform {
namespace {

// A string JS writes into a buffer: `fn(buffer, capacity)` returns the bytes written.
template <class Fn>
std::string js_string(Fn fn) {
    char buf[256];
    const int n = fn(buf, int(sizeof buf));
    return std::string(buf, size_t(n > 0 ? n : 0));
}

} // namespace

std::string page_mode() { return js_string(anl_page_mode); }
std::string url_language() { return js_string(anl_url_language); }

std::vector<std::string> browser_languages() {
    const std::string list = js_string(anl_browser_languages);  // "fr-CH,fr,en"
    std::vector<std::string> out;
    for (size_t at = 0; at < list.size();) {
        const size_t comma = std::min(list.find(',', at), list.size());
        if (comma > at)
            out.push_back(list.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}
std::string now_iso() { return js_string(anl_now_iso); }
bool url_flag(const std::string& name) { return anl_url_flag(name.c_str()) != 0; }
int today_ymd() { return anl_today_ymd(); }

std::string format_local_time(const std::string& iso_utc) {
    return js_string([&](char* out, int cap) { return anl_format_local_time(iso_utc.c_str(), 1, out, cap); });
}

std::string format_local_date(const std::string& iso_utc) {
    return js_string([&](char* out, int cap) { return anl_format_local_time(iso_utc.c_str(), 0, out, cap); });
}

bool prefers_high_contrast() { return anl_prefers_high_contrast() != 0; }

void set_page_theme(bool high_contrast) {
    static int current = -1;
    if (current == int(high_contrast))
        return;
    current = int(high_contrast);
    anl_set_page_theme(current);
}

void set_document_title(const std::string& title) {
    static std::string current;
    if (title == current)
        return;
    current = title;
    anl_set_document_title(title.c_str());
}

void open_link(const std::string& href) { anl_open_link(href.c_str()); }

void set_document_language(const std::string& lang, const std::string& dir) {
    anl_set_document_language(lang.c_str(), dir.c_str());
}

} // namespace platform
