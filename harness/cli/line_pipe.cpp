#include "line_pipe.hpp"

#include <istream>
#include <ostream>

#include "input_quote.hpp"
#include "line_error.hpp"
#include "mxconf/reference/error.hpp"

namespace mxconf::cli {
namespace {

constexpr std::string_view kErrorAnswer = "error";

void report(const CommandContext& context, std::size_t line_number, std::string_view why) {
  context.err << "mxconf " << context.name << ": line " << line_number << ": " << why << '\n';
}

}  // namespace

bool is_skipped_line(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  return first == std::string_view::npos || line[first] == '#';
}

ExitCode answer_lines(const CommandContext& context, const CaseHandler& handler) {
  std::string line;
  std::string answer;
  std::size_t line_number = 0;
  bool any_error = false;
  while (std::getline(context.in, line)) {
    ++line_number;
    if (line_number == 1 && bom_length(line) > 0) line.erase(0, bom_length(line));  // a UTF-8 BOM: skipped
    if (is_skipped_line(line)) continue;
    answer.clear();
    try {
      handler(line, answer);
    } catch (const LineError& e) {
      report(context, line_number, e.what());
      answer = kErrorAnswer;
      any_error = true;
    } catch (const InvalidArgument& e) {
      report(context, line_number, e.what());
      answer = kErrorAnswer;
      any_error = true;
    } catch (const std::exception& e) {
      report(context, line_number, std::string("internal error, stopping: ") + e.what());
      return ExitCode::internal;
    }
    answer += '\n';
    if (!(context.out << answer)) return ExitCode::internal;  // cli.cpp reports the failed write
  }
  if (context.in.bad()) {
    context.err << "mxconf " << context.name << ": cannot read standard input\n";
    return ExitCode::internal;
  }
  return any_error ? ExitCode::input_error : ExitCode::ok;
}

}  // namespace mxconf::cli
