// NFC with ICU, for the native keygen only (the browser has String.normalize; core has no ICU).
#include "tools/keygen.h"

#include "core/text.h"
#include "core/wipe.h"

#include <sodium.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <vector>

namespace keygen {
namespace {

// UTF-16 buffers that held a passphrase are zeroed before they are freed.
struct U16 {
    std::vector<UChar> units;
    ~U16() {
        sodium_memzero(units.data(), units.size() * sizeof(UChar));
    }
};

} // namespace

std::optional<std::string> to_nfc(const std::string& utf8) {
    if (!anl::is_valid_utf8(utf8) || utf8.size() > (1u << 20))
        return std::nullopt;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2* nfc = unorm2_getNFCInstance(&err);
    if (U_FAILURE(err))
        return std::nullopt;

    U16 in;
    in.units.resize(utf8.size() + 1);   // UTF-16 never needs more units than UTF-8 has bytes
    int32_t in_len = 0;
    u_strFromUTF8(in.units.data(), int32_t(in.units.size()), &in_len, utf8.data(), int32_t(utf8.size()), &err);
    if (U_FAILURE(err))
        return std::nullopt;

    // NFC of a string is at most three times its length in UTF-16 (Unicode UAX #15, "Stream-Safe").
    U16 out;
    out.units.resize(size_t(in_len) * 3 + 1);
    const int32_t out_len = unorm2_normalize(nfc, in.units.data(), in_len, out.units.data(),
                                             int32_t(out.units.size()), &err);
    if (U_FAILURE(err))
        return std::nullopt;

    std::string result(size_t(out_len) * 3, '\0');
    int32_t result_len = 0;
    u_strToUTF8(result.data(), int32_t(result.size()), &result_len, out.units.data(), out_len, &err);
    if (U_FAILURE(err)) {
        anl::wipe(result);
        return std::nullopt;
    }
    result.resize(size_t(result_len));
    return result;
}

} // namespace keygen
