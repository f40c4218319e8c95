#include "app/intake/places.h"

namespace app::intake {

bool operator==(const Place& a, const Place& b) {
    return a.step == b.step && a.page_id == b.page_id && a.item == b.item &&
           a.returning_to_check == b.returning_to_check;
}

void Places::arrive(const Place& here) {
    if (at_ >= 0 && entries_[size_t(at_)] == here)
        return;
    entries_.resize(size_t(at_ + 1));
    entries_.push_back(here);
    at_++;
    if (at_ == 0)
        history_.replace(at_);
    else
        history_.push(at_);
}

void Places::arrive_back(const Place& here) {
    if (at_ > 0 && entries_[size_t(at_ - 1)] == here) {
        at_--;
        history_.go(-1); // the browser's moved() comes back with at_: nothing more to do
        return;
    }
    arrive(here);
}

void Places::correct(const Place& here) {
    if (at_ >= 0)
        entries_[size_t(at_)] = here;
}

std::optional<Place> Places::moved(int index) {
    if (index < 0 || size_t(index) >= entries_.size() || index == at_)
        return std::nullopt;
    at_ = index;
    return entries_[size_t(index)];
}

void Places::refuse(int index) {
    if (index >= 0 && index != at_)
        history_.go(at_ - index);
}

} // namespace app::intake
