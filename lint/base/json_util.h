// Reading claims the way Go's encoding/json does: keys match case-insensitively
// (exact match first), `null` is absent, a non-integer in an int64 field fails.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/packed_strings.h"

namespace nsclint::json {

using Value = rapidjson::Value;

/// The member `key` of object `obj`, or nullptr when absent or null.
const Value* Member(const Value& obj, std::string_view key);

/// Collects type errors ("iat is not an integer") while reading one token.
class Reader {
 public:
  std::optional<std::string> String(const Value& obj, std::string_view key, std::string_view where);
  std::optional<int64_t> Int(const Value& obj, std::string_view key, std::string_view where);
  std::optional<bool> Bool(const Value& obj, std::string_view key, std::string_view where);
  std::vector<std::string> StringList(const Value& obj, std::string_view key, std::string_view where);
  /// The same, packed in one block (a user's permission lists).
  PackedStrings PackedList(const Value& obj, std::string_view key, std::string_view where);
  const Value* Object(const Value& obj, std::string_view key, std::string_view where);
  const Value* Array(const Value& obj, std::string_view key, std::string_view where);

  void Fail(std::string message);
  bool ok() const { return errors_.empty(); }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  /// The list's strings as views into the document (one buffer per thread,
  /// valid until the next call): what StringList and PackedList copy.
  const std::vector<std::string_view>& StringViews(const Value& obj, std::string_view key, std::string_view where);
  std::vector<std::string> errors_;
};

/// Text with invalid UTF-8 bytes and control characters replaced, safe to print.
std::string Printable(std::string_view s);

}  // namespace nsclint::json
