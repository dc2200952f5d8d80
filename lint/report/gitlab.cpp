// A GitLab Code Quality report (the CodeClimate issue subset GitLab reads):
// a JSON array of issues with description, check_name, fingerprint, severity
// and location {path, lines.begin}. GitLab compares the fingerprints of the
// base and head reports, so they are nsclint's stable nsclint/v1 values.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/report/json_stream.h"
#include "lint/report/report.h"

namespace nsclint {
namespace {

using Json = report_internal::Json;

std::string_view Severity(const Finding& f) {
  // A seed where it must not be is a leaked secret: the one critical case.
  if (f.rule_id == "NL604" || f.rule_id == "NL605") return "critical";
  switch (f.level) {
    case Level::kError:
      return "major";
    case Level::kWarning:
      return "minor";
    case Level::kNote:
      return "info";
  }
  return "minor";
}

}  // namespace

std::string RenderGitlab(const ReportInput& in) {
  const std::vector<std::string> fingerprints = FindingFingerprints(in.findings, in.sarif_root);
  Json issues = Json::array();
  for (size_t i = 0; i < in.findings.size(); ++i) {
    const Finding& f = in.findings[i];
    if (!f.suppressed.empty()) continue;
    std::string description = f.rule_id.str() + " " + f.rule_name.str() + ": " + f.message;
    if (const std::string commands = FixCommandsText(f.fix); !commands.empty()) description += " Fix: " + commands;
    if (!f.fix.remediation.empty()) description += " " + f.fix.remediation;
    issues.push_back(Json{
        {"description", std::move(description)},
        {"check_name", f.rule_id.str()},
        {"fingerprint", fingerprints[i]},
        {"severity", Severity(f)},
        {"location", Json{{"path", CiPath(f, in.sarif_root)}, {"lines", Json{{"begin", f.line < 1 ? 1 : f.line}}}}},
    });
  }
  return report_internal::Dump(issues) + "\n";
}

}  // namespace nsclint
