// The application: options -> engine -> reporter -> exit code. main() is a
// thin shell around RunApp so that tests can drive the whole tool in-process.
#pragma once

#include <ostream>

#include "lint/app/cli.h"

namespace nsclint {

/// Runs nsclint with parsed options. Returns the exit code (0, 1 or 2).
/// With `exit_when_done` (the command-line tool), a run that got as far as
/// its report flushes the streams and ends the process with that code
/// instead of returning: freeing a model of a million tokens one allocation at
/// a time is work the operating system does at once. Tests leave it false.
int RunApp(const Options& options, std::ostream& out, std::ostream& err, bool stdout_is_tty,
           bool exit_when_done = false);

}  // namespace nsclint
