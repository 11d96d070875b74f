// mxconf: the command-line shell over the reference. Parsing, I/O and messages live in harness/cli; every
// number comes from mxconf::reference.
#include <iostream>
#include <string_view>
#include <vector>

#include "cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // buffered pipes: no per-line flush (docs/cli.md "Throughput")
  std::cin.tie(nullptr);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  return mxconf::cli::to_int(mxconf::cli::run_cli(args, std::cin, std::cout, std::cerr));
}
