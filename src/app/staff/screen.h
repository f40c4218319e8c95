// Which staff page is on screen, and what the drawing side has to do to the browser page when
// that changes. The flow never touches the page itself: it bumps a serial, and the UI (which
// remembers the serials it has applied) moves the focus, scrolls to the top or makes the
// platform forget its copies of typed text.
#pragma once
#include "app/page_effects.h"

#include <string>
#include <utility>
#include <vector>

namespace app::staff {

using app::PageEffects;

enum class Step {
    Login, LoginCode, Working,                                          // login.h
    List, Detail,                                                       // submissions.h
    Cases, Case,                                                        // cases.h
    Passphrase, TwoStep,                                                // passphrase.h, two_step.h
    Accounts, AddAccount, AccountAdded, RemoveAccount, Rotate, Audit,   // accounts.h, office_key.h, audit.h
};

// A line said once on the page shown next ("Anna has been removed."): a catalog key and its
// arguments, cleared by the next go_to.
struct Notice {
    std::string key;
    std::vector<std::pair<std::string, std::string>> args;
    bool empty() const { return key.empty(); }
};

class Screen {
public:
    Screen() { go_to(Step::Login); }

    Step step() const { return step_; }
    const PageEffects& effects() const { return effects_; }
    // The status the one-moment page says (a catalog key).
    const std::string& working_key() const { return working_key_; }
    Notice notice;

    // A new step is a new page: its heading (id "title") takes the focus, so a screen reader
    // starts reading there and a keyboard user's next Tab starts from it; the page starts at its
    // top; the last page's notice is gone.
    void go_to(Step step);
    // The one-moment page while something slow runs (Argon2id, a request); its status takes the
    // focus, so that is what a screen reader says now.
    void show_working(const std::string& status_key);
    // Within a page: the focus moves to what just appeared (new instructions, loaded entries).
    void focus(const std::string& widget_id);
    // Errors were found on the page: back to its top, where the error summary is.
    void to_top() { effects_.to_top++; }
    void forget_typed() { effects_.forget_typed++; }

private:
    Step step_ = Step::Login;
    std::string working_key_;
    PageEffects effects_;
};

} // namespace app::staff
