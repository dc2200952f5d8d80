// SARIF 2.1.0 for code-scanning UIs, following ../shared/reference/sarif-and-ci.md
// §1–§3: full rule metadata, root-relative URIs with %SRCROOT%, stable
// fingerprints, no timestamps or snippets, byte-identical for equal input.
#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
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
using report_internal::JsonWriter;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr std::string_view kInformationUri = "https://github.com/nsclint/nsclint";
constexpr std::string_view kRulesDocUri = "https://github.com/nsclint/nsclint/blob/main/docs/rules/";
constexpr std::string_view kSrcRoot = "%SRCROOT%";

// RFC 3986 path encoding: unreserved characters, sub-delims, '@' and '/' stay;
// everything else (':', '%', space, '#', '?', non-ASCII bytes...) becomes %XX.
// ':' is always encoded so a relative first segment never reads as a scheme.
constexpr std::array<bool, 256> kUriKeep = [] {
  std::array<bool, 256> keep{};
  for (int c = 'a'; c <= 'z'; ++c) keep[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) keep[c] = true;
  for (int c = '0'; c <= '9'; ++c) keep[c] = true;
  for (const char c : std::string_view("-._~!$&'()*+,;=@/")) keep[static_cast<unsigned char>(c)] = true;
  return keep;
}();

std::string PercentEncodePath(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(path.size());
  size_t plain = 0;  // start of the run not yet appended
  for (size_t i = 0; i < path.size(); ++i) {
    const auto u = static_cast<unsigned char>(path[i]);
    if (kUriKeep[u]) continue;
    out.append(path.data() + plain, i - plain);
    const char esc[3] = {'%', kHex[u >> 4], kHex[u & 0x0f]};
    out.append(esc, sizeof esc);
    plain = i + 1;
  }
  out.append(path.data() + plain, path.size() - plain);
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

// Where the fix commands of a finding run, as SARIF shows it: the operator
// folder relative to the SARIF root, else absolute. The findings of a store
// share their folder, which is resolved once.
class FixFolders {
 public:
  explicit FixFolders(const std::string& root) : root_(root) {}

  const std::string& Of(std::string_view cwd) {
    if (!known_ || cwd != cwd_) {
      cwd_.assign(cwd);
      std::error_code ec;
      const std::string abs = std::filesystem::absolute(cwd, ec).lexically_normal().generic_string();
      const std::string rel = ec ? "" : RelativeTo(abs, root_);
      shown_ = rel.empty() ? (ec ? cwd_ : abs) : rel;
      known_ = true;
    }
    return shown_;
  }

 private:
  const std::string& root_;
  bool known_ = false;
  std::string cwd_, shown_;
};

void WriteArtifactLocation(JsonWriter& w, std::string_view abs, std::string_view display, const std::string& root) {
  w.BeginObject();
  if (abs.empty()) {
    w.Member("uri", PercentEncodePath(display));
  } else if (const std::string rel = RelativeTo(abs, root); rel.empty()) {
    w.Member("uri", FileUri(abs));
  } else {
    w.Member("uri", PercentEncodePath(rel));
    w.Member("uriBaseId", kSrcRoot);
  }
  w.EndObject();
}

void WritePhysicalLocation(JsonWriter& w, std::string_view abs, std::string_view display, const std::string& root,
                           int line) {
  w.BeginObject();
  w.Key("artifactLocation");
  WriteArtifactLocation(w, abs, display, root);
  w.Key("region");
  w.BeginObject();
  w.MemberInt("startLine", std::max(line, 1));
  w.EndObject();
  w.EndObject();
}

// What a result needs besides the finding, built once per report.
struct ResultContext {
  const std::string& root;
  const AbsolutePaths& paths;
  const std::string& server_version;
  FixFolders& fix_folders;
  std::string& text;  // scratch: the message
};

// One result, straight into the log's text. The members come in the order
// the log had when it was built as a value: `properties` (fix, entity,
// server version) before `baselineState` and `suppressions` when the finding
// has a fix, after them when it has not.
void WriteResult(JsonWriter& w, const Finding& f, size_t rule_index, const RuleInfo& rule, std::string_view fingerprint,
                 ResultContext& ctx) {
  w.BeginObject();
  w.Member("ruleId", f.rule_id.view());
  w.MemberInt("ruleIndex", static_cast<int64_t>(rule_index));
  if (f.level != rule.default_level) w.Member("level", LevelName(f.level));

  std::string& text = ctx.text;
  text.assign(f.message);
  const std::string commands = FixCommandsText(f.fix);
  if (!commands.empty()) text.append(" Fix: ").append(commands);
  if (!f.fix.remediation.empty()) text.append(commands.empty() ? " Remediation: " : " ").append(f.fix.remediation);
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
  w.Key("message");
  w.BeginObject();
  w.Member("text", text);
  w.EndObject();

  w.Key("locations");
  w.BeginArray();
  w.BeginObject();
  w.Key("physicalLocation");
  WritePhysicalLocation(w, f.abs_file.view(), f.file.view(), ctx.root, f.line);
  if (!f.entity.fqn.empty()) {
    w.Key("logicalLocations");
    w.BeginArray();
    w.BeginObject();
    w.Member("name", f.entity.name.empty() ? f.entity.fqn : f.entity.name);
    w.Member("fullyQualifiedName", f.entity.fqn);
    w.Member("kind", "resource");
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
  w.EndArray();

  if (!f.related.empty()) {
    w.Key("relatedLocations");
    w.BeginArray();
    int id = 1;
    for (const RelatedLocation& r : f.related) {
      w.BeginObject();
      w.MemberInt("id", id++);
      w.Key("physicalLocation");
      WritePhysicalLocation(w, ctx.paths.Of(r.file), r.file, ctx.root, r.line);
      if (!r.message.empty()) {
        w.Key("message");
        w.BeginObject();
        w.Member("text", r.message);
        w.EndObject();
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.Key("partialFingerprints");
  w.BeginObject();
  w.Member("primaryLocationLineHash", fingerprint);
  w.Member("nsclint/v1", fingerprint);
  w.EndObject();

  // The entity in full: GitHub shows only the message, other consumers (and
  // scripts reading the SARIF) need the whole public key, not its short form;
  // and the nats-server versions the verdict is for (--server-version).
  const auto entity_and_version = [&] {
    w.Key("entity");
    w.BeginObject();
    w.Member("kind", f.entity.kind);
    w.Member("name", f.entity.name);
    w.Member("publicKey", f.entity.key);
    w.Member("path", f.entity.fqn);
    w.EndObject();
    if (!ctx.server_version.empty()) w.Member("serverVersion", ctx.server_version);
  };
  if (!f.fix.empty()) {
    // The fix as data (SPEC "Fix commands"): argv arrays and where they run,
    // the operator folder relative to the SARIF root.
    w.Key("properties");
    w.BeginObject();
    w.Key("fix");
    report_internal::WriteFix(w, f.fix);
    w.Key("fixContext");
    report_internal::WriteFixContext(w, f.fix,
                                     f.fix.has_context() ? std::string_view(ctx.fix_folders.Of(f.fix.cwd.view())) : "");
    w.Member("remediation", f.fix.remediation);
    entity_and_version();
    w.EndObject();
  }
  if (!f.baseline_state.empty()) w.Member("baselineState", f.baseline_state.view());
  if (!f.suppressed.empty()) {
    w.Key("suppressions");
    w.BeginArray();
    w.BeginObject();
    w.Member("kind", "external");
    w.Member("status", "accepted");
    w.Member("justification", f.suppressed.view());
    w.EndObject();
    w.EndArray();
  }
  if (f.fix.empty()) {
    w.Key("properties");
    w.BeginObject();
    entity_and_version();
    w.EndObject();
  }
  w.EndObject();
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

  const FingerprintList fingerprints(in.findings, in.sarif_root, in.jobs);
  FingerprintList::Buffer print;
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
  // Each finding's rule, looked up once: its index in the rules, or none
  // for a rule that is not enabled (it cannot report).
  constexpr size_t kNoRule = SIZE_MAX;
  std::vector<size_t> finding_rule(in.findings.size(), kNoRule);
  const SharedText* last_id = nullptr;
  size_t last_index = kNoRule;
  for (size_t i = 0; i < in.findings.size(); ++i) {
    const SharedText& id = in.findings[i].rule_id;
    if (last_id == nullptr || !(id == *last_id)) {
      const auto it = rule_index.find(id.view());
      last_index = it == rule_index.end() ? kNoRule : it->second;
      last_id = &id;
    }
    finding_rule[i] = last_index;
  }
  FixFolders fix_folders(in.sarif_root);
  std::string text;
  ResultContext ctx{in.sarif_root, paths, in.server_version, fix_folders, text};
  report_internal::StreamWithArray(
      log, kResults, /*last_occurrence=*/true, in.findings.size(),
      [&](size_t i) {
        // GitHub code scanning ignores `suppressions` and would open suppressed results as alerts.
        return finding_rule[i] != kNoRule && (in.findings[i].suppressed.empty() || in.sarif_include_suppressed);
      },
      [&](size_t i, JsonWriter& w) {
        const size_t r = finding_rule[i];
        WriteResult(w, in.findings[i], r, *rules[r], fingerprints.At(i, print), ctx);
      },
      piece, sink);
}

std::string RenderSarif(const ReportInput& in) {
  std::string all;
  StreamSarif(in, SIZE_MAX, [&](std::string& piece) { all += piece; });
  return all;
}

}  // namespace nsclint
