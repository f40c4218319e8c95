#include "app/case_upload.h"

#include "app/api_routes.h"
#include "core/digest.h"

#include <algorithm>
#include <cstdlib>

namespace app {
namespace {

// A header value that is a whole non-negative decimal number, or -1.
long long parse_count(const std::string& text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
        return -1;
    return std::strtoll(text.c_str(), nullptr, 10);
}

bool is_lost(int status) { return status == 0 || status == 429 || status >= 500; }

} // namespace

void CaseUpload::start(const std::string& locator, const std::string& token_b64url, anl::Bytes envelope,
                       Progress progress, Done done) {
    epoch_++;
    base_ = api::case_uploads(locator);
    token_ = token_b64url;
    url_.clear();
    envelope_ = std::move(envelope);
    on_progress_ = std::move(progress);
    on_done_ = std::move(done);
    progress_ = UploadProgress{0, envelope_.size(), -1, false};
    busy_ = true;
    pauses_ = 0;
    checksum_retries_ = 0;
    conflicts_ = 0;
    create();
}

void CaseUpload::cancel() {
    if (!busy_)
        return;
    epoch_++;
    busy_ = false;
    if (!url_.empty())   // termination: the server frees what it holds at once, not at expiry
        http_.send("DELETE", url_, tus_headers(), {}, [](const HttpReply&) {});
    envelope_.clear();
}

HttpHeaders CaseUpload::tus_headers() const {
    return {{"Tus-Resumable", "1.0.0"}, {"Authorization", "Bearer " + token_}};
}

void CaseUpload::request(const std::string& method, const std::string& url, HttpHeaders headers,
                         const anl::Bytes& body, std::function<void(const HttpReply&)> done) {
    const unsigned epoch = epoch_;
    http_.send(method, url, headers, body, [this, epoch, done = std::move(done)](const HttpReply& r) {
        if (epoch == epoch_ && busy_)
            done(r);
    });
}

void CaseUpload::create() {
    HttpHeaders h = tus_headers();
    h["Upload-Length"] = std::to_string(envelope_.size());
    request("POST", base_, h, {}, [this](const HttpReply& r) {
        if (is_lost(r.status))
            return lost_connection([this] { create(); });
        const std::string location = r.header("location");
        if (r.status != 201 || location.rfind(base_ + "/", 0) != 0)
            return finish(error_of(r.status), "");
        url_ = location;
        pauses_ = 0;
        started_at_ = clock_.seconds();
        started_offset_ = 0;
        send_chunk();
    });
}

void CaseUpload::send_chunk() {
    const size_t at = size_t(progress_.sent);
    const size_t n = std::min(kChunkSize, envelope_.size() - at);
    const anl::Bytes chunk(envelope_.begin() + long(at), envelope_.begin() + long(at + n));
    HttpHeaders h = tus_headers();
    h["Content-Type"] = "application/offset+octet-stream";
    h["Upload-Offset"] = std::to_string(at);
    h["Upload-Checksum"] = "sha256 " + anl::to_base64(anl::sha256(chunk));
    request("PATCH", url_, h, chunk, [this](const HttpReply& r) {
        if (is_lost(r.status))
            return lost_connection([this] { ask_offset(); });
        if (r.status == 460) {   // the chunk arrived corrupted: the same bytes again
            if (++checksum_retries_ > kMaxChecksumRetries)
                return finish("rejected", "");
            return send_chunk();
        }
        if (r.status == 409) {   // the server stands elsewhere (a reply we lost), or an older
            // PATCH of ours is still writing there: ask it, after a pause if it said so before
            if (++conflicts_ > 1)
                return lost_connection([this] { ask_offset(); });
            return ask_offset();
        }
        conflicts_ = 0;
        if (r.status != 204 || !take_offset(r))
            return finish(error_of(r.status), "");
        checksum_retries_ = 0;
        if (const std::string item = r.header("anl-item"); !item.empty())
            return finish("", item);
        if (progress_.sent == progress_.total)   // all sent, yet no item: the server's word decides
            return ask_offset();
        report();
        send_chunk();
    });
}

void CaseUpload::ask_offset() {
    request("HEAD", url_, tus_headers(), {}, [this](const HttpReply& r) {
        if (is_lost(r.status))
            return lost_connection([this] { ask_offset(); });
        if (r.status != 200 || !take_offset(r))
            return finish(error_of(r.status), "");
        if (const std::string item = r.header("anl-item"); !item.empty())
            return finish("", item);   // complete: the reply to the last chunk was lost
        if (progress_.sent == progress_.total)
            return finish("rejected", "");   // whole, yet never became an item
        progress_.retrying = false;
        started_at_ = clock_.seconds();   // the rate of this run, not of the pause before it
        started_offset_ = progress_.sent;
        report();
        send_chunk();
    });
}

void CaseUpload::lost_connection(std::function<void()> then) {
    progress_.retrying = true;
    progress_.seconds_left = -1;
    report();
    const double pause = std::min(kMaxPauseSeconds, double(1 << std::min(pauses_, 5)));
    pauses_++;
    const unsigned epoch = epoch_;
    tasks_.after_seconds(pause, [this, epoch, then = std::move(then)] {
        if (epoch == epoch_ && busy_)
            then();
    });
}

bool CaseUpload::take_offset(const HttpReply& r) {
    const long long offset = parse_count(r.header("upload-offset"));
    if (offset < 0 || uint64_t(offset) > progress_.total)
        return false;
    // The server may stand behind what we last heard (a chunk it could not keep): trust it.
    progress_.sent = uint64_t(offset);
    pauses_ = 0;
    return true;
}

void CaseUpload::report() {
    const double elapsed = clock_.seconds() - started_at_;
    const uint64_t moved = progress_.sent > started_offset_ ? progress_.sent - started_offset_ : 0;
    if (!progress_.retrying && elapsed > 0 && moved > 0)
        progress_.seconds_left = double(progress_.total - progress_.sent) * elapsed / double(moved);
    if (on_progress_)
        on_progress_(progress_);
}

void CaseUpload::finish(const std::string& error, const std::string& item) {
    busy_ = false;
    epoch_++;
    envelope_.clear();
    if (error.empty()) {
        progress_.sent = progress_.total;
        progress_.seconds_left = 0;
    }
    progress_.retrying = false;
    Done done = std::move(on_done_);
    if (done)
        done(error, item);
}

std::string CaseUpload::error_of(int status) {
    switch (status) {
    case 401: return "no_access";
    case 413: return "too_large";
    case 404:
    case 410: return "expired";
    default: return "rejected";
    }
}

} // namespace app
