// nsclint: options -> app -> exit code.
#include <unistd.h>

#include <exception>
#include <iostream>
#include <string_view>

#include "lint/app.h"
#include "lint/cli.h"
#include "lint/diff/command.h"
#include "lint/timing.h"
#include "lint/util.h"

#ifdef NSCLINT_MIMALLOC
#include <mimalloc.h>
#endif

int main(int argc, char** argv) {
#ifdef NSCLINT_MIMALLOC
  // Names the allocator for benchmarks; a call into the library also keeps an
  // --as-needed linker from dropping it, which would silently leave glibc's.
  if (nsclint::timing::Enabled()) std::cerr << "nsclint-timing: allocator mimalloc " << mi_version() << "\n";
#endif
  try {
    if (argc > 1 && std::string_view(argv[1]) == "diff") {
      return nsclint::diff::RunDiffCommand(argc - 1, argv + 1, std::cout, std::cerr);
    }
    nsclint::ParseOutcome parsed = nsclint::ParseCommandLine(argc, argv);
    if (!parsed.options) {
      std::cout << parsed.out_text;
      std::cerr << nsclint::RedactSeeds(parsed.err_text);
      return parsed.exit_code;
    }
    return nsclint::RunApp(*parsed.options, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0,
                           /*exit_when_done=*/true);
  } catch (const std::exception& e) {
    std::cerr << "nsclint: internal error: " << nsclint::RedactSeeds(e.what()) << "\n";
    return 2;
  }
}
