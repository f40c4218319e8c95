// One sealed envelope v2 (an applicant's document, or a message with attachments) sent to the
// case through tus 1.0 (docs/API.md, "Uploads"): created with its length, then sent in chunks,
// each with the SHA-256 of its bytes. The server acknowledges each chunk by its new offset, so a
// connection that breaks off costs at most the chunk in flight: after a pause the upload asks the
// server where it stands (HEAD) and goes on from there. A chunk the server refuses as corrupted
// is sent again. The item exists only once the server has the whole envelope and found it valid.
#pragma once
#include "app/services.h"

#include <cstdint>
#include <functional>
#include <string>

namespace app {

struct UploadProgress {
    uint64_t sent = 0, total = 0;   // bytes of the envelope acknowledged by the server
    double seconds_left = -1;       // -1: not known yet
    bool retrying = false;          // the connection was lost; it resumes by itself
};

class CaseUpload {
public:
    CaseUpload(Http& http, Clock& clock, Tasks& tasks) : http_(http), clock_(clock), tasks_(tasks) {}
    CaseUpload(const CaseUpload&) = delete;
    CaseUpload& operator=(const CaseUpload&) = delete;

    // error "": done, item_id is the new item. Else "rejected" (the server refused the envelope
    // or a chunk too often), "no_access" (401: the case token), "too_large" (413), "expired"
    // (the upload is gone from the server: 404 or 410).
    using Done = std::function<void(const std::string& error, const std::string& item_id)>;
    using Progress = std::function<void(const UploadProgress&)>;

    void start(const std::string& locator, const std::string& token_b64url, anl::Bytes envelope, Progress progress,
               Done done);
    // tus termination (the server drops what it has); no callback after it.
    void cancel();
    bool busy() const { return busy_; }
    const UploadProgress& progress() const { return progress_; }

    // Bytes per PATCH: on a phone at 1 Mbit/s one chunk takes about two seconds, so a cut
    // connection loses little and the progress bar moves.
    static constexpr size_t kChunkSize = 256 * 1024;
    // Pauses before asking again after a lost connection: 1, 2, 4 ... at most 30 seconds.
    static constexpr double kMaxPauseSeconds = 30;
    // A chunk refused as corrupted this many times in a row: the envelope is given up.
    static constexpr int kMaxChecksumRetries = 5;

private:
    void create();
    void send_chunk();
    void ask_offset();                   // HEAD: where the server stands
    void lost_connection(std::function<void()> then);
    bool take_offset(const HttpReply& r);   // false: the server's answer makes no sense
    void report();
    void finish(const std::string& error, const std::string& item);
    void request(const std::string& method, const std::string& url, HttpHeaders headers, const anl::Bytes& body,
                 std::function<void(const HttpReply&)> done);
    HttpHeaders tus_headers() const;
    static std::string error_of(int status);

    Http& http_;
    Clock& clock_;
    Tasks& tasks_;
    std::string base_, token_, url_;
    anl::Bytes envelope_;
    Progress on_progress_;
    Done on_done_;
    UploadProgress progress_;
    unsigned epoch_ = 0;       // a new start or cancel drops the replies of the one before
    bool busy_ = false;
    int pauses_ = 0;           // lost connections in a row
    int checksum_retries_ = 0;
    int conflicts_ = 0;        // 409s in a row
    double started_at_ = 0;    // for the rate: since the first byte of this run
    uint64_t started_offset_ = 0;
};

} // namespace app
