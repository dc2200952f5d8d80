// See json_stream.h. nlohmann writes an array at indent K as "[\n", each
// element at indent K+2 separated by ",\n", then "\n" and "]" at indent K (an
// empty array as "[]"); a value dumped on its own and indented by K+2 after
// every line break is the same text as that value dumped in place (strings
// never hold a raw newline).
#include "lint/report/json_stream.h"

#include <stdexcept>

namespace nsclint::report_internal {

void StreamWithArray(const Json& doc, std::string_view marker, bool last_occurrence, size_t count,
                     const std::function<std::optional<Json>(size_t)>& element, size_t piece,
                     const std::function<void(std::string&)>& sink) {
  const std::string text = Dump(doc);
  const std::string quoted = Dump(Json(std::string(marker)));
  const size_t at = last_occurrence ? text.rfind(quoted) : text.find(quoted);
  if (at == std::string::npos) throw std::logic_error("report: array marker not found");
  const size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 = 0: the first line
  size_t key_indent = 0;
  while (line_start + key_indent < at && text[line_start + key_indent] == ' ') ++key_indent;
  const std::string inner(key_indent + 2, ' ');

  std::string out(text, 0, at);
  // Each element is written once the next one is known, so that its
  // separator is known too and a piece can end with it, at a line end.
  std::string held;
  auto write_held = [&](std::string_view after) {
    out += inner;
    for (const char c : held) {
      out += c;
      if (c == '\n') out += inner;
    }
    out += after;
  };
  bool any = false;
  for (size_t i = 0; i < count; ++i) {
    std::optional<Json> value = element(i);
    if (!value) continue;
    if (!any) {
      out += "[\n";
      any = true;
    } else {
      write_held(",\n");
      if (out.size() >= piece) {
        sink(out);
        out.clear();
      }
    }
    held = Dump(*value);
  }
  if (any) {
    write_held("\n");
    out.append(key_indent, ' ');
    out += ']';
  } else {
    out += "[]";
  }
  out.append(text, at + quoted.size());
  out += '\n';
  sink(out);
}

}  // namespace nsclint::report_internal
