// The TestFloat-style pipe every per-line command shares (peer-lessons §3): one case per input line, one answer
// per case, in order.
//
// - Line numbers count every physical line, so "line 7" is line 7 of the file the user piped in.
// - Blank lines and lines whose first non-blank character is '#' are skipped and get no output line.
// - A case that fails (LineError, or InvalidArgument from the reference) is answered "error"; the reason goes to
//   stderr as "mxconf <command>: line N: <why>", the remaining lines are still answered, and the exit code is
//   ExitCode::input_error at the end.
// - Any other exception is a bug: stderr names the line, the pipe stops, the exit code is ExitCode::internal.
// - Output is buffered; nothing is flushed per line.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "command.hpp"

namespace mxconf::cli {

// Appends the answer for one case (without the newline) to `answer`.
using CaseHandler = std::function<void(std::string_view line, std::string& answer)>;

ExitCode answer_lines(const CommandContext& context, const CaseHandler& handler);

// True for the lines answer_lines skips.
bool is_skipped_line(std::string_view line);

}  // namespace mxconf::cli
