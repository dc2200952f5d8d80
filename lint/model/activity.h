// What offline monitoring snapshots (saved /connz and /accstatz) say about
// activity: the facts the NL7xx rules read from the model. Parsed by
// lint/decode/snapshot.h.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nsclint {

/// One client connection of a /connz snapshot, as far as activity rules care.
struct ConnRecord {
  bool open = true;      // no "stop" time: still connected when the snapshot was taken
  std::string user_key;  // authorized_user, else the `sub` of the connection's `jwt`
  std::string name_tag;  // the user JWT's name (what 2.9.10 keeps of a closed JWT user)
  std::string account;   // account public key, "" when absent
  int64_t stop = 0;      // unix seconds, closed connections only
  std::string reason;    // why it closed ("Client Closed", "Authentication Failure", ...)
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
  std::vector<std::string> connz_files;  // as given on the command line
  std::vector<std::string> accstatz_files;
  std::vector<ConnRecord> connections;                       // every connz file, in order
  std::map<std::string, AccountStat, std::less<>> accounts;  // by account public key

  bool has_connz() const { return !connz_files.empty(); }
  bool has_accstatz() const { return !accstatz_files.empty(); }
};

}  // namespace nsclint
