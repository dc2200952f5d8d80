// The application: options -> engine -> reporter -> exit code. main() is a
// thin shell around RunApp so that tests can drive the whole tool in-process.
#pragma once

#include <ostream>

#include "lint/cli.h"

namespace nsclint {

/// Runs nsclint with parsed options. Returns the exit code (0, 1 or 2).
int RunApp(const Options& options, std::ostream& out, std::ostream& err, bool stdout_is_tty);

}  // namespace nsclint
