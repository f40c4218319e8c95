// The upload client against a tus server kept in the test: it records what arrived and answers
// as server/uploads.py does (offsets, checksums, the item once whole), and the test cuts the
// connection, corrupts chunks and loses replies where it chooses.
#include "app/case_upload.h"
#include "core/digest.h"
#include "fake_services.h"

#include <catch2/catch.hpp>

namespace {

const std::string kBase = "/api/cases/ABCD/uploads";
const std::string kUrl = kBase + "/0123456789abcdef0123456789abcdef";

anl::Bytes sample(size_t n) {
    anl::Bytes b(n);
    for (size_t i = 0; i < n; i++)
        b[i] = uint8_t(i * 7 + (i >> 9));
    return b;
}

// What the server holds, and its answers.
struct TusServer {
    explicit TusServer(fake::Http& h) : http(h) {}
    fake::Http& http;
    uint64_t length = 0;
    anl::Bytes stored;
    std::string item;

    app::HttpReply with_offset(int status) const {
        app::HttpReply r{status, {}, 0, {{"upload-offset", std::to_string(stored.size())}}};
        if (!item.empty())
            r.headers["anl-item"] = item;
        return r;
    }
    // Answers the next request as the server would.
    fake::Request answer() {
        const fake::Request& q = http.next();
        if (q.method == "POST") {
            length = std::stoull(q.headers.at("Upload-Length"));
            return http.reply_with({201, {}, 0, {{"location", kUrl}}});
        }
        if (q.method == "HEAD")
            return http.reply_with(with_offset(200));
        if (q.method == "DELETE")
            return http.reply(204);
        REQUIRE(q.method == "PATCH");
        if (std::stoull(q.headers.at("Upload-Offset")) != stored.size())
            return http.reply_with(with_offset(409));
        if (q.headers.at("Upload-Checksum") != "sha256 " + anl::to_base64(anl::sha256(q.body)))
            return http.reply_with(with_offset(460));
        stored.insert(stored.end(), q.body.begin(), q.body.end());
        if (stored.size() == length)
            item = "fedcba9876543210fedcba9876543210";
        return http.reply_with(with_offset(204));
    }
    void answer_all() {
        while (!http.pending.empty())
            answer();
    }
};

struct Run {
    fake::World world;
    app::CaseUpload upload{world.http, world.clock, world.tasks};
    TusServer server{world.http};
    std::vector<app::UploadProgress> progress;
    int done_calls = 0;
    std::string error = "none", item;

    void start(const anl::Bytes& envelope) {
        upload.start("ABCD", "token", envelope, [this](const app::UploadProgress& p) { progress.push_back(p); },
                     [this](const std::string& e, const std::string& i) {
                         done_calls++;
                         error = e;
                         item = i;
                     });
    }
};

} // namespace

TEST_CASE("an upload is created with its length and sent in checksummed chunks", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(2 * app::CaseUpload::kChunkSize + 1000);
    run.start(envelope);
    const fake::Request& create = run.world.http.next();
    CHECK(create.method == "POST");
    CHECK(create.url == kBase);
    CHECK(create.headers.at("Tus-Resumable") == "1.0.0");
    CHECK(create.headers.at("Authorization") == "Bearer token");
    CHECK(create.headers.at("Upload-Length") == std::to_string(envelope.size()));
    run.server.answer();
    CHECK(run.world.http.next().url == kUrl);
    CHECK(run.world.http.next().headers.at("Content-Type") == "application/offset+octet-stream");
    run.server.answer_all();

    CHECK(run.done_calls == 1);
    CHECK(run.error.empty());
    CHECK(run.item == "fedcba9876543210fedcba9876543210");
    CHECK(run.server.stored == envelope);
    CHECK(run.world.http.sent.size() == 4);   // create and three chunks
    REQUIRE(run.progress.size() == 2);        // after each chunk but the last (then done)
    CHECK(run.progress[0].sent == app::CaseUpload::kChunkSize);
    CHECK(run.progress[1].sent == 2 * app::CaseUpload::kChunkSize);
    CHECK(run.progress[1].total == envelope.size());
    CHECK_FALSE(run.upload.busy());
}

TEST_CASE("time left comes from the rate of the acknowledged bytes", "[case_upload]") {
    Run run;
    run.start(sample(4 * app::CaseUpload::kChunkSize));
    run.server.answer();          // created at t = 0
    run.world.elapse(2);
    run.server.answer();          // one chunk of four in 2 s: 6 s to go
    REQUIRE(run.progress.size() == 1);
    CHECK(run.progress[0].seconds_left == Approx(6.0));
    CHECK_FALSE(run.progress[0].retrying);
}

TEST_CASE("a connection cut in the middle resumes from the server's offset", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(3 * app::CaseUpload::kChunkSize);
    run.start(envelope);
    run.server.answer();
    run.server.answer();                       // chunk 1 arrives
    run.world.http.reply(0);                   // chunk 2: the connection breaks
    REQUIRE_FALSE(run.progress.empty());
    CHECK(run.progress.back().retrying);
    CHECK(run.progress.back().seconds_left < 0);
    CHECK(run.world.http.pending.empty());     // a pause before asking again
    run.world.elapse(1);
    run.world.http.reply(0);                   // HEAD: still offline
    run.world.elapse(1.5);
    CHECK(run.world.http.pending.empty());     // the second pause is longer (2 s)
    run.world.elapse(0.5);
    CHECK(run.world.http.next().method == "HEAD");
    run.server.answer();                       // the server has one chunk
    CHECK_FALSE(run.progress.back().retrying);
    CHECK(run.world.http.next().headers.at("Upload-Offset") == std::to_string(app::CaseUpload::kChunkSize));
    run.server.answer_all();
    CHECK(run.error.empty());
    CHECK(run.server.stored == envelope);
}

TEST_CASE("a chunk whose reply was lost is not sent twice", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(2 * app::CaseUpload::kChunkSize);
    run.start(envelope);
    run.server.answer();
    // The server keeps chunk 1 but its reply never arrives.
    fake::Request patch = run.world.http.pending.front();
    run.world.http.pending.pop_front();
    run.server.stored.assign(patch.body.begin(), patch.body.end());
    patch.done(app::HttpReply{503, {}, 0, {}});
    run.world.elapse(1);
    run.server.answer();                       // HEAD: offset one chunk
    run.server.answer_all();
    CHECK(run.error.empty());
    CHECK(run.server.stored == envelope);
}

TEST_CASE("the last chunk's reply lost: HEAD names the item", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(1000);
    run.start(envelope);
    run.server.answer();
    fake::Request patch = run.world.http.pending.front();
    run.world.http.pending.pop_front();
    run.server.stored = patch.body;
    run.server.item = "00000000000000000000000000000001";
    patch.done(app::HttpReply{0, {}, 0, {}});
    run.world.elapse(1);
    run.server.answer();
    CHECK(run.done_calls == 1);
    CHECK(run.item == "00000000000000000000000000000001");
    CHECK(run.world.http.pending.empty());
}

TEST_CASE("a corrupted chunk is refused and sent again; too many refusals give up", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(app::CaseUpload::kChunkSize + 10);
    run.start(envelope);
    run.server.answer();
    run.world.http.pending.front().body[5] ^= 1;   // damaged on the way
    run.server.answer();                           // 460
    CHECK(run.world.http.next().headers.at("Upload-Offset") == "0");
    run.server.answer_all();
    CHECK(run.error.empty());
    CHECK(run.server.stored == envelope);

    Run bad;
    bad.start(envelope);
    bad.server.answer();
    for (int i = 0; i <= app::CaseUpload::kMaxChecksumRetries; i++) {
        bad.world.http.pending.front().body[0] ^= 1;
        bad.server.answer();
    }
    CHECK(bad.error == "rejected");
    CHECK(bad.world.http.pending.empty());
}

TEST_CASE("an offset mismatch asks the server where it stands", "[case_upload]") {
    Run run;
    const anl::Bytes envelope = sample(2 * app::CaseUpload::kChunkSize);
    run.start(envelope);
    run.server.answer();
    run.server.stored = anl::Bytes(envelope.begin(), envelope.begin() + 100);   // the server is elsewhere
    run.server.answer();                 // 409
    CHECK(run.world.http.next().method == "HEAD");
    run.server.answer();
    CHECK(run.world.http.next().headers.at("Upload-Offset") == "100");
    run.server.answer_all();
    CHECK(run.error.empty());
    CHECK(run.server.stored == envelope);
}

TEST_CASE("the server's refusals end the upload with what happened", "[case_upload]") {
    const std::pair<int, std::string> cases[] = {{401, "no_access"}, {413, "too_large"}, {404, "expired"},
                                                 {422, "rejected"}, {400, "rejected"}};
    for (const auto& [status, error] : cases) {
        Run run;
        run.start(sample(10));
        run.server.answer();
        run.world.http.reply(status);
        CHECK(run.error == error);
        CHECK(run.done_calls == 1);
    }
    Run no_location;
    no_location.start(sample(10));
    no_location.world.http.reply(201);
    CHECK(no_location.error == "rejected");
}

TEST_CASE("cancel terminates the upload and nothing is reported after it", "[case_upload]") {
    Run run;
    run.start(sample(3 * app::CaseUpload::kChunkSize));
    run.server.answer();
    run.server.answer();
    const size_t reported = run.progress.size();
    run.upload.cancel();
    CHECK_FALSE(run.upload.busy());
    run.world.http.reply(204);                     // the chunk in flight answers late
    const fake::Request& del = run.world.http.next();
    CHECK(del.method == "DELETE");
    CHECK(del.url == kUrl);
    run.server.answer();
    CHECK(run.world.http.pending.empty());
    CHECK(run.progress.size() == reported);
    CHECK(run.done_calls == 0);
}
