// libFuzzer target: saved /connz and /accstatz monitoring snapshots. The
// first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lint/decode/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
  nsclint::Activity activity;
  if (data[0] % 2 == 0) {
    (void)nsclint::ParseConnz(json, "fuzz.json", &activity);
  } else {
    (void)nsclint::ParseAccstatz(json, "fuzz.json", &activity);
  }
  return 0;
}
