// CUDA side of the dispatch: picks the decode kernel or the GEMM (prefill) path by batch size and
// dtype. This is the one place where launch strategy is decided.
#include "cuda/gemm_sm_target.h"
#include "cuda/knob.h"
#include "cuda/launchers.h"
#include "cuda/planes_grid.h"
#include "cuda/sm_split.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAEvent.h>
#include <c10/cuda/CUDAGuard.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace bitdelta::kernels::cuda {

namespace {

bool is_half16(const at::Tensor& x) {
    return x.scalar_type() == at::kHalf || x.scalar_type() == at::kBFloat16;
}

// Rows of each used tenant, read on the host. The GEMM path needs them to size its products; it
// runs for large batches only, where one stream synchronisation is small next to the GEMMs.
std::map<int64_t, std::vector<int64_t>> group_rows(const at::Tensor& tenant, int64_t slots) {
    const at::Tensor t = tenant.to(at::kCPU, at::kLong).contiguous();
    const int64_t* p = t.data_ptr<int64_t>();
    std::map<int64_t, std::vector<int64_t>> groups;
    for (int64_t b = 0; b < t.numel(); ++b) {
        if (p[b] < 0 || p[b] >= slots)
            fail("tenant", "row " + std::to_string(b) + " names tenant " + std::to_string(p[b]) +
                               " but the set holds " + std::to_string(slots));
        groups[p[b]].push_back(b);
    }
    return groups;
}

// Applies f(tenant, rows or undefined when all rows) for each used tenant and scatters the results.
template <typename F>
at::Tensor per_tenant(const at::Tensor& x, int64_t n, const at::Tensor& tenant, int64_t slots,
                      F&& f) {
    const auto groups = group_rows(tenant, slots);
    if (groups.size() == 1) return f(groups.begin()->first, x);
    at::Tensor out = at::empty({x.size(0), n}, x.options());
    for (const auto& [t, rows] : groups) {
        const at::Tensor idx = at::tensor(rows, at::kLong).to(x.device());
        out.index_copy_(0, idx, f(t, x.index_select(0, idx)));
    }
    return out;
}

// Batches up to this many rows take the fused kernel on LinearPath::Auto; over kLargeWeight weight
// elements only up to kFusedMaxRowsLarge.
constexpr int64_t kFusedMaxRows = 16;
constexpr int64_t kFusedMaxRowsLarge = 8;
constexpr int64_t kLargeWeight = int64_t{1} << 24;  // 4096 x 4096

bool decode_fits(const at::Tensor& x) {
    return is_half16(x) && x.size(0) <= kDecodeMaxRows;
}

// The decode product. Measured on the H200 (tests/bench/HISTORY.md): one row streams fastest
// through the warp-per-output kernel (decode_gemv.cu; since the tenth run it also beats the
// cp.async streaming kernel that took weights over 2^24 elements before: 26.5 / 27.4 us
// against 28.8 / 28.1 at 11008 x 4096 / 4096 x 11008); a delta without a base through the many-row
// kernel (decode_rows.cu), which beat or tied the batched kernel on every 2-16 row table row, was
// 1.26-1.48x faster at 64 rows of one tenant and, since the fifth run, also faster at 64 rows of 64
// tenants (138 / 378 / 376 us against the batched kernel's 174 / 441 / 450); 2 to 8 rows of at
// most 4 tenants with a base through the small-batch kernel (decode_small.cu, no split-K:
// 1.28-1.42x faster than the batched kernel at one tenant, twelfth run); 2 to 8 rows of a larger
// set and 9 to 16 of at most 4 tenants through the masked small-batch kernel (decode_masked.cu,
// thirteenth run: 8 rows of 8 tenants 31.6 / 75.7 / 68.7 us against the batched kernel's 34.2 /
// 82.8 / 82.4, 16 rows of one 19.1 / 35.9 / 37.4 against 26.3 / 55.7 / 54.4; at 2-8 rows of up to
// 4 tenants it was within 1 us of the small-batch kernel, mostly behind it: 2 rows of one
// 15.5 / 29.2 / 28.9 against 14.4 / 28.4 / 28.1); 17 to 64 rows of one tenant through the
// wide-batch kernel, a delta alone (decode_wide.cu, fourteenth run: 64 rows 25.0 / 37.0 / 45.2 us
// against the many-row kernel's 33.6 / 56.2 / 69.9) or with the base merged into its fragments
// (H100, twenty-first run: 64 rows 28.3 / 66.5 / 55.7 us against cuBLAS's GEMM + its delta's
// 36.9 / 77.5 / 72.5, and the batched kernel's 65.1 / 163.6 / 158.0); a delta of few rows per
// tenant through the bit-plane kernel (decode_planes.cu, seventeenth run on the H100: 64 rows of 64
// tenants 70.2 / 157.0 / 193.2 us, the many-row kernel 137.6 / 368.3 / 377.9 in the fifteenth;
// rule: planes_fits); other base and delta batches through the batched kernel (decode.cu).
// `tenants` bounds the batch's distinct tenants (tenant_bound); `beside_gemm`: a delta that runs
// beside the base GEMM (base_plus_delta_overlapped).
void decode(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
            const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
            int64_t tenants, at::Tensor& out, bool accumulate, bool beside_gemm = false) {
    if (gemv_fits(x, base))
        launch_decode_gemv(x, base, bias, signs, alpha, tenant, out, accumulate);
    else if (wide_fits(x, base, tenants))
        launch_decode_wide(x, base, bias, signs, alpha, tenant, out, accumulate, tenants,
                           beside_gemm);
    else if (small_fits(x, base, tenants) && knob("BITDELTA_SMALL") != '0')  // 0: benchmarks
        launch_decode_small(x, base, bias, signs, alpha, tenant, out, accumulate, tenants);
    else if (masked_fits(x, base, tenants))
        launch_decode_masked(x, base, bias, signs, alpha, tenant, out, accumulate, tenants);
    else if (planes_fits(x, base, signs, tenants))
        launch_delta_planes(x, bias, signs, alpha, tenant, out, accumulate, tenants, beside_gemm);
    else if (!base.defined())
        launch_delta_rows(x, bias, signs, alpha, tenant, out, accumulate);
    else
        launch_decode(x, base, bias, signs, alpha, tenant, out, accumulate);
}

// x @ w^T (+ bias) on cuBLAS: the base half of base + delta, and the merged weight of prefill.
at::Tensor dense_product(const at::Tensor& x, const at::Tensor& w, const at::Tensor& bias) {
    return bias.defined() ? at::addmm(bias, x, w.t()) : at::mm(x, w.t());
}

// The stream the delta half of base + delta runs on, one per device: a fixed one, so the split-K
// workspace (kept per stream) exists once per device rather than once per pool stream.
c10::cuda::CUDAStream side_stream(c10::DeviceIndex device) {
    static std::mutex mutex;
    static std::map<c10::DeviceIndex, c10::cuda::CUDAStream> streams;
    const std::lock_guard<std::mutex> lock(mutex);
    auto it = streams.find(device);
    if (it == streams.end())
        it = streams.emplace(device, c10::cuda::getStreamFromPool(false, device)).first;
    return it->second;
}

// The fork and join events of base_plus_delta_overlapped, one pair per thread and device, reused
// by every call rather than created and destroyed per layer and step: a wait enqueued on a stream
// takes the event as it stands then, so a later call recording it again cannot disturb it.
struct ForkJoin {
    at::cuda::CUDAEvent forked, joined;
};
ForkJoin& fork_join(c10::DeviceIndex device) {
    thread_local std::map<c10::DeviceIndex, ForkJoin> events;
    return events[device];
}

// base @ x + bias on the current stream (cuBLAS), alpha * S @ x on the side stream at the same
// time, then one add. Why: the base GEMM is bound by DRAM bandwidth, the many-row delta kernel
// leaves DRAM mostly idle (latency-bound with few tenants, tests/bench/HISTORY.md fifth run;
// bound by instruction issue with many, ninth run), so one after the other they leave each
// other's resource unused. The delta is rounded to x's dtype before the add, one rounding more
// than the sequential path, whose kernel adds its fp32 sums onto the rounded base product.
// `base_first` enqueues the GEMM before the delta (BITDELTA_OVERLAP=2, for benchmarks). It lost
// more than the delta first: 112.7 us at 64 rows of 64 tenants over 4096 x 4096, where the delta
// first took 101.8 and one after the other 88.8 in the next build, whose bit-plane preparation
// was 3 us faster (eighteenth run). `gemm_sms`: the SMs cuBLAS plans the GEMM for (sm_split.h;
// 0: all).
at::Tensor base_plus_delta_overlapped(const at::Tensor& x, const at::Tensor& base,
                                      const at::Tensor& bias, const SignSet& signs,
                                      const at::Tensor& alpha, const at::Tensor& tenant,
                                      int64_t tenants, bool base_first, int gemm_sms) {
    const c10::cuda::CUDAStream main = c10::cuda::getCurrentCUDAStream();
    const c10::cuda::CUDAStream side = side_stream(x.device().index());
    // Allocated on the main stream and first written on the side stream only after the fork,
    // so no earlier main-stream work can still be using its memory; x likewise stays alive
    // (and unreused) until the join, which the main stream waits for before anything else.
    at::Tensor delta = at::empty({x.size(0), signs.rows()}, x.options());
    ForkJoin& events = fork_join(x.device().index());
    events.forked.record(main);
    events.forked.block(side);
    at::Tensor out;
    const auto base_product = [&] {
        const GemmSmTarget planned(gemm_sms);
        out = dense_product(x, base, bias);
    };
    if (base_first) base_product();
    {
        const c10::cuda::CUDAStreamGuard on_side(side);
        decode(x, at::Tensor(), at::Tensor(), signs, alpha, tenant, tenants, delta, false, true);
        events.joined.record(side);
    }
    if (!base_first) base_product();
    events.joined.block(main);
    return out.add_(delta);
}

// Whether base_plus_delta_overlapped beats the two products one after the other. Measured on the
// H200 (tests/bench/HISTORY.md, eighth run, base + delta us, sequential -> overlapped): it wins
// where the delta is latency-bound, i.e. few tenants' signs to read: one tenant at 16 / 64 rows
// 31.4 -> 29.8 / 50.9 -> 48.9 (4096 x 4096), 51.9 -> 48.2 / 82.7 -> 83.6 (11008 x 4096),
// 56.6 -> 49.6 / 102.8 -> 93.8 (4096 x 11008), and two tenants at 4 rows 27.0 -> 25.2 / 47.6 ->
// 45.6 / 50.3 -> 43.8 (at 4 tenants it loses at 11008 x 4096: 56.1 -> 60.4); and with many
// tenants over 16 rows where N <= K, 32 / 64 tenants at 64 rows 103.2 -> 97.2 / 159.9 -> 154.0
// (4096 x 4096), 251.8 -> 242.2 / 417.2 -> 410.3 (4096 x 11008). It loses where many tenants' signs
// contend with the base for DRAM: 16 tenants at 16 rows 117.6 -> 125.6 (11008 x 4096) and 124.0 ->
// 129.3 (4096 x 11008), 64 tenants at 64 rows 403.2 -> 414.6 (11008 x 4096). The tenants a batch
// uses are on the device, so the host goes by its bound on them (tenant_bound). Those gains
// were the many-row kernel's; the bit-plane kernel (decode_planes.cu) streams signs at up to 60 %
// of the copy bandwidth and loses beside the base GEMM (H100, fifteenth run, 4096 x 11008: 64
// rows of 64 tenants 314.4 us overlapped against 219.4 + 37.8 for its two halves, of 32 206.2
// against 145.2 + 37.7), so batches it takes run one after the other; except 17-32 rows over a
// weight with N > K, where its grid takes 1.3 waves (32 rows over 11008 x 4096) and leaves SMs to
// the base GEMM (H100, eighteenth run, 11008 x 4096, 32 rows of 8 / 16 / 32 tenants 73.3 / 87.8 /
// 120.9 us overlapped against 81.9 / 99.9 / 136.5; at 4096 x 11008 it lost, 93.1 / 119.5 / 179.7
// against 88.3 / 102.6 / 135.9, at 16 and 64 rows too, 16 of 16 86.3 against 80.3 and 64 of 32
// 144.5 against 134.0 at 11008 x 4096).
// One tenant through the wide-batch kernel (17-64 rows) no longer gains beside the GEMM where
// N <= K: alone its CTAs along K fit the wave (fitting_split in decode_wide.cu). H100, twentieth
// run, Auto us overlapped -> one after the other: 4096 x 4096 32 / 64 rows 36.5 -> 30.7 / 42.2 ->
// 36.7 (17 rows 28.0 -> 29.4), 4096 x 11008 17 / 32 / 64 rows 64.0 -> 58.2 / 65.9 -> 59.9 / 80.0
// -> 71.9; 11008 x 4096 kept overlapped (17 / 32 / 64 rows 59.4 / 60.7 / 76.5 against 62.2 /
// 63.7 / 77.2), as two tenants everywhere (64 rows over 4096 x 11008 105.1 against 118.2).
// Since the bit-plane kernel's one-wave grid (planes_grid.h) its units of 8 rows (more rows than
// tenants) at 9-16 rows gain beside the GEMM too. H100, thirty-first run, one build, two rounds,
// base + delta us one after the other -> overlapped (delta enqueued first): 16 rows of 8 / 12
// tenants 38.0 / 39.4 -> 34.3 / 36.9 (4096 x 4096), 66.4 / 78.6 -> 65.8 / 76.0 (11008 x 4096),
// 67.4 / 77.0 -> 67.4 / 77.4 (4096 x 11008); units of one row lost there (16 of 16 41.8 / 81.4 ->
// 43.5 / 86.2 at the first two), and 8 rows of 4 over 11008 x 4096 (55.7 -> 59.4).
// Batches of 16-64 rows overlap as well where a GEMM planned for fewer SMs pays (sm_split.h):
// that rule is split_gemm_sms's, not this one's (bitdelta_linear asks both).
bool overlap_pays(const at::Tensor& x, const SignSet& signs, int64_t tenants) {
    constexpr int64_t kFewTenants = 2, kPlanesOverlapMinRows = 17, kPlanesOverlapMaxRows = 32;
    constexpr int64_t kPlanesUnitsOverlapMinRows = 9, kPlanesUnitsOverlapMaxRows = 16;
    if (tenants == 1 && wide_fits(x, at::Tensor(), tenants)) return signs.rows() > signs.cols();
    if (tenants <= kFewTenants) return true;
    const int64_t rows = x.size(0);
    if (planes_fits(x, at::Tensor(), signs, tenants)) {
        if (rows >= kPlanesUnitsOverlapMinRows && rows <= kPlanesUnitsOverlapMaxRows)
            return planes_rule(static_cast<int>(rows), tenants, signs.rows(), signs.cols())
                       .unit_rows != 1;
        return rows >= kPlanesOverlapMinRows && rows <= kPlanesOverlapMaxRows &&
               signs.rows() > signs.cols();
    }
    return rows > 16 && signs.rows() <= signs.cols();
}

// The SMs to plan the base GEMM for beside the batch's delta kernel (split_gemm_sms), or 0: all.
// BITDELTA_SM_SPLIT=0 leaves the split out (the rule before it, for benchmarks).
int gemm_sms_beside_delta(const at::Tensor& x, const SignSet& signs, int64_t tenants) {
    if (knob("BITDELTA_SM_SPLIT") == '0') return 0;
    return split_gemm_sms(planes_fits(x, at::Tensor(), signs, tenants), static_cast<int>(x.size(0)),
                          tenants, signs.rows(), signs.cols(),
                          at::cuda::getCurrentDeviceProperties()->multiProcessorCount);
}

}  // namespace

bool device_present() {
    return at::cuda::is_available();
}

at::Tensor delta_matmul(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                        const at::Tensor& tenant, int64_t tenants_at_most) {
    const c10::cuda::CUDAGuard guard(x.device());
    if (decode_fits(x)) {
        at::Tensor out = at::empty({x.size(0), signs.rows()}, x.options());
        decode(x, at::Tensor(), at::Tensor(), signs, alpha, tenant,
               tenant_bound(x, signs, tenants_at_most), out, false);
        return out;
    }
    // Large batches (or fp32): dequantise each used tenant's signs once and use cuBLAS.
    return per_tenant(
        x, signs.rows(), tenant, signs.tenants(), [&](int64_t t, const at::Tensor& xs) {
            const at::Tensor s = unpack_signs(signs.packed(t), signs.cols(), x.scalar_type());
            return (at::mm(xs, s.t()).to(at::kFloat) * alpha.narrow(0, t, 1)).to(x.scalar_type());
        });
}

at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                           int64_t tenants_at_most, LinearPath path) {
    const c10::cuda::CUDAGuard guard(x.device());
    const int64_t tenants = tenant_bound(x, signs, tenants_at_most);
    const bool fused_ok = decode_fits(x) && vector_rows(signs.cols(), base.data_ptr());
    if (path == LinearPath::Auto) {
        // Measured on the H200 (tests/bench/HISTORY.md, fifth and sixth runs, the three Llama
        // shapes): the fused kernel wins at 4 rows (1.02-1.30x); cuBLAS's base GEMM plus the
        // many-row kernel wins at 64 rows (1.10-1.96x). At 16 rows it depends on the weight:
        // at 4096 x 4096 the fused kernel is faster (26.0 / 38.5 / 53.9 us against 31.5 / 40.1
        // / 53.5 with 1 / 8 / 16 tenants, sixth run), at 11008 x 4096 and 4096 x 11008 the split
        // path (53.5 / 80.3 / 119.0 against 54.7 / 91.9 / 136.7, and 57.4 / 86.7 / 124.7 against
        // 54.3 / 92.2 / 137.3). 9-15 and 17-32 rows are not in the table; the cut for the larger
        // weights sits at 8 rows, where the fused kernel still won at 4.
        // A set of one tenant over such a weight took the overlapped split from 4 rows until
        // the small-batch kernel (eighth run: 40.8 -> 39.0 us at 11008 x 4096); now 2-8 rows of
        // one tenant run fused at 28.6 / 28.7 us against 38.1 / 38.7 split at 4 rows (11008 x
        // 4096 / 4096 x 11008, twelfth run), so one cut serves every set.
        // Since the masked small-batch kernel (thirteenth run) 9-16 rows of at most 4 tenants
        // run fused: 16 rows of one 19.1 / 35.9 / 37.4 us against 26.3 batched / 47.5 / 47.6
        // split, of two 20.2 / 43.1 / 37.5 against 26.0 / 50.0 / 49.5. Over a larger weight with
        // N > K 3-4 tenants stayed split (16 rows of 4 at 11008 x 4096 64.0 fused against 60.9
        // split) until its shape for many row tiles (decode_masked.cu, H100, twenty-seventh run:
        // 12 / 16 rows of 3 and 4 there 50.8 / 59.0 / 52.0 / 57.3 us against 64.8 / 71.2 / 66.8
        // / 69.6 split), so all of them run fused.
        // 17-64 rows of one tenant stayed split, with the wide-batch kernel's delta: at 64 rows
        // 40.8 / 67.5 / 70.3 us (48.5 / 83.2 / 92.6 with the many-row kernel), where a fused form
        // of it that staged W in shared memory took 50.2 / 87.2 / 115.2 (fourteenth run). Since the
        // twenty-first run they run fused through it, W streamed into registers and merged into
        // the fragments (H100, 64 rows: 28.3 / 66.5 / 55.7 us against 36.9 / 77.5 / 72.5 split).
        const int64_t fused_max = base.numel() > kLargeWeight ? kFusedMaxRowsLarge : kFusedMaxRows;
        // The masked small-batch kernel, or the small-batch one (masked_fits covers small_fits).
        const bool masked = fused_ok && masked_fits(x, base, tenants);
        // One row per tenant whose delta the bit-plane kernel takes: cuBLAS's base GEMM, then
        // that kernel, beat the fused kernels (H100, sixteenth run: 16 rows of 16 tenants at
        // 4096 x 4096 46.9 us against 54.7, 8 of 8 at 11008 x 4096 71.5 against 76.2, at 4096 x
        // 11008 69.7 against 71.0); with two rows per tenant they lost (16 of 8 at 4096 x 4096
        // 41.6 against 39.7, 8 of 4 at 11008 x 4096 66.0 against 58.1). Only where the caller
        // counted the tenants (TenantRows): min(rows, set) cannot tell one row per tenant from
        // 16 rows of two tenants of a large set, which would lose 1.8x this way (22.6 + 17.2 us
        // against 21.8 fused at 4096 x 4096).
        // Since the bit-plane kernel's rows in groups and its faster preparation (seventeenth and
        // eighteenth runs) 16 rows of two per tenant also take the split: 16 of 8 at 4096 x 4096
        // 37.5 us against the fused kernel's 40.4 (8 of 4 over the larger weights still lose it,
        // 63.1 / 61.0 against 59.5 / 55.3, so 16 rows at least).
        // But one row per tenant of 2-4 tenants runs fused, in the small-batch kernel: since its
        // sign words spread over the quad (H100, twenty-seventh run) 2 / 3 / 4 rows of as many
        // tenants took 19.0 / 21.0 / 23.2 us at 4096 x 4096, 39.8 / 46.9 / 51.6 at 11008 x 4096
        // and 42.6 / 45.7 / 49.3 at 4096 x 11008, against this split's 28.0 / 30.9 / 31.8,
        // 47.5 / 50.6 / 52.8 and 46.2 / 52.6 / 54.7.
        constexpr int64_t kTwoPerTenantMinRows = 16;
        const int64_t rows = x.size(0);
        const bool few_per_tenant =
            rows <= tenants || (rows >= kTwoPerTenantMinRows && rows <= 2 * tenants);
        const bool small_kernel = fused_ok && small_fits(x, base, tenants);  // decode_small.cu
        const bool planes_split = tenants_at_most > 0 && decode_fits(x) && few_per_tenant &&
                                  !small_kernel && planes_fits(x, at::Tensor(), signs, tenants);
        // 17-64 rows of one tenant take the wide-batch kernel with the base merged into its
        // fragments (decode_wide.cu): one pass over W and the signs.
        const bool wide = fused_ok && wide_fits(x, base, tenants);
        path = planes_split                                             ? LinearPath::BasePlusDelta
               : fused_ok && (x.size(0) <= fused_max || masked || wide) ? LinearPath::Fused
               : decode_fits(x)                                         ? LinearPath::BasePlusDelta
                                                                        : LinearPath::Gemm;
    }
    if (path == LinearPath::Fused && !fused_ok)
        fail("bitdelta_linear",
             "the fused path needs fp16/bf16 x with at most 64 rows and K % 8 == 0");
    if (path == LinearPath::BasePlusDelta && !decode_fits(x))
        fail("bitdelta_linear", "the base-plus-delta path needs fp16/bf16 x with at most 64 rows");

    if (path == LinearPath::Fused) {
        at::Tensor out = at::empty({x.size(0), signs.rows()}, x.options());
        decode(x, base, bias, signs, alpha, tenant, tenants, out, false);
        return out;
    }
    if (path == LinearPath::BasePlusDelta) {
        // BITDELTA_OVERLAP (benchmarks): 0 one after the other, 1 overlapped with the delta
        // enqueued first, 2 overlapped with the base enqueued first; unset: overlap_pays, or a
        // GEMM planned for fewer SMs (sm_split.h). BITDELTA_BASE_SMS=g (benchmarks) plans the
        // GEMM for g SMs wherever it overlaps (0: all).
        const char overlap = knob("BITDELTA_OVERLAP");
        const int gemm_sms = gemm_sms_beside_delta(x, signs, tenants);
        const bool overlapped =
            overlap == '1' || overlap == '2' ||
            (overlap != '0' && (gemm_sms > 0 || overlap_pays(x, signs, tenants)));
        if (overlapped)
            return base_plus_delta_overlapped(x, base, bias, signs, alpha, tenant, tenants,
                                              overlap == '2',
                                              knob_count("BITDELTA_BASE_SMS", gemm_sms));
        at::Tensor out = dense_product(x, base, bias);
        decode(x, at::Tensor(), at::Tensor(), signs, alpha, tenant, tenants, out, true);
        return out;
    }
    // Prefill: W_base + alpha_t * S_t merged per used tenant (alpha read on the device), one GEMM.
    const float* alpha_dev = alpha.data_ptr<float>();
    return per_tenant(
        x, signs.rows(), tenant, signs.tenants(), [&](int64_t t, const at::Tensor& xs) {
            const at::Tensor w = merge_with_alpha(base, signs.packed(t), alpha_dev + t, 0.0);
            return dense_product(xs, w, bias);
        });
}

}  // namespace bitdelta::kernels::cuda
