// fetch, picked files, downloads, the clipboard and localStorage. See io.h.
#include "platform/io.h"

#include "platform/backend.h"
#include "platform/loop.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>

extern "C" {  // web/js/io.js
void anl_file_pick(unsigned id, const char* accept, double max_bytes);
void anl_fetch(int request_id, const char* method, const char* url, const char* headers_json, const uint8_t* body,
               int body_len);
void anl_download(const char* name, const char* media_type, const uint8_t* data, int len);
void anl_clipboard_write(const char* text);
char* anl_storage_get(const char* key, int tab);  // malloc'ed, or null
void anl_storage_set(const char* key, const char* value, int tab);
}

namespace platform {
namespace {

struct Io {
    backend::Pending<HttpCallback> requests;
    std::map<unsigned, PickedFile> picked;
};

Io& IO() {
    static Io io;
    return io;
}

} // namespace

void backend::pick_file(const Target& t) { anl_file_pick(t.id, t.accept.c_str(), t.max_bytes); }

void http(const std::string& method, const std::string& url, const std::map<std::string, std::string>& headers,
          const anl::Bytes& body, HttpCallback done) {
    const int id = IO().requests.add(std::move(done));
    const std::string h = nlohmann::json(headers).dump();
    anl_fetch(id, method.c_str(), url.c_str(), h.c_str(), body.data(), int(body.size()));
}

bool take_picked_file(unsigned id, PickedFile& out, double max_bytes) {
    Io& io = IO();
    auto it = io.picked.find(id);
    if (it == io.picked.end())
        return false;
    out = std::move(it->second);
    io.picked.erase(it);
    if (out.size > max_bytes) {
        out.too_large = true;
        out.data.clear();
    }
    return true;
}

void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data) {
    anl_download(file_name.c_str(), media_type.c_str(), data.data(), int(data.size()));
}

void copy_to_clipboard(const std::string& text) { anl_clipboard_write(text.c_str()); }

std::string stored(const std::string& key, bool tab) {
    char* p = anl_storage_get(key.c_str(), tab);
    if (!p)
        return "";
    std::string value(p);
    std::free(p);
    return value;
}
void store(const std::string& key, const std::string& value, bool tab) {
    anl_storage_set(key.c_str(), value.c_str(), tab);
}
void unstore(const std::string& key, bool tab) { anl_storage_set(key.c_str(), nullptr, tab); }

} // namespace platform

extern "C" {  // called from web/js/io.js

EMSCRIPTEN_KEEPALIVE void anl_on_file_picked(unsigned id, const char* name, const char* type, double size,
                                             uint8_t* data, int len) {
    platform::PickedFile f;
    f.name = name;
    f.media_type = type;
    f.size = size;
    if (data)
        f.data.assign(data, data + len);
    platform::IO().picked[id] = std::move(f);
    platform::request_frame();
}

EMSCRIPTEN_KEEPALIVE void anl_on_fetch_done(int request_id, int status, uint8_t* body, int len, int retry_after,
                                            const char* headers_json) {
    platform::HttpCallback cb = platform::IO().requests.take(request_id);
    if (!cb)
        return;
    platform::HttpResponse r;
    r.status = status;
    r.retry_after = retry_after;
    // {"name": "value"} with lower-case names, from io.js; anything else leaves no headers.
    const auto headers = nlohmann::json::parse(headers_json ? headers_json : "{}", nullptr, false);
    if (headers.is_object())
        for (const auto& [name, value] : headers.items())
            if (value.is_string())
                r.headers[name] = value.get<std::string>();
    if (body)
        r.body.assign(body, body + len);
    // A hostile or broken reply must not leave a screen stuck half-way: screens treat it as an
    // error status (they check every field), and anything that still throws lands here.
    try {
        cb(r);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "response handler failed: %s\n", e.what());
        platform::HttpResponse failed;
        failed.status = 0;
        try { cb(failed); } catch (...) {}
    }
    platform::request_frame();
}

} // extern "C"
