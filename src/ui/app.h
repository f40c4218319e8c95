// What every screen shares: the translation catalog and the date of today.
#pragma once
#include "core/application.h"
#include "core/catalog.h"

#include <string>

namespace ui {

struct AppContext {
    anl::Catalog catalog;
    const std::string& t(const std::string& key) const { return catalog.get(key); }
    anl::Date today() const;
};

void applicant_start(AppContext& ctx);
void applicant_frame(AppContext& ctx);
void staff_start(AppContext& ctx);
void staff_frame(AppContext& ctx);

} // namespace ui
