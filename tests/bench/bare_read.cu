#include "bare_read.h"

#include "read_probe.cuh"

namespace bitdelta::bench {

double bare_read_us(Timer& timer, int64_t bytes) {
    const auto opt = at::TensorOptions().device(at::kCUDA);
    const at::Tensor buf = at::full({(bytes + 15) / 16 * 16}, 0x3c, opt.dtype(at::kByte));
    const at::Tensor sink = at::zeros({1}, opt.dtype(at::kInt));
    return best_probe(timer, buf, sink).us;
}

}  // namespace bitdelta::bench
