// libFuzzer target: the content of one file as DecodeContent sees it, under
// each extension the reader distinguishes (.jwt, .creds, .nk, other), named
// on the command line or found in a folder. The first byte picks the case.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lint/decode/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kExtensions[] = {".jwt", ".creds", ".nk", "", ".txt"};
  constexpr size_t kCases = sizeof(kExtensions) / sizeof(kExtensions[0]);
  const std::string extension = kExtensions[data[0] % kCases];
  const bool explicit_arg = (data[0] / kCases) % 2 == 1;
  std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  nsclint::Fragment fragment = nsclint::DecodeContent(content, extension, explicit_arg, 0);
  (void)fragment;
  return 0;
}
