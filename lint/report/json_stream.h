// JSON reports written straight into text: the frame of a document (its
// header, the rules, the notifications) is built as a value and dumped, and
// its one big array is written an element at a time by JsonWriter, in the
// layout nlohmann's dump gives, so the text is the same as dumping the whole
// document. A big store's SARIF would otherwise be built whole, several
// times the size of the report, before a byte is written, and a finding
// built as a value costs a heap block per key and string.
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
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

/// Appends `text` as a quoted JSON string exactly as Dump writes it: `"`,
/// `\` and control characters escaped, well-formed UTF-8 as it is, and a
/// string with ill-formed UTF-8 handed to nlohmann (which writes U+FFFD).
void AppendJsonString(std::string& out, std::string_view text);

/// Writes a JSON value into `out` in Dump's layout (two-space indent, ": "
/// after keys, ",\n" between members, "{}" and "[]" when empty), starting
/// at indent `indent` (the indent of the line the value begins on). Keys are
/// the reporters' own names; values go through AppendJsonString.
class JsonWriter {
 public:
  JsonWriter(std::string& out, size_t indent) : out_(out), base_(indent) {}

  void BeginObject() {
    Prefix();
    out_ += '{';
    Push(false);
  }
  void EndObject() { Pop('}'); }
  void BeginArray() {
    Prefix();
    out_ += '[';
    Push(true);
  }
  void EndArray() { Pop(']'); }

  /// The next member's key; its value follows. Keys are the reporters' own
  /// names, which need no escaping, and are written as they are.
  void Key(std::string_view key) {
    Separator();
    out_ += '"';
    out_ += key;
    out_ += "\": ";
  }
  void String(std::string_view s) {
    Prefix();
    AppendJsonString(out_, s);
  }
  void Int(int64_t v) {
    Prefix();
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
  }
  void Bool(bool v) {
    Prefix();
    out_ += v ? "true" : "false";
  }
  void Null() {
    Prefix();
    out_ += "null";
  }

  void Member(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value);
  }
  void MemberInt(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }
  void MemberNull(std::string_view key) {
    Key(key);
    out_ += "null";
  }

 private:
  struct Frame {
    bool array = false;
    bool empty = true;
  };
  // A value in an array starts with its separator; in an object the key wrote it.
  void Prefix() {
    if (depth_ != 0 && frames_[depth_ - 1].array) Separator();
  }
  void Separator() {
    Frame& f = frames_[depth_ - 1];
    if (f.empty) {
      out_ += '\n';
      f.empty = false;
    } else {
      out_ += ",\n";
    }
    out_.append(base_ + 2 * depth_, ' ');
  }
  void Push(bool array) {
    if (depth_ == frames_.size()) throw std::logic_error("report: JSON nested too deep");
    frames_[depth_++] = Frame{array, true};
  }
  void Pop(char close) {
    const Frame f = frames_[--depth_];
    if (!f.empty) {
      out_ += '\n';
      out_.append(base_ + 2 * depth_, ' ');
    }
    out_ += close;
  }

  std::string& out_;
  size_t base_;
  std::array<Frame, 16> frames_{};
  size_t depth_ = 0;
};

/// Writes `doc` followed by a newline, with the member whose value is the
/// string `marker` replaced by an array of the elements `i` < `count` for
/// which `include(i)`, each written by `write(i, writer)` as one value.
/// `last_occurrence` picks the marker's place when text that users control
/// may come before it (the last one) or after it (the first one). The text
/// goes to `sink` in pieces of about `piece` bytes, each ending at the end of
/// a line (a piece is handed over before an element once `piece` is reached).
void StreamWithArray(const Json& doc, std::string_view marker, bool last_occurrence, size_t count,
                     const std::function<bool(size_t)>& include, const std::function<void(size_t, JsonWriter&)>& write,
                     size_t piece, const std::function<void(std::string&)>& sink);

/// A finding's fix commands as an array of argv arrays ([] when none).
void WriteFix(JsonWriter& w, const Fix& fix);

/// Where the fix commands run: {"cwd": `cwd`, "env": {"NSC_CWD_ONLY": "1",
/// "NKEYS_PATH": keys dir relative to cwd}}; null for commands without one.
/// `cwd` is the operator folder as the report shows it.
void WriteFixContext(JsonWriter& w, const Fix& fix, std::string_view cwd);

}  // namespace nsclint::report_internal
