// The server's routes as the client calls them (docs/API.md). Every URL the app requests is
// built here, so a route is spelled once on the C++ side.
#pragma once
#include <string>

namespace app::api {

inline const char* config() { return "/api/config"; }
inline const char* submissions() { return "/api/submissions"; }
inline std::string draft(const std::string& id) { return "/api/drafts/" + id; }

inline const char* staff_login_params() { return "/api/staff/login-params"; }
inline const char* staff_session() { return "/api/staff/session"; }
inline const char* staff_submissions() { return "/api/staff/submissions"; }
inline std::string staff_submission(const std::string& ref) { return "/api/staff/submissions/" + ref; }
inline std::string staff_envelope(const std::string& ref) { return staff_submission(ref) + "/envelope"; }
inline const char* staff_passphrase() { return "/api/staff/me/passphrase"; }
inline const char* staff_totp() { return "/api/staff/me/totp"; }
inline const char* staff_totp_confirm() { return "/api/staff/me/totp/confirm"; }
inline const char* staff_accounts() { return "/api/staff/accounts"; }
inline std::string staff_account(const std::string& name) { return "/api/staff/accounts/" + name; }
inline const char* staff_office_keys() { return "/api/staff/office-keys"; }
inline std::string staff_audit(int limit, long long before_id = 0) {
    std::string url = "/api/staff/audit?limit=" + std::to_string(limit);
    if (before_id > 0)
        url += "&before=" + std::to_string(before_id);
    return url;
}

} // namespace app::api
