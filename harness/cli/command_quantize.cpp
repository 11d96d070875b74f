// mxconf quantize --elem F: one block of K values per line in, its scale and K element codes out.
#include <array>
#include <vector>

#include "command.hpp"
#include "conversion_options.hpp"
#include "input_fields.hpp"
#include "line_error.hpp"
#include "line_pipe.hpp"
#include "mxconf/reference/block.hpp"
#include "mxconf/reference/error.hpp"
#include "mxconf/reference/hexfloat.hpp"
#include "names.hpp"
#include "value_source.hpp"

namespace mxconf::cli {
namespace {

constexpr std::string_view kDefaultSource = "fp32";
constexpr int kDefaultBlockSize = 32;  // OCP MX v1.0 §5: k = 32
constexpr int kMaxBlockSize = 1 << 16;

constexpr std::array kOptions{
    OptionSpec{"elem", OptionKind::value, "F", "element format: e4m3, e5m2, e3m2, e2m3, e2m1, int8 (required)"},
    OptionSpec{"rule", OptionKind::value, "R", "scale rule (default: the profile's)"},
    OptionSpec{"round", OptionKind::value, "MODE",
               "element rounding: rne, rtz, rup, rdn, rna, sr (default: profile's)"},
    OptionSpec{"block", OptionKind::value, "K", "values per block, 1..65536 (default 32)"},
    OptionSpec{"from", OptionKind::value, "SRC", "format of the input bit patterns (default fp32), or 'exact'"},
    OptionSpec{"profile", OptionKind::value, "P", "policy bundle (default: ocp; see mxconf profiles)"},
    OptionSpec{"sr-bits", OptionKind::value, "K", "random bits per element, 1..64 (required with --round sr)"},
    OptionSpec{"set", OptionKind::repeated, "POLICY=VALUE", "override an element or block policy (repeatable)"},
};

struct BlockLine {
  std::vector<ExactValue> values;
  std::vector<std::uint64_t> random;
};

BlockLine read_block(std::string_view line, std::size_t block_size, bool stochastic, const ValueSource& source,
                     SubnormalInput subnormal_input) {
  const auto fields = split_fields(line);
  if (stochastic)
    require_field_count(fields, 2 * block_size,
                        "fields (" + std::to_string(block_size) + " values then " + std::to_string(block_size) +
                            " random values, with --round sr)");
  else
    require_field_count(fields, block_size, "values");
  BlockLine block;
  block.values.reserve(block_size);
  for (std::size_t i = 0; i < block_size; ++i) {
    try {
      block.values.push_back(source.read(fields[i], subnormal_input));
    } catch (const LineError& e) {
      throw LineError("value " + std::to_string(i + 1) + ": " + e.what());
    } catch (const InvalidArgument& e) {
      throw LineError("value " + std::to_string(i + 1) + ": " + e.what());
    }
  }
  if (stochastic)
    for (std::size_t i = 0; i < block_size; ++i)
      block.random.push_back(parse_hex_field(fields[block_size + i], "random value " + std::to_string(i + 1)));
  return block;
}

void write_block(const QuantizedBlock& block, std::string& answer) {
  answer += to_hex_code(block.scale);
  for (const auto code : block.codes) {
    answer += ' ';
    answer += to_hex_code(code);
  }
}

ExitCode run(const CommandContext& context) {
  const FormatSpec& element = require_element_format("--elem", context.args.required("elem"));
  const auto from = context.args.value("from");
  const ValueSource source = ValueSource::parse("--from", from ? *from : kDefaultSource);
  const auto block_text = context.args.value("block");
  const auto block_size = static_cast<std::size_t>(block_text ? require_count("--block", *block_text, 1, kMaxBlockSize)
                                                              : kDefaultBlockSize);
  const QuantizeOptions options = resolve_quantize_options(context.args);
  const bool stochastic = options.element.rounding == Rounding::sr;
  return answer_lines(context, [&](std::string_view line, std::string& answer) {
    const BlockLine block = read_block(line, block_size, stochastic, source, options.element.policies.subnormal_input);
    QuantizeOptions block_options = options;
    block_options.random = block.random;
    write_block(quantize_block(block.values, element, block_options), answer);
  });
}

}  // namespace

const Command& quantize_command() {
  static const Command command{
      .name = "quantize",
      .summary = "blocks of values to an E8M0 scale and element codes",
      .synopsis = "--elem F [--rule R] [--block K] [options] < blocks",
      .options = kOptions,
      .details =
          "Input: one block per line: K values (default 32) separated by spaces, each as the source format's bit\n"
          "pattern (fp32 by default). With --round sr a line carries 2K fields: the K values, then K random values\n"
          "(hex, each below 2^sr-bits), the i-th random value for the i-th element.\n"
          "Output: one line per block: the scale code, then the K element codes, lowercase hex, space separated.\n"
          "A line with the wrong number of fields is an error for that line.",
      .max_positionals = 0,
      .run = run,
  };
  return command;
}

}  // namespace mxconf::cli
