// Findings: what a rule reports. Reporters format these; they decide nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/shared_text.h"

namespace nsclint {

enum class Level { kNote = 0, kWarning = 1, kError = 2 };

std::string_view LevelName(Level level);  // "note", "warning", "error"
std::optional<Level> ParseLevel(std::string_view text);

/// The entity a finding is about. `key` is the subject public key (empty for
/// an undecodable file); `fqn` is the logical path "operator/account/user"
/// built from names where known (a public key stands in for an unknown name).
struct Entity {
  std::string kind;  // operator, account, user, activation, seed, file
  std::string name;
  std::string key;
  std::string fqn;
};

struct RelatedLocation {
  std::string file;  // display path, like Finding::file
  int line = 1;
  std::string message;
};

/// The texts many findings share (their rule, their file) are SharedText.
struct Finding {
  SharedText rule_id;    // "NL101"
  SharedText rule_name;  // "expired"
  Level level = Level::kWarning;
  std::string message;    // plain text, entity and fact first; never a seed
  std::string fix;        // remediation for this entity (nsc command), may be empty
  SharedText file;        // display path of the artifact ("<stdin>" for stdin)
  SharedText abs_file;    // absolute path ("" for stdin)
  int line = 1;
  Entity entity;
  std::string qualifier;  // tells apart several findings of one rule on one entity
  std::vector<RelatedLocation> related;
  /// The reason of the config ignore that covers this finding ("" = not suppressed).
  /// Suppressed findings never gate and are left out of SARIF by default.
  SharedText suppressed;
  /// With --baseline: "new" or "unchanged" (only new findings gate); "" without.
  SharedText baseline_state;
};

/// Deterministic order: file, line, rule, entity key, qualifier, message.
bool FindingLess(const Finding& a, const Finding& b);
/// Neither is FindingLess than the other: the same finding twice.
bool FindingSame(const Finding& a, const Finding& b);

}  // namespace nsclint
