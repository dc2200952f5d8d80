// GitHub Actions workflow commands: findings become annotations on the pull
// request's files without code scanning (../shared/reference/sarif-and-ci.md §9).
// Escaping follows actions/toolkit packages/core/src/command.ts.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "lint/report/report.h"

namespace nsclint {
namespace {

// GitHub turns at most this many commands of one level into annotations per step.
constexpr size_t kPerLevel = 10;

std::string EscapeData(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string EscapeProperty(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string_view Command(Level level) {
  switch (level) {
    case Level::kError:
      return "error";
    case Level::kWarning:
      return "warning";
    case Level::kNote:
      return "notice";
  }
  return "warning";
}

std::string Plural(size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace

std::string RenderGithub(const ReportInput& in) {
  // Errors first, and within a level findings new since the baseline first:
  // those are the annotations a reviewer must see.
  std::vector<const Finding*> order;
  std::array<size_t, 3> total{0, 0, 0};
  for (const Finding& f : in.findings) {
    if (!f.suppressed.empty()) continue;
    order.push_back(&f);
    ++total[static_cast<int>(f.level)];
  }
  std::stable_sort(order.begin(), order.end(), [](const Finding* a, const Finding* b) {
    if (a->level != b->level) return a->level > b->level;
    return (a->baseline_state != "unchanged") > (b->baseline_state != "unchanged");
  });
  std::array<size_t, 3> cap{kPerLevel, kPerLevel, kPerLevel};
  const bool overflow = total[0] > kPerLevel || total[1] > kPerLevel || total[2] > kPerLevel;
  if (overflow) cap[static_cast<int>(Level::kNote)] = kPerLevel - 1;  // room for the closing notice

  std::string out;
  for (const Notification& n : in.notifications) {
    const Level level = ParseLevel(n.level).value_or(Level::kError);
    out += "::";
    out += Command(level);
    if (!n.file.empty()) out += " file=" + EscapeProperty(n.file);
    out += " title=nsclint::" + EscapeData(n.message) + "\n";
  }
  std::array<size_t, 3> shown{0, 0, 0};
  for (const Finding* f : order) {
    const int l = static_cast<int>(f->level);
    if (shown[l] == cap[l]) continue;
    ++shown[l];
    const std::string line = std::to_string(f->line);
    std::string title = f->rule_id.str() + " " + f->rule_name.str();
    if (f->baseline_state == "new") title += " (new)";
    if (f->baseline_state == "updated") title += " (updated)";
    std::string message = f->message;
    if (!f->entity.fqn.empty()) message += " [" + f->entity.fqn + "]";
    if (const std::string commands = FixCommandsText(f->fix); !commands.empty()) message += "\nfix: " + commands;
    if (!f->fix.remediation.empty()) message += "\nremediation: " + f->fix.remediation;
    out += "::";
    out += Command(f->level);
    out += " file=" + EscapeProperty(CiPath(*f, in.sarif_root)) + ",line=" + line + ",endLine=" + line +
           ",title=" + EscapeProperty(title) + "::" + EscapeData(message) + "\n";
  }
  const size_t hidden = order.size() - shown[0] - shown[1] - shown[2];
  if (hidden != 0) {
    std::string parts;
    const std::pair<Level, std::string_view> levels[] = {
        {Level::kError, "error"}, {Level::kWarning, "warning"}, {Level::kNote, "note"}};
    for (const auto& [level, noun] : levels) {
      const int l = static_cast<int>(level);
      if (total[l] == shown[l]) continue;
      if (!parts.empty()) parts += ", ";
      parts += Plural(total[l] - shown[l], noun);
    }
    out += "::notice title=" + EscapeProperty("nsclint: " + Plural(hidden, "more finding")) + "::" +
           EscapeData("GitHub shows " + std::to_string(kPerLevel) + " annotations per level and step; " +
                      Plural(hidden, "more finding") + " (" + parts + ") of " + std::to_string(order.size()) +
                      " are in the full report (--report text:FILE, sarif or markdown).") +
           "\n";
  }
  return out;
}

}  // namespace nsclint
