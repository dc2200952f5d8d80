// A GitLab Code Quality report (the CodeClimate issue subset GitLab reads):
// a JSON array of issues with description, check_name, fingerprint, severity
// and location {path, lines.begin}. GitLab compares the fingerprints of the
// base and head reports, so they are nsclint's stable nsclint/v1 values.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lint/report/json_stream.h"
#include "lint/report/report.h"

namespace nsclint {
namespace {

using Json = report_internal::Json;
using report_internal::JsonWriter;

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

void StreamGitlab(const ReportInput& in, size_t piece, const std::function<void(std::string&)>& sink) {
  const FingerprintList fingerprints(in.findings, in.sarif_root, in.jobs);
  FingerprintList::Buffer print;
  std::string description;  // scratch
  // The report is the array itself: a document that is only its marker.
  static constexpr std::string_view kIssues = "nsclint-stream:issues";
  report_internal::StreamWithArray(
      Json(std::string(kIssues)), kIssues, /*last_occurrence=*/false, in.findings.size(),
      [&](size_t i) { return in.findings[i].suppressed.empty(); },
      [&](size_t i, JsonWriter& w) {
        const Finding& f = in.findings[i];
        description.assign(f.rule_id.view()).append(" ").append(f.rule_name.view()).append(": ").append(f.message);
        if (const std::string commands = FixCommandsText(f.fix); !commands.empty())
          description.append(" Fix: ").append(commands);
        if (!f.fix.remediation.empty()) description.append(" ").append(f.fix.remediation);
        w.BeginObject();
        w.Member("description", description);
        w.Member("check_name", f.rule_id.view());
        w.Member("fingerprint", fingerprints.At(i, print));
        w.Member("severity", Severity(f));
        w.Key("location");
        w.BeginObject();
        w.Member("path", CiPath(f, in.sarif_root));
        w.Key("lines");
        w.BeginObject();
        w.MemberInt("begin", f.line < 1 ? 1 : f.line);
        w.EndObject();
        w.EndObject();
        w.EndObject();
      },
      piece, sink);
}

std::string RenderGitlab(const ReportInput& in) {
  std::string all;
  StreamGitlab(in, SIZE_MAX, [&](std::string& piece) { all += piece; });
  return all;
}

}  // namespace nsclint
