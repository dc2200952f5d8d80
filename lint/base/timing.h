// Phase timings for benchmarking: with NSCLINT_TIMINGS=1 in the environment,
// nsclint prints how long each stage (and each rule) took on stderr after
// the report. Off by default; nothing here changes any output otherwise.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace nsclint::timing {

/// True when NSCLINT_TIMINGS is set to a non-empty value other than "0".
bool Enabled();

/// Records `seconds` under `name` (accumulates when a name repeats).
void Record(std::string_view name, double seconds);

/// The recorded phases, one "nsclint-timing: <name> <ms> ms" line each, in
/// recording order; empty when timings are off.
std::string Render();

/// Records the time from construction to destruction (when enabled).
class Scope {
 public:
  explicit Scope(std::string_view name) : name_(name), on_(Enabled()) {
    if (on_) start_ = std::chrono::steady_clock::now();
  }
  ~Scope() {
    if (on_) Record(name_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  std::string_view name_;
  bool on_;
  std::chrono::steady_clock::time_point start_{};
};

}  // namespace nsclint::timing
