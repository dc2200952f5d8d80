// The application: options -> engine -> reporter -> exit code. main() is a
// thin shell around RunApp so that tests can drive the whole tool in-process.
#pragma once

#include <memory>
#include <ostream>

#include "lint/app/cli.h"

namespace nsclint {

/// Runs nsclint with parsed options and returns the exit code (0, 1 or 2);
/// main() alone ends the process with it. With `keep`, a lint hands its
/// findings and model to the caller instead of freeing them: the command-line
/// tool leaves a model of a million tokens to the operating system rather
/// than free it one allocation at a time. Tests pass nothing.
int RunApp(const Options& options, std::ostream& out, std::ostream& err, bool stdout_is_tty,
           std::shared_ptr<void>* keep = nullptr);

}  // namespace nsclint
