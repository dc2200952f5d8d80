// A JSON document with one big array written an element at a time: the text
// is the same as dumping the whole document, but only one element is ever
// held as JSON (a big store's SARIF would otherwise be built whole, several
// times the size of the report, before a byte is written).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "lint/rule/finding.h"

namespace nsclint::report_internal {

using Json = nlohmann::ordered_json;

/// How every report is dumped: two-space indent, invalid UTF-8 (a hostile
/// file name) as U+FFFD instead of an exception.
inline std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

/// Writes `doc` followed by a newline, with the member whose value is the
/// string `marker` replaced by an array of `count` elements made by
/// `element(i)` (nullopt: left out). `last_occurrence` picks the marker's
/// place when text that users control may come before it (the last one) or
/// after it (the first one). The text goes to `sink` in pieces of about
/// `piece` bytes, each ending at the end of a line.
void StreamWithArray(const Json& doc, std::string_view marker, bool last_occurrence, size_t count,
                     const std::function<std::optional<Json>(size_t)>& element, size_t piece,
                     const std::function<void(std::string&)>& sink);

/// A finding's fix commands as an array of argv arrays ([] when none).
inline Json FixJson(const Fix& fix) {
  Json out = Json::array();
  for (const FixCommand& c : fix.commands) out.push_back(c);
  return out;
}

/// Where the fix commands run: {"cwd": operator folder, "env": {"NSC_CWD_ONLY": "1",
/// "NKEYS_PATH": keys dir relative to cwd}}; null for commands without one.
inline Json FixContextJson(const Fix& fix) {
  if (fix.commands.empty() || !fix.has_context()) return Json(nullptr);
  Json env{{"NSC_CWD_ONLY", "1"}};
  if (!fix.keys.empty()) env["NKEYS_PATH"] = fix.keys.str();
  return Json{{"cwd", fix.cwd.str()}, {"env", std::move(env)}};
}

}  // namespace nsclint::report_internal
