// The CI formats (github, gitlab, markdown) and --report, each checked against
// what its consumer documents: GitHub's workflow-command grammar and escaping
// (actions/toolkit command.ts), GitLab's Code Quality issue fields, and a
// markdown summary that renders (balanced <details>, new findings first).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/report/report.h"
#include "tests/test_util.h"

namespace nsclint {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

RuleInfo MakeRule(std::string_view id, std::string_view name, Level level) {
  RuleInfo r;
  r.id = id;
  r.name = name;
  r.default_level = level;
  return r;
}

const RuleInfo kExpiredRule = MakeRule("NL101", "expired", Level::kError);
const RuleInfo kSeedRule = MakeRule("NL604", "seed-in-store", Level::kError);
const RuleInfo kNoExpiryRule = MakeRule("NL103", "user-no-expiry", Level::kWarning);

Finding Make(const RuleInfo& rule, Level level, const std::string& rel, const std::string& key,
             const std::string& message) {
  Finding f;
  f.rule_id = std::string(rule.id);
  f.rule_name = std::string(rule.name);
  f.level = level;
  f.file = rel;
  f.abs_file = "/repo/" + rel;
  f.entity = Entity{"user", "u", key, "op/A/u"};
  f.message = message;
  return f;
}

// `n` findings of each level; a hostile name with every character GitHub escapes.
ReportInput Input(size_t n) {
  ReportInput in;
  in.sarif_root = "/repo";
  in.files_scanned = 3 * n;
  in.exit_code = 1;
  in.rules = {&kExpiredRule, &kNoExpiryRule, &kSeedRule};
  for (size_t i = 0; i < n; ++i) {
    const std::string k = std::to_string(i);
    Finding note = Make(kNoExpiryRule, Level::kNote, "s/n" + k + ".jwt", "UN" + k, "note " + k);
    Finding warn =
        Make(kNoExpiryRule, Level::kWarning, "s/w,:%" + k + ".jwt", "UW" + k, "user 'a%b:c,d' line1\nline2\r " + k);
    warn.fix.commands.push_back({"nsc", "edit", "user", "--account", "A", "--name", "a b", "--expiry", "90d"});
    Finding err = Make(kExpiredRule, Level::kError, "s/e" + k + ".jwt", "UE" + k, "expired " + k);
    err.fix.commands.push_back({"nsc", "edit", "user", "--account", "A", "--name", "u", "--expiry", "90d"});
    in.findings.push_back(note);
    in.findings.push_back(warn);
    in.findings.push_back(err);
  }
  Finding seed = Make(kSeedRule, Level::kError, "s/seed.txt", "", "a seed is in this file");
  in.findings.push_back(seed);
  std::sort(in.findings.begin(), in.findings.end(), FindingLess);
  return in;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// The inverse of GitHub's escaping (actions/toolkit command.ts).
std::string Unescape(std::string s) {
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"%0D", "\r"}, {"%0A", "\n"}, {"%3A", ":"}, {"%2C", ","}, {"%25", "%"}}) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  }
  return s;
}

struct Command {
  std::string name;
  std::map<std::string, std::string> props;  // unescaped
  std::string data;                          // unescaped
};

// Parses one workflow command the way the runner does: "::name k=v,k=v::data",
// properties escaped so that ',' and ':' only ever separate.
Command ParseCommand(const std::string& line) {
  static const std::regex kGrammar(
      R"(^::(error|warning|notice)( [A-Za-z]+=[^,:\r\n]*(,[A-Za-z]+=[^,:\r\n]*)*)?::([^\r\n]*)$)");
  std::smatch m;
  EXPECT_TRUE(std::regex_match(line, m, kGrammar)) << line;
  Command c;
  if (m.empty()) return c;
  c.name = m[1];
  std::string props = m[2].str();
  if (!props.empty()) {
    std::istringstream ps(props.substr(1));
    for (std::string kv; std::getline(ps, kv, ',');) {
      const size_t eq = kv.find('=');
      c.props[kv.substr(0, eq)] = Unescape(kv.substr(eq + 1));
    }
  }
  c.data = Unescape(m[4]);
  return c;
}

TEST(GithubFormat, WorkflowCommandsEscapedErrorsFirstAndCapped) {
  const std::string out = RenderGithub(Input(12));
  const std::vector<std::string> lines = Lines(out);
  std::map<std::string, int> per_level;
  int rank_seen = 3;
  const std::map<std::string, int> rank{{"error", 2}, {"warning", 1}, {"notice", 0}};
  const std::set<std::string> known_props{"file", "line", "endLine", "col", "endColumn", "title"};
  for (size_t i = 0; i < lines.size(); ++i) {
    Command c = ParseCommand(lines[i]);
    ++per_level[c.name];
    for (const auto& [k, v] : c.props) EXPECT_EQ(known_props.count(k), 1u) << k;
    if (i + 1 == lines.size()) {
      // The closing notice counts what GitHub would not show.
      EXPECT_EQ(c.name, "notice");
      EXPECT_NE(c.data.find("8 more findings (3 errors, 2 warnings, 3 notes) of 37"), std::string::npos) << c.data;
      break;
    }
    EXPECT_LE(rank.at(c.name), rank_seen) << "errors first: " << lines[i];
    rank_seen = rank.at(c.name);
    EXPECT_FALSE(c.props["file"].empty());
    EXPECT_EQ(c.props["file"].front() == '/', false) << "paths relative to the repository";
    EXPECT_EQ(c.props["line"], "1");
    EXPECT_NE(c.props["title"].find("NL"), std::string::npos);
  }
  // GitHub shows 10 per level and step; the summary notice takes one notice slot.
  EXPECT_EQ(per_level["error"], 10);
  EXPECT_EQ(per_level["warning"], 10);
  EXPECT_EQ(per_level["notice"], 10);
  // Escaping round-trips: ':' and ',' in a file name, CR/LF and '%' in the message.
  Command warn = ParseCommand(lines[10]);
  EXPECT_EQ(warn.name, "warning");
  EXPECT_EQ(warn.props["file"], "s/w,:%0.jwt");
  EXPECT_EQ(warn.props["title"], "NL103 user-no-expiry");
  EXPECT_EQ(warn.data,
            "user 'a%b:c,d' line1\nline2\r 0 [op/A/u]\nfix: nsc edit user --account A --name 'a b' --expiry 90d");
}

TEST(GithubFormat, NoClosingNoticeWhenEverythingFits) {
  const std::vector<std::string> lines = Lines(RenderGithub(Input(2)));
  ASSERT_EQ(lines.size(), 7u);
  for (const auto& line : lines) ParseCommand(line);
  EXPECT_EQ(lines.back().rfind("::notice file=s/n1.jwt", 0), 0u) << lines.back();
  EXPECT_EQ(lines.front().rfind("::error file=s/e0.jwt,line=1,endLine=1,title=NL101 expired::expired 0", 0), 0u);
}

// GitLab's Code Quality report: an array of issues; each has the fields GitLab
// documents as required (description, check_name, fingerprint, severity,
// location.path, location.lines.begin), fingerprints unique, severity one of
// info|minor|major|critical|blocker, paths relative to the repository.
void CheckGitlabSchema(const json& report) {
  ASSERT_TRUE(report.is_array());
  const std::set<std::string> severities{"info", "minor", "major", "critical", "blocker"};
  std::set<std::string> fingerprints;
  for (const auto& issue : report) {
    ASSERT_TRUE(issue.is_object());
    for (const char* key : {"description", "check_name", "fingerprint", "severity"}) {
      ASSERT_TRUE(issue.contains(key) && issue[key].is_string()) << key << ": " << issue.dump();
      EXPECT_FALSE(issue[key].get<std::string>().empty()) << key;
    }
    EXPECT_EQ(severities.count(issue["severity"].get<std::string>()), 1u) << issue.dump();
    EXPECT_TRUE(fingerprints.insert(issue["fingerprint"].get<std::string>()).second) << "unique fingerprints";
    const json& loc = issue.at("location");
    ASSERT_TRUE(loc.at("path").is_string());
    const std::string path = loc["path"];
    EXPECT_FALSE(path.empty());
    EXPECT_NE(path.front(), '/') << "relative to the project";
    EXPECT_NE(path.rfind("./", 0), 0u);
    ASSERT_TRUE(loc.at("lines").at("begin").is_number_integer());
    EXPECT_GE(loc["lines"]["begin"].get<int>(), 1);
  }
}

TEST(GitlabFormat, CodeQualityIssues) {
  ReportInput in = Input(1);
  for (Finding& f : in.findings) {
    if (f.level == Level::kNote) f.suppressed = "accepted";  // suppressed findings are left out
  }
  const json report = json::parse(RenderGitlab(in));
  CheckGitlabSchema(report);
  ASSERT_EQ(report.size(), 3u);
  const std::vector<std::string> prints = FindingFingerprints(in.findings, in.sarif_root);
  std::map<std::string, std::string> severity_of;
  for (const auto& issue : report) severity_of[issue["check_name"]] += issue["severity"].get<std::string>() + ";";
  EXPECT_EQ(severity_of["NL101"], "major;");
  EXPECT_EQ(severity_of["NL604"], "critical;");
  EXPECT_EQ(severity_of["NL103"], "minor;");
  for (const auto& issue : report) {
    bool found = false;
    for (const auto& p : prints) found = found || p == issue["fingerprint"];
    EXPECT_TRUE(found) << "the nsclint/v1 fingerprint";
  }
  const json& e = report[0];
  EXPECT_EQ(e["location"]["path"], "s/e0.jwt");
  EXPECT_EQ(e["description"], "NL101 expired: expired 0 Fix: nsc edit user --account A --name u --expiry 90d");
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(MarkdownFormat, SummaryWithCountsNewFirstAndFixes) {
  ReportInput in = Input(1);
  for (Finding& f : in.findings) f.baseline_state = f.level == Level::kError ? "unchanged" : "new";
  const std::string md = RenderMarkdown(in);
  EXPECT_EQ(md.rfind("## nsclint\n", 0), 0u) << md;
  EXPECT_EQ(Count(md, "<details"), Count(md, "</details>"));
  EXPECT_NE(md.find("| level | findings | new |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 🔴 error | 2 | 0 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `NL103` | user-no-expiry | warning | 2 | 2 |"), std::string::npos) << md;
  const size_t fresh = md.find("### New since the baseline (2)");
  const size_t old = md.find("<summary>Unchanged since the baseline (2)</summary>");
  ASSERT_NE(fresh, std::string::npos) << md;
  ASSERT_NE(old, std::string::npos) << md;
  EXPECT_LT(fresh, old);
  // New findings carry the mark and their fix, fenced; hostile text is escaped.
  EXPECT_NE(md.find("**(new)** at `s/w,:%0.jwt:1`"), std::string::npos) << md;
  EXPECT_NE(md.find("  ```sh\n  nsc edit user --account A --name 'a b' --expiry 90d\n  ```\n"), std::string::npos)
      << md;
  EXPECT_EQ(md.find("line1\nline2"), std::string::npos);
  EXPECT_LT(md.find("(new)"), old);
}

TEST(MarkdownFormat, NoBaselineListsEverythingErrorsFirst) {
  const std::string md = RenderMarkdown(Input(1));
  EXPECT_EQ(md.find("new |"), std::string::npos);
  EXPECT_NE(md.find("<details open><summary>Findings (4)</summary>"), std::string::npos) << md;
  EXPECT_LT(md.find("**error**"), md.find("**warning**"));
  EXPECT_LT(md.find("**warning**"), md.find("**note**"));
  EXPECT_NE(md.find("❌ **Findings at or above the gate level** (exit 1)."), std::string::npos);
}

// One run writes several outputs; each equals what --format alone writes.
TEST(ReportOption, OneRunSeveralOutputs) {
  using testing::RunNsclint;
  const fs::path dir = fs::temp_directory_path() / ("nsclint-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::string> base{"--now=2026-06-01T00:00:00Z", "--disable", "NL602", "fixtures/demo"};
  std::vector<std::string> args = base;
  for (const char* f : {"sarif", "github", "gitlab", "markdown", "json"}) {
    args.push_back("--report");
    args.push_back(std::string(f) + ":" + (dir / f).string());
  }
  const testing::RunResult all = RunNsclint(args);
  EXPECT_EQ(all.exit_code, 1) << all.err;
  EXPECT_NE(all.out.find(" findings ("), std::string::npos) << all.out;  // the text report, on stdout
  EXPECT_NE(all.err.find("reports written to"), std::string::npos) << all.err;
  for (const char* f : {"sarif", "github", "gitlab", "markdown", "json"}) {
    std::vector<std::string> single = base;
    single.push_back("--format");
    single.push_back(f);
    const testing::RunResult alone = RunNsclint(single);
    EXPECT_EQ(testing::ReadFile((dir / f).string()), alone.out) << f;
  }
  CheckGitlabSchema(json::parse(testing::ReadFile((dir / "gitlab").string())));
  for (const auto& line : Lines(testing::ReadFile((dir / "github").string()))) ParseCommand(line);

  const testing::RunResult bad = RunNsclint({"--report", "sarif", "fixtures/demo"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--report takes FORMAT:FILE"), std::string::npos) << bad.err;
  const testing::RunResult unknown = RunNsclint({"--report", "junit:x.xml", "fixtures/demo"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown format 'junit'"), std::string::npos) << unknown.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nsclint

namespace nsclint {
namespace {

// SPEC §5: the security tag wherever a security-severity is set, precision per
// rule, the entity in full in each result; the JSON header's time and config.
TEST(SarifDetails, SecurityTagPrecisionAndEntity) {
  const testing::RunResult r =
      testing::RunNsclint({"--now=2026-06-01T00:00:00Z", "--no-config", "-f", "sarif", "fixtures/demo"});
  const json log = json::parse(r.out);
  const json& run = log.at("runs").at(0);
  std::map<std::string, std::string> precision;
  for (const auto& rule : run.at("tool").at("driver").at("rules")) {
    const json& props = rule.at("properties");
    precision[rule.at("id")] = props.at("precision");
    if (props.contains("security-severity")) {
      const auto& tags = props.at("tags");
      EXPECT_NE(std::find(tags.begin(), tags.end(), "security"), tags.end()) << rule.at("id");
    }
  }
  EXPECT_EQ(precision.at("NL101"), "very-high");  // proven against a real server
  EXPECT_EQ(precision.at("NL502"), "very-high");
  EXPECT_EQ(precision.at("NL203"), "medium");  // a heuristic
  EXPECT_EQ(precision.at("NL602"), "high");
  size_t with_key = 0;
  for (const auto& res : run.at("results")) {
    const json& entity = res.at("properties").at("entity");
    for (const char* key : {"kind", "name", "publicKey", "path"}) EXPECT_TRUE(entity.at(key).is_string()) << key;
    const std::string pub = entity.at("publicKey");
    EXPECT_TRUE(pub.empty() || pub.size() == 56) << pub;
    with_key += pub.size() == 56 ? 1 : 0;
  }
  EXPECT_GT(with_key, 10u);

  const testing::RunResult j =
      testing::RunNsclint({"--now=2026-06-01T00:00:00Z", "--no-config", "-f", "json", "fixtures/demo"});
  const json doc = json::parse(j.out);
  EXPECT_EQ(doc.at("evaluated_at"), "2026-06-01T00:00:00Z");
  EXPECT_TRUE(doc.at("config_file").is_null());
}

}  // namespace
}  // namespace nsclint
