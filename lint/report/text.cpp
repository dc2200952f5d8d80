// Human-readable output: one finding a line, grep- and editor-friendly
// (`path:line:` first), colour only when asked for.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "lint/report/report.h"

namespace nsclint {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kBoldYellow = "\x1b[1;33m";
constexpr std::string_view kBoldCyan = "\x1b[1;36m";

// Text from hostile input (names from claims, file names) must not drive the
// terminal: control characters are shown as \xNN.
// Runs of plain characters are appended whole (most text has none to escape).
void AppendSafe(std::string& out, std::string_view text) {
  size_t plain = 0;  // start of the run not yet appended
  for (size_t i = 0; i < text.size(); ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    if (u >= 0x20 && u != 0x7f) continue;
    out.append(text.data() + plain, i - plain);
    std::array<char, 5> buf{};
    std::snprintf(buf.data(), buf.size(), "\\x%02x", u);
    out += buf.data();
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
}

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}

  void Append(std::string& out, std::string_view style, std::string_view text) const {
    if (color_) out += style;
    AppendSafe(out, text);
    if (color_) out += kReset;
  }

 private:
  bool color_;
};

std::string_view LevelStyle(std::string_view level) {
  if (level == "error") return kBoldRed;
  if (level == "warning") return kBoldYellow;
  return kBoldCyan;
}

// "3 errors", "1 warning".
std::string Count(size_t n, std::string_view noun) {
  std::string s = std::to_string(n) + " " + std::string(noun);
  if (n != 1) s += "s";
  return s;
}

std::string Summary(const ReportInput& in) {
  size_t counts[3] = {0, 0, 0};
  size_t shown = 0, suppressed = 0, unchanged = 0, fresh = 0, updated = 0;
  for (const Finding& f : in.findings) {
    if (!f.suppressed.empty()) {
      ++suppressed;
      continue;
    }
    ++shown;
    ++counts[static_cast<int>(f.level)];
    if (f.baseline_state == "unchanged") ++unchanged;
    if (f.baseline_state == "new") ++fresh;
    if (f.baseline_state == "updated") ++updated;
  }
  std::string files = " in " + Count(in.files_scanned, "file");
  if (fresh != 0 || unchanged != 0 || updated != 0) {
    files += "; " + std::to_string(fresh) + " new, ";
    if (updated != 0) files += std::to_string(updated) + " at a higher level, ";
    files += std::to_string(unchanged) + " unchanged since the baseline";
  }
  if (suppressed != 0) files += "; " + std::to_string(suppressed) + " suppressed by the config";
  if (shown == 0) return "no findings" + files;
  std::string parts;
  const std::pair<Level, std::string_view> order[] = {
      {Level::kError, "error"}, {Level::kWarning, "warning"}, {Level::kNote, "note"}};
  for (const auto& [level, noun] : order) {
    const size_t n = counts[static_cast<int>(level)];
    if (n == 0) continue;
    if (!parts.empty()) parts += ", ";
    parts += Count(n, noun);
  }
  return Count(shown, "finding") + " (" + parts + ")" + files;
}

}  // namespace

std::string RenderText(const ReportInput& in) {
  std::string all;
  StreamText(in, SIZE_MAX, [&](std::string& piece) { all = std::move(piece); });
  return all;
}

void StreamText(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink) {
  const Painter paint(in.color);
  std::string out;
  // Findings arrive sorted by file, so consecutive lines form the per-file groups.
  for (const Finding& f : in.findings) {
    if (out.size() >= piece) {
      sink(out);
      out.clear();
    }
    if (!f.suppressed.empty()) continue;  // counted in the summary only
    const std::string_view level = LevelName(f.level);
    if (in.color) out += kBold;
    AppendSafe(out, f.file);
    out += ':';
    out += std::to_string(f.line);
    if (in.color) out += kReset;
    out += ": ";
    paint.Append(out, LevelStyle(level), level);
    out += ' ';
    paint.Append(out, kDim, f.rule_id);
    out += ' ';
    AppendSafe(out, f.rule_name);
    // With a baseline, what a change introduced is what a reviewer reads first.
    if (f.baseline_state == "new") paint.Append(out, kBold, " (new)");
    if (f.baseline_state == "updated") paint.Append(out, kBold, " (updated: higher level than in the baseline)");
    out += ": ";
    AppendSafe(out, f.message);
    if (!f.entity.fqn.empty()) {
      out += " [";
      AppendSafe(out, f.entity.fqn);
      out += ']';
    }
    out += '\n';
    if (const std::string commands = FixCommandsText(f.fix); !commands.empty()) {
      out += "  fix: ";
      AppendSafe(out, commands);
      out += '\n';
    }
    if (!f.fix.remediation.empty()) {
      out += "  remediation: ";
      AppendSafe(out, f.fix.remediation);
      out += '\n';
    }
  }
  for (const Notification& n : in.notifications) {
    out += "nsclint: ";
    paint.Append(out, LevelStyle(n.level), n.level.empty() ? "error" : n.level);
    out += ": ";
    if (!n.file.empty()) {
      paint.Append(out, kBold, n.file);
      out += ": ";
    }
    AppendSafe(out, n.message);
    out += '\n';
  }
  if (!in.quiet) {
    out += Summary(in);
    out += '\n';
  }
  sink(out);
}

}  // namespace nsclint
