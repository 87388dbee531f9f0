// Benchmark of the packed 1-bit kernels against the memory-bandwidth floor of DESIGN section 2 and
// three baselines, at Llama-7B layer shapes. Prints markdown tables.
//
//   bench_kernels [--quick] [--dtype fp16|bf16] [--flush read|write] [--only NxK:B:T] [--no-check]
//                 [--rows 1,4,16,64] [--tenants 1,2,4] [--set S] [--no-bound] [--ours] [--bias]
//
// Floor: bytes = 2*N*K (fp16 base) + T*N*K/8 (signs of the T distinct tenants) + activations (x and
// y), over the device-to-device copy bandwidth measured here (bytes read + written) and over the
// H100 SXM datasheet 3.35 TB/s. Each timed call is preceded by a pass over a 256 MB buffer that
// evicts L2 (50-60 MB), so every matrix comes from HBM; times are medians of CUDA-event intervals
// around the call alone. The pass reads the buffer by default, leaving L2 full of clean lines, as
// after a layer's weight reads in a real decode step. `--flush write` fills it instead, leaving L2
// full of dirty lines that the timed call must first write back to HBM (up to 60 MB of extra
// traffic, comparable to a 4096 x 4096 matrix itself): that was this benchmark's flush before
// 2026-12-02, kept to compare with older tables. `--only` times one table row (for a profiler),
// `--no-check` skips the correctness gate, `--rows` sets the batch sizes (default 1, 4, 16, 64),
// `--tenants` the tenant counts of each batch (default 1, B / 2 and B; counts over B are skipped).
// `--set S` makes the rows' T tenants the first of a set of max(T, S) (default: a set of T), the
// serving case of a batch that uses few of many loaded fine-tunes. The kernels get the batch's
// tenant count as core passes it (TenantRows); `--no-bound` withholds it, so they size themselves
// to min(B, set) as a caller without one makes them. `--ours` times our paths and (c) only (the
// other baselines print nan), for knob comparisons that need no new baseline.
// The last columns time the best plain streaming read of the row's floor bytes (bare_read.h) with
// the same timing: the share of the floor a bare read reaches, and Auto's time against it. The
// floor assumes the copy bandwidth for the whole call; a single cold call also pays one launch's
// ramp-up and tail, so no kernel reaches 100 % there, and the bare read says how far one could.
#include "bitdelta_kernels.h"
#include "cpu/sign_rows.h"
#include "detail/backends.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#ifdef BITDELTA_WITH_CUDA
#include "bare_read.h"
#include "cold_timer.h"

#include <ATen/cuda/CUDAContext.h>
#endif

namespace bk = bitdelta::kernels;

namespace {

// One table row, as `--only NxK:B:T` names it (all zero: every row).
struct RowFilter {
    int64_t n = 0, k = 0, b = 0, t = 0;
    bool parse(const char* text) {
        long long v[4];
        if (std::sscanf(text, "%lldx%lld:%lld:%lld", &v[0], &v[1], &v[2], &v[3]) != 4) return false;
        n = v[0], k = v[1], b = v[2], t = v[3];
        return n > 0 && k > 0 && b > 0 && t > 0;
    }
    bool skips_shape(int64_t rn, int64_t rk) const { return n > 0 && (rn != n || rk != k); }
    bool skips(int64_t rn, int64_t rk, int64_t rb, int64_t rt) const {
        return skips_shape(rn, rk) || (n > 0 && (rb != b || rt != t));
    }
};

// The command line's choices of rows, dtype and baselines (the CUDA tables only; a CPU-only build
// parses them and runs the CPU table).
struct RunOptions {
    bool quick = false, dirty_flush = false, bound = true, ours_only = false, with_bias = false;
    c10::ScalarType dt = at::kHalf;
    RowFilter only;
    std::vector<int64_t> batches = {1, 4, 16, 64}, tenants;
    int64_t set_size = 0;
};

#ifdef BITDELTA_WITH_CUDA

using bitdelta::bench::copy_bandwidth;
using bitdelta::bench::Timer;

double rel_err(const at::Tensor& got, const at::Tensor& ref) {
    const at::Tensor g = got.to(at::kCPU, at::kDouble), r = ref.to(at::kCPU, at::kDouble);
    return (g - r).norm().item<double>() / std::max(r.norm().item<double>(), 1e-30);
}

// Quick correctness gate before timing (the Qt tests are the full check).
bool self_check(c10::ScalarType dt) {
    at::manual_seed(7);
    const int64_t n = 1000, k = 4096 + 96;
    bool ok = true;
    for (int64_t b : {1, 5, 64}) {
        const int64_t t = std::max<int64_t>(1, b / 2);
        std::vector<at::Tensor> packed;
        for (int64_t i = 0; i < t; ++i)
            packed.push_back(bk::pack_signs(at::randn({n, k})).cuda());
        const bk::SignSet set(packed, n, k);
        const at::Tensor x = at::randn({b, k}).to(at::kCUDA, dt);
        const at::Tensor base = (at::randn({n, k}) * 0.02).to(at::kCUDA, dt);
        const at::Tensor bias = at::randn({n}).to(at::kCUDA, dt);
        const at::Tensor alpha = (at::rand({t}) * 0.01 + 0.001).cuda();
        const at::Tensor ten = at::randint(0, t, {b}, at::TensorOptions().dtype(at::kInt)).cuda();
        // fp64 reference through the CPU implementation's unpack.
        std::vector<at::Tensor> rows;
        const at::Tensor xd = x.to(at::kCPU, at::kDouble);
        const at::Tensor tc = ten.cpu();
        for (int64_t r = 0; r < b; ++r) {
            const int64_t s = tc[r].item<int64_t>();
            const at::Tensor sd = bk::unpack_signs(packed[s].cpu(), k, at::kDouble);
            rows.push_back(at::mv(base.to(at::kCPU, at::kDouble), xd[r]) +
                           bias.to(at::kCPU, at::kDouble) +
                           alpha[s].item<double>() * at::mv(sd, xd[r]));
        }
        const at::Tensor ref = at::stack(rows);
        for (auto path :
             {bk::LinearPath::Fused, bk::LinearPath::BasePlusDelta, bk::LinearPath::Gemm}) {
            const double e =
                rel_err(bk::bitdelta_linear(x, base, bias, set, alpha, ten, path), ref);
            const bool good = e < 1e-2;
            ok = ok && good;
            std::printf("self-check %s B=%lld T=%lld path=%d rel_err=%.2e %s\n",
                        dt == at::kHalf ? "fp16" : "bf16", static_cast<long long>(b),
                        static_cast<long long>(t), static_cast<int>(path), e, good ? "ok" : "FAIL");
        }
    }
    return ok;
}

struct Shape {
    int64_t n, k;
};

void run(const RunOptions& o) {
    const bool quick = o.quick;
    const c10::ScalarType dt = o.dt;
    Timer timer(quick ? 15 : 41, o.dirty_flush);
    const double bw = copy_bandwidth(timer);
    const double spec = 3.35e12;
    std::printf("\nDevice: %s, %d SMs, L2 %d MB\n", at::cuda::getCurrentDeviceProperties()->name,
                at::cuda::getCurrentDeviceProperties()->multiProcessorCount,
                at::cuda::getCurrentDeviceProperties()->l2CacheSize >> 20);
    std::printf("Measured device-to-device copy bandwidth: %.0f GB/s (spec 3350 GB/s)\n", bw / 1e9);
    std::printf(
        "L2 evicted before each timed call by %s a 256 MB buffer\n",
        o.dirty_flush ? "writing (dirty lines left in L2)" : "reading (clean lines left in L2)");
    std::printf("Rows use T tenants of a set of max(T, %lld); the kernels %s the batch's count\n\n",
                static_cast<long long>(o.set_size), o.bound ? "get" : "do not get");
    std::printf(
        "| N x K | B | T | Auto us | GB/s | floor %% (copy) | floor %% (3.35) | fused us | "
        "base+delta us | delta-only us | delta floor %% | merge+GEMM us | (a) unpack+cuBLAS us | "
        "(b) B dense us | (c) base only us | x vs (a) | x vs (b) | Auto/(c) | bare read us | "
        "bare read floor %% | Auto %% of bare read |\n");
    std::printf(
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    const std::vector<Shape> shapes = {{4096, 4096}, {11008, 4096}, {4096, 11008}};
    const auto opt = at::TensorOptions().device(at::kCUDA);
    for (const Shape& sh : shapes) {
        const int64_t n = sh.n, k = sh.k;
        if (o.only.skips_shape(n, k)) continue;
        const at::Tensor base = (at::randn({n, k}, opt) * 0.02).to(dt);
        for (int64_t b : o.batches) {
            std::vector<int64_t> ts = {1, std::max<int64_t>(1, b / 2), b};
            if (!o.tenants.empty()) {
                ts.clear();
                for (int64_t t : o.tenants)
                    if (t <= b) ts.push_back(t);
            }
            ts.erase(std::unique(ts.begin(), ts.end()), ts.end());
            for (int64_t t : ts) {
                if (quick && o.tenants.empty() && t != 1 && t != b) continue;
                if (o.only.skips(n, k, b, t)) continue;
                const int64_t slots = std::max(t, o.set_size);
                std::vector<at::Tensor> packed, dense;
                for (int64_t i = 0; i < slots; ++i) {
                    const at::Tensor d = at::randn({n, k}, opt) * 0.001;
                    packed.push_back(bk::pack_signs(d));
                    // baseline (b) models, of the tenants the rows use
                    if (i < t) dense.push_back((base.to(at::kFloat) + d).to(dt));
                }
                const bk::SignSet set(packed, n, k);
                const at::Tensor x = at::randn({b, k}, opt).to(dt);
                const at::Tensor alpha = at::rand({slots}, opt) * 1e-3;
                // Every tenant used at least once: rows round-robin over tenants.
                const at::Tensor ten_index = (at::arange(b, opt.dtype(at::kInt)) % t).to(at::kInt);
                const bk::TenantRows ten =
                    o.bound ? bk::TenantRows(ten_index, t) : bk::TenantRows(ten_index);
                // --bias: a layer with a bias vector (Qwen2's q / k / v projections), which our
                // paths add; the baselines leave it out.
                const at::Tensor bias =
                    o.with_bias ? (at::randn({n}, opt) * 0.1).to(dt) : at::Tensor();
                std::vector<at::Tensor> idx;
                std::vector<int64_t> row_tenant;
                for (int64_t s = 0; s < t; ++s)
                    idx.push_back(at::arange(s, b, t, opt.dtype(at::kLong)));
                for (int64_t r = 0; r < b; ++r)
                    row_tenant.push_back(r % t);

                // What a model layer calls (LinearPath::Auto picks by batch size): the headline.
                const double ours =
                    timer.median_us([&] { bk::bitdelta_linear(x, base, bias, set, alpha, ten); });
                const double fused = timer.median_us([&] {
                    bk::bitdelta_linear(x, base, bias, set, alpha, ten, bk::LinearPath::Fused);
                });
                const double split = timer.median_us([&] {
                    bk::bitdelta_linear(x, base, bias, set, alpha, ten,
                                        bk::LinearPath::BasePlusDelta);
                });
                const double delta = timer.median_us([&] { bk::delta_matmul(x, set, alpha, ten); });
                // The prefill path (one merged matrix and one GEMM per used tenant; the tenant
                // vector is read on the host).
                const double skipped = std::numeric_limits<double>::quiet_NaN();
                const double gemm = o.ours_only ? skipped : timer.median_us([&] {
                    bk::bitdelta_linear(x, base, bias, set, alpha, ten, bk::LinearPath::Gemm);
                });
                const double unpack = o.ours_only ? skipped : timer.median_us([&] {
                    at::Tensor y = at::mm(x, base.t());
                    for (int64_t s = 0; s < t; ++s) {
                        const at::Tensor sd = bk::unpack_signs(packed[s], k, dt);
                        const at::Tensor xs = x.index_select(0, idx[s]);
                        y.index_add_(0, idx[s], at::mm(xs, sd.t()) * alpha.narrow(0, s, 1).to(dt));
                    }
                });
                const double separate = o.ours_only ? skipped : timer.median_us([&] {
                    for (int64_t r = 0; r < b; ++r)
                        at::mm(x.narrow(0, r, 1), dense[row_tenant[r]].t());
                });
                const double base_only = timer.median_us([&] { at::mm(x, base.t()); });

                const double act = 2.0 * (b * k + b * n);
                const double bytes = 2.0 * n * k + t * n * k / 8.0 + act;
                const double floor_copy = bytes / bw * 1e6, floor_spec = bytes / spec * 1e6;
                const double delta_floor = (t * n * k / 8.0 + act) / bw * 1e6;
                const double bare =
                    bitdelta::bench::bare_read_us(timer, static_cast<int64_t>(bytes));
                std::printf(
                    "| %lldx%lld | %lld | %lld | %.1f | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | "
                    "%.1f | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f "
                    "|\n",
                    static_cast<long long>(n), static_cast<long long>(k), static_cast<long long>(b),
                    static_cast<long long>(t), ours, bytes / (ours * 1e-6) / 1e9,
                    100.0 * floor_copy / ours, 100.0 * floor_spec / ours, fused, split, delta,
                    100.0 * delta_floor / delta, gemm, unpack, separate, base_only, unpack / ours,
                    separate / ours, ours / base_only, bare, 100.0 * floor_copy / bare,
                    100.0 * bare / ours);
                std::fflush(stdout);
            }
        }
    }
}

#endif  // BITDELTA_WITH_CUDA

double median_ms_cpu(const std::function<void()>& fn, int iters) {
    fn();  // warm-up: allocator, thread pool, sign table
    std::vector<double> t;
    for (int i = 0; i < iters; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count());
    }
    std::nth_element(t.begin(), t.begin() + t.size() / 2, t.end());
    return t[t.size() / 2];
}

// CPU serving path, one tenant with R rows: the direct product from the bits (sign_rows.cpp)
// against unpacking the signs + a BLAS GEMM, and against the dense fp32 base product W x alone.
void run_cpu() {
    std::printf("CPU (%d threads), fp32, one tenant with R rows; medians of 7 runs\n\n",
                at::get_num_threads());
    std::printf(
        "| N x K | R | direct ms | blocked unpack+GEMM ms | unpack+BLAS ms | dense W x ms | direct "
        "x vs blocked | direct x vs unpack | direct/dense |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    const int64_t shapes[][2] = {{4096, 4096}, {11008, 4096}};
    for (const auto& sh : shapes) {
        const int64_t n = sh[0], k = sh[1];
        const at::Tensor packed = bk::pack_signs(at::randn({n, k}));
        const bk::SignSet set({packed}, n, k);
        const at::Tensor w = at::randn({n, k});
        for (int64_t r : {1, 2, 4, 8}) {
            const at::Tensor x = at::randn({r, k});
            at::Tensor y = at::empty({r, n});
            const double direct = median_ms_cpu(
                [&] {
                    bk::cpu::sign_rows_product(
                        reinterpret_cast<const uint32_t*>(packed.data_ptr<int32_t>()), n, k,
                        x.data_ptr<float>(), r, 1.0f, y.data_ptr<float>());
                },
                7);
            const at::Tensor ref = at::mm(x, bk::unpack_signs(packed, k, at::kFloat).t());
            const double err = (y - ref).abs().max().item<double>();
            const double unpack =
                median_ms_cpu([&] { at::mm(x, bk::unpack_signs(packed, k, at::kFloat).t()); }, 7);
            const double dense = median_ms_cpu([&] { at::mm(x, w.t()); }, 7);
            const at::Tensor alpha = at::ones({1}), ten = at::zeros({r}, at::kLong);
            // The GEMM path of the CPU backend, forced at this row count (direct_max_rows = 0).
            const double blocked =
                median_ms_cpu([&] { bk::cpu::delta_matmul_f32(x, set, alpha, ten, 0); }, 7);
            std::printf("| %lldx%lld | %lld | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%s\n",
                        static_cast<long long>(n), static_cast<long long>(k),
                        static_cast<long long>(r), direct, blocked, unpack, dense, blocked / direct,
                        unpack / direct, direct / dense, err > 1e-2 ? "  MISMATCH" : "");
            std::fflush(stdout);
        }
    }
    std::printf("\nrows per tenant up to %lld take the direct path (kernels/cpu/sign_rows.h)\n",
                static_cast<long long>(bk::cpu::kDirectMaxRows));
}
// A comma-separated list of positive counts ("2,4,8") into out, replacing what it held.
bool parse_counts(const char* text, std::vector<int64_t>& out) {
    out.clear();
    for (const char* item = text; *item != '\0';) {
        char* end = nullptr;
        const long long v = std::strtoll(item, &end, 10);
        if (end == item || v < 1) return false;
        out.push_back(v);
        item = *end == ',' ? end + 1 : end;
    }
    return !out.empty();
}

}  // namespace

int main(int argc, char** argv) {
    [[maybe_unused]] RunOptions o;
    [[maybe_unused]] bool check = true;
    for (int i = 1; i < argc; ++i) {
        const bool has_value = i + 1 < argc;
        if (std::strcmp(argv[i], "--quick") == 0) {
            o.quick = true;
        } else if (std::strcmp(argv[i], "--no-check") == 0) {
            check = false;
        } else if (std::strcmp(argv[i], "--no-bound") == 0) {
            o.bound = false;
        } else if (std::strcmp(argv[i], "--ours") == 0) {
            o.ours_only = true;
        } else if (std::strcmp(argv[i], "--bias") == 0) {
            o.with_bias = true;
        } else if (std::strcmp(argv[i], "--dtype") == 0 && has_value) {
            o.dt = std::strcmp(argv[++i], "bf16") == 0 ? at::kBFloat16 : at::kHalf;
        } else if (std::strcmp(argv[i], "--flush") == 0 && has_value) {
            o.dirty_flush = std::strcmp(argv[++i], "write") == 0;
        } else if (std::strcmp(argv[i], "--set") == 0 && has_value) {
            char* end = nullptr;
            o.set_size = std::strtoll(argv[++i], &end, 10);
            if (*end != '\0' || o.set_size < 1 || o.set_size > 256) {
                std::fprintf(stderr, "bench_kernels: --set wants a set size from 1 to 256\n");
                return 2;
            }
        } else if (std::strcmp(argv[i], "--rows") == 0 && has_value) {
            if (!parse_counts(argv[++i], o.batches)) {
                std::fprintf(stderr, "bench_kernels: --rows wants batch sizes, e.g. 2,4,8\n");
                return 2;
            }
        } else if (std::strcmp(argv[i], "--tenants") == 0 && has_value) {
            if (!parse_counts(argv[++i], o.tenants)) {
                std::fprintf(stderr, "bench_kernels: --tenants wants tenant counts, e.g. 1,2,4\n");
                return 2;
            }
        } else if (std::strcmp(argv[i], "--only") == 0 && has_value) {
            if (!o.only.parse(argv[++i])) {
                std::fprintf(stderr, "bench_kernels: --only wants NxK:B:T, e.g. 4096x4096:16:16\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "bench_kernels: unknown argument %s\n", argv[i]);
            return 2;
        }
    }
    at::NoGradGuard no_grad;
    if (!bk::cuda_available()) {
        std::printf("No CUDA device (or a CPU-only build): CPU reference only.\n");
        run_cpu();
        return 0;
    }
#ifdef BITDELTA_WITH_CUDA
    if (check && !self_check(o.dt)) {
        std::printf("SELF-CHECK FAILED\n");
        return 1;
    }
    run(o);
#endif
    return 0;
}
