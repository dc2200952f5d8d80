// Offline monitoring snapshots: saved nats-server /connz?auth=true and
// /accstatz JSON, parsed once (bounded, iterative) into the activity facts
// that the NL7xx rules read from the model. Both the nats-server 2.9 shape
// and later ones: fields added after 2.9 are optional.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nsclint {

/// Snapshots larger than this are refused (a full /connz with 10,000 closed
/// connections and their JWTs is a few tens of MiB).
inline constexpr size_t kMaxSnapshotBytes = 64 << 20;

/// One client connection of a /connz snapshot, as far as activity rules care.
struct ConnRecord {
  bool open = true;       // no "stop" time: still connected when the snapshot was taken
  std::string user_key;   // authorized_user, else the `sub` of the connection's `jwt`
  std::string name_tag;   // the user JWT's name (what 2.9.10 keeps of a closed JWT user)
  std::string account;    // account public key, "" when absent
  int64_t stop = 0;       // unix seconds, closed connections only
  std::string reason;     // why it closed ("Client Closed", "Authentication Failure", ...)
};

/// One account of an /accstatz snapshot, summed over all snapshots given.
struct AccountStat {
  int64_t conns = 0;
  int64_t leafnodes = 0;
  int64_t sent_msgs = 0;
  int64_t received_msgs = 0;
};

/// Everything the activity snapshots say. Empty file lists mean the flag was
/// not given, and the rules that need it stay silent.
struct Activity {
  std::vector<std::string> connz_files;     // as given on the command line
  std::vector<std::string> accstatz_files;
  std::vector<ConnRecord> connections;       // every connz file, in order
  std::map<std::string, AccountStat, std::less<>> accounts;  // by account public key

  bool has_connz() const { return !connz_files.empty(); }
  bool has_accstatz() const { return !accstatz_files.empty(); }
};

/// Parses saved /connz JSON (open and/or closed connections) into `activity`.
/// Returns "" on success, else one line naming `display` and the problem.
/// Never echoes snapshot content (it may hold bearer JWTs).
std::string ParseConnz(std::string_view json, const std::string& display, Activity* activity);

/// Parses saved /accstatz JSON into `activity` (sums per account).
std::string ParseAccstatz(std::string_view json, const std::string& display, Activity* activity);

/// Reads `path` (at most kMaxSnapshotBytes) and parses it as a /connz or an
/// /accstatz snapshot. Returns "" or a one-line error naming the file.
std::string LoadConnz(const std::string& path, Activity* activity);
std::string LoadAccstatz(const std::string& path, Activity* activity);

}  // namespace nsclint
