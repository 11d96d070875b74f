// The rounding mode as a template argument: one switch per call, so that the per-element code of the built-in
// codecs (scalar and SIMD) is compiled once per mode without a branch on it.
#pragma once

#include "mxconf/reference/rounding.hpp"

namespace mxconf::kernels {

// f.template operator()<R>() for R = r. A codec without stochastic rounding refuses Rounding::sr before it gets
// here (its plan constructor throws); its instantiation for sr is then never called.
template <typename F>
inline decltype(auto) dispatch_rounding(Rounding r, F&& f) {
  switch (r) {
    case Rounding::rne:
      return f.template operator()<Rounding::rne>();
    case Rounding::rtz:
      return f.template operator()<Rounding::rtz>();
    case Rounding::rup:
      return f.template operator()<Rounding::rup>();
    case Rounding::rdn:
      return f.template operator()<Rounding::rdn>();
    case Rounding::rna:
      return f.template operator()<Rounding::rna>();
    case Rounding::sr:
      break;
  }
  return f.template operator()<Rounding::sr>();
}

}  // namespace mxconf::kernels
