// Change review (`nsclint diff`, SPEC §3 "Change review"): what a change to
// an nsc store does to trust. Both sides are read, modelled and linted once
// each with the engine; entities are matched by subject public key; permission
// lists are compared as subject sets (the subject algebra), never as text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lint/app/config.h"
#include "lint/engine/engine.h"
#include "lint/rule/finding.h"

namespace nsclint::diff {

enum class Risk : uint8_t { kNone = 0, kLow = 1, kMedium = 2, kHigh = 3 };
std::string_view RiskName(Risk r);  // "none", "low", "medium", "high"

/// One change of one entity. `kind` is one of the names docs/diff-format.md
/// lists (e.g. "permissions-widened", "signing-key-added").
struct Change {
  std::string kind;
  Risk risk = Risk::kLow;
  std::string entity_kind;           // operator, account, user, activation
  std::string entity_name;           // the logical path operator/account/user
  std::string entity_key;            // subject public key
  std::string file;                  // where to look: the new side's file, the old one's when removed
  std::string field;                 // "pub", "exports[orders.>]", "limits.conn", "" for the entity as a whole
  std::string old_value, new_value;  // nsc's words; "" when absent on that side
  std::string message;               // one line, plain text
  std::string note;                  // "re-keyed", "widens 37 users", ...
};

/// A finding the change introduces or fixes (fingerprints as --baseline).
struct FindingChange {
  Finding finding;
  std::string fingerprint;
  std::string file;  // relative to the side's root
};

struct DiffResult {
  std::vector<Change> changes;  // high risks first, then entity, then kind
  std::vector<FindingChange> introduced, fixed;
  size_t old_files = 0, new_files = 0;
  std::string error;  // a side could not be read: exit 2
};

/// One side of a diff: the paths to lint and the folder files are shown
/// relative to; `label` prefixes those paths in the output ("OLD", "HEAD~1:").
struct Side {
  std::vector<std::string> paths;
  std::string root;   // absolute folder
  std::string label;  // shown before relative paths, may be empty
};

struct DiffOptions {
  EngineOptions engine;            // paths are ignored: each side's own
  const Config* config = nullptr;  // ignores and levels for the findings, may be null
};

/// Reads, models and lints both sides, then compares them.
DiffResult Diff(const Side& old_side, const Side& new_side, const DiffOptions& options);

/// Compares two engine results (the part of Diff after the engine runs).
DiffResult Compare(const EngineResult& old_result, const Side& old_side, const EngineResult& new_result,
                   const Side& new_side, int64_t now);

/// Comparing permission lists as subject sets: allow minus deny, an empty
/// allow list meaning every subject. Exposed for tests.
struct SubjectSet {
  std::vector<std::string> allow, deny;
  bool all_allowed = false;  // the allow list is empty: everything (minus deny)
};
/// Every subject of `a` is in `b` (coverage with the subject algebra).
bool SetInside(const SubjectSet& a, const SubjectSet& b);
/// Two subject patterns match at least one common subject.
bool PatternsIntersect(std::string_view a, std::string_view b);

/// Renderers. `fail` is what the run exits with; markdown stays under
/// kMaxMarkdown characters by summarising.
inline constexpr size_t kMaxMarkdown = 65'536;
std::string RenderText(const DiffResult& r);
std::string RenderMarkdown(const DiffResult& r, size_t limit = kMaxMarkdown - 1'536);
std::string RenderJson(const DiffResult& r, int exit_code);

/// The highest risk of any change (kNone when there is none).
Risk MaxRisk(const DiffResult& r);

}  // namespace nsclint::diff
