// Discovery: turns the command-line paths into the list of files to read,
// each with its place in an nsc store or keys dir. Reads nothing but names
// and the small .nsc marker files.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "lint/base/notification.h"
#include "lint/model/model.h"

namespace nsclint {

struct Candidate {
  Artifact artifact;
  bool explicit_arg = false;  // named on the command line (always read)
  bool stdin_input = false;
};

struct Discovery {
  std::vector<Candidate> candidates;  // sorted by display path, no duplicates
  std::vector<StoreInfo> stores;
  std::vector<Notification> notifications;
  bool fatal = false;  // a path could not be scanned: exit 2
};

struct NscDefaults {
  std::vector<std::string> paths;  // existing default store root / keys dir
  std::string looked_for;          // what was looked for, for the error message
};

/// nsc's default stores root and keystore, honouring NSC_HOME, NKEYS_PATH,
/// XDG_CONFIG_HOME, XDG_DATA_HOME, NSC_CWD_ONLY and nsc.json's store_root.
NscDefaults FindNscDefaults();

/// Discovery stops (exit 2) after this many files.
inline constexpr size_t kMaxDiscoveredFiles = 2'000'000;

Discovery Discover(const std::vector<std::string>& paths);

using CandidateSink = std::function<void(Candidate&&)>;

/// True when Discover(paths) would list the candidates in the order the walk
/// finds them (one folder argument), so DiscoverStreaming can hand them over
/// one by one.
bool StreamsInOrder(const std::vector<std::string>& paths);

/// Discover({dir}) for a folder, each candidate passed to `sink` as soon as
/// it is found, in the order Discover would return them; the result holds
/// everything else (stores, notifications, fatal), no candidates.
Discovery DiscoverStreaming(const std::string& dir, const CandidateSink& sink);

/// The operator folder (<op> with .nsc, or <op>/<op>.jwt + accounts/) that holds
/// `path`, as a path built from `path` itself (so display paths stay alike); "" when none.
std::string EnclosingOperatorDir(const std::string& path);

/// Placement of a file from its path alone (used for files named on the
/// command line and in tests).
Placement PlaceFile(std::string_view abs_path, std::vector<StoreInfo>* stores, bool whole_store);

}  // namespace nsclint
