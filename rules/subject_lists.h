// The subject lists of the model, for the subject rules (NL202-NL204):
// each list with its owner, a label for messages and how the server treats it.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "rules/common.h"

namespace nsclint::rules {

struct SubjectList {
  enum class Kind { kUserPermission, kDefaultPermission, kTemplate, kExport, kImport, kMapping };
  Kind kind;
  const TokenBase* owner;
  const Model* model;
  std::string label;  // "pub.allow", "default_permissions.sub.deny", "scoped key AB7V… template pub.allow", ...
  std::span<const std::string> entries;  // views into the model
  /// Computed on demand: most lists never produce a finding.
  Entity entity() const { return EntityOfToken(*model, *owner); }
  bool sub_list = false;  // entries may carry a queue ("subject queue")
  bool pub_list = false;  // entries must not carry a queue
};

/// Permission lists: user pub/sub allow/deny, account default permissions,
/// scoped signing key templates. Creds copies of file JWTs are skipped.
std::vector<SubjectList> PermissionLists(const Model& m);

/// Every subject the server validates: permission lists plus export subjects,
/// import subject/local_subject/to, mapping sources and destinations.
std::vector<SubjectList> AllSubjectLists(const Model& m);

}  // namespace nsclint::rules
