// A case as the server and the office hold it, for the applicant's tests: a real case code and
// salt, the keys the code derives (at the cheap test cost), items sealed for real by the core to
// the office key and the case key, and the case routes of docs/API.md answered from them (a
// wrong token is a 404, as the server says it). serve() plays the server for whatever the flow
// has sent, and lets the page paint between (Argon2id runs after the "one moment" page).
#pragma once
#include "core/case_code.h"
#include "core/case_item.h"
#include "core/digest.h"
#include "intake_walk.h"

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

namespace intake_test {

struct CaseServer {
    struct Stored {
        std::string id, author, created_at;
        anl::Bytes envelope;
        bool read_by_applicant = false;
        bool read_by_office = false;
    };
    anl::CaseCode code;
    anl::Bytes salt;
    anl::CaseKeys keys;
    std::vector<Stored> items;
    int status_override = 0;          // answer every case route with this status (429, 500, 0)
    std::vector<std::string> reads;   // item ids the applicant marked read, in order
    int cut_reads = 0;                // the next this many PUT .../read lose their connection
    // One tus upload at a time (docs/API.md, "Resumable uploads"), as server/uploads.py answers.
    uint64_t upload_length = 0;
    anl::Bytes uploaded;
    bool upload_open = false;
    int cut_patches = 0;              // the next this many PATCHes lose their connection
    int patches = 0;

    CaseServer() : code(anl::new_case_code()), salt(anl::new_case_salt()) {
        keys = *anl::derive_case_keys(code, salt, kCheapCaseKdf);
    }

    // An item as staff (or earlier, the applicant) added it: sealed to the office and the case.
    std::string add(const anl::CaseItem& item, const std::string& author = "office",
                    const std::vector<anl::Attachment>& files = {}) {
        Stored s;
        s.id = next_id();
        s.author = author;
        s.created_at = "2026-12-0" + std::to_string(1 + items.size() % 9) + "T09:30:00Z";
        s.envelope = anl::seal_case_item(item, files, office().public_key, keys.public_key);
        REQUIRE(!s.envelope.empty());
        items.push_back(s);
        return s.id;
    }

    // 32 lowercase hex digits, as the server's item ids.
    std::string next_id() const {
        char id[33];
        std::snprintf(id, sizeof id, "%032zx", items.size() + 0xa1);
        return id;
    }

    std::string bearer() const { return "Bearer " + keys.token_b64url(); }
    std::string base() const { return "/api/cases/" + code.locator; }

    // Answers the flow's pending requests (and runs the work they lead to) until nothing is left.
    void serve(fake::World& w) {
        for (int guard = 0; guard < 200; guard++) {
            if (w.http.pending.empty() && w.tasks.run() == 0)
                return;
            while (!w.http.pending.empty())
                answer(w.http);
        }
        FAIL("the flow kept asking");
    }

    void answer(fake::Http& http) {
        const fake::Request& r = http.next();
        const auto auth = r.headers.find("Authorization");
        const bool token_ok = auth != r.headers.end() && auth->second == bearer();
        if (r.url.rfind("/api/cases/", 0) != 0)
            FAIL("not a case route: " + r.url);
        if (status_override) {
            http.reply(status_override, anl::to_bytes(json{{"error", "too_many_requests"}}.dump()),
                       status_override == 429 ? 60 : 0);
            return;
        }
        if (r.method == "GET" && r.url == base() + "/kdf") {
            http.reply(200, json{{"alg", "argon2id13"}, {"salt", anl::to_base64(salt)},
                                 {"opslimit", kCheapCaseKdf.opslimit}, {"memlimit", kCheapCaseKdf.memlimit}}.dump());
            return;
        }
        if (r.url.size() == 19 && r.url.substr(15) == "/kdf") { // another locator: a salt of its own
            http.reply(200, json{{"alg", "argon2id13"}, {"salt", anl::to_base64(anl::Bytes(16, 7))},
                                 {"opslimit", kCheapCaseKdf.opslimit}, {"memlimit", kCheapCaseKdf.memlimit}}.dump());
            return;
        }
        if (!token_ok || r.url.rfind(base(), 0) != 0) {
            http.reply(404, json{{"error", "not_found"}}.dump());
            return;
        }
        const std::string rest = r.url.substr(base().size());
        if (r.method == "GET" && rest.empty()) {
            json list = json::array();
            for (const auto& s : items)
                list.push_back({{"id", s.id}, {"author", s.author}, {"created_at", s.created_at},
                                {"size", s.envelope.size()}, {"read_by_applicant", s.read_by_applicant},
                                {"read_by_office", s.read_by_office}});
            http.reply(200, json{{"locator", code.locator}, {"public_key", anl::to_base64(keys.public_key)},
                                 {"created_at", "2026-12-01T08:00:00Z"}, {"items", list}}.dump());
            return;
        }
        const std::string upload_url = base() + "/uploads/00000000000000000000000000000abc";
        if (r.method == "POST" && rest == "/uploads") {
            upload_length = std::stoull(r.headers.at("Upload-Length"));
            uploaded.clear();
            upload_open = true;
            http.reply_with({201, {}, 0, {{"location", upload_url}}});
            return;
        }
        if (r.url == upload_url && upload_open) {
            if (r.method == "HEAD") {
                http.reply_with({200, {}, 0, {{"upload-offset", std::to_string(uploaded.size())}}});
                return;
            }
            if (r.method == "DELETE") {
                upload_open = false;
                http.reply(204);
                return;
            }
            if (r.method == "PATCH") {
                patches++;
                if (cut_patches > 0) {
                    cut_patches--;
                    http.reply(0);
                    return;
                }
                if (std::stoull(r.headers.at("Upload-Offset")) != uploaded.size() ||
                    r.headers.at("Upload-Checksum") != "sha256 " + anl::to_base64(anl::sha256(r.body))) {
                    http.reply_with({409, {}, 0, {{"upload-offset", std::to_string(uploaded.size())}}});
                    return;
                }
                uploaded.insert(uploaded.end(), r.body.begin(), r.body.end());
                app::HttpReply reply{204, {}, 0, {{"upload-offset", std::to_string(uploaded.size())}}};
                if (uploaded.size() == upload_length) { // whole: it becomes an item
                    Stored st;
                    st.id = next_id();
                    st.author = "applicant";
                    st.created_at = "2026-12-02T10:30:00Z";
                    st.envelope = uploaded;
                    st.read_by_applicant = true;
                    items.push_back(st);
                    reply.headers["anl-item"] = st.id;
                    upload_open = false;
                }
                http.reply_with(reply);
                return;
            }
        }
        if (r.method == "POST" && rest == "/items") {
            Stored s;
            s.id = next_id();
            s.author = "applicant";
            s.created_at = "2026-12-02T10:00:00Z";
            s.envelope = r.body;
            s.read_by_applicant = true;
            items.push_back(s);
            http.reply(201, json{{"item", s.id}, {"created_at", s.created_at}}.dump());
            return;
        }
        for (auto& s : items) {
            if (r.method == "GET" && rest == "/items/" + s.id) {
                http.reply(200, s.envelope);
                return;
            }
            if (r.method == "PUT" && rest == "/items/" + s.id + "/read") {
                if (cut_reads > 0) {
                    cut_reads--;
                    http.reply(0);
                    return;
                }
                s.read_by_applicant = true;
                reads.push_back(s.id);
                http.reply(204);
                return;
            }
        }
        http.reply(404, json{{"error", "not_found"}}.dump());
    }
};

// The code as a person might type it: lower case, spaces for dashes.
inline std::string typed_loosely(const anl::CaseCode& code) {
    std::string out;
    for (char c : code.text())
        out += c == '-' ? ' ' : char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace intake_test
