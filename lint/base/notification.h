// A problem with the run itself (unreadable path, internal error), not a
// finding: every stage may raise one, the reporters print them.
#pragma once

#include <string>

namespace nsclint {

/// A problem with the run itself (unreadable path, internal error), not a finding.
struct Notification {
  std::string level;  // "error" | "warning" | "note"
  std::string message;
  std::string file;      // display path, may be empty
  std::string abs_file;  // absolute path, may be empty
};

}  // namespace nsclint
