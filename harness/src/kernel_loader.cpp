#include "mxconf/harness/kernel_loader.hpp"

#include <dlfcn.h>

#include <cstdint>
#include <string>

namespace mxconf::harness {
namespace {

// Largest value of each ABI enum (kernel.h numbers them from 1).
constexpr int kMaxFormat = MXCONF_FORMAT_FP16;
constexpr int kMaxRounding = MXCONF_ROUND_SR;
constexpr int kMaxOverflow = MXCONF_OVERFLOW_NON_SATURATING;
constexpr int kMaxScaleRule = MXCONF_SCALE_RCEIL_LOG2F;
constexpr int kMaxLayout = MXCONF_LAYOUT_PACKED;
constexpr int kMaxOperation = MXCONF_OP_DOT;
constexpr std::uint32_t kKnownFlags = MXCONF_CAP_POLICIES | MXCONF_CAP_DEVICE_MEMORY;

// Bits 1 .. max: the mask values an enum numbered from 1 can set.
constexpr std::uint32_t known_bits(int max) { return ((std::uint32_t{1} << (max + 1)) - 1) & ~std::uint32_t{1}; }

std::string hex(std::uint32_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), digits[v & 0xf]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}

const char* operation_name(int op) {
  switch (op) {
    case MXCONF_OP_CONVERT: return "convert";
    case MXCONF_OP_DECODE: return "decode";
    case MXCONF_OP_QUANTIZE: return "quantize";
    case MXCONF_OP_DEQUANTIZE: return "dequantize";
    case MXCONF_OP_DOT: return "dot";
    default: return "?";
  }
}

bool has_function(const mxconf_kernel& k, int op) {
  switch (op) {
    case MXCONF_OP_CONVERT: return k.convert != nullptr;
    case MXCONF_OP_DECODE: return k.decode != nullptr;
    case MXCONF_OP_QUANTIZE: return k.quantize != nullptr;
    case MXCONF_OP_DEQUANTIZE: return k.dequantize != nullptr;
    case MXCONF_OP_DOT: return k.dot != nullptr;
    default: return false;
  }
}

void check_capability(const mxconf_capability& c, std::size_t i, const mxconf_kernel& k, const std::string& where) {
  const std::string field = where + ": capabilities[" + std::to_string(i) + "]";
  const auto fail = [&](const std::string& why) { throw KernelLoadError(field + why); };
  const int op = static_cast<int>(c.operation);
  if (op < 1 || op > kMaxOperation) fail(".operation is " + std::to_string(op) + ", not a known mxconf_operation (1.." + std::to_string(kMaxOperation) + ")");
  const auto check_format = [&](const char* name, mxconf_format f) {
    const int v = static_cast<int>(f);
    if (v < 1 || v > kMaxFormat)
      fail(std::string(".") + name + " is " + std::to_string(v) + ", not a known mxconf_format (1.." +
           std::to_string(kMaxFormat) + ")");
  };
  check_format("source", c.source);
  check_format("target", c.target);
  const auto check_mask = [&](const char* name, std::uint32_t mask, int max, const char* type) {
    if ((mask & ~known_bits(max)) != 0)
      fail(std::string(".") + name + " " + hex(mask) + " sets bits of no " + type + " value (known: " +
           hex(known_bits(max)) + ")");
  };
  check_mask("rounding_mask", c.rounding_mask, kMaxRounding, "mxconf_rounding");
  check_mask("overflow_mask", c.overflow_mask, kMaxOverflow, "mxconf_overflow");
  check_mask("scale_rule_mask", c.scale_rule_mask, kMaxScaleRule, "mxconf_scale_rule");
  check_mask("layout_mask", c.layout_mask, kMaxLayout, "mxconf_layout");
  if (c.max_block_size != 0 && c.max_block_size < 32)
    fail(".max_block_size is " + std::to_string(c.max_block_size) +
         ": must be 0 (any) or at least 32 (every MX kernel supports k = 32)");
  if ((c.flags & ~kKnownFlags) != 0) fail(".flags " + hex(c.flags) + " sets unknown MXCONF_CAP_* bits");
  if (!has_function(k, op))
    fail(" declares operation " + std::string(operation_name(op)) + " but the kernel's " + operation_name(op) +
         " function pointer is NULL");
}

}  // namespace

void validate_kernel(const mxconf_kernel* k, const std::string& where) {
  if (k == nullptr) throw KernelLoadError(where + ": " + MXCONF_KERNEL_ENTRY_SYMBOL + "() returned NULL");
  if (k->abi_version != MXCONF_KERNEL_ABI_VERSION)
    throw KernelLoadError(where + ": ABI version " + std::to_string(k->abi_version) + ", this mxconf speaks " +
                          std::to_string(MXCONF_KERNEL_ABI_VERSION));
  if (k->name == nullptr) throw KernelLoadError(where + ": mxconf_kernel.name is NULL (a kernel must name itself)");
  if (k->capability_count > 0 && k->capabilities == nullptr)
    throw KernelLoadError(where + ": mxconf_kernel.capabilities is NULL but capability_count is " +
                          std::to_string(k->capability_count));
  if (k->capability_count > 100000)
    throw KernelLoadError(where + ": mxconf_kernel.capability_count is " + std::to_string(k->capability_count) +
                          " (more than 100000: not initialised?)");
  for (std::size_t i = 0; i < k->capability_count; ++i) check_capability(k->capabilities[i], i, *k, where);
}

void validate_device_kernel(const mxconf_device_kernel* d, const std::string& where) {
  const std::string symbol = MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL;
  if (d == nullptr) throw KernelLoadError(where + ": " + symbol + "() returned NULL");
  if (d->abi_version != MXCONF_KERNEL_ABI_VERSION)
    throw KernelLoadError(where + ": " + symbol + "(): ABI version " + std::to_string(d->abi_version) +
                          ", this mxconf speaks " + std::to_string(MXCONF_KERNEL_ABI_VERSION));
  if (d->abi_minor < 1)
    throw KernelLoadError(where + ": " + symbol + "(): abi_minor " + std::to_string(d->abi_minor) +
                          " (the device entry exists from minor 1)");
  if (d->convert == nullptr) throw KernelLoadError(where + ": " + symbol + "(): convert is NULL");
}

LoadedKernel load_kernel(const std::filesystem::path& path) {
  const std::string where = path.string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw KernelLoadError(where + ": no such file");
  // dlopen searches the library path for a bare name; "./" makes it the file the user named.
  const std::string open_name = where.find('/') == std::string::npos ? "./" + where : where;
  dlerror();
  void* handle = dlopen(open_name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = dlerror();
    throw KernelLoadError(where + ": cannot load (dlopen: " + (why ? why : "unknown error") + ")");
  }
  std::shared_ptr<void> library(handle, [](void* h) { dlclose(h); });
  dlerror();
  void* symbol = dlsym(handle, MXCONF_KERNEL_ENTRY_SYMBOL);
  if (symbol == nullptr) {
    const char* why = dlerror();
    throw KernelLoadError(where + ": no symbol '" + MXCONF_KERNEL_ENTRY_SYMBOL + "' (dlsym: " +
                          (why ? why : "the symbol is NULL") + ")");
  }
  const auto entry = reinterpret_cast<mxconf_kernel_entry_fn>(symbol);
  const mxconf_kernel* kernel = entry();
  validate_kernel(kernel, where);
  const mxconf_device_kernel* device = nullptr;
  if (void* d = dlsym(handle, MXCONF_KERNEL_DEVICE_ENTRY_SYMBOL); d != nullptr) {
    device = reinterpret_cast<mxconf_kernel_device_entry_fn>(d)();
    validate_device_kernel(device, where);
  }
  return LoadedKernel{path, kernel, device, std::move(library)};
}

}  // namespace mxconf::harness
