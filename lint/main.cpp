// nsclint: options -> app -> exit code.
#include <unistd.h>

#include <exception>
#include <iostream>

#include "lint/app.h"
#include "lint/cli.h"
#include "lint/util.h"

int main(int argc, char** argv) {
  try {
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
