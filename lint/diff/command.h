// `nsclint diff`: the change review's command line (SPEC §3 "Change review").
#pragma once

#include <ostream>

namespace nsclint::diff {

/// Runs `nsclint diff ARGS` (argv[0] is "diff"). Returns the exit code:
/// 0, 1 (a change or introduced finding at or above the gates) or 2.
int RunDiffCommand(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace nsclint::diff
