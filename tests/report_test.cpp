// Reporters: exact text lines, JSON and SARIF fields, fingerprints, colour,
// determinism, and (when the validator is installed) SARIF validity.
#include "lint/report/report.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nsclint {
namespace {

using nlohmann::json;

const RuleInfo kMalformed{
    .id = "NL001",
    .name = "malformed-token",
    .family = "integrity",
    .default_level = Level::kError,
    .levels = "",
    .short_description = "A candidate file cannot be read or decoded.",
    .full_description = "The file looks like a NATS JWT but cannot be decoded.",
    .help_markdown = "## What it finds\nA file that cannot be decoded.\n",
    .security_severity = "8.0",
    .tags = {"security", "nats", "jwt"},
    .options = {},
    .precision = "high",
};
const RuleInfo kExpired{
    .id = "NL101",
    .name = "expired",
    .family = "time",
    .default_level = Level::kError,
    .levels = "",
    .short_description = "The JWT has expired.",
    .full_description = "exp is set and not after --now.",
    .help_markdown = "## What it finds\nAn expired JWT.\n\n## How to fix\n`nsc edit user`\n",
    .security_severity = "8.0",
    .tags = {"security", "nats", "jwt"},
    .options = {},
    .precision = "very-high",
};
const RuleInfo kRedundant{
    .id = "NL202",
    .name = "redundant-subject",
    .family = "hygiene",
    .default_level = Level::kWarning,
    .levels = "",
    .short_description = "A subject is covered by another entry of its list.",
    .full_description = "An entry equals or is covered by another entry of the same list.",
    .help_markdown = "## What it finds\nRedundant subjects.\n",
    .security_severity = "",
    .tags = {"nats", "permissions"},
    .options = {},
    .precision = "high",
};

Finding MakeFinding(const RuleInfo& rule, Level level, std::string file, std::string abs, Entity entity,
                    std::string qualifier, std::string message) {
  Finding f;
  f.rule_id = std::string(rule.id);
  f.rule_name = std::string(rule.name);
  f.level = level;
  f.file = std::move(file);
  f.abs_file = std::move(abs);
  f.entity = std::move(entity);
  f.qualifier = std::move(qualifier);
  f.message = std::move(message);
  return f;
}

// Five findings under root /repo: an undecodable file (no key), an expired user
// with a fix and a related location, a duplicate-fingerprint pair on one
// account (one at a non-default level) and a file outside the root.
ReportInput SampleInput() {
  ReportInput in;
  in.sarif_root = "/repo";
  in.files_scanned = 9;
  in.exit_code = 1;
  in.rules = {&kRedundant, &kMalformed, &kExpired};  // unsorted on purpose
  const Entity account{"account", "A", "AAAA", "op/A"};
  const Entity user{"user", "u", "UAAA", "op/A/u"};

  Finding bad = MakeFinding(kMalformed, Level::kError, "store/bad file.jwt", "/repo/store/bad file.jwt",
                            Entity{"file", "", "", ""}, "", "File 'store/bad file.jwt' is not a JWT: 2 segments.");
  Finding expired =
      MakeFinding(kExpired, Level::kError, "store/op/accounts/A/users/u.jwt", "/repo/store/op/accounts/A/users/u.jwt",
                  user, "", "User 'u' (UAAA) expired 2024-01-01T00:00:00Z.");
  expired.fix.commands = {{"nsc", "edit", "user", "-a", "A", "-n", "u", "-K", "AAAA", "--expiry", "90d"},
                          {"nsc", "describe", "user", "-a", "A", "-n", "u's >"}};
  expired.fix.cwd = "store/op";
  expired.fix.keys = "../../keys";
  expired.related = {{"store/op/accounts/A/A.jwt", 1, "issuing account 'A'"}};
  Finding dup1 =
      MakeFinding(kRedundant, Level::kWarning, "store/op/accounts/A/A.jwt", "/repo/store/op/accounts/A/A.jwt", account,
                  "pub.allow", "Account 'A': 'orders.us.>' is covered by 'orders.>'.");
  Finding dup2 = MakeFinding(kRedundant, Level::kNote, "store/op/accounts/A/A.jwt", "/repo/store/op/accounts/A/A.jwt",
                             account, "pub.allow", "Account 'A': 'orders.*' is covered by 'orders.>'.");
  Finding outside = MakeFinding(kExpired, Level::kError, "/elsewhere/x.jwt", "/elsewhere/x.jwt", user, "elsewhere",
                                "User 'u' (UAAA) expired 2024-01-01T00:00:00Z.");
  in.findings = {bad, expired, dup1, dup2, outside};
  std::sort(in.findings.begin(), in.findings.end(), FindingLess);
  return in;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

const json& OnlyRun(const json& log) {
  return log.at("runs").at(0);
}

// --- shared pieces ---------------------------------------------------------

TEST(ReportCommonTest, RelativeToIsLexical) {
  EXPECT_EQ(RelativeTo("/repo/a/b.jwt", "/repo"), "a/b.jwt");
  EXPECT_EQ(RelativeTo("/repo/a/b.jwt", "/repo/"), "a/b.jwt");
  EXPECT_EQ(RelativeTo("/repo2/a.jwt", "/repo"), "");
  EXPECT_EQ(RelativeTo("/other/a.jwt", "/repo"), "");
  EXPECT_EQ(RelativeTo("/a.jwt", "/"), "a.jwt");
  EXPECT_EQ(RelativeTo("/repo", "/repo"), ".");
  EXPECT_EQ(RelativeTo("", "/repo"), "");
  EXPECT_EQ(RelativeTo("/repo/a", ""), "");
}

TEST(ReportCommonTest, FingerprintBaseIsSha256Prefix) {
  Finding f;
  f.rule_id = "NL101";
  f.entity = Entity{"user", "u", "UAAA", "op/A/u"};
  // python3: hashlib.sha256(b'NL101\0user\0UAAA\0').hexdigest()[:16]
  EXPECT_EQ(FingerprintBase(f, "ignored/because/key/set.jwt"), "10c44db88a0a0159");
  Finding bad;
  bad.rule_id = "NL001";
  bad.entity.kind = "file";
  EXPECT_EQ(FingerprintBase(bad, "store/bad file.jwt"), "ae65c5b127d85dbd");
}

// --- text ------------------------------------------------------------------

TEST(TextReportTest, ExactLines) {
  ReportInput in = SampleInput();
  in.notifications = {{"error", "cannot read: permission denied", "store/secret.nk", "/repo/x"}};
  const std::vector<std::string> expected = {
      "/elsewhere/x.jwt:1: error NL101 expired: User 'u' (UAAA) expired "
      "2024-01-01T00:00:00Z. [op/A/u]",
      "store/bad file.jwt:1: error NL001 malformed-token: File 'store/bad file.jwt' is not a "
      "JWT: 2 segments.",
      "store/op/accounts/A/A.jwt:1: note NL202 redundant-subject: Account 'A': 'orders.*' is "
      "covered by 'orders.>'. [op/A]",
      "store/op/accounts/A/A.jwt:1: warning NL202 redundant-subject: Account 'A': 'orders.us.>' "
      "is covered by 'orders.>'. [op/A]",
      "store/op/accounts/A/users/u.jwt:1: error NL101 expired: User 'u' (UAAA) expired "
      "2024-01-01T00:00:00Z. [op/A/u]",
      "  fix: (cd 'store/op' && export NSC_CWD_ONLY=1 NKEYS_PATH='../../keys' && nsc edit user -a A -n u -K "
      "AAAA --expiry 90d && nsc describe user -a A -n 'u'\\''s >')",
      "nsclint: error: store/secret.nk: cannot read: permission denied",
      "5 findings (3 errors, 1 warning, 1 note) in 9 files",
  };
  EXPECT_EQ(Lines(RenderText(in)), expected);
}

TEST(TextReportTest, SummaryVariantsAndQuiet) {
  ReportInput in;
  in.files_scanned = 1;
  EXPECT_EQ(RenderText(in), "no findings in 1 file\n");
  in.quiet = true;
  EXPECT_EQ(RenderText(in), "");
  in = SampleInput();
  in.quiet = true;
  EXPECT_EQ(Lines(RenderText(in)).size(), 6u);  // five findings, one fix, no summary
}

TEST(TextReportTest, ColourOnlyWhenAsked) {
  ReportInput in = SampleInput();
  const std::string plain = RenderText(in);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  for (const char c : plain) EXPECT_TRUE(static_cast<unsigned char>(c) < 0x80) << plain;

  in.color = true;
  const std::string coloured = RenderText(in);
  EXPECT_NE(coloured.find("\x1b[1m/elsewhere/x.jwt:1\x1b[0m: \x1b[1;31merror\x1b[0m "
                          "\x1b[2mNL101\x1b[0m expired: "),
            std::string::npos)
      << coloured;
  EXPECT_NE(coloured.find("\x1b[1;33mwarning\x1b[0m"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;36mnote\x1b[0m"), std::string::npos);
}

TEST(TextReportTest, ControlCharactersFromInputAreEscaped) {
  ReportInput in = SampleInput();
  in.findings.resize(1);
  in.findings[0].message = "name \x1b[31mred\x07";
  in.quiet = true;
  EXPECT_EQ(Lines(RenderText(in)).at(0), "/elsewhere/x.jwt:1: error NL101 expired: name \\x1b[31mred\\x07 [op/A/u]");
}

// --- JSON ------------------------------------------------------------------

TEST(JsonReportTest, DocumentedShape) {
  const ReportInput in = SampleInput();
  const std::string text = RenderJson(in);
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(text.rfind("{\n  \"version\": 2,\n  \"tool\": {\n    \"name\": \"nsclint\",", 0), 0u) << text;
  const nlohmann::ordered_json doc = nlohmann::ordered_json::parse(text);
  EXPECT_EQ(doc.at("tool").at("version"), NSCLINT_VERSION);

  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"version", "tool", "evaluated_at", "findings", "notifications",
                                            "server_version", "summary", "config_file"}));
  const auto& findings = doc.at("findings");
  ASSERT_EQ(findings.size(), 5u);
  keys.clear();
  for (const auto& item : findings.at(0).items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"rule", "name", "level", "message", "fix", "fixContext", "remediation",
                                            "file", "line", "entity", "qualifier", "fingerprint", "related",
                                            "suppressed", "baseline_state"}));
  EXPECT_TRUE(findings.at(0).at("suppressed").is_null());
  EXPECT_TRUE(findings.at(0).at("baseline_state").is_null());

  const auto& user = findings.at(4);
  EXPECT_EQ(user.at("rule"), "NL101");
  EXPECT_EQ(user.at("name"), "expired");
  EXPECT_EQ(user.at("level"), "error");
  EXPECT_EQ(user.at("fix"), json::parse(R"([["nsc","edit","user","-a","A","-n","u","-K","AAAA","--expiry","90d"],
                                             ["nsc","describe","user","-a","A","-n","u's >"]])"));
  EXPECT_EQ(json::parse(user.at("fixContext").dump()),
            json::parse(R"({"cwd":"store/op","env":{"NSC_CWD_ONLY":"1","NKEYS_PATH":"../../keys"}})"));
  EXPECT_EQ(user.at("remediation"), "");
  EXPECT_EQ(findings.at(0).at("fix"), json::array());
  EXPECT_TRUE(findings.at(0).at("fixContext").is_null());
  EXPECT_EQ(user.at("file"), "store/op/accounts/A/users/u.jwt");
  EXPECT_EQ(user.at("line"), 1);
  EXPECT_EQ(user.at("entity").at("kind"), "user");
  EXPECT_EQ(user.at("entity").at("key"), "UAAA");
  EXPECT_EQ(user.at("entity").at("fqn"), "op/A/u");
  EXPECT_EQ(user.at("fingerprint"), "10c44db88a0a0159:1");
  EXPECT_EQ(user.at("related").at(0).at("file"), "store/op/accounts/A/A.jwt");
  EXPECT_EQ(user.at("related").at(0).at("message"), "issuing account 'A'");
  EXPECT_EQ(findings.at(1).at("fingerprint"), "ae65c5b127d85dbd:1");

  const auto& summary = doc.at("summary");
  EXPECT_EQ(summary.at("errors"), 3);
  EXPECT_EQ(summary.at("warnings"), 1);
  EXPECT_EQ(summary.at("notes"), 1);
  EXPECT_EQ(summary.at("files_scanned"), 9);
  EXPECT_EQ(summary.at("exit_code"), 1);
}

TEST(JsonReportTest, EmptyRunAndInvalidUtf8) {
  ReportInput in;
  in.notifications = {{"error", "unreadable \xff path", "", ""}};
  in.exit_code = 2;
  const json doc = json::parse(RenderJson(in));
  EXPECT_TRUE(doc.at("findings").is_array());
  EXPECT_TRUE(doc.at("findings").empty());
  EXPECT_EQ(doc.at("notifications").at(0).at("message"), "unreadable \xef\xbf\xbd path");
  EXPECT_EQ(doc.at("summary").at("exit_code"), 2);
}

// --- SARIF -----------------------------------------------------------------

TEST(SarifReportTest, DriverAndRules) {
  const json log = json::parse(RenderSarif(SampleInput()));
  EXPECT_EQ(log.at("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(log.at("version"), "2.1.0");
  ASSERT_EQ(log.at("runs").size(), 1u);
  const json& driver = OnlyRun(log).at("tool").at("driver");
  EXPECT_EQ(driver.at("name"), "nsclint");
  EXPECT_EQ(driver.at("version"), NSCLINT_VERSION);
  EXPECT_EQ(driver.at("semanticVersion"), NSCLINT_VERSION);
  const json& rules = driver.at("rules");
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules.at(0).at("id"), "NL001");  // sorted by id
  EXPECT_EQ(rules.at(1).at("id"), "NL101");
  EXPECT_EQ(rules.at(2).at("id"), "NL202");
  const json& expired = rules.at(1);
  EXPECT_EQ(expired.at("name"), "expired");
  EXPECT_EQ(expired.at("shortDescription").at("text"), "The JWT has expired.");
  EXPECT_EQ(expired.at("help").at("text"), expired.at("help").at("markdown"));
  EXPECT_EQ(expired.at("helpUri"), "https://github.com/nsclint/nsclint/blob/main/docs/rules/NL101.md");
  EXPECT_EQ(expired.at("defaultConfiguration").at("level"), "error");
  EXPECT_EQ(expired.at("properties").at("security-severity"), "8.0");
  EXPECT_FALSE(expired.at("properties").contains("problem.severity"));
  EXPECT_EQ(expired.at("properties").at("precision"), "very-high");
  EXPECT_EQ(rules.at(2).at("properties").at("precision"), "high");  // per rule
  EXPECT_EQ(rules.at(2).at("properties").at("problem.severity"), "warning");
  EXPECT_FALSE(rules.at(2).at("properties").contains("security-severity"));
  EXPECT_EQ(rules.at(2).at("properties").at("tags"), json({"nats", "permissions"}));
  EXPECT_EQ(OnlyRun(log).at("originalUriBaseIds").at("%SRCROOT%").at("uri"), "file:///repo/");
  EXPECT_EQ(OnlyRun(log).at("columnKind"), "utf16CodeUnits");
}

TEST(SarifReportTest, Results) {
  const json log = json::parse(RenderSarif(SampleInput()));
  const json& run = OnlyRun(log);
  const json& rules = run.at("tool").at("driver").at("rules");
  const json& results = run.at("results");
  ASSERT_EQ(results.size(), 5u);
  for (const json& r : results) {
    EXPECT_EQ(r.at("ruleId"), rules.at(r.at("ruleIndex").get<size_t>()).at("id"));
    EXPECT_EQ(r.at("locations").size(), 1u);
    EXPECT_EQ(r.at("locations").at(0).at("physicalLocation").at("region").at("startLine"), 1);
    EXPECT_EQ(r.at("partialFingerprints").at("primaryLocationLineHash"), r.at("partialFingerprints").at("nsclint/v1"));
    EXPECT_EQ(r.dump().find("snippet"), std::string::npos);
  }
  // Outside the root: absolute file URI, no base id.
  const json& outside = results.at(0).at("locations").at(0).at("physicalLocation");
  EXPECT_EQ(outside.at("artifactLocation"), json({{"uri", "file:///elsewhere/x.jwt"}}));
  // Percent-encoded relative URI, no key: no logical location.
  const json& bad = results.at(1).at("locations").at(0);
  EXPECT_EQ(bad.at("physicalLocation").at("artifactLocation"),
            json({{"uri", "store/bad%20file.jwt"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_FALSE(bad.contains("logicalLocations"));
  EXPECT_EQ(results.at(1).at("partialFingerprints").at("primaryLocationLineHash"), "ae65c5b127d85dbd:1");
  // The duplicate pair: ":1" then ":2"; level only where it differs from the default.
  const std::string fp1 = results.at(2).at("partialFingerprints").at("primaryLocationLineHash");
  const std::string fp2 = results.at(3).at("partialFingerprints").at("primaryLocationLineHash");
  EXPECT_EQ(fp1.substr(0, 16), fp2.substr(0, 16));
  EXPECT_EQ(fp1.substr(16), ":1");
  EXPECT_EQ(fp2.substr(16), ":2");
  EXPECT_EQ(results.at(2).at("level"), "note");
  EXPECT_FALSE(results.at(3).contains("level"));
  // The user: fix in the message, logical location, related location.
  const json& user = results.at(4);
  EXPECT_FALSE(user.contains("level"));
  EXPECT_EQ(user.at("message").at("text"),
            "User 'u' (UAAA) expired 2024-01-01T00:00:00Z. Fix: (cd 'store/op' && export NSC_CWD_ONLY=1 "
            "NKEYS_PATH='../../keys' && nsc edit user -a A -n u -K AAAA --expiry 90d && nsc describe user -a A -n "
            "'u'\\''s >') See [issuing account 'A'](1).");  // the related location, linked (SARIF 3.11.6)
  EXPECT_EQ(user.at("properties").at("fix").size(), 2u);
  EXPECT_EQ(user.at("properties").at("fixContext").at("env").at("NKEYS_PATH"), "../../keys");
  EXPECT_EQ(user.at("locations").at(0).at("logicalLocations"),
            json::parse(R"([{"name":"u","fullyQualifiedName":"op/A/u","kind":"resource"}])"));
  const json& related = user.at("relatedLocations").at(0);
  EXPECT_EQ(related.at("physicalLocation").at("artifactLocation").at("uri"), "store/op/accounts/A/A.jwt");
  EXPECT_EQ(related.at("message").at("text"), "issuing account 'A'");
  EXPECT_EQ(user.at("partialFingerprints").at("primaryLocationLineHash"), "10c44db88a0a0159:1");
  // The invocation.
  const json& invocation = run.at("invocations").at(0);
  EXPECT_EQ(invocation.at("executionSuccessful"), true);
  EXPECT_EQ(invocation.at("exitCode"), 1);
}

TEST(SarifReportTest, FingerprintSurvivesFileMoves) {
  ReportInput in = SampleInput();
  const json before = json::parse(RenderSarif(in));
  for (Finding& f : in.findings) {
    if (f.rule_id == "NL101" && f.file.view().starts_with("store/")) {
      f.file = "moved/u.jwt";
      f.abs_file = "/repo/moved/u.jwt";
      f.line = 2;
    }
  }
  std::sort(in.findings.begin(), in.findings.end(), FindingLess);
  const json after = json::parse(RenderSarif(in));
  auto fingerprint_of = [](const json& log, const std::string& file_uri) {
    for (const json& r : OnlyRun(log).at("results")) {
      if (r.at("locations").at(0).at("physicalLocation").at("artifactLocation").at("uri") == file_uri) {
        return r.at("partialFingerprints").at("primaryLocationLineHash").get<std::string>();
      }
    }
    return std::string();
  };
  EXPECT_EQ(fingerprint_of(before, "store/op/accounts/A/users/u.jwt"), fingerprint_of(after, "moved/u.jwt"));
  EXPECT_FALSE(fingerprint_of(after, "moved/u.jwt").empty());
}

TEST(SarifReportTest, EmptyRunStillHasResults) {
  ReportInput in;
  in.sarif_root = "/repo";
  const json log = json::parse(RenderSarif(in));
  ASSERT_TRUE(OnlyRun(log).contains("results"));
  EXPECT_TRUE(OnlyRun(log).at("results").is_array());
  EXPECT_TRUE(OnlyRun(log).at("results").empty());
  EXPECT_TRUE(OnlyRun(log).at("tool").at("driver").at("rules").is_array());
}

TEST(SarifReportTest, StdinNotificationsAndUnknownRules) {
  ReportInput in = SampleInput();
  in.exit_code = 2;
  in.notifications = {{"error", "cannot read: permission denied", "store/secret.nk", "/repo/store/secret.nk"},
                      {"warning", "ignore for NL999 never matched", "", ""}};
  Finding stdin_finding = in.findings.at(1);
  stdin_finding.file = "<stdin>";
  stdin_finding.abs_file = "";
  Finding unknown = in.findings.at(0);
  unknown.rule_id = "NL999";  // not an enabled rule: a bug upstream, skipped
  in.findings.push_back(stdin_finding);
  in.findings.push_back(unknown);
  const json run = OnlyRun(json::parse(RenderSarif(in)));
  const json& results = run.at("results");
  ASSERT_EQ(results.size(), 6u);
  EXPECT_EQ(results.at(5).at("locations").at(0).at("physicalLocation").at("artifactLocation"),
            json({{"uri", "%3Cstdin%3E"}}));
  const json& invocation = run.at("invocations").at(0);
  EXPECT_EQ(invocation.at("executionSuccessful"), false);
  EXPECT_EQ(invocation.at("exitCode"), 2);
  const json& notes = invocation.at("toolExecutionNotifications");
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes.at(0).at("level"), "error");
  EXPECT_EQ(notes.at(0).at("message").at("text"), "cannot read: permission denied");
  EXPECT_EQ(notes.at(0).at("locations").at(0).at("physicalLocation").at("artifactLocation"),
            json({{"uri", "store/secret.nk"}, {"uriBaseId", "%SRCROOT%"}}));
  EXPECT_FALSE(notes.at(1).contains("locations"));
}

TEST(ReportTest, Deterministic) {
  const ReportInput in = SampleInput();
  for (auto render : {&RenderText, &RenderJson, &RenderSarif}) {
    EXPECT_EQ(render(in), render(in));
  }
  ReportInput reordered = SampleInput();
  std::reverse(reordered.rules.begin(), reordered.rules.end());
  EXPECT_EQ(RenderSarif(in), RenderSarif(reordered));
  const std::string sarif = RenderSarif(in);
  EXPECT_EQ(sarif.back(), '\n');
  EXPECT_EQ(sarif.rfind("{\n  \"$schema\": ", 0), 0u);
}

// The JSON and SARIF reports are written a finding at a time: in any piece
// size the pieces join to the one-shot text, each ends at a line end, and the
// text is exactly what dumping the parsed document gives (nlohmann's own
// layout). Text that users control may hold the marker of the array's place.
TEST(ReportStreamTest, PiecesJoinToTheDocumentDumpedWhole) {
  ReportInput in = SampleInput();
  in.notifications = {{"warning", "nsclint-stream:findings nsclint-stream:results", "nsclint-stream:results",
                       "/repo/nsclint-stream:results"}};
  Finding hostile = in.findings.at(1);
  hostile.message = "nsclint-stream:findings";
  hostile.fix.commands = {{"\"nsclint-stream:results\""}};
  hostile.fix.remediation = "nsclint-stream:findings";
  in.findings.push_back(hostile);
  using Stream = void (*)(const ReportInput&, size_t, const std::function<void(std::string&)>&);
  const std::pair<Stream, std::string (*)(const ReportInput&)> formats[] = {{&StreamJson, &RenderJson},
                                                                            {&StreamSarif, &RenderSarif}};
  for (const auto& [stream, render] : formats) {
    for (ReportInput input : {in, ReportInput{}}) {
      const std::string whole = render(input);
      const auto parsed = nlohmann::ordered_json::parse(whole);
      EXPECT_EQ(parsed.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n", whole);
      for (const size_t piece : {size_t{1}, size_t{100}, size_t{5000}}) {
        std::string joined;
        size_t pieces = 0;
        stream(input, piece, [&](std::string& text) {
          EXPECT_FALSE(text.empty());
          EXPECT_EQ(text.back(), '\n') << "piece " << pieces << " of size " << piece;
          joined += text;
          ++pieces;
        });
        EXPECT_EQ(joined, whole) << "piece size " << piece;
        // One piece a finding: each is written as soon as the next is known.
        if (piece == 1 && !input.findings.empty()) {
          EXPECT_EQ(pieces, input.findings.size());
        }
      }
    }
  }
  const json doc = json::parse(RenderJson(in));
  ASSERT_EQ(doc.at("findings").size(), in.findings.size());
  EXPECT_EQ(doc.at("findings").back().at("message"), "nsclint-stream:findings");
  EXPECT_EQ(doc.at("notifications").at(0).at("file"), "nsclint-stream:results");
  const json run = OnlyRun(json::parse(RenderSarif(in)));
  ASSERT_EQ(run.at("results").size(), in.findings.size());
  EXPECT_EQ(run.at("invocations").at(0).at("toolExecutionNotifications").at(0).at("message").at("text"),
            "nsclint-stream:findings nsclint-stream:results");
}

// Runs scripts/validate-sarif.sh (schema, multitool SARIF+GitHub rules, jq
// assertions) on the sample log when NSCLINT_SARIF_VALIDATOR points at it.
TEST(SarifReportTest, PassesValidator) {
  const char* validator = std::getenv("NSCLINT_SARIF_VALIDATOR");
  if (validator == nullptr || *validator == '\0') {
    GTEST_SKIP() << "set NSCLINT_SARIF_VALIDATOR=/path/to/scripts/validate-sarif.sh "
                    "(after scripts/install-sarif-validator.sh) to validate the SARIF output";
  }
  ReportInput in = SampleInput();
  in.notifications = {{"error", "cannot read: permission denied", "store/secret.nk", "/repo/store/secret.nk"}};
  Finding stdin_finding = in.findings.at(1);
  stdin_finding.file = "<stdin>";
  stdin_finding.abs_file = "";
  in.findings.push_back(stdin_finding);

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("nsclint-report-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::vector<std::pair<std::string, ReportInput>> logs = {{"sample.sarif", in}, {"empty.sarif", ReportInput{}}};
  std::string command = std::string("'") + validator + "'";
  for (const auto& [name, input] : logs) {
    std::ofstream(dir / name) << RenderSarif(input);
    command += " '" + (dir / name).string() + "'";
  }
  const int status = std::system(command.c_str());
  std::filesystem::remove_all(dir);
  EXPECT_EQ(status, 0) << command;
}

}  // namespace
}  // namespace nsclint
