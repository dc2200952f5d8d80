#include "rules/support/subject_lists.h"

namespace nsclint::rules {

std::string SubjectList::label() const {
  switch (kind) {
    case Kind::kUserPermission:
      return std::string(field);
    case Kind::kDefaultPermission:
      return "default_permissions." + std::string(field);
    case Kind::kTemplate:
      return "scoped key " + ShortKey(key->key) + (key->role.empty() ? "" : " ('" + key->role + "')") + " template " +
             std::string(field);
    case Kind::kExport:
      return "exports[" + std::to_string(index) + "]." + std::string(field);
    case Kind::kImport:
      return "imports[" + std::to_string(index) + "]." + std::string(field);
    case Kind::kMapping:
      return mapping == nullptr ? "mappings (source)" : "mappings['" + *mapping + "']";
  }
  return "";
}

}  // namespace nsclint::rules
