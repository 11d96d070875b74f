// Fuzz target for the vector file reader: any input must either parse and check, or be rejected with a
// VectorFileError. Anything else (another exception, a crash, a sanitizer report) is a bug.
//
// With clang: cmake -DMXCONF_BUILD_FUZZERS=ON -DCMAKE_CXX_COMPILER=clang++ builds it with -fsanitize=fuzzer;
// run `tests/fuzz/mxconf_fuzz_vector_reader tests/fuzz/corpus -max_total_time=300` (docs/vectors.md).
// Otherwise it is built with the replay driver below and run over the corpus by ctest.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mxconf/vectors/vector_check.hpp"
#include "mxconf/vectors/vector_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto file = mxconf::vectors::parse_vector_file(text, "fuzz-input");
    mxconf::vectors::check_vector_file(file, "fuzz-input");
  } catch (const mxconf::vectors::VectorFileError&) {
    // rejected with file and line: the expected outcome for malformed input
  }
  return 0;
}

#ifdef MXCONF_FUZZ_REPLAY
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

// Replays every file under the given paths through the target (no coverage guidance).
int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path root(argv[i]);
    auto replay = [&](const std::filesystem::path& p) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      const std::string bytes = s.str();
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    };
    if (std::filesystem::is_directory(root)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) replay(e.path());
    } else {
      replay(root);
    }
  }
  std::cout << "replayed " << inputs << " inputs without a crash or an unexpected exception\n";
  return inputs > 0 ? 0 : 1;
}
#endif
