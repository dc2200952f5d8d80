// The one registration list: adding a rule adds one line here.
#include "lint/registry.h"
#include "rules/rules.h"

namespace nsclint {

const std::vector<Rule>& AllRules() {
  static const std::vector<Rule> kRules = [] {
    using namespace rules;  // NOLINT(google-build-using-namespace): the list reads better
    return std::vector<Rule>{
        MakeNL001(), MakeNL002(), MakeNL003(), MakeNL004(), MakeNL005(), MakeNL006(), MakeNL007(),
        MakeNL008(), MakeNL101(), MakeNL102(), MakeNL103(), MakeNL104(), MakeNL105(), MakeNL106(),
        MakeNL201(), MakeNL202(), MakeNL203(), MakeNL204(), MakeNL301(), MakeNL302(), MakeNL303(),
        MakeNL401(), MakeNL402(), MakeNL403(), MakeNL404(), MakeNL405(), MakeNL406(), MakeNL407(), MakeNL408(), MakeNL409(),
        MakeNL501(), MakeNL502(), MakeNL503(), MakeNL504(), MakeNL505(), MakeNL506(), MakeNL507(),
        MakeNL508(), MakeNL509(), MakeNL510(), MakeNL511(),
        MakeNL601(), MakeNL602(), MakeNL603(), MakeNL604(), MakeNL605(), MakeNL701(), MakeNL702(),
        MakeNL801(), MakeNL802(), MakeNL803(), MakeNL804(),
    };
  }();
  return kRules;
}

}  // namespace nsclint
