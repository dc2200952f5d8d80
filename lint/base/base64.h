// base64url without padding, as Go's RawURLEncoding (which skips \r and \n).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nsclint {

/// Decodes base64url (no padding). '\r' and '\n' are skipped anywhere, as Go
/// does; '=', '+', '/', spaces and any other character fail.
std::optional<std::string> Base64UrlDecode(std::string_view text);
/// The same into `out` (its capacity is reused); false when `text` is not base64url.
bool Base64UrlDecodeInto(std::string_view text, std::string* out);
std::string Base64UrlEncode(std::string_view bytes);

}  // namespace nsclint
