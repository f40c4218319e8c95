#include "platform/web_services.h"

#include "platform/history.h"
#include "platform/io.h"
#include "platform/loop.h"
#include "platform/page.h"

#include <emscripten.h>

namespace platform {

void WebHttp::send(const std::string& method, const std::string& url, const app::HttpHeaders& headers,
                   const anl::Bytes& body, app::HttpDone done) {
    http(method, url, headers, body, std::move(done));
}

std::string WebStorage::get(const std::string& key) { return stored(key, tab_); }
void WebStorage::put(const std::string& key, const std::string& value) { store(key, value, tab_); }
void WebStorage::remove(const std::string& key) { unstore(key, tab_); }

anl::Date WebClock::today() const {
    const int ymd = today_ymd();
    return {ymd / 10000, ymd / 100 % 100, ymd % 100};
}
std::string WebClock::now_iso() const { return platform::now_iso(); }
double WebClock::seconds() const { return emscripten_get_now() / 1000.0; }

void WebTasks::after_paint(std::function<void()> fn) { platform::after_paint(std::move(fn)); }
void WebTasks::after_seconds(double seconds, std::function<void()> fn) {
    platform::after_seconds(seconds, std::move(fn));
}

void WebHistory::replace(int index) { history_replace(index); }
void WebHistory::push(int index) { history_push(index); }
void WebHistory::go(int delta) { history_go(delta); }

bool WebDevice::kiosk() const { return url_flag("kiosk"); }
double WebDevice::idle_seconds() const { return platform::idle_seconds(); }
void WebDevice::copy_to_clipboard(const std::string& text) { platform::copy_to_clipboard(text); }
void WebDevice::download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data) {
    platform::download(file_name, media_type, data);
}
void WebDevice::fresh_start() { platform::fresh_start(); }

} // namespace platform
