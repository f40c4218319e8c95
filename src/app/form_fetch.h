// The office's form definition, as the server hands it out (assets/forms/, served under forms/).
// Both pages read it: the applicant to ask it, staff to label the answers they open.
#pragma once
#include "app/services.h"
#include "core/form.h"

#include <functional>
#include <optional>

namespace app {

constexpr const char* kFormUrl = "forms/social-assistance.json";

// Fetches and loads the form; nullopt when it cannot be fetched or does not load (the loader's
// errors go to stderr, the browser's console, for whoever edits the definition).
void fetch_form(Http& http, std::function<void(std::optional<anl::Form>)> done);

} // namespace app
