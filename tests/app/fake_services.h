// In-memory stand-ins for the world (src/app/services.h), so tests walk the flows natively.
// FakeHttp keeps requests until the test answers them: a test sees exactly what the flow sent
// (method, URL, headers, body) and decides what the server says, in the order it chooses.
#pragma once
#include "app/services.h"

#include <algorithm>
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
        return reply_with({status, body, retry_after, {}});
    }
    // Answers the oldest pending request with a whole reply (headers too).
    Request reply_with(const app::HttpReply& reply) {
        if (pending.empty())
            throw std::logic_error("no pending request to answer");
        Request r = std::move(pending.front());
        pending.pop_front();
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
    double seconds() const override { return t; }
    anl::Date date{2026, 12, 2};
    double t = 0;   // World::elapse moves it on
    std::string iso = "2026-12-02T08:00:00.000Z";
};

// after_paint work waits until the test says the page painted (run()); timers until the test
// lets time pass (World::elapse).
class Tasks : public app::Tasks {
public:
    void after_paint(std::function<void()> fn) override { queue.push_back(std::move(fn)); }
    void after_seconds(double seconds, std::function<void()> fn) override {
        timers.push_back({now + seconds, std::move(fn)});
    }
    // Moves time on by `seconds`, running each timer that comes due, in the order they come due
    // (a timer a timer sets runs too, if it is due by then).
    void advance(double seconds) {
        const double until = now + seconds;
        for (;;) {
            auto due = timers.end();
            for (auto it = timers.begin(); it != timers.end(); ++it)
                if (it->due <= until && (due == timers.end() || it->due < due->due))
                    due = it;
            if (due == timers.end())
                break;
            pass(std::max(now, due->due));
            auto fn = std::move(due->fn);
            timers.erase(due);
            fn();
        }
        pass(until);
    }
    struct Timer {
        double due;
        std::function<void()> fn;
    };
    double now = 0;
    std::vector<Timer> timers;
    std::function<void(double)> on_pass;   // told how much time passed, before each timer runs
    void pass(double to) {
        if (on_pass && to > now)
            on_pass(to - now);
        now = std::max(now, to);
    }
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
    double idle_seconds() const override { return idle; }
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
    double idle = 0;              // World::elapse adds to it; a touch (touch()) sets it to 0
    void touch() { idle = 0; }
    std::string clipboard;
    std::vector<Download> downloads;
    int fresh_starts = 0;
};

// The browser's history as a list of entries (each holds its index) and the current one.
// go() moves like the browser and, as the browser does, tells the flow afterwards: the test
// calls moved() to deliver that, as the platform would after its popstate.
class History : public app::History {
public:
    void replace(int index) override {
        if (entries.empty())
            entries.push_back(index);
        else
            entries[at] = index;
    }
    void push(int index) override {
        if (!entries.empty())
            entries.resize(at + 1);
        entries.push_back(index);
        at = entries.size() - 1;
    }
    void go(int delta) override { pending_moves.push_back(delta); }
    // The browser's Back and Forward buttons: the entry moves; returns the index the flow is told.
    int back() { return move(-1); }
    int forward() { return move(+1); }
    // Carries out go() calls the flow made; returns how many.
    template <class Flow>
    int settle(Flow& flow) {
        int n = 0;
        while (!pending_moves.empty()) {
            const int delta = pending_moves.front();
            pending_moves.erase(pending_moves.begin());
            flow.history_moved(move(delta));
            n++;
        }
        return n;
    }
    int current() const { return entries.empty() ? -1 : entries[at]; }
    std::vector<int> entries;
    size_t at = 0;
    std::vector<int> pending_moves;

private:
    int move(int delta) {
        const long to = long(at) + delta;
        if (to < 0 || to >= long(entries.size()))
            throw std::logic_error("no history entry there");
        at = size_t(to);
        return entries[at];
    }
};

// One of each, wired together.
struct World {
    Http http;
    Storage storage;
    Clock clock;
    Tasks tasks;
    Device device;
    History history;
    Storage tab;
    app::Services services{http, storage, clock, tasks, device, history, tab};

    World() {
        tasks.on_pass = [this](double seconds) {
            device.idle += seconds;
            clock.t += seconds;
        };
    }
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Time passes with nobody touching the page (the device's idle time grows with it).
    void elapse(double seconds) { tasks.advance(seconds); }
};

} // namespace fake
