// One factory per rule; each lives in its own file. all_rules.cpp lists them.
#pragma once

#include "lint/rule.h"

namespace nsclint::rules {

Rule MakeNL001();
Rule MakeNL002();
Rule MakeNL003();
Rule MakeNL004();
Rule MakeNL005();
Rule MakeNL006();
Rule MakeNL007();
Rule MakeNL008();
Rule MakeNL101();
Rule MakeNL102();
Rule MakeNL103();
Rule MakeNL104();
Rule MakeNL105();
Rule MakeNL106();
Rule MakeNL201();
Rule MakeNL202();
Rule MakeNL203();
Rule MakeNL204();
Rule MakeNL301();
Rule MakeNL302();
Rule MakeNL303();
Rule MakeNL401();
Rule MakeNL402();
Rule MakeNL403();
Rule MakeNL404();
Rule MakeNL405();
Rule MakeNL406();
Rule MakeNL407();
Rule MakeNL408();
Rule MakeNL409();
Rule MakeNL501();
Rule MakeNL502();
Rule MakeNL503();
Rule MakeNL504();
Rule MakeNL505();
Rule MakeNL506();
Rule MakeNL507();
Rule MakeNL508();
Rule MakeNL509();
Rule MakeNL510();
Rule MakeNL511();
Rule MakeNL601();
Rule MakeNL602();
Rule MakeNL603();
Rule MakeNL604();
Rule MakeNL605();
Rule MakeNL701();
Rule MakeNL702();
Rule MakeNL801();
Rule MakeNL802();
Rule MakeNL803();
Rule MakeNL804();

}  // namespace nsclint::rules
