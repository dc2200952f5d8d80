// See json_stream.h. nlohmann writes an array at indent K as "[\n", each
// element at indent K+2 separated by ",\n", then "\n" and "]" at indent K (an
// empty array as "[]"); an object the same way with `"key": ` before each
// value. JsonWriter follows these rules, and AppendJsonString its escaping
// (serializer::dump_escaped with ensure_ascii off), so a value written by
// JsonWriter is the same text as that value dumped in place.
#include "lint/report/json_stream.h"

#include <cstring>
#include <stdexcept>

namespace nsclint::report_internal {
namespace {

// Whether any of the 8 bytes in `x` needs a look: a control character, '"',
// '\\' or a byte of a multi-byte sequence. False positives only cost a look.
inline bool NeedsLook(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [&](uint64_t v) { return ((v - kOnes) & ~v & kHigh) != 0; };
  const uint64_t below_space = (x - kOnes * 0x20) & ~x & kHigh;  // a byte < 0x20 (bytes < 0x80)
  return (x & kHigh) != 0 || below_space != 0 || has_zero(x ^ (kOnes * '"')) || has_zero(x ^ (kOnes * '\\'));
}

// The length of the well-formed UTF-8 sequence (Unicode 15, table 3-7) that
// starts with the byte p[0] >= 0x80, 0 when it is ill-formed: the sequences
// nlohmann's decoder accepts.
inline size_t Utf8Length(const unsigned char* p, size_t left) {
  const unsigned c = p[0];
  const auto in = [&](size_t k, unsigned lo, unsigned hi) { return k < left && p[k] >= lo && p[k] <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
  if (c == 0xE0) return in(1, 0xA0, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xED) return in(1, 0x80, 0x9F) && in(2, 0x80, 0xBF) ? 3 : 0;
  if (c == 0xF0) return in(1, 0x90, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return in(1, 0x80, 0xBF) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  if (c == 0xF4) return in(1, 0x80, 0x8F) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t start = out.size();
  out += '"';
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t plain = 0;  // start of the run not yet appended
  size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {
      uint64_t x = 0;
      std::memcpy(&x, p + i, 8);
      if (NeedsLook(x)) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c >= 0x80) {
      const size_t len = Utf8Length(p + i, n - i);
      if (len == 0) {
        // Ill-formed UTF-8 (hostile input): nlohmann's replacement, exactly.
        out.resize(start);
        out += Dump(Json(std::string(text)));
        return;
      }
      i += len;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0x0f]};
        out.append(esc, sizeof esc);
      }
    }
    plain = ++i;
  }
  out.append(text.data() + plain, n - plain);
  out += '"';
}

void StreamWithArray(const Json& doc, std::string_view marker, bool last_occurrence, size_t count,
                     const std::function<bool(size_t)>& include, const std::function<void(size_t, JsonWriter&)>& write,
                     size_t piece, const std::function<void(std::string&)>& sink) {
  const std::string text = Dump(doc);
  const std::string quoted = Dump(Json(std::string(marker)));
  const size_t at = last_occurrence ? text.rfind(quoted) : text.find(quoted);
  if (at == std::string::npos) throw std::logic_error("report: array marker not found");
  const size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 = 0: the first line
  size_t key_indent = 0;
  while (line_start + key_indent < at && text[line_start + key_indent] == ' ') ++key_indent;
  const size_t inner = key_indent + 2;

  std::string out;
  if (piece < (size_t{1} << 30)) out.reserve(piece + (piece >> 2));
  out.append(text, 0, at);
  JsonWriter writer(out, inner);
  bool any = false;
  for (size_t i = 0; i < count; ++i) {
    if (!include(i)) continue;
    if (!any) {
      out += "[\n";
      any = true;
    } else {
      // A piece ends with the separator, at a line end.
      out += ",\n";
      if (out.size() >= piece) {
        sink(out);
        out.clear();
      }
    }
    out.append(inner, ' ');
    write(i, writer);
  }
  if (any) {
    out += '\n';
    out.append(key_indent, ' ');
    out += ']';
  } else {
    out += "[]";
  }
  out.append(text, at + quoted.size());
  out += '\n';
  sink(out);
}

void WriteFix(JsonWriter& w, const Fix& fix) {
  w.BeginArray();
  for (const FixCommand& c : fix.commands) {
    w.BeginArray();
    for (const std::string& arg : c) w.String(arg);
    w.EndArray();
  }
  w.EndArray();
}

void WriteFixContext(JsonWriter& w, const Fix& fix, std::string_view cwd) {
  if (fix.commands.empty() || !fix.has_context()) {
    w.Null();
    return;
  }
  w.BeginObject();
  w.Member("cwd", cwd);
  w.Key("env");
  w.BeginObject();
  w.Member("NSC_CWD_ONLY", "1");
  if (!fix.keys.empty()) w.Member("NKEYS_PATH", fix.keys.view());
  w.EndObject();
  w.EndObject();
}

}  // namespace nsclint::report_internal
