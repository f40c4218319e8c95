// In-memory stand-ins for the world (src/app/services.h), so tests walk the flows natively.
// FakeHttp keeps requests until the test answers them: a test sees exactly what the flow sent
// (method, URL, headers, body) and decides what the server says, in the order it chooses.
#pragma once
#include "app/services.h"

#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

namespace fake {

struct Request {
    std::string method, url;
    app::HttpHeaders headers;
    anl::Bytes body;
    app::HttpDone done;
};

class Http : public app::Http {
public:
    void send(const std::string& method, const std::string& url, const app::HttpHeaders& headers,
              const anl::Bytes& body, app::HttpDone done) override {
        pending.push_back({method, url, headers, body, std::move(done)});
        sent.push_back(method + " " + url);
    }
    // Answers the oldest pending request; throws when there is none (the test expected one).
    Request reply(int status, const anl::Bytes& body = {}, int retry_after = 0) {
        if (pending.empty())
            throw std::logic_error("no pending request to answer");
        Request r = std::move(pending.front());
        pending.pop_front();
        app::HttpReply reply{status, body, retry_after};
        r.done(reply);
        return r;
    }
    Request reply(int status, const std::string& body) { return reply(status, anl::to_bytes(body)); }
    const Request& next() const {
        if (pending.empty())
            throw std::logic_error("no pending request");
        return pending.front();
    }
    std::deque<Request> pending;
    std::vector<std::string> sent;   // "PUT /api/drafts/..." in order, answered or not
};

class Storage : public app::Storage {
public:
    std::string get(const std::string& key) override {
        auto it = items.find(key);
        return it == items.end() ? "" : it->second;
    }
    void put(const std::string& key, const std::string& value) override { items[key] = value; }
    void remove(const std::string& key) override { items.erase(key); }
    std::map<std::string, std::string> items;
};

class Clock : public app::Clock {
public:
    anl::Date today() const override { return date; }
    std::string now_iso() const override { return iso; }
    anl::Date date{2026, 12, 2};
    std::string iso = "2026-12-02T08:00:00.000Z";
};

// after_paint work waits until the test says the page painted (run()).
class Tasks : public app::Tasks {
public:
    void after_paint(std::function<void()> fn) override { queue.push_back(std::move(fn)); }
    // Runs queued work, including work queued by that work; returns how many ran.
    int run() {
        int n = 0;
        while (!queue.empty()) {
            auto fn = std::move(queue.front());
            queue.pop_front();
            fn();
            n++;
        }
        return n;
    }
    std::deque<std::function<void()>> queue;
};

class Device : public app::Device {
public:
    bool kiosk() const override { return is_kiosk; }
    void copy_to_clipboard(const std::string& text) override { clipboard = text; }
    void download(const std::string& name, const std::string& type, const anl::Bytes& data) override {
        downloads.push_back({name, type, data});
    }
    void fresh_start() override { fresh_starts++; }
    struct Download {
        std::string name, media_type;
        anl::Bytes data;
    };
    bool is_kiosk = false;
    std::string clipboard;
    std::vector<Download> downloads;
    int fresh_starts = 0;
};

// One of each, wired together.
struct World {
    Http http;
    Storage storage;
    Clock clock;
    Tasks tasks;
    Device device;
    app::Services services{http, storage, clock, tasks, device};
};

} // namespace fake
