// anlaufstelle-formcheck: what an office runs after editing its form.
//
//   anlaufstelle-formcheck FORM.json [CATALOG_DIR]
//
// Prints every error the loader finds in FORM.json and, for each catalog CATALOG_DIR/<lang>.json,
// the keys the form uses that the catalog lacks and the keys it holds that the form does not use
// (a question-specific error message "form.<form>.<question>.error...." counts as used when the
// question exists). Exit status 0 when everything is in order, 1 otherwise, 2 on bad usage.
#include "core/catalog.h"
#include "core/form.h"

#include <algorithm>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

std::vector<std::string> catalog_files(const std::string& dir) {
    std::vector<std::string> files;
    if (DIR* d = opendir(dir.c_str())) {
        while (const dirent* e = readdir(d)) {
            const std::string name = e->d_name;
            if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0)
                files.push_back(name);
        }
        closedir(d);
    }
    std::sort(files.begin(), files.end());
    return files;
}

// "form.<id>.<question>.error.<...>" for a question or a repeat of the form.
bool is_error_override(const anl::Form& form, const std::string& key) {
    const std::string prefix = "form." + form.id + ".";
    const size_t at = key.find(".error.");
    if (key.compare(0, prefix.size(), prefix) != 0 || at == std::string::npos || at <= prefix.size())
        return false;
    const std::string id = key.substr(prefix.size(), at - prefix.size());
    return anl::find_question(form, id) != nullptr || anl::find_repeat(form, id) != nullptr;
}

int check_catalog(const anl::Form& form, const std::string& path) {
    std::string text;
    anl::Catalog catalog;
    if (!read_file(path, text) || !catalog.load(text)) {
        std::printf("%s: not a readable catalog\n", path.c_str());
        return 1;
    }
    const std::vector<std::string> used = anl::form_text_keys(form);
    int problems = 0;
    for (const std::string& key : used)
        if (!catalog.has(key)) {
            std::printf("%s: missing %s\n", path.c_str(), key.c_str());
            problems++;
        }
    const std::string own_prefix = "form." + form.id + ".";
    for (const std::string& key : catalog.keys()) {
        if (key.compare(0, own_prefix.size(), own_prefix) != 0)
            continue; // another form's text
        if (!std::binary_search(used.begin(), used.end(), key) && !is_error_override(form, key)) {
            std::printf("%s: unused %s\n", path.c_str(), key.c_str());
            problems++;
        }
    }
    return problems;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: anlaufstelle-formcheck FORM.json [CATALOG_DIR]\n");
        return 2;
    }
    std::string text;
    if (!read_file(argv[1], text)) {
        std::printf("%s: cannot read\n", argv[1]);
        return 1;
    }
    const anl::LoadResult loaded = anl::load_form(text);
    for (const std::string& e : loaded.errors)
        std::printf("%s: %s\n", argv[1], e.c_str());
    if (!loaded.form)
        return 1;
    int problems = 0;
    if (argc == 3)
        for (const std::string& name : catalog_files(argv[2]))
            problems += check_catalog(*loaded.form, std::string(argv[2]) + "/" + name);
    std::printf("%s: form '%s' version %lld, %zu pages, %zu text keys; %d problem(s)\n", argv[1],
                loaded.form->id.c_str(), static_cast<long long>(loaded.form->version), loaded.form->pages.size(),
                anl::form_text_keys(*loaded.form).size(), problems);
    return problems == 0 ? 0 : 1;
}
