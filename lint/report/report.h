// Reporters format findings; they decide nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/notification.h"
#include "lint/rule/finding.h"
#include "lint/rule/rule.h"

namespace nsclint {

struct ReportInput {
  std::vector<Finding> findings;            // already sorted (FindingLess)
  std::vector<const RuleInfo*> rules;       // enabled rules, sorted by id
  std::vector<Notification> notifications;  // execution problems, in order
  int exit_code = 0;                        // what nsclint will exit with
  std::string sarif_root;                   // absolute directory URIs are relative to
  bool color = false;                       // text only
  bool quiet = false;                       // text: no summary line
  size_t files_scanned = 0;
  std::string server_version;             // the versions judged, "2.15.3" or "2.10.29,2.14.5"
  bool sarif_include_suppressed = false;  // --sarif-suppressed include
  int64_t now = 0;                        // the evaluation time (--now), unix seconds
  std::string config_file;                // the config file used, "" when none
  unsigned jobs = 1;                      // threads a report may use (-j): fingerprints
};

/// Text from hostile input (names, file names, messages) as markdown that
/// shows it literally: markup characters escaped, line breaks as spaces.
std::string MarkdownEscape(std::string_view text);

std::string RenderText(const ReportInput& in);
/// The text report in pieces of about `piece` bytes, each ending at a line
/// end, handed to `sink` in order: their concatenation is RenderText(in).
/// A big report is written as it is made instead of being held whole.
void StreamText(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink);
std::string RenderJson(const ReportInput& in);
std::string RenderSarif(const ReportInput& in);
/// The JSON and SARIF reports in pieces, as StreamText: one finding is held
/// as JSON at a time. Their concatenation is RenderJson(in) / RenderSarif(in).
void StreamJson(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink);
void StreamSarif(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink);

/// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`):
/// annotations on any repository. Errors first, at most 10 per level (what GitHub
/// shows per step), then one `::notice` counting the rest.
std::string RenderGithub(const ReportInput& in);
/// A GitLab Code Quality report: a JSON array of issues (description, check_name,
/// fingerprint, severity, location.path, location.lines.begin).
std::string RenderGitlab(const ReportInput& in);
/// The GitLab report in pieces, as StreamJson.
void StreamGitlab(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink);
/// A markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment: counts
/// by level and rule, new findings first, each with its fix, the rest in <details>.
std::string RenderMarkdown(const ReportInput& in);

/// The report formats a lint run writes, in the order --help lists them.
inline constexpr std::string_view kReportFormats[] = {"text", "json", "sarif", "github", "gitlab", "markdown"};
/// Whether `format` is one of kReportFormats.
bool IsReportFormat(std::string_view format);
/// Writes the report in `format` (one of kReportFormats) to `sink` in pieces
/// (see StreamText); `in.color` is honoured by text only.
void StreamReport(std::string_view format, const ReportInput& in, size_t piece,
                  const std::function<void(std::string&)>& sink);

/// The path CI systems show a finding at: relative to `root` when inside it,
/// else the display path.
std::string CiPath(const Finding& f, const std::string& root);

/// --fix-script: every fix command of the (unsuppressed) findings as one POSIX
/// sh script (`set -eu`, a commented block per finding, identical fixes once,
/// user deletions last, a fix needing what an earlier one deleted dropped with
/// a comment, findings without a command listed with their remediation).
/// `cd_to`: the folder nsclint ran in, relative to the script's folder.
/// "" when no finding has a fix command.
std::string RenderFixScript(const ReportInput& in, const std::string& cd_to);

/// The stable fingerprint: hex16(SHA-256(ruleId \0 entityKind \0 key \0 qualifier)),
/// the repo-relative path standing in for an empty key. Without the ":n" suffix.
std::string FingerprintBase(const Finding& f, const std::string& relative_path);

/// The fingerprint of each finding, in order: FingerprintBase + ":n", n counting
/// 1, 2, ... among identical bases (SARIF partialFingerprints, JSON, baselines).
/// The path standing in for an empty key is relative to `root` (else absolute,
/// else the display path). `jobs`: threads that hash (a big report's findings).
std::vector<std::string> FindingFingerprints(const std::vector<Finding>& findings, const std::string& root,
                                             unsigned jobs = 1);

/// The same fingerprints held in 12 bytes a finding instead of a string each,
/// and written out one at a time: what the reports use.
class FingerprintList {
 public:
  FingerprintList(const std::vector<Finding>& findings, const std::string& root, unsigned jobs = 1);
  /// Room for one fingerprint: 16 hex digits, ':' and the count.
  using Buffer = std::array<char, 32>;
  /// The fingerprint of finding `i`, written into `buf`.
  std::string_view At(size_t i, Buffer& buf) const;
  size_t size() const { return bases_.size(); }

 private:
  std::vector<uint64_t> bases_;  // the base's 16 hex digits, as a number
  std::vector<uint32_t> nth_;    // its ":n"
};

/// Path of `abs` relative to `root` with '/' separators, or "" when outside it.
std::string RelativeTo(std::string_view abs, std::string_view root);

}  // namespace nsclint
