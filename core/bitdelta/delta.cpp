// Delta and sign packing (DESIGN 1): delta = W_ft - W_base in fp32, sign bits packed with
// kernels::pack_signs, alpha = mean |delta| (the scale minimising ||delta - alpha sign(delta)||_F).
#include "bitdelta/internal.h"
#include "bitdelta_kernels.h"
#include "common/error.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <cmath>

namespace bitdelta {

c10::Device resolve_device(const std::string& device) {
    if (device.empty() || device == "auto")
        return at::hasCUDA() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    if (device == "cpu") return c10::Device(c10::kCPU);
    if (device == "cuda" || device.rfind("cuda:", 0) == 0) {
        if (!at::hasCUDA())
            throw Error("device setting '" + device + "': no CUDA device available in this build");
        int index = 0;
        if (device.size() > 5) {
            try {
                index = std::stoi(device.substr(5));
            } catch (const std::exception&) {
                throw Error("device setting '" + device + "': expected cuda:N");
            }
        }
        return c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(index));
    }
    throw Error("device setting '" + device + "': expected auto, cpu, cuda or cuda:N");
}

c10::ScalarType resolve_dtype(const std::string& dtype, c10::Device device) {
    if (dtype.empty() || dtype == "auto") return device.is_cuda() ? c10::kBFloat16 : c10::kFloat;
    if (dtype == "fp32" || dtype == "float32") return c10::kFloat;
    c10::ScalarType t;
    if (dtype == "bf16" || dtype == "bfloat16")
        t = c10::kBFloat16;
    else if (dtype == "fp16" || dtype == "float16")
        t = c10::kHalf;
    else
        throw Error("dtype setting '" + dtype + "': expected auto, fp32, bf16 or fp16");
    if (!device.is_cuda())
        throw Error("dtype setting '" + dtype + "': the CPU computes in fp32 only");
    return t;
}

at::Tensor load_fp32(const WeightSet& weights, const std::string& name, c10::Device device) {
    at::Tensor t = weights.tensor(name);
    // Move in the stored dtype first: half the bytes cross PCIe for bf16 checkpoints.
    if (device.is_cuda()) t = t.to(device, /*non_blocking=*/false);
    return t.to(at::kFloat);
}

DeltaSummary summarize_delta(const std::string& name, const at::Tensor& delta) {
    at::NoGradGuard no_grad;
    if (delta.dim() != 2) throw Error(name + ": delta must be a matrix");
    DeltaSummary d;
    d.name = name;
    d.rows = delta.size(0);
    d.cols = delta.size(1);
    try {
        d.packed = kernels::pack_signs(delta).cpu();
    } catch (const kernels::KernelError& e) {
        throw Error(name + ": " + e.what());
    }
    // One synchronisation for all scalar statistics; sums accumulate in fp64.
    at::Tensor stats = at::stack({delta.abs().sum(at::kDouble), delta.square().sum(at::kDouble),
                                  delta.min().to(at::kDouble), delta.max().to(at::kDouble)})
                           .cpu();
    auto acc = stats.accessor<double, 1>();
    d.abs_sum = acc[0];
    d.norm_sq = acc[1];
    d.hist_min = acc[2];
    d.hist_max = acc[3];
    const double count = static_cast<double>(d.rows) * static_cast<double>(d.cols);
    d.alpha = count > 0 ? d.abs_sum / count : 0.0;
    double lo = d.hist_min, hi = d.hist_max;
    if (!(hi > lo)) {  // constant delta: a bin around the value
        lo -= 1e-12;
        hi += 1e-12;
        d.hist_min = lo;
        d.hist_max = hi;
    }
    at::Tensor hist = at::histc(delta, kHistogramBins, lo, hi).to(at::kDouble).cpu();
    d.histogram.assign(hist.data_ptr<double>(), hist.data_ptr<double>() + hist.numel());
    return d;
}

double relative_error_at(const DeltaSummary& d, double alpha) {
    if (d.norm_sq <= 0) return 0.0;
    const double count = static_cast<double>(d.rows) * static_cast<double>(d.cols);
    const double err_sq = d.norm_sq - 2.0 * alpha * d.abs_sum + alpha * alpha * count;
    return std::sqrt(std::max(0.0, err_sq) / d.norm_sq);
}

double sign_cosine(const DeltaSummary& d) {
    if (d.norm_sq <= 0) return 0.0;
    const double count = static_cast<double>(d.rows) * static_cast<double>(d.cols);
    return d.abs_sum / (std::sqrt(d.norm_sq) * std::sqrt(count));
}

}  // namespace bitdelta
