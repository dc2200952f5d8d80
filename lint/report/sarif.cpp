// SARIF 2.1.0 for code-scanning UIs, following ../shared/reference/sarif-and-ci.md
// §1–§3: full rule metadata, root-relative URIs with %SRCROOT%, stable
// fingerprints, no timestamps or snippets, byte-identical for equal input.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/report/json_stream.h"
#include "lint/report/report.h"

#ifndef NSCLINT_VERSION
#error "NSCLINT_VERSION must be defined by the build"
#endif

namespace nsclint {
namespace {

using Json = report_internal::Json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/nsclint/nsclint";
constexpr std::string_view kRulesDocUri = "https://github.com/nsclint/nsclint/blob/main/docs/rules/";
constexpr std::string_view kSrcRoot = "%SRCROOT%";

// RFC 3986 path encoding: unreserved characters, sub-delims, '@' and '/' stay;
// everything else (':', '%', space, '#', '?', non-ASCII bytes...) becomes %XX.
// ':' is always encoded so a relative first segment never reads as a scheme.
std::string PercentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  for (const char c : path) {
    const auto u = static_cast<unsigned char>(c);
    const bool keep = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                      std::string_view("-._~!$&'()*+,;=@/").find(c) != std::string_view::npos;
    if (keep) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  return out;
}

std::string FileUri(std::string_view abs_path) {
  std::string uri = "file://";
  if (abs_path.empty() || abs_path.front() != '/') uri += '/';
  uri += PercentEncodePath(abs_path);
  return uri;
}

// An artifactLocation: root-relative with %SRCROOT% when inside the root, an
// absolute file:/// URI outside it, and for input without a path (stdin,
// display path "<stdin>") the percent-encoded display path ("%3Cstdin%3E"),
// which is a valid relative reference that names no real file.
Json ArtifactLocation(std::string_view abs, std::string_view display, const std::string& root) {
  if (abs.empty()) return Json{{"uri", PercentEncodePath(display)}};
  const std::string rel = RelativeTo(abs, root);
  if (rel.empty()) return Json{{"uri", FileUri(abs)}};
  return Json{{"uri", PercentEncodePath(rel)}, {"uriBaseId", kSrcRoot}};
}

Json PhysicalLocation(std::string_view abs, std::string_view display, const std::string& root, int line) {
  return Json{{"artifactLocation", ArtifactLocation(abs, display, root)},
              {"region", Json{{"startLine", std::max(line, 1)}}}};
}

std::string ProblemSeverity(Level level) {
  switch (level) {
    case Level::kError:
      return "error";
    case Level::kWarning:
      return "warning";
    case Level::kNote:
      return "recommendation";
  }
  return "warning";
}

// GitHub rejects empty description and help texts, so each falls back to the
// next more general text the rule has.
Json RuleJson(const RuleInfo& rule) {
  const std::string_view short_text = !rule.short_description.empty() ? rule.short_description : rule.name;
  const std::string_view full_text = !rule.full_description.empty() ? rule.full_description : short_text;
  const std::string help = !rule.help_markdown.empty() ? RuleHelpMarkdown(rule) : std::string(full_text);

  Json tags = Json::array();
  for (const std::string_view tag : rule.tags) tags.push_back(tag);
  Json properties{{"tags", std::move(tags)}, {"precision", rule.precision}};
  if (rule.security_severity.empty()) {
    properties["problem.severity"] = ProblemSeverity(rule.default_level);
  } else {
    properties["security-severity"] = rule.security_severity;
  }
  return Json{
      {"id", rule.id},
      {"name", rule.name},
      {"shortDescription", Json{{"text", short_text}}},
      {"fullDescription", Json{{"text", full_text}}},
      {"help", Json{{"text", help}, {"markdown", help}}},
      {"helpUri", std::string(kRulesDocUri) + std::string(rule.id) + ".md"},
      {"defaultConfiguration", Json{{"level", LevelName(rule.default_level)}}},
      {"properties", std::move(properties)},
  };
}

// Related locations carry display paths only; the absolute path comes from a
// finding on the same file, else from resolving the display path (it is
// relative to the working directory, as the user typed it).
class AbsolutePaths {
 public:
  explicit AbsolutePaths(const std::vector<Finding>& findings) {
    // Only the files related locations name are looked up: most reports
    // have few or none, and a big store's findings name 100,000 files.
    for (const Finding& f : findings) {
      for (const RelatedLocation& r : f.related) by_display_.emplace(r.file, std::string());
    }
    if (by_display_.empty()) return;
    for (const Finding& f : findings) {
      if (f.abs_file.empty()) continue;
      const auto it = by_display_.find(f.file);
      if (it != by_display_.end() && it->second.empty()) it->second = f.abs_file;
    }
    std::erase_if(by_display_, [](const auto& entry) { return entry.second.empty(); });
  }

  std::string Of(const std::string& display) const {
    if (display.empty()) return "";
    if (const auto it = by_display_.find(display); it != by_display_.end()) return it->second;
    std::error_code ec;
    const std::filesystem::path abs = std::filesystem::absolute(display, ec);
    return ec ? "" : abs.lexically_normal().generic_string();
  }

 private:
  std::map<std::string, std::string, std::less<>> by_display_;
};

Json ResultJson(const Finding& f, size_t rule_index, const RuleInfo& rule, const std::string& fingerprint,
                const std::string& root, const AbsolutePaths& paths, const std::string& server_version) {
  Json result{{"ruleId", f.rule_id}, {"ruleIndex", rule_index}};
  if (f.level != rule.default_level) result["level"] = LevelName(f.level);

  std::string text = f.message;
  const std::string commands = FixCommandsText(f.fix);
  if (!commands.empty()) text += " Fix: " + commands;
  if (!f.fix.remediation.empty()) text += (commands.empty() ? " Remediation: " : " ") + f.fix.remediation;
  if (!f.related.empty()) {
    // Related locations are linked from the message ("[the account JWT](1)",
    // SARIF 3.11.6); literal brackets in such a message are escaped.
    std::string linked;
    for (const char c : text) {
      if (c == '[' || c == ']') linked += '\\';
      linked += c;
    }
    linked += " See ";
    for (size_t i = 0; i < f.related.size(); ++i) {
      if (i > 0) linked += i + 1 == f.related.size() ? " and " : ", ";
      std::string label = f.related[i].message.empty() ? f.related[i].file : f.related[i].message;
      std::erase_if(label, [](char c) { return c == '[' || c == ']' || c == '\\'; });
      linked += "[" + label + "](" + std::to_string(i + 1) + ")";
    }
    text = linked + ".";
  }
  result["message"] = Json{{"text", std::move(text)}};

  Json location{{"physicalLocation", PhysicalLocation(f.abs_file, f.file, root, f.line)}};
  if (!f.entity.fqn.empty()) {
    Json logical{{"name", f.entity.name.empty() ? f.entity.fqn : f.entity.name},
                 {"fullyQualifiedName", f.entity.fqn},
                 {"kind", "resource"}};
    location["logicalLocations"] = Json::array({std::move(logical)});
  }
  result["locations"] = Json::array({std::move(location)});

  if (!f.related.empty()) {
    Json related = Json::array();
    int id = 1;
    for (const RelatedLocation& r : f.related) {
      Json loc{{"id", id++}, {"physicalLocation", PhysicalLocation(paths.Of(r.file), r.file, root, r.line)}};
      if (!r.message.empty()) loc["message"] = Json{{"text", r.message}};
      related.push_back(std::move(loc));
    }
    result["relatedLocations"] = std::move(related);
  }
  result["partialFingerprints"] = Json{{"primaryLocationLineHash", fingerprint}, {"nsclint/v1", fingerprint}};
  if (!f.fix.empty()) {
    // The fix as data (SPEC "Fix commands"): argv arrays and where they run,
    // the operator folder relative to the SARIF root.
    Json props{{"fix", report_internal::FixJson(f.fix)}};
    Json context = report_internal::FixContextJson(f.fix);
    if (!context.is_null()) {
      std::error_code ec;
      const std::string abs = std::filesystem::absolute(f.fix.cwd.view(), ec).lexically_normal().generic_string();
      const std::string rel = ec ? "" : RelativeTo(abs, root);
      context["cwd"] = rel.empty() ? (ec ? f.fix.cwd.str() : abs) : rel;
    }
    props["fixContext"] = std::move(context);
    props["remediation"] = f.fix.remediation;
    result["properties"] = std::move(props);
  }
  if (!f.baseline_state.empty()) result["baselineState"] = f.baseline_state;
  if (!f.suppressed.empty()) {
    result["suppressions"] =
        Json::array({Json{{"kind", "external"}, {"status", "accepted"}, {"justification", f.suppressed}}});
  }
  // The entity in full: GitHub shows only the message, other consumers (and
  // scripts reading the SARIF) need the whole public key, not its short form.
  result["properties"]["entity"] =
      Json{{"kind", f.entity.kind}, {"name", f.entity.name}, {"publicKey", f.entity.key}, {"path", f.entity.fqn}};
  // The nats-server versions the verdict is for (--server-version).
  if (!server_version.empty()) result["properties"]["serverVersion"] = server_version;
  return result;
}

Json NotificationJson(const Notification& n, const std::string& root) {
  const std::string level = ParseLevel(n.level) ? n.level : "error";
  Json out{{"level", level}, {"message", Json{{"text", n.message}}}};
  if (!n.file.empty() || !n.abs_file.empty()) {
    out["locations"] = Json::array(
        {Json{{"physicalLocation", Json{{"artifactLocation", ArtifactLocation(n.abs_file, n.file, root)}}}}});
  }
  return out;
}

}  // namespace

void StreamSarif(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink) {
  std::vector<const RuleInfo*> rules;
  for (const RuleInfo* r : in.rules) {
    if (r != nullptr) rules.push_back(r);
  }
  std::stable_sort(rules.begin(), rules.end(), [](const RuleInfo* a, const RuleInfo* b) { return a->id < b->id; });
  rules.erase(
      std::unique(rules.begin(), rules.end(), [](const RuleInfo* a, const RuleInfo* b) { return a->id == b->id; }),
      rules.end());
  std::map<std::string_view, size_t, std::less<>> rule_index;
  Json rules_json = Json::array();
  for (const RuleInfo* r : rules) {
    rule_index.emplace(r->id, rules_json.size());
    rules_json.push_back(RuleJson(*r));
  }

  const std::vector<std::string> fingerprints = FindingFingerprints(in.findings, in.sarif_root);
  const AbsolutePaths paths(in.findings);
  Json invocation{{"executionSuccessful", in.exit_code != 2}, {"exitCode", in.exit_code}};
  if (!in.server_version.empty()) invocation["properties"] = Json{{"serverVersion", in.server_version}};
  if (!in.notifications.empty()) {
    Json notes = Json::array();
    for (const Notification& n : in.notifications) notes.push_back(NotificationJson(n, in.sarif_root));
    invocation["toolExecutionNotifications"] = std::move(notes);
  }

  Json run{
      {"tool", Json{{"driver", Json{{"name", "nsclint"},
                                    {"version", NSCLINT_VERSION},
                                    {"semanticVersion", NSCLINT_VERSION},
                                    {"informationUri", kInformationUri},
                                    {"rules", std::move(rules_json)}}}}},
      {"invocations", Json::array({std::move(invocation)})},
  };
  if (!in.sarif_root.empty()) {
    std::string root_uri = FileUri(in.sarif_root);
    if (root_uri.back() != '/') root_uri += '/';
    run["originalUriBaseIds"] = Json{{kSrcRoot, Json{{"uri", std::move(root_uri)}}}};
  }
  run["columnKind"] = "utf16CodeUnits";
  static constexpr std::string_view kResults = "nsclint-stream:results";
  run["results"] = kResults;

  const Json log{{"$schema", kSchema}, {"version", "2.1.0"}, {"runs", Json::array({std::move(run)})}};
  // The results are the last member: after them come only closing brackets,
  // so the last occurrence of the marker is theirs (notifications and the
  // root, which users control, come before).
  report_internal::StreamWithArray(
      log, kResults, /*last_occurrence=*/true, in.findings.size(),
      [&](size_t i) -> std::optional<Json> {
        const Finding& f = in.findings[i];
        const auto it = rule_index.find(f.rule_id);
        if (it == rule_index.end()) return std::nullopt;  // a rule that is not enabled cannot report
        // GitHub code scanning ignores `suppressions` and would open suppressed results as alerts.
        if (!f.suppressed.empty() && !in.sarif_include_suppressed) return std::nullopt;
        return ResultJson(f, it->second, *rules[it->second], fingerprints[i], in.sarif_root, paths, in.server_version);
      },
      piece, sink);
}

std::string RenderSarif(const ReportInput& in) {
  std::string all;
  StreamSarif(in, SIZE_MAX, [&](std::string& piece) { all += piece; });
  return all;
}

}  // namespace nsclint
