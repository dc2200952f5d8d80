// nsclint: options -> app -> exit code. main() alone ends the process.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string_view>

#include "lint/app/app.h"
#include "lint/app/cli.h"
#include "lint/base/timing.h"
#include "lint/base/util.h"
#include "lint/diff/command.h"

#ifdef NSCLINT_MIMALLOC
#include <mimalloc.h>
#endif

namespace {

// Sanitizer builds exit normally: LeakSanitizer checks at exit.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

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
    std::shared_ptr<void> results;  // the run's model and findings
    const int code = nsclint::RunApp(*parsed.options, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0, &results);
    if (results && !kSanitized) {
      // Freeing a model of a million tokens one allocation at a time is work
      // the operating system does at once.
      std::cout.flush();
      std::cerr.flush();
      std::fflush(nullptr);
      std::_Exit(code);
    }
    return code;
  } catch (const std::exception& e) {
    std::cerr << "nsclint: internal error: " << nsclint::RedactSeeds(e.what()) << "\n";
    return 2;
  }
}
