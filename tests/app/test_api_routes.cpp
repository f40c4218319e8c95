// app/api_routes.h is generated from spec/api.json (scripts/gen_api.py): the URLs it builds are the
// server's routes, and the limits the C++ core enforces on its own are the ones the server checks.
#include "app/api_routes.h"
#include "core/staff_keys.h"

#include <catch2/catch.hpp>

// The staff page refuses Argon2id costs outside kStaffKdfBounds; the server refuses accounts
// outside the spec's kdf limits. Were they to differ, an account one side accepts would fail
// on the other as "wrong passphrase".
static_assert(anl::kStaffKdfBounds.min_opslimit == app::api::kKdfOpslimitMin);
static_assert(anl::kStaffKdfBounds.max_opslimit == app::api::kKdfOpslimitMax);
static_assert(anl::kStaffKdfBounds.default_opslimit == app::api::kKdfOpslimitDefault);
static_assert(anl::kStaffKdfBounds.min_memlimit == app::api::kKdfMemlimitMin);
static_assert(anl::kStaffKdfBounds.max_memlimit == app::api::kKdfMemlimitMax);
static_assert(anl::kStaffKdfBounds.default_memlimit == app::api::kKdfMemlimitDefault);

TEST_CASE("URLs put path parameters and the query where the server's routes expect them", "[api]") {
    CHECK(std::string(app::api::config()) == "/api/config");
    CHECK(app::api::draft("00ff") == "/api/drafts/00ff");
    CHECK(app::api::staff_envelope("ABCD-EFGH") == "/api/staff/submissions/ABCD-EFGH/envelope");
    CHECK(app::api::staff_account("anna") == "/api/staff/accounts/anna");
    CHECK(app::api::staff_audit(50) == "/api/staff/audit?limit=50");
    CHECK(app::api::staff_audit(50, 1234567890123) == "/api/staff/audit?limit=50&before=1234567890123");
}
