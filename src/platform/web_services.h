// The application's services (src/app/services.h) as the browser provides them.
#pragma once
#include "app/services.h"

namespace platform {

class WebHttp : public app::Http {
public:
    void send(const std::string& method, const std::string& url, const app::HttpHeaders& headers,
              const anl::Bytes& body, app::HttpDone done) override;
};

// localStorage, or with `tab` sessionStorage.
class WebStorage : public app::Storage {
public:
    explicit WebStorage(bool tab = false) : tab_(tab) {}
    std::string get(const std::string& key) override;
    void put(const std::string& key, const std::string& value) override;
    void remove(const std::string& key) override;

private:
    bool tab_;
};

class WebClock : public app::Clock {
public:
    anl::Date today() const override;
    std::string now_iso() const override;
    double seconds() const override;
};

class WebTasks : public app::Tasks {
public:
    void after_paint(std::function<void()> fn) override;
    void after_seconds(double seconds, std::function<void()> fn) override;
};

class WebHistory : public app::History {
public:
    void replace(int index) override;
    void push(int index) override;
    void go(int delta) override;
};

class WebDevice : public app::Device {
public:
    bool kiosk() const override;
    double idle_seconds() const override;
    void copy_to_clipboard(const std::string& text) override;
    void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data) override;
    void fresh_start() override;
};

// One of each, for main.cpp to hand to the flows.
struct WebWorld {
    WebHttp http;
    WebStorage storage;
    WebClock clock;
    WebTasks tasks;
    WebDevice device;
    WebHistory history;
    WebStorage tab{true};
    app::Services services{http, storage, clock, tasks, device, history, tab};
};

} // namespace platform
