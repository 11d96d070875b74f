// Read an mxconf interval table with the C++ standard library only (docs/vectors.md) and look inputs up.
// Usage: read_vectors FILE [PATTERN...]
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

struct Interval {
  std::uint64_t first, last;
  std::string code;  // hex, or "-" when the policies give no encoding
};

int main(int argc, char** argv) {
  if (argc < 2) return std::cerr << "usage: read_vectors FILE [PATTERN...]\n", 2;
  std::ifstream in(argv[1]);
  std::string line;
  if (!std::getline(in, line) || line != "mxconf-vectors 1") return std::cerr << argv[1] << ":1: not a vector file\n", 2;
  std::map<std::string, std::string> header;
  std::vector<Interval> table;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '@') {
      const auto space = line.find(' ');
      header[line.substr(1, space - 1)] = space == std::string::npos ? "" : line.substr(space + 1);
      continue;
    }
    std::istringstream fields(line);
    std::string first, last, code;
    fields >> first >> last >> code;
    table.push_back({std::stoull(first, nullptr, 16), std::stoull(last, nullptr, 16), code});
  }
  std::cout << header["operation"] << ' ' << header["from"] << " -> " << header["to"] << ": " << table.size()
            << " intervals\n";
  for (int i = 2; i < argc; ++i) {
    const std::uint64_t pattern = std::stoull(argv[i], nullptr, 16);
    const auto row = std::upper_bound(table.begin(), table.end(), pattern,
                                      [](std::uint64_t p, const Interval& r) { return p < r.first; }) - 1;
    std::cout << argv[i] << " -> " << row->code << '\n';
  }
}
