// The world as the application logic sees it: a few small interfaces, implemented by the browser
// platform (src/platform/web_services.cpp) and, in tests, by plain in-memory fakes
// (tests/app/fake_services.h). Nothing in src/app includes ImGui, Emscripten or src/platform; a
// flow reaches the network, browser storage, the clock and the page only through these.
#pragma once
#include "core/date.h"
#include "core/encoding.h"

#include <functional>
#include <map>
#include <string>

namespace app {

// ------------------------------------------------------------------ HTTP
using HttpHeaders = std::map<std::string, std::string>;
struct HttpReply {
    int status = 0;            // 0: network error
    anl::Bytes body;
    int retry_after = 0;       // seconds, from a Retry-After header (429, 503); 0: none
    HttpHeaders headers;       // the reply's headers, names in lower case (tus: upload-offset, location)
    std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? "" : it->second;
    }
};
using HttpDone = std::function<void(const HttpReply&)>;

class Http {
public:
    virtual ~Http() = default;
    // Sends one request; `done` runs later (never inside send), once, with the reply.
    virtual void send(const std::string& method, const std::string& url, const HttpHeaders& headers,
                      const anl::Bytes& body, HttpDone done) = 0;
};

// ------------------------------------------------------------------ storage
// This browser's storage. get gives "" when the key is absent or storage is unavailable; a put
// that fails is ignored (the page only cannot remember). Two of them: `storage` lasts (the
// applicant's own device keeps a sealed draft there), `tab` lasts only as long as this tab
// (sessionStorage: the confirmation survives a reload until "finish").
class Storage {
public:
    virtual ~Storage() = default;
    virtual std::string get(const std::string& key) = 0;
    virtual void put(const std::string& key, const std::string& value) = 0;
    virtual void remove(const std::string& key) = 0;
};

// ------------------------------------------------------------------ time
class Clock {
public:
    virtual ~Clock() = default;
    virtual anl::Date today() const = 0;           // local date
    virtual std::string now_iso() const = 0;       // UTC, "2026-11-25T09:30:00.000Z"
    virtual double seconds() const = 0;            // monotonic, from an arbitrary start: for rates
};

// ------------------------------------------------------------------ deferred work
// Slow work (Argon2id, sealing photos) runs after the page had a chance to paint the "one
// moment" state that the flow shows first.
class Tasks {
public:
    virtual ~Tasks() = default;
    virtual void after_paint(std::function<void()> fn) = 0;
    // Runs `fn` once, `seconds` from now (a timer; the page draws again after it ran).
    virtual void after_seconds(double seconds, std::function<void()> fn) = 0;
};

// ------------------------------------------------------------------ the browser's history
// Each page of a flow is an entry in the browser's history, so that the browser's Back and
// Forward move between pages instead of leaving the service. An entry holds only its index
// (0 = the page the tab opened on); the flow keeps what each index means. When the person moves
// through the history, the platform calls the flow's history_moved(index).
class History {
public:
    virtual ~History() = default;
    virtual void replace(int index) = 0;   // the current entry becomes `index`
    virtual void push(int index) = 0;      // a new entry `index` after the current one
    virtual void go(int delta) = 0;        // as the browser's Back (-1) and Forward (+1) do
};

// ------------------------------------------------------------------ the device
class Device {
public:
    virtual ~Device() = default;
    virtual bool kiosk() const = 0;                              // ?kiosk=1: the office's kiosk
    // Seconds since the person last touched, clicked, scrolled or typed on this page.
    virtual double idle_seconds() const = 0;
    virtual void copy_to_clipboard(const std::string& text) = 0;
    virtual void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data) = 0;
    // Drops everything the page holds (wasm memory, DOM, JS state) and starts a fresh instance
    // on its start page: after "finish" on a shared device or kiosk, and after a staff "lock".
    virtual void fresh_start() = 0;
};

// Everything a flow may reach, handed to it when it is made.
struct Services {
    Http& http;
    Storage& storage;
    Clock& clock;
    Tasks& tasks;
    Device& device;
    History& history;
    Storage& tab;
};

} // namespace app
