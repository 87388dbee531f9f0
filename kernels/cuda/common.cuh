#pragma once
// Device helpers shared by the CUDA kernels: 16-bit element traits, the m16n8k16 tensor-core MMA
// and the bit-to-half2 sign expansion.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

namespace bitdelta::kernels::cuda {

template <typename T>
struct Half16;  // 16-bit activation types the tensor-core kernels take

template <>
struct Half16<__half> {
    // Bit pattern of +1.0 in both halves; flipping bit 15 / 31 makes -1.0.
    static constexpr uint32_t kOne2 = 0x3C003C00u;
    __device__ static float to_float(__half v) { return __half2float(v); }
    __device__ static __half from_float(float v) { return __float2half_rn(v); }
    // Both halves of a 32-bit word (low half first) as floats.
    __device__ static float2 pair_to_float2(uint32_t v) {
        return __half22float2(*reinterpret_cast<const __half2*>(&v));
    }
};

template <>
struct Half16<__nv_bfloat16> {
    static constexpr uint32_t kOne2 = 0x3F803F80u;
    __device__ static float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }
    __device__ static __nv_bfloat16 from_float(float v) { return __float2bfloat16_rn(v); }
    __device__ static float2 pair_to_float2(uint32_t v) {
        return make_float2(__uint_as_float(v << 16), __uint_as_float(v & 0xffff0000u));
    }
};

template <typename T>
__device__ __forceinline__ float to_f(uint16_t v) {
    return Half16<T>::to_float(*reinterpret_cast<const T*>(&v));
}
template <typename T>
__device__ __forceinline__ uint16_t from_f(float v) {
    const T h = Half16<T>::from_float(v);
    return *reinterpret_cast<const uint16_t*>(&h);
}

// The decode kernels' epilogue for one output element: + bias[n] (when given), + old, the output
// already there (when accumulating onto a product), rounded to T. store_output takes old loaded
// beforehand, so a caller can batch those loads.
template <typename T>
__device__ __forceinline__ void store_output(uint16_t* dst, const uint16_t* bias, int n, float v,
                                             bool accumulate, float old) {
    if (bias) v += to_f<T>(bias[n]);
    if (accumulate) v += old;
    *dst = from_f<T>(v);
}
template <typename T>
__device__ __forceinline__ void write_output(uint16_t* dst, const uint16_t* bias, int n, float v,
                                             int accumulate) {
    store_output<T>(dst, bias, n, v, accumulate, accumulate ? to_f<T>(*dst) : 0.f);
}

// cp.async copies (Ampere and later): global -> shared without passing through registers, so a
// warp can keep many loads in flight at little register cost.
__device__ __forceinline__ void cp_async16(void* dst, const void* src) {
    const auto s = static_cast<uint32_t>(__cvta_generic_to_shared(dst));
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16;\n" ::"r"(s), "l"(src));
}
__device__ __forceinline__ void cp_async4(void* dst, const void* src) {
    const auto s = static_cast<uint32_t>(__cvta_generic_to_shared(dst));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n" ::"r"(s), "l"(src));
}
// The same with src_bytes (0 or the full size) read from global memory and the rest of the
// destination zero-filled: a copy past the end of a row lands as zeros and reads nothing.
__device__ __forceinline__ void cp_async16_zfill(void* dst, const void* src, int src_bytes) {
    const auto s = static_cast<uint32_t>(__cvta_generic_to_shared(dst));
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(s), "l"(src),
                 "r"(src_bytes));
}
__device__ __forceinline__ void cp_async4_zfill(void* dst, const void* src, int src_bytes) {
    const auto s = static_cast<uint32_t>(__cvta_generic_to_shared(dst));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(src),
                 "r"(src_bytes));
}
__device__ __forceinline__ void cp_async8_zfill(void* dst, const void* src, int src_bytes) {
    const auto s = static_cast<uint32_t>(__cvta_generic_to_shared(dst));
    asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;\n" ::"r"(s), "l"(src),
                 "r"(src_bytes));
}
// A streaming 16-byte load (as __ldcs) that asks L2 to fetch the whole aligned kLine bytes around
// it, so the loads of the rest of the line hit L2: 256 where a warp's loads take a row's 256
// bytes in four steps (the wide-batch kernel), 128 where they take 64 bytes of each of 8 rows and
// the next load the other 64 (the small-batch and masked kernels).
template <int kLine>
__device__ __forceinline__ uint4 ldcs_l2(const uint4* ptr) {
    static_assert(kLine == 128 || kLine == 256, "ldcs_l2 asks for 128 or 256-byte lines");
    uint4 v;
    if constexpr (kLine == 256)
        asm("ld.global.cs.L2::256B.v4.u32 {%0, %1, %2, %3}, [%4];\n"
            : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
            : "l"(ptr));
    else
        asm("ld.global.cs.L2::128B.v4.u32 {%0, %1, %2, %3}, [%4];\n"
            : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
            : "l"(ptr));
    return v;
}
// Asks for a line to be brought into L2 without waiting for it (and without a register).
__device__ __forceinline__ void prefetch_l2(const void* ptr) {
    asm volatile("prefetch.global.L2 [%0];\n" ::"l"(ptr));
}
__device__ __forceinline__ void cp_async_commit() {
    asm volatile("cp.async.commit_group;\n" ::);
}
template <int kPending>
__device__ __forceinline__ void cp_async_wait() {
    asm volatile("cp.async.wait_group %0;\n" ::"n"(kPending));
}
// D += A * B for one m16n8k16 tile, fp32 accumulators. a: 4 regs (row-major A fragment), b: 2 regs.
template <typename T>
__device__ __forceinline__ void mma16816(float (&d)[4], const uint32_t (&a)[4],
                                         const uint32_t (&b)[2]);

template <>
__device__ __forceinline__ void mma16816<__half>(float (&d)[4], const uint32_t (&a)[4],
                                                 const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
        "{%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

template <>
__device__ __forceinline__ void mma16816<__nv_bfloat16>(float (&d)[4], const uint32_t (&a)[4],
                                                        const uint32_t (&b)[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, "
        "{%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

// Expands the sign bits p and p + 16 of a word that was shifted so they sit at bits 15 and 31 into
// a half2/bfloat162 of +-1 (bit 1 -> +1). One LOP3: (~v & 0x80008000) | one2. Written as PTX
// because from the C++ expression ptxas (CUDA 13) emits two LOP3s, one per immediate.
template <typename T>
__device__ __forceinline__ uint32_t signs_to_pair(uint32_t shifted) {
    uint32_t pair;
    // LUT for f(a, b, c) = (~a & b) | c over a = 0xF0, b = 0xCC, c = 0xAA: (0x0F & 0xCC) | 0xAA.
    asm("lop3.b32 %0, %1, %2, %3, 0xAE;"
        : "=r"(pair)
        : "r"(shifted), "r"(0x80008000u), "r"(Half16<T>::kOne2));
    return pair;
}

// A-fragment registers of one sign word for lane column group c, rows g (hg) and g + 8 (hg8): bits
// 4c+i and 4c+i+16 land at bits 15 and 31 after the two shifts.
template <typename T>
__device__ __forceinline__ void expand_sign_word(uint32_t word, uint32_t word8, int c,
                                                 uint32_t (&hg)[4], uint32_t (&hg8)[4]) {
    const uint32_t sg = word << (12 - 4 * c), sg8 = word8 << (12 - 4 * c);
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        hg[i] = signs_to_pair<T>(sg << (3 - i));
        hg8[i] = signs_to_pair<T>(sg8 << (3 - i));
    }
}

// The same in natural column order, for lane column group c (sel = 0x4440 | c): byte c of each word
// holds the signs of columns 8c .. 8c + 7, and hg[i] takes columns 8c + 2i (low half) and
// 8c + 2i + 1 (high half), the order of the 16-byte x vector of those columns. The byte is spread
// once (even bits stay, odd bits move up by 15: bit 2i at 2i, bit 2i + 1 at 16 + 2i), so one shift
// per pair puts both at bits 15 and 31.
template <typename T>
__device__ __forceinline__ void expand_sign_byte(uint32_t word, uint32_t word8, uint32_t sel,
                                                 uint32_t sel8, uint32_t (&hg)[4],
                                                 uint32_t (&hg8)[4]) {
    const uint32_t s = (__byte_perm(word, 0u, sel) * 0x8001u) & 0x00550055u;
    const uint32_t s8 = (__byte_perm(word8, 0u, sel8) * 0x8001u) & 0x00550055u;
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        hg[i] = signs_to_pair<T>(s << (15 - 2 * i));
        hg8[i] = signs_to_pair<T>(s8 << (15 - 2 * i));
    }
}
template <typename T>
__device__ __forceinline__ void expand_sign_byte(uint32_t word, uint32_t word8, uint32_t sel,
                                                 uint32_t (&hg)[4], uint32_t (&hg8)[4]) {
    expand_sign_byte<T>(word, word8, sel, sel, hg, hg8);
}

// kU sign words of one row starting at word j0 (kU | j0), as one vector load where the rows allow
// (vec: every sign row 16-byte aligned with words % 4 == 0) and zeros past the row's `words`
// (checked: the last group of a row).
template <int kU>
__device__ __forceinline__ void load_sign_words(const uint32_t* row, int j0, int words, bool vec,
                                                bool checked, uint32_t (&w)[kU]) {
    static_assert(kU == 2 || kU == 4, "a sign vector is 2 or 4 words");
    if (vec && !checked) {
        if constexpr (kU == 4) {
            const uint4 v = __ldg(reinterpret_cast<const uint4*>(row + j0));
            w[0] = v.x, w[1] = v.y, w[2] = v.z, w[3] = v.w;
        } else {
            const uint2 v = __ldg(reinterpret_cast<const uint2*>(row + j0));
            w[0] = v.x, w[1] = v.y;
        }
        return;
    }
#pragma unroll
    for (int u = 0; u < kU; ++u)
        w[u] = (!checked || j0 + u < words) ? __ldg(row + j0 + u) : 0u;
}

// The sign words of a group of kU chunks spread over a quad (lanes 4g .. 4g + 3, c = lane % 4)
// instead of loaded whole by each of its lanes: one word a lane and row pair in flight rather than
// kU per row, registers the decode kernels' loads are bounded by. kU = 4: qa = word j0 + c of
// `row` (row g), qb of `row + off8` (row g + 8); kU = 2: qa = word j0 + c % 2 of row g (c < 2) or
// g + 8, qb unused. Words past the row's `words` read zeros (checked: the last group).
template <int kU>
__device__ __forceinline__ void load_sign_quad(const uint32_t* row, int off8, int j0, int words,
                                               bool checked, int c, uint32_t& qa, uint32_t& qb) {
    static_assert(kU == 2 || kU == 4, "a quad spreads 2 or 4 words of a row");
    if constexpr (kU == 4) {
        const bool in = !checked || j0 + c < words;
        qa = in ? __ldg(row + j0 + c) : 0u;
        qb = in ? __ldg(row + off8 + j0 + c) : 0u;
    } else {
        const int j = j0 + (c & 1);
        qa = (!checked || j < words) ? __ldg(row + (c >= 2 ? off8 : 0) + j) : 0u;
        qb = 0u;
    }
}

// A 4 x 4 byte transpose across a quad: lane c holds word c and gets back byte c of words 0 .. 3
// as its bytes 0 .. 3, the bytes of its own column group (expand_sign_byte). Two shuffle rounds
// (partners c ^ 1, then c ^ 2), each keeping half of its bytes and taking half from the partner.
__device__ __forceinline__ uint32_t quad_byte_transpose(uint32_t v, int c) {
    const uint32_t x1 = __shfl_xor_sync(0xffffffffu, v, 1);
    v = __byte_perm(v, x1, (c & 1) ? 0x3715u : 0x6240u);
    const uint32_t x2 = __shfl_xor_sync(0xffffffffu, v, 2);
    return __byte_perm(v, x2, (c & 2) ? 0x3276u : 0x5410u);
}

// load_sign_quad's words after the transpose: lane c holds byte c (its column group) of each.
template <int kU>
__device__ __forceinline__ void transpose_sign_quad(uint32_t& qa, uint32_t& qb, int c) {
    qa = quad_byte_transpose(qa, c);
    if constexpr (kU == 4) qb = quad_byte_transpose(qb, c);  // kU = 2: qa holds both rows
}

// The A fragments of chunk u of a group from transpose_sign_quad's words:
// byte u of qa (rows g) and qb (g + 8) for kU = 4; bytes u and 2 + u of qa for kU = 2.
template <typename T, int kU>
__device__ __forceinline__ void expand_sign_quad(uint32_t qa, uint32_t qb, int u, uint32_t (&hg)[4],
                                                 uint32_t (&hg8)[4]) {
    if constexpr (kU == 4)
        expand_sign_byte<T>(qa, qb, 0x4440u | u, hg, hg8);
    else
        expand_sign_byte<T>(qa, qa, 0x4440u | u, 0x4440u | (2 + u), hg, hg8);
}

// The sign layout of x for lane column group q of a 32-column word: the B fragments of
// sign_word_mma (columns 4q .. 4q + 3 interleaved with 4q + 16 .. 4q + 19, b0 = .x .y, b1 = .z .w)
// built from the word's four natural-order 16-byte vectors v. A dot product does not care in which
// order K is summed, so x may be staged in this order once and then feed both MMAs of a word with
// one 16-byte load.
__device__ __forceinline__ uint4 sign_layout_quarter(const uint4 (&v)[4], int q) {
    const uint4& lo = v[q >> 1];  // columns 4q .. 4q + 3: words 2 (q % 2), 2 (q % 2) + 1
    const uint4& hi = v[2 + (q >> 1)];
    const uint32_t l0 = (q & 1) ? lo.z : lo.x, l1 = (q & 1) ? lo.w : lo.y;
    const uint32_t h0 = (q & 1) ? hi.z : hi.x, h1 = (q & 1) ? hi.w : hi.y;
    return make_uint4(__byte_perm(l0, h0, 0x5410), __byte_perm(l0, h0, 0x7632),
                      __byte_perm(l1, h1, 0x5410), __byte_perm(l1, h1, 0x7632));
}

// Both m16n8k16 products of one 32-column sign word: acc += S[16 rows x 32 columns] . x[32 x 8],
// the A fragments from expand_sign_word, b0 / b1 the B fragments of its two 16-column halves in
// the same column order.
template <typename T>
__device__ __forceinline__ void sign_word_mma(float (&acc)[4], const uint32_t (&hg)[4],
                                              const uint32_t (&hg8)[4], const uint32_t (&b0)[2],
                                              const uint32_t (&b1)[2]) {
    const uint32_t a0[4] = {hg[0], hg8[0], hg[1], hg8[1]};
    mma16816<T>(acc, a0, b0);
    const uint32_t a1[4] = {hg[2], hg8[2], hg[3], hg8[3]};
    mma16816<T>(acc, a1, b1);
}

}  // namespace bitdelta::kernels::cuda
