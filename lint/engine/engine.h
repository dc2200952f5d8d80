// The engine runs the stages: discover -> read & decode (parallel) -> model
// -> rules -> sorted findings. It decides nothing about output or exit codes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lint/decode/verify_cache.h"
#include "lint/discover/discover.h"
#include "lint/model/model.h"
#include "lint/report/report.h"
#include "lint/rule/finding.h"
#include "lint/rule/rule.h"

namespace nsclint {

struct EngineResult;

struct EngineOptions {
  std::vector<std::string> paths;
  int64_t now = 0;
  ServerTarget server = DefaultServerTarget();
  unsigned jobs = 1;
  std::set<std::string> disabled;                           // rule ids
  std::map<std::string, std::string, std::less<>> options;  // rule option name -> value
  std::vector<std::string> connz_files;                     // --connz: saved /connz?auth=true snapshots
  std::vector<std::string> accstatz_files;                  // --accstatz: saved /accstatz snapshots
  bool no_git = false;                                      // --no-git: every file is outside a git work tree
  bool allow_empty = false;                                 // --allow-empty: a folder with no NATS material is no error
  /// Signatures that verified in earlier runs (nullptr: verify every token).
  const VerifyCache* cache = nullptr;
  /// Called once the model is built, before the rules run, with the result
  /// so far (model, verified digests): the cache is saved and let go there,
  /// so that its memory is not held beside the findings. `cache` is not
  /// read after it.
  std::function<void(EngineResult*)> after_model;
};

struct EngineResult {
  Model model;
  std::vector<Finding> findings;  // sorted, de-duplicated
  std::vector<Notification> notifications;
  bool fatal = false;  // part of the input could not be scanned: exit 2
  size_t files_scanned = 0;
  /// An input that makes the run pointless (a snapshot that does not parse):
  /// one line naming the file; nothing was linted. Exit 2.
  std::string input_error;
  /// Digests of every token whose signature verified (only with a cache), for VerifyCache::Save.
  std::vector<TokenDigest> verified;
  size_t cache_hits = 0;
  /// One folder was walked while its files were decoded (StreamsInOrder).
  bool streamed = false;
};

EngineResult RunEngine(const EngineOptions& options);

/// Builds the model from discovered candidates (parallel decode).
/// With `cache`, known signatures are not verified again and `verified`
/// receives the digests of all tokens that verified.
Model BuildModel(std::vector<Candidate> candidates, std::vector<StoreInfo> stores, unsigned jobs, size_t* files_scanned,
                 const VerifyCache* cache = nullptr, std::vector<TokenDigest>* verified = nullptr,
                 size_t* cache_hits = nullptr);

/// Runs the enabled rules over a model.
std::vector<Finding> RunRules(const Model& model, const EngineOptions& options);

/// The findings of all rules in report order (FindingLess), the later of
/// equal findings dropped: what std::stable_sort of the lists joined in rule
/// order and std::unique would give, without holding the findings twice.
/// Each list is one rule's findings (equal findings come from one rule).
std::vector<Finding> MergeRuleFindings(std::vector<std::vector<Finding>> per_rule);

}  // namespace nsclint
