// I/O bridges: fetch, picked files, downloads, the clipboard and browser storage.
// web/js/io.js is its JS half.
#pragma once
#include "app/services.h"
#include "core/encoding.h"

#include <functional>
#include <map>
#include <string>

namespace platform {

// The reply is app/services.h's: the platform implements the app's Http (web_services), and one
// reply type serves both sides of that boundary.
using HttpResponse = app::HttpReply;
using HttpCallback = std::function<void(const HttpResponse&)>;
void http(const std::string& method, const std::string& url, const std::map<std::string, std::string>& headers,
          const anl::Bytes& body, HttpCallback done);

struct PickedFile {
    std::string name, media_type;
    anl::Bytes data;
    double size = 0;           // as the browser reported it
    bool too_large = false;    // larger than the limit given to file_target; data is empty
};
// A file the user picked for target `id` (platform/input.h), once (then forgotten here).
bool take_picked_file(unsigned id, PickedFile& out, double max_bytes);

void download(const std::string& file_name, const std::string& media_type, const anl::Bytes& data);
void copy_to_clipboard(const std::string& text);

// localStorage (or, with `tab`, sessionStorage: gone with the tab). Nothing readable of what an
// applicant typed is ever stored: drafts are sealed. Reads give "" when the key is absent or
// storage is unavailable (private mode, blocked); writes that fail are ignored, so a page
// without storage still works, it only cannot remember.
std::string stored(const std::string& key, bool tab = false);
void store(const std::string& key, const std::string& value, bool tab = false);
void unstore(const std::string& key, bool tab = false);

} // namespace platform
