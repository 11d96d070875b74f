/* Moved to abi/include/mxconf/kernel.h (layer 0: the ABI belongs to no layer above it). This forwarding header
 * keeps builds that still add harness/include to their include path working while branches in flight are merged;
 * link mxconf::kernel_abi (or add abi/include) instead, and delete this file once nothing includes it from here. */
#include "../../../abi/include/mxconf/kernel.h"
