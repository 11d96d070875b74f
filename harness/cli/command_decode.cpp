// mxconf decode --format F: one code per line in, its exact value as a C99 hex float out.
#include <array>

#include "command.hpp"
#include "input_fields.hpp"
#include "line_pipe.hpp"
#include "mxconf/reference/codec.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "names.hpp"

namespace mxconf::cli {
namespace {

constexpr std::array kOptions{
    OptionSpec{"format", OptionKind::value, "F", "the format of the codes (required; see mxconf formats)"},
};

ExitCode run(const CommandContext& context) {
  const FormatSpec& format = require_format("--format", context.args.required("format"));
  return answer_lines(context, [&](std::string_view line, std::string& answer) {
    const auto fields = split_fields(line);
    require_field_count(fields, 1, "field (one code)");
    answer += to_hex_float(decode(format, parse_hex_field(fields[0], "code")));
  });
}

}  // namespace

const Command& decode_command() {
  static const Command command{
      .name = "decode",
      .summary = "codes to exact values (C99 hex floats)",
      .synopsis = "--format F < codes",
      .options = kOptions,
      .details =
          "Input: one code per line, hex with 0x (0x7e, 0X7E); a bare 7e is refused.\n"
          "Output: the code's exact value as a C99 hex float: 0x1.cp+8, -0x0p+0, nan, -nan, inf, -inf.\n"
          "A code wider than the format is an error for that line.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
