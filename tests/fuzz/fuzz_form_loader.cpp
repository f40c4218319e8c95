// libFuzzer target: form definitions come from files an office edits by hand, so the loader
// must turn any bytes into either a form or errors, and whatever it accepts must be safe to
// show. Build (not part of CMake; needs clang with libFuzzer):
//   clang++-14 -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/fuzz_form_loader.cpp src/core/*.cpp -lsodium -o /tmp/fuzz_form_loader
//   mkdir -p /tmp/form-corpus && /tmp/fuzz_form_loader -max_total_time=60 /tmp/form-corpus assets/forms/
// (libFuzzer writes new inputs into the first directory: keep it out of the tree.)
// Needs Debian's libclang-rt-14-dev for the fuzzer runtime.
#include "core/answers.h"
#include "core/form.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const anl::LoadResult r = anl::load_form(text);
    if (r.form.has_value() == !r.errors.empty())
        __builtin_trap();  // a form comes without errors, errors come without a form
    if (!r.form)
        return 0;
    const anl::Form& form = *r.form;
    const anl::Date today{2026, 11, 25};
    anl::Answers answers;
    for (const std::string& page : anl::visible_pages(form, answers)) {
        anl::validate_page(form, page, answers, today);
        anl::page_step(form, answers, page);
    }
    // One empty item in every repeat: per-item visibility and validation run too.
    for (const anl::Page& page : form.pages) {
        if (page.repeat)
            anl::add_repeat_item(form, answers, page.repeat->id);
        for (const anl::Question& q : page.questions)
            if (q.repeat)
                anl::add_repeat_item(form, answers, q.repeat->id);
    }
    anl::validate_form(form, answers, today);
    anl::canonical_json(anl::answers_document(form, answers, "de"));
    return 0;
}
