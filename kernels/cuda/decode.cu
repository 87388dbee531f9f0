// The decode kernel: multi-tenant base + 1-bit delta product for B <= 64 rows (DESIGN section 2).
//
// Work split: a CTA owns 128 output rows (8 warps x 16) and a range of at most 512 columns of K
// (split-K). It stages its slice of x (rows sorted by tenant) in shared memory twice, once in
// natural column order for the base product and once permuted for the delta product, then each warp
// streams its 16 rows of W_base (16-byte loads) and, for each distinct tenant of the batch, that
// tenant's 16 rows of sign words. Both products run on the tensor cores (mma.m16n8k16, fp32
// accumulators).
//
// Why the permutation: a dot product does not care in which order K is summed, so each operand may
// map K columns to MMA fragment slots freely as long as A and B agree. For the signs the mapping
// puts bit p and bit p + 16 of a word into one half2 register, which one shift and one LOP3 produce
// (common.cuh). For W the mapping lets one 16-byte load feed two MMAs. The x slices in shared
// memory carry the matching orders.
//
// Grouping: rows are rank-sorted by tenant inside each CTA (B <= 64, a few hundred cycles), so the
// rows of a tenant are contiguous; an MMA over a block of 8 sorted rows masks the rows of other
// tenants to zero, and each tenant's sign tile is read once per CTA, i.e. once per call.
//
// Split-K partial sums go to an fp32 workspace with atomics; the last CTA of each row tile (atomic
// ticket) writes the final dtype output and zeroes its workspace slice again, so the workspace
// stays zero between calls without a memset launch.
#include "cuda/common.cuh"
#include "cuda/launchers.h"

#include <ATen/ATen.h>
#include <ATen/cuda/CUDAContext.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAException.h>

#include <atomic>
#include <map>
#include <mutex>
#include <utility>

namespace bitdelta::kernels::cuda {

namespace {

constexpr int kWarps = 8;
constexpr int kThreads = kWarps * 32;
constexpr int kRowsPerCta = kWarps * 16;
constexpr int kMaxWords = 16;  // sign words (32 columns each) of K per CTA
constexpr int kMaxB = static_cast<int>(kDecodeMaxRows);
constexpr int kBaseGroup = 8;  // W chunks loaded before use (memory-level parallelism)

struct DecodeParams {
    const uint16_t* x;     // [B, K]
    const uint16_t* base;  // [N, K] or null
    const uint16_t* bias;  // [N] or null
    uint16_t* out;         // [B, N]
    const int64_t* sign_ptrs;
    const float* alpha;
    const int32_t* tenant;
    float* ws;      // [B, N] fp32, zero on entry and on exit (split-K only)
    int* counters;  // [row tiles], zero on entry and on exit (split-K only)
    int B, N, K, words, slots, kw, ksplit, stride;
    int accumulate;
    int vec_words;  // sign rows are 16-byte aligned: load 4 words at once
};

struct SmemHeader {
    int tin[kMaxB];
    int perm[kMaxB];  // sorted position -> batch row
    int ts[kMaxB];    // sorted position -> tenant
    float alpha_row[kMaxB];
    int gbeg[kMaxB + 1];
    int ngroups;
    int is_last;
};
constexpr int kHeaderBytes = (static_cast<int>(sizeof(SmemHeader)) + 127) / 128 * 128;

template <typename T>
__device__ __forceinline__ float to_f(uint16_t v) {
    return Half16<T>::to_float(*reinterpret_cast<const T*>(&v));
}
template <typename T>
__device__ __forceinline__ uint16_t from_f(float v) {
    const T h = Half16<T>::from_float(v);
    return *reinterpret_cast<const uint16_t*>(&h);
}

template <typename T>
__device__ __forceinline__ void write_final(const DecodeParams& p, int b, int n, float v) {
    uint16_t* dst = p.out + static_cast<int64_t>(b) * p.N + n;
    if (p.bias) v += to_f<T>(p.bias[n]);
    if (p.accumulate) v += to_f<T>(*dst);
    *dst = from_f<T>(v);
}

__device__ __forceinline__ void load_sign_rows(const DecodeParams& p, const SmemHeader& h, int gi,
                                               int wbeg, int nwords, int rg, bool vg, int rg8,
                                               bool vg8, uint32_t (&dg)[kMaxWords],
                                               uint32_t (&dg8)[kMaxWords]) {
    const int t = h.ts[h.gbeg[gi]];
    const bool valid = t >= 0 && t < p.slots;
    const uint32_t* sp = valid ? reinterpret_cast<const uint32_t*>(p.sign_ptrs[t]) : nullptr;
    const uint32_t* row_g = valid && vg ? sp + static_cast<int64_t>(rg) * p.words + wbeg : nullptr;
    const uint32_t* row_g8 =
        valid && vg8 ? sp + static_cast<int64_t>(rg8) * p.words + wbeg : nullptr;
    if (p.vec_words) {
#pragma unroll
        for (int q = 0; q < kMaxWords / 4; ++q) {
            const bool in = q * 4 < nwords;
            const uint4 a = (in && row_g) ? __ldcs(reinterpret_cast<const uint4*>(row_g) + q)
                                          : make_uint4(0, 0, 0, 0);
            const uint4 b = (in && row_g8) ? __ldcs(reinterpret_cast<const uint4*>(row_g8) + q)
                                           : make_uint4(0, 0, 0, 0);
            dg[4 * q] = a.x, dg[4 * q + 1] = a.y, dg[4 * q + 2] = a.z, dg[4 * q + 3] = a.w;
            dg8[4 * q] = b.x, dg8[4 * q + 1] = b.y, dg8[4 * q + 2] = b.z, dg8[4 * q + 3] = b.w;
        }
    } else {
#pragma unroll
        for (int j = 0; j < kMaxWords; ++j) {
            const bool in = j < nwords;
            dg[j] = (in && row_g) ? __ldcs(row_g + j) : 0u;
            dg8[j] = (in && row_g8) ? __ldcs(row_g8 + j) : 0u;
        }
    }
}

template <typename T, int NB, bool kBase>
__global__ void __launch_bounds__(kThreads) decode_kernel(const DecodeParams p) {
    extern __shared__ __align__(16) unsigned char smem[];
    SmemHeader& h = *reinterpret_cast<SmemHeader*>(smem);
    uint16_t* xs_nat = reinterpret_cast<uint16_t*>(smem + kHeaderBytes);
    uint16_t* xs_perm = xs_nat + NB * 8 * p.stride;
    const int tid = threadIdx.x;
    const int tile = blockIdx.x, split = blockIdx.y;
    const int B = p.B;

    // 1. Stable rank sort of the rows by tenant; groups of equal tenants become contiguous.
    if (tid < B) h.tin[tid] = p.tenant[tid];
    __syncthreads();
    if (tid < B) {
        const int t = h.tin[tid];
        int rank = 0;
        for (int b = 0; b < B; ++b) {
            const int tb = h.tin[b];
            rank += (tb < t) || (tb == t && b < tid);
        }
        h.perm[rank] = tid;
        h.ts[rank] = t;
    }
    __syncthreads();
    if (tid < B) {
        const int t = h.ts[tid];
        const bool valid = t >= 0 && t < p.slots;
        h.alpha_row[tid] = valid ? p.alpha[t] : __int_as_float(0x7fc00000);  // NaN marks bad rows
        int gid = 0;
        for (int i = 1; i <= tid; ++i)
            gid += h.ts[i] != h.ts[i - 1];
        if (tid == 0 || h.ts[tid] != h.ts[tid - 1]) h.gbeg[gid] = tid;
        if (tid == B - 1) {
            h.ngroups = gid + 1;
            h.gbeg[gid + 1] = B;
        }
    }
    __syncthreads();

    // 2. Stage this CTA's K slice of the sorted rows, natural and permuted orders.
    const int wbeg = split * p.kw;
    const int nwords = min(p.kw, p.words - wbeg);
    const int k0 = wbeg * 32;
    const int kr = nwords * 32;
    for (int idx = tid; idx < NB * 8 * kr; idx += kThreads) {
        const int r = idx / kr, col = idx - r * kr;
        const int kc = k0 + col;
        uint16_t v = 0;
        if (r < B && kc < p.K) v = p.x[static_cast<int64_t>(h.perm[r]) * p.K + kc];
        xs_nat[r * p.stride + col] = v;
        // Column 4c + 2s + e (+16 when hi) of a 32-column chunk -> slot 8c + 4s + 2e + hi.
        const int q = col & 15, hi = (col >> 4) & 1;
        const int pos = (col & ~31) + 8 * (q >> 2) + 4 * ((q & 3) >> 1) + 2 * (q & 1) + hi;
        xs_perm[r * p.stride + pos] = v;
    }
    __syncthreads();

    // 3. Per warp: 16 rows of W (and of each tenant's signs) against all staged rows.
    const int warp = tid >> 5, lane = tid & 31, g = lane >> 2, c = lane & 3;
    const int n0 = tile * kRowsPerCta + warp * 16;
    const int rg = n0 + g, rg8 = n0 + g + 8;
    const bool vg = rg < p.N, vg8 = rg8 < p.N;
    float accb[NB][4], accd[NB][4];
#pragma unroll
    for (int nb = 0; nb < NB; ++nb)
#pragma unroll
        for (int e = 0; e < 4; ++e)
            accb[nb][e] = accd[nb][e] = 0.f;

    if (n0 < p.N) {
        if constexpr (kBase) {
            const uint4* wg = reinterpret_cast<const uint4*>(
                p.base + static_cast<int64_t>(vg ? rg : 0) * p.K + k0 + 8 * c);
            const uint4* wg8 = reinterpret_cast<const uint4*>(
                p.base + static_cast<int64_t>(vg8 ? rg8 : 0) * p.K + k0 + 8 * c);
            for (int j0 = 0; j0 < nwords; j0 += kBaseGroup) {
                uint4 ag[kBaseGroup], ag8[kBaseGroup];
#pragma unroll
                for (int j = 0; j < kBaseGroup; ++j) {
                    // K % 8 == 0, so an 8-column vector is entirely inside K or entirely out.
                    const bool in = (j0 + j) < nwords && k0 + (j0 + j) * 32 + 8 * c < p.K;
                    ag[j] = (in && vg) ? __ldcs(wg + (j0 + j) * 4) : make_uint4(0, 0, 0, 0);
                    ag8[j] = (in && vg8) ? __ldcs(wg8 + (j0 + j) * 4) : make_uint4(0, 0, 0, 0);
                }
#pragma unroll
                for (int j = 0; j < kBaseGroup; ++j) {
                    if (j0 + j < nwords) {
#pragma unroll
                        for (int nb = 0; nb < NB; ++nb) {
                            const uint4 xv = *reinterpret_cast<const uint4*>(
                                xs_nat + (nb * 8 + g) * p.stride + (j0 + j) * 32 + 8 * c);
                            const uint32_t a0[4] = {ag[j].x, ag8[j].x, ag[j].y, ag8[j].y};
                            const uint32_t b0[2] = {xv.x, xv.y};
                            mma16816<T>(accb[nb], a0, b0);
                            const uint32_t a1[4] = {ag[j].z, ag8[j].z, ag[j].w, ag8[j].w};
                            const uint32_t b1[2] = {xv.z, xv.w};
                            mma16816<T>(accb[nb], a1, b1);
                        }
                    }
                }
            }
        }

        // Delta: one pass per distinct tenant, next tenant's sign words prefetched.
        const int ngroups = h.ngroups;
        uint32_t cg[kMaxWords], cg8[kMaxWords], ng[kMaxWords], ng8[kMaxWords];
        load_sign_rows(p, h, 0, wbeg, nwords, rg, vg, rg8, vg8, cg, cg8);
        for (int gi = 0; gi < ngroups; ++gi) {
            if (gi + 1 < ngroups)
                load_sign_rows(p, h, gi + 1, wbeg, nwords, rg, vg, rg8, vg8, ng, ng8);
            const int r0 = h.gbeg[gi], r1 = h.gbeg[gi + 1];
            const int t = h.ts[r0];
            if (t >= 0 && t < p.slots) {
                const int nb_lo = r0 >> 3, nb_hi = (r1 - 1) >> 3;
#pragma unroll
                for (int j = 0; j < kMaxWords; ++j) {
                    if (j < nwords) {
                        // Bits 4c+i and 4c+i+16 -> bits 15 and 31 after the two shifts.
                        const uint32_t sg = cg[j] << (12 - 4 * c), sg8 = cg8[j] << (12 - 4 * c);
                        uint32_t hg[4], hg8[4];
#pragma unroll
                        for (int i = 0; i < 4; ++i) {
                            hg[i] = signs_to_pair<T>(sg << (3 - i));
                            hg8[i] = signs_to_pair<T>(sg8 << (3 - i));
                        }
#pragma unroll
                        for (int nb = 0; nb < NB; ++nb) {
                            if (nb >= nb_lo && nb <= nb_hi) {
                                uint4 xv = *reinterpret_cast<const uint4*>(
                                    xs_perm + (nb * 8 + g) * p.stride + j * 32 + 8 * c);
                                const int r = nb * 8 + g;
                                if (r < r0 || r >= r1) xv = make_uint4(0, 0, 0, 0);
                                const uint32_t a0[4] = {hg[0], hg8[0], hg[1], hg8[1]};
                                const uint32_t b0[2] = {xv.x, xv.y};
                                mma16816<T>(accd[nb], a0, b0);
                                const uint32_t a1[4] = {hg[2], hg8[2], hg[3], hg8[3]};
                                const uint32_t b1[2] = {xv.z, xv.w};
                                mma16816<T>(accd[nb], a1, b1);
                            }
                        }
                    }
                }
            }
#pragma unroll
            for (int j = 0; j < kMaxWords; ++j)
                cg[j] = ng[j], cg8[j] = ng8[j];
        }

        // Accumulator element e: weight row g (e < 2) or g + 8, sorted batch row 2c + (e & 1).
#pragma unroll
        for (int nb = 0; nb < NB; ++nb)
#pragma unroll
            for (int e = 0; e < 4; ++e) {
                const int r = nb * 8 + 2 * c + (e & 1);
                const int n = e < 2 ? rg : rg8;
                if (r < B && n < p.N) {
                    const float v = (kBase ? accb[nb][e] : 0.f) + h.alpha_row[r] * accd[nb][e];
                    const int b = h.perm[r];
                    if (p.ksplit == 1)
                        write_final<T>(p, b, n, v);
                    else
                        atomicAdd(p.ws + static_cast<int64_t>(b) * p.N + n, v);
                }
            }
    }

    if (p.ksplit == 1) return;
    // 4. The last CTA of this row tile turns the fp32 sums into the output and re-zeroes them.
    __threadfence();
    __syncthreads();
    if (tid == 0) h.is_last = atomicAdd(p.counters + tile, 1) == p.ksplit - 1;
    __syncthreads();
    if (!h.is_last) return;
    __threadfence();
    const int nbeg = tile * kRowsPerCta;
    const int rows = min(kRowsPerCta, p.N - nbeg);
    for (int idx = tid; idx < B * rows; idx += kThreads) {
        const int b = idx / rows, n = nbeg + idx % rows;
        float* wp = p.ws + static_cast<int64_t>(b) * p.N + n;
        const float v = __ldcg(wp);
        __stcg(wp, 0.f);
        write_final<T>(p, b, n, v);
    }
    if (tid == 0) p.counters[tile] = 0;
}

// Per (device, stream) split-K workspace, kept zero between calls by the kernel itself.
struct Workspace {
    at::Tensor sums;      // fp32
    at::Tensor counters;  // int32
};

Workspace& workspace_for(const at::Tensor& like, int64_t sums, int64_t counters) {
    static std::mutex mutex;
    static std::map<std::pair<int, int64_t>, Workspace> spaces;
    const auto stream = at::cuda::getCurrentCUDAStream();
    const std::lock_guard<std::mutex> lock(mutex);
    Workspace& ws =
        spaces[{static_cast<int>(like.get_device()), static_cast<int64_t>(stream.id())}];
    if (!ws.sums.defined() || ws.sums.numel() < sums)
        ws.sums = at::zeros({std::max<int64_t>(sums, 1)}, like.options().dtype(at::kFloat));
    if (!ws.counters.defined() || ws.counters.numel() < counters)
        ws.counters = at::zeros({std::max<int64_t>(counters, 1)}, like.options().dtype(at::kInt));
    return ws;
}

constexpr int kMaxDevices = 64;

int smem_bytes(int nb, int stride) {
    return kHeaderBytes + 2 * nb * 8 * stride * 2;
}

template <typename T, int NB, bool kBase>
void launch_typed(const DecodeParams& p, dim3 grid, cudaStream_t stream) {
    auto kernel = decode_kernel<T, NB, kBase>;
    // The dynamic shared-memory limit is per function and device: raise it once per device to the
    // device's opt-in maximum (launch_decode keeps each launch under it).
    static std::atomic<bool> configured[kMaxDevices];
    int device = 0;
    C10_CUDA_CHECK(cudaGetDevice(&device));
    if (device >= kMaxDevices || !configured[device].load()) {
        const int optin =
            static_cast<int>(at::cuda::getDeviceProperties(device)->sharedMemPerBlockOptin);
        C10_CUDA_CHECK(
            cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, optin));
        if (device < kMaxDevices) configured[device].store(true);
    }
    kernel<<<grid, kThreads, smem_bytes(NB, p.stride), stream>>>(p);
    C10_CUDA_KERNEL_LAUNCH_CHECK();
}

template <typename T, bool kBase>
void launch_nb(int nb, const DecodeParams& p, dim3 grid, cudaStream_t stream) {
    switch (nb) {
        case 1:
            return launch_typed<T, 1, kBase>(p, grid, stream);
        case 2:
            return launch_typed<T, 2, kBase>(p, grid, stream);
        case 4:
            return launch_typed<T, 4, kBase>(p, grid, stream);
        default:
            return launch_typed<T, 8, kBase>(p, grid, stream);
    }
}

}  // namespace

void launch_decode(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                   const SignSet& signs, const at::Tensor& alpha, const at::Tensor& tenant,
                   at::Tensor& out, bool accumulate) {
    const c10::cuda::CUDAGuard guard(x.device());
    DecodeParams p{};
    p.B = static_cast<int>(x.size(0));
    p.N = static_cast<int>(signs.rows());
    p.K = static_cast<int>(signs.cols());
    p.words = static_cast<int>(packed_words(signs.cols()));
    p.slots = static_cast<int>(signs.tenants());
    if (p.B == 0) return;
    TORCH_CHECK(p.B <= kMaxB, "decode kernel takes at most ", kMaxB, " rows");
    const int nb = p.B <= 8 ? 1 : p.B <= 16 ? 2 : p.B <= 32 ? 4 : 8;
    const int tiles = (p.N + kRowsPerCta - 1) / kRowsPerCta;
    const int sms = at::cuda::getCurrentDeviceProperties()->multiProcessorCount;
    // Enough CTAs for two waves where the shape allows; smaller K slices mean more atomics.
    const int optin =
        static_cast<int>(at::cuda::getCurrentDeviceProperties()->sharedMemPerBlockOptin);
    int kw = kMaxWords;
    while (kw > 4 && (static_cast<int64_t>(tiles) * ((p.words + kw - 1) / kw) < 2 * sms ||
                      smem_bytes(nb, kw * 32 + 32) > optin))
        kw /= 2;
    p.kw = kw;
    p.ksplit = (p.words + kw - 1) / kw;
    p.stride = kw * 32 + 32;  // row pitch = 64 (mod 128) bytes: conflict-free 16-byte reads
    // 16-byte sign loads need every slot's rows 16-byte aligned (a slot may be a view).
    p.vec_words = (p.words % 4 == 0) ? 1 : 0;
    for (int64_t i = 0; i < signs.tenants() && p.vec_words; ++i)
        if (reinterpret_cast<uintptr_t>(signs.packed(i).data_ptr()) % 16 != 0) p.vec_words = 0;
    p.x = reinterpret_cast<const uint16_t*>(x.data_ptr());
    p.base = base.defined() ? reinterpret_cast<const uint16_t*>(base.data_ptr()) : nullptr;
    p.bias = bias.defined() ? reinterpret_cast<const uint16_t*>(bias.data_ptr()) : nullptr;
    p.out = reinterpret_cast<uint16_t*>(out.data_ptr());
    p.sign_ptrs = signs.pointer_table().data_ptr<int64_t>();
    p.alpha = alpha.data_ptr<float>();
    p.tenant = tenant.data_ptr<int32_t>();
    p.accumulate = accumulate ? 1 : 0;
    if (p.ksplit > 1) {
        Workspace& ws = workspace_for(x, static_cast<int64_t>(p.B) * p.N, tiles);
        p.ws = ws.sums.data_ptr<float>();
        p.counters = ws.counters.data_ptr<int>();
    }
    const dim3 grid(tiles, p.ksplit);
    cudaStream_t stream = at::cuda::getCurrentCUDAStream();
    const bool with_base = base.defined();
    if (x.scalar_type() == at::kHalf) {
        if (with_base)
            launch_nb<__half, true>(nb, p, grid, stream);
        else
            launch_nb<__half, false>(nb, p, grid, stream);
    } else {
        if (with_base)
            launch_nb<__nv_bfloat16, true>(nb, p, grid, stream);
        else
            launch_nb<__nv_bfloat16, false>(nb, p, grid, stream);
    }
}

}  // namespace bitdelta::kernels::cuda
