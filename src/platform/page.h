// The page and its document: mode, URL, language and direction, theme, local time.
// web/js/page.js is its JS half.
#pragma once
#include <string>
#include <vector>

namespace platform {

std::string page_mode();                 // <body data-mode="applicant|staff">
std::string url_language();              // ?lang=xx, "" when absent
std::vector<std::string> browser_languages();  // navigator.languages, most wanted first
bool url_flag(const std::string& name);   // ?kiosk=1 and the like
int today_ymd();                          // local date as YYYYMMDD
std::string now_iso();                    // UTC time, "2026-11-25T09:30:00.000Z"
std::string format_local_time(const std::string& iso_utc);
std::string format_local_date(const std::string& iso_utc);   // the date alone
void set_document_language(const std::string& lang, const std::string& dir);
// document.title (what a screen reader says first, the tab and the browser history show); only
// written when it changes.
void set_document_title(const std::string& title);
// Goes to an address the browser hands to another app (tel:), from the frame after a tap.
void open_link(const std::string& href);
// The user's system asks for more contrast (prefers-contrast: more, or forced colours).
bool prefers_high_contrast();
// Styles the DOM parts (text overlay, page background) to match the canvas theme.
void set_page_theme(bool high_contrast);

} // namespace platform
