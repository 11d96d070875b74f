// mxconf scale --rule R --elem F: one block amax per line in, the block's E8M0 scale code out.
#include <array>

#include "command.hpp"
#include "conversion_options.hpp"
#include "input_fields.hpp"
#include "line_pipe.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "names.hpp"
#include "value_source.hpp"

namespace mxconf::cli {
namespace {

constexpr std::string_view kDefaultSource = "fp32";

constexpr std::array kOptions{
    OptionSpec{"rule", OptionKind::value, "R", "scale rule (default: the profile's; see below)"},
    OptionSpec{"elem", OptionKind::value, "F", "element format: e4m3, e5m2, e3m2, e2m3, e2m1, int8 (required)"},
    OptionSpec{"from", OptionKind::value, "SRC", "format of the amax bit patterns (default fp32), or 'exact'"},
    OptionSpec{"profile", OptionKind::value, "P", "policy bundle (default: ocp; see mxconf profiles)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE",
               "override rule, block-nan, block-inf, zero-amax, scale-overflow, subnormal-input (repeatable)"},
};

ExitCode run(const CommandContext& context) {
  const FormatSpec& element = require_element_format("--elem", context.args.required("elem"));
  const auto from = context.args.value("from");
  const ValueSource source = ValueSource::parse("--from", from ? *from : kDefaultSource);
  const QuantizeOptions options = resolve_scale_options(context.args);
  return answer_lines(context, [&](std::string_view line, std::string& answer) {
    const auto fields = split_fields(line);
    require_field_count(fields, 1, "field (one amax)");
    // The scale of a block whose largest magnitude is this value: exactly what quantize would choose, with
    // the block's NaN/Inf policies and |amax| for a negative input.
    const std::array values{source.read(fields[0], options.element.policies.subnormal_input)};
    answer += to_hex_code(block_scale(values, element, options.block));
  });
}

}  // namespace

const Command& scale_command() {
  static const Command command{
      .name = "scale",
      .summary = "block amax to the E8M0 shared-scale code",
      .synopsis = "--elem F [--rule R] [options] < amax values",
      .options = kOptions,
      .details =
          "Input: one amax per line as the source format's bit pattern (fp32 by default: 0x446f4000 is 957).\n"
          "Output: the E8M0 scale code the block would get (0x7f is 2^0).\n"
          "The answer is the scale of a block whose largest magnitude is the input: a negative amax counts as its\n"
          "magnitude; NaN follows block-nan (nan-scale: 0xff; ignore-in-amax: the amax is skipped, leaving an\n"
          "all-zero block); Inf follows block-inf (nan-scale: 0xff; largest-scale: 0xfe; exponent-field: 255 - emax,\n"
          "0xf7 for e4m3, as torchao FLOOR/CEIL/EVEN).\n"
          "Rules: floor, ceil, even, rceil, rceil-fp32, tosa, tosa-2023, fp4-three-quarters, rceil-log2f.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
