// Findings: what a rule reports. Reporters format these; they decide nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lint/base/shared_text.h"

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

/// One command of a fix, as argv (argv[0] is "nsc", "chmod" or "git").
using FixCommand = std::vector<std::string>;

/// The commands of a fix, packed into one string (a store may give a fix to
/// each of a million users): per command its argument count, then each
/// argument as length and bytes. Reads like a list of FixCommand.
class FixCommands {
 public:
  FixCommands() = default;
  FixCommands(std::initializer_list<FixCommand> list) {  // NOLINT: reads like a list
    for (const FixCommand& c : list) push_back(c);
  }
  void push_back(const FixCommand& argv);
  bool empty() const { return packed_.empty(); }
  size_t size() const;
  FixCommand front() const { return *begin(); }
  void shrink_to_fit() { packed_.shrink_to_fit(); }
  bool operator==(const FixCommands& other) const { return packed_ == other.packed_; }

  class iterator {
   public:
    using value_type = FixCommand;
    using difference_type = std::ptrdiff_t;
    iterator(const std::string* packed, size_t at) : packed_(packed), at_(at) {}
    FixCommand operator*() const;
    iterator& operator++();
    bool operator!=(const iterator& o) const { return at_ != o.at_; }
    bool operator==(const iterator& o) const { return at_ == o.at_; }

   private:
    const std::string* packed_;
    size_t at_;
  };
  iterator begin() const { return iterator(&packed_, 0); }
  iterator end() const { return iterator(&packed_, packed_.size()); }

 private:
  std::string packed_;
};

/// What a user can run for a finding (SPEC "Fix commands"): commands as argv
/// arrays that run in `cwd` with NSC_CWD_ONLY=1 and NKEYS_PATH=`keys`, and
/// remediation text. A fix that cannot be expressed has no commands, only text.
struct Fix {
  FixCommands commands;
  /// nsc commands: the operator folder (display path, like Finding::file)
  /// and the keys dir relative to it. Both empty for commands that need no
  /// nsc context (chmod, git), which run where nsclint ran.
  SharedText cwd, keys;     // shared by the fixes of one store
  std::string remediation;  // plain text, may be empty when commands say it all

  bool empty() const { return commands.empty() && remediation.empty(); }
  bool has_context() const { return !cwd.empty(); }
};

/// One command POSIX-quoted: each element bare when made of
/// [A-Za-z0-9_./:=@%+,-], else in single quotes.
std::string FixCommandText(const FixCommand& argv);
/// The commands joined with " && ", inside
/// "(cd 'OPDIR' && export NSC_CWD_ONLY=1 NKEYS_PATH='KEYS' && ...)" when the
/// fix has a context; "" when it has no command.
std::string FixCommandsText(const Fix& fix);

/// The texts many findings share (their rule, their file) are SharedText.
struct Finding {
  SharedText rule_id;    // "NL101"
  SharedText rule_name;  // "expired"
  Level level = Level::kWarning;
  std::string message;  // plain text, entity and fact first; never a seed
  Fix fix;              // commands and remediation for this entity, may be empty
  SharedText file;      // display path of the artifact ("<stdin>" for stdin)
  SharedText abs_file;  // absolute path ("" for stdin)
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
