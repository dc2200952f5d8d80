// A JSON document with one big array written an element at a time: the text
// is the same as dumping the whole document, but only one element is ever
// held as JSON (a big store's SARIF would otherwise be built whole, several
// times the size of the report, before a byte is written).
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace nsclint::report_internal {

using Json = nlohmann::ordered_json;

/// How every report is dumped: two-space indent, invalid UTF-8 (a hostile
/// file name) as U+FFFD instead of an exception.
inline std::string Dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

/// Writes `doc` followed by a newline, with the member whose value is the
/// string `marker` replaced by an array of `count` elements made by
/// `element(i)` (nullopt: left out). `last_occurrence` picks the marker's
/// place when text that users control may come before it (the last one) or
/// after it (the first one). The text goes to `sink` in pieces of about
/// `piece` bytes, each ending at the end of a line.
void StreamWithArray(const Json& doc, std::string_view marker, bool last_occurrence, size_t count,
                     const std::function<std::optional<Json>(size_t)>& element, size_t piece,
                     const std::function<void(std::string&)>& sink);

}  // namespace nsclint::report_internal
