#include "app/staff/screen.h"

namespace app::staff {

void Screen::go_to(Step step) {
    step_ = step;
    notice = {};
    focus("title");
    to_top();
}

void Screen::show_working(const std::string& status_key) {
    working_key_ = status_key;
    step_ = Step::Working;
    focus("working");
}

void Screen::focus(const std::string& widget_id) {
    effects_.focus_id = widget_id;
    effects_.focus++;
}

} // namespace app::staff
