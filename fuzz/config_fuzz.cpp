// libFuzzer target: the .nsclint.toml configuration file (toml++ parse, then
// rule names, levels, options and ignores). Parsing must end in a config or
// a one-line error, and a parsed config must render.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lint/app/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  nsclint::ConfigResult result = nsclint::ParseConfig(text, "fuzz.toml");
  if (result.config) {
    (void)nsclint::RenderConfig(*result.config, {}, result.config->server_version);
  } else if (result.error.empty()) {
    std::abort();  // neither a config nor an error
  }
  return 0;
}
