// The subject lists of the model, for the subject rules (NL202-NL204):
// each list with its owner, a label for messages and how the server treats it.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "rules/support/model_queries.h"

namespace nsclint::rules {

struct SubjectList {
  enum class Kind { kUserPermission, kDefaultPermission, kTemplate, kExport, kImport, kMapping };
  Kind kind;
  const TokenBase* owner;
  const Model* model;
  std::span<const std::string_view> entries;  // views into the model
  bool sub_list = false;                      // entries may carry a queue ("subject queue")
  bool pub_list = false;                      // entries must not carry a queue
  // What label() is made of; the lists are visited per token and most
  // never produce a finding, so the text is built on demand.
  std::string_view field{};              // "pub.allow", "subject", "local_subject", "to"
  const SigningKey* key = nullptr;       // kTemplate: the scoped key
  size_t index = 0;                      // kExport / kImport: position in the account
  const std::string* mapping = nullptr;  // kMapping destinations: the source subject

  /// "pub.allow", "default_permissions.sub.deny", "scoped key AB7V… template pub.allow",
  /// "exports[0].subject", "imports[1].to", "mappings (source)", "mappings['a.b']".
  std::string label() const;
  /// Computed on demand: most lists never produce a finding.
  Entity entity() const { return EntityOfToken(*model, *owner); }
};

namespace internal {
template <typename F>
void ForEachPermissionList(SubjectList::Kind kind, const TokenBase& owner, const Model& m, const Permissions& p,
                           const SigningKey* key, F& f) {
  auto visit = [&](std::string_view field, const PackedStrings& entries, bool sub) {
    if (entries.empty()) return;
    const SubjectList list{.kind = kind,
                           .owner = &owner,
                           .model = &m,
                           .entries = entries,
                           .sub_list = sub,
                           .pub_list = !sub,
                           .field = field,
                           .key = key};
    f(list);
  };
  visit("pub.allow", p.pub.allow, false);
  visit("pub.deny", p.pub.deny, false);
  visit("sub.allow", p.sub.allow, true);
  visit("sub.deny", p.sub.deny, true);
}
}  // namespace internal

/// Calls f(const SubjectList&) for every permission list: user pub/sub
/// allow/deny, account default permissions, scoped signing key templates.
/// Creds copies of file JWTs are skipped.
template <typename F>
void ForEachPermissionList(const Model& m, F&& f) {
  using Kind = SubjectList::Kind;
  ForEachUser<true>(m, [&](const User& u) {
    if (!IsCredsCopy(m, u)) internal::ForEachPermissionList(Kind::kUserPermission, u, m, u.permissions, nullptr, f);
  });
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    if (a.default_permissions) {
      internal::ForEachPermissionList(Kind::kDefaultPermission, a, m, *a.default_permissions, nullptr, f);
    }
    for (const auto& sk : a.signing_keys) {
      if (sk.scoped) internal::ForEachPermissionList(Kind::kTemplate, a, m, sk.template_permissions, &sk, f);
    }
  }
}

/// Calls f(const SubjectList&) for every subject the server validates: the
/// permission lists, then per account its export subjects, import
/// subject/local_subject/to, mapping sources and destinations.
template <typename F>
void ForEachSubjectList(const Model& m, F&& f) {
  using Kind = SubjectList::Kind;
  ForEachPermissionList(m, f);
  for (const auto& a : m.accounts) {
    if (a.origin != TokenOrigin::kFile) continue;
    auto one = [&](Kind kind, std::string_view field, const std::string& s, size_t index) {
      const std::string_view entry = s;
      const SubjectList list{
          .kind = kind, .owner = &a, .model = &m, .entries = std::span(&entry, 1), .field = field, .index = index};
      f(list);
    };
    for (size_t i = 0; i < a.exports.size(); ++i) one(Kind::kExport, "subject", a.exports[i].subject, i);
    for (size_t i = 0; i < a.imports.size(); ++i) {
      const Import& im = a.imports[i];
      one(Kind::kImport, "subject", im.subject, i);
      if (!im.local_subject.empty()) one(Kind::kImport, "local_subject", im.local_subject, i);
      if (!im.to.empty()) one(Kind::kImport, "to", im.to, i);
    }
    for (const auto& [from, dests] : a.mappings) {
      one(Kind::kMapping, "", from, 0);
      if (dests.empty()) continue;
      const std::vector<std::string_view> entries(dests.begin(), dests.end());
      const SubjectList list{.kind = Kind::kMapping, .owner = &a, .model = &m, .entries = entries, .mapping = &from};
      f(list);
    }
  }
}

}  // namespace nsclint::rules
