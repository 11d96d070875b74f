// Progress of a conformance run on stderr. On a terminal: one status line, redrawn in place, naming the current
// check, and a bar with its done fraction and elapsed time once a check has run for more than 3 s; the line is
// cleared at the end so only the report remains. Elsewhere (CI logs, pipes): one line per finished check.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

#include "mxconf/conformance/result.hpp"

namespace mxconf::harness {

class ProgressDisplay {
 public:
  // terminal: redraw one line (use stderr_is_terminal()); otherwise one line per finished check.
  ProgressDisplay(std::ostream& out, bool terminal);

  static bool stderr_is_terminal();

  void begin_run(std::string_view kernel, std::string_view profile, std::size_t checks);
  void begin_check(std::size_t index, std::string_view name);  // index from 0
  void update(double done_fraction);                           // from any thread
  void tick();                                                 // redraw the elapsed time (terminal only)
  void end_check(const conformance::CheckResult& result);
  void end_run();

 private:
  void draw_locked();

  std::ostream& out_;
  bool terminal_;
  std::mutex mutex_;
  std::size_t index_ = 0, total_ = 0;
  std::string name_;
  double fraction_ = -1;
  std::chrono::steady_clock::time_point check_start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace mxconf::harness
