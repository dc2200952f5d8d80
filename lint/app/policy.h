// Policy applied to findings after the rules ran: the config's levels and
// ignores (with expiry), and the baseline (new vs unchanged). Gating decisions
// read the result; reporters show it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/app/config.h"
#include "lint/report/report.h"
#include "lint/rule/finding.h"

namespace nsclint {

/// Sets configured levels and marks findings covered by a live ignore as
/// suppressed (with its reason). Every expired ignore is reported as a note.
void ApplyConfig(const Config& config, int64_t now, std::vector<Finding>* findings,
                 std::vector<Notification>* notifications);

struct Baseline {
  /// Fingerprint without its ":n" -> the artifact uris (percent-decoded) of the
  /// baseline's results with it, each with the result's level (Level as int;
  /// -1 for "none"): the path tells apart the copies of one file.
  std::map<std::string, std::multimap<std::string, int>, std::less<>> by_base;
  std::string error;  // "FILE: problem" when it could not be read
};

/// Reads the fingerprints of a SARIF file written by nsclint (bounded size).
Baseline LoadBaseline(const std::string& path);

/// Marks each finding "unchanged" when the baseline holds its fingerprint at
/// the same or a higher level, "updated" when at a lower one (it gates like a
/// new one), else "new". Among findings that share a fingerprint (a file copied, one entity in
/// two files) the one at the baseline's path is the unchanged one; the others
/// match what is left over (a file moved), then are new.
void ApplyBaseline(const Baseline& baseline, const std::string& sarif_root, std::vector<Finding>* findings);

/// Whether a finding counts toward --fail-on: not suppressed, not unchanged
/// (new and updated findings gate).
inline bool Gates(const Finding& f) {
  return f.suppressed.empty() && f.baseline_state != "unchanged";
}

}  // namespace nsclint
