#include "rules/subject_lists.h"

namespace nsclint::rules {
namespace {

void AddPermissions(std::vector<SubjectList>* out, SubjectList::Kind kind, const TokenBase& owner, const Model& m,
                    const std::string& prefix, const Permissions& p) {
  auto add = [&](const char* name, const std::vector<std::string>& entries, bool sub) {
    if (entries.empty()) return;
    out->push_back(SubjectList{kind, &owner, &m, prefix + name, entries, sub, !sub});
  };
  add("pub.allow", p.pub.allow, false);
  add("pub.deny", p.pub.deny, false);
  add("sub.allow", p.sub.allow, true);
  add("sub.deny", p.sub.deny, true);
}

}  // namespace

std::vector<SubjectList> PermissionLists(const Model& m) {
  std::vector<SubjectList> out;
  for (const auto& u : m.users) {
    if (IsCredsCopy(m, u)) continue;
    AddPermissions(&out, SubjectList::Kind::kUserPermission, u, m, "", u.permissions);
  }
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    if (a.default_permissions) {
      AddPermissions(&out, SubjectList::Kind::kDefaultPermission, a, m, "default_permissions.", *a.default_permissions);
    }
    for (const auto& sk : a.signing_keys) {
      if (!sk.scoped) continue;
      AddPermissions(&out, SubjectList::Kind::kTemplate, a, m,
                     "scoped key " + ShortKey(sk.key) + (sk.role.empty() ? "" : " ('" + sk.role + "')") + " template ",
                     sk.template_permissions);
    }
  }
  return out;
}

std::vector<SubjectList> AllSubjectLists(const Model& m) {
  std::vector<SubjectList> out = PermissionLists(m);
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    auto one = [](const std::string& s) { return std::span<const std::string>(&s, 1); };
    for (size_t i = 0; i < a.exports.size(); ++i) {
      out.push_back({SubjectList::Kind::kExport, &a, &m, "exports[" + std::to_string(i) + "].subject",
                     one(a.exports[i].subject)});
    }
    for (size_t i = 0; i < a.imports.size(); ++i) {
      const Import& im = a.imports[i];
      const std::string at = "imports[" + std::to_string(i) + "]";
      out.push_back({SubjectList::Kind::kImport, &a, &m, at + ".subject", one(im.subject)});
      if (!im.local_subject.empty()) {
        out.push_back({SubjectList::Kind::kImport, &a, &m, at + ".local_subject", one(im.local_subject)});
      }
      if (!im.to.empty()) out.push_back({SubjectList::Kind::kImport, &a, &m, at + ".to", one(im.to)});
    }
    for (const auto& [from, dests] : a.mappings) {
      out.push_back({SubjectList::Kind::kMapping, &a, &m, "mappings (source)", one(from)});
      if (!dests.empty()) out.push_back({SubjectList::Kind::kMapping, &a, &m, "mappings['" + from + "']", dests});
    }
  }
  return out;
}

}  // namespace nsclint::rules
