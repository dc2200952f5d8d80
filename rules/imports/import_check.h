// The server's import check (reference §7), shared by NL501-NL508: one verdict
// per import with its single root cause, in the order nats-server checks.
#pragma once

#include <string>

#include "rules/support/model_queries.h"

namespace nsclint::rules {

struct ImportVerdict {
  std::string rule;  // "" when the import is alive (or cannot be judged)
  std::string why;   // the cause, completing "import ... is dead: "
  Fix fix;
  bool whole_account = false;  // the server rejects the importing account JWT
};

/// Judges import `index` of `importer` at `now`.
ImportVerdict JudgeImport(const Model& m, const Account& x, size_t index, int64_t now);

/// Reports every import whose verdict is `rule_id` (NL501-NL508 share this).
void ReportDeadImports(const Model& m, RuleContext& ctx, std::string_view rule_id);

/// "service import 'name' ('subject' from account 'S')" for messages.
std::string DescribeImport(const Model& m, const Import& im);

}  // namespace nsclint::rules
