// The catalogue: every vector file mxconf ships, by path, with the generator call that makes it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mxconf/vectors/vector_file.hpp"

namespace mxconf::vectors {

struct CatalogueEntry {
  std::string path;                  // relative to vectors/, '/' separated
  std::function<VectorFile()> make;  // deterministic
};

// In a fixed order (the manifest's order).
std::vector<CatalogueEntry> catalogue();

}  // namespace mxconf::vectors
