// The fakes themselves: a flow test is only as good as the world it runs in.
#include "app/http_reply.h"
#include "fake_services.h"

#include <catch2/catch.hpp>

TEST_CASE("fake HTTP keeps requests until the test answers them, oldest first") {
    fake::World w;
    std::vector<int> got;
    w.http.send("GET", "/a", {}, {}, [&](const app::HttpReply& r) { got.push_back(r.status); });
    w.http.send("PUT", "/b", {{"X", "1"}}, anl::to_bytes("x"), [&](const app::HttpReply& r) { got.push_back(r.status); });
    CHECK(got.empty());
    CHECK(w.http.next().url == "/a");
    w.http.reply(200, std::string("{\"error\":\"nope\"}"));
    const fake::Request second = w.http.reply(404);
    CHECK(second.headers.at("X") == "1");
    CHECK(got == std::vector<int>{200, 404});
    CHECK(w.http.sent == std::vector<std::string>{"GET /a", "PUT /b"});
    CHECK_THROWS(w.http.reply(200));
}

TEST_CASE("fake tasks run only when the test says the page painted, including work they queue") {
    fake::World w;
    int ran = 0;
    w.tasks.after_paint([&] { ran++; w.tasks.after_paint([&] { ran++; }); });
    CHECK(ran == 0);
    CHECK(w.tasks.run() == 2);
    CHECK(ran == 2);
}

TEST_CASE("replies are read as JSON, and failures as what to tell the user") {
    const app::HttpReply bad{400, anl::to_bytes("{\"error\":\"invalid_code\"}"), 0, {}};
    CHECK(app::error_code(bad) == "invalid_code");
    CHECK(app::http_error_key(bad) == "error.rejected");
    CHECK(app::http_error_key({0, {}, 0, {}}) == "error.network");
    CHECK(app::http_error_key({429, {}, 3, {}}) == "error.too_many_attempts");
    CHECK(app::error_code({200, anl::to_bytes("not json"), 0, {}}).empty());
}
