// The public entry points of bitdelta_kernels.h: argument validation and routing to the CPU
// reference or, when the inputs live on a CUDA device and this build has CUDA, to the CUDA kernels.
#include "bitdelta_kernels.h"
#include "cpu/sign_rows.h"
#include "detail/backends.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <sstream>
#include <utility>
#include <vector>

namespace bitdelta::kernels {

void fail(const std::string& what, const std::string& fault) {
    throw KernelError("bitdelta kernels: " + what + ": " + fault);
}

namespace {

std::string shape_of(const at::Tensor& t) {
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

bool is_float(c10::ScalarType t) {
    return t == at::kFloat || t == at::kHalf || t == at::kBFloat16 || t == at::kDouble;
}

// True when `t` should run on the CUDA backend; throws when it is on CUDA but this build has none.
bool on_cuda(const at::Tensor& t, const char* what) {
    if (t.is_cpu()) return false;
    if (!t.is_cuda()) fail(what, "unsupported device " + t.device().str());
#ifdef BITDELTA_WITH_CUDA
    return true;
#else
    fail(what, "tensor is on " + t.device().str() +
                   " but this build of bitdelta_kernels has no CUDA support");
#endif
}

void check_same_device(const at::Tensor& t, c10::Device d, const char* what) {
    if (t.device() != d)
        fail(what, "is on " + t.device().str() + " but the signs are on " + d.str());
}

void check_packed(const at::Tensor& packed, const char* what) {
    if (!packed.defined()) fail(what, "undefined tensor");
    if (packed.scalar_type() != at::kInt)
        fail(what,
             std::string("packed signs must be int32, got ") + c10::toString(packed.scalar_type()));
    if (packed.dim() != 2) fail(what, "packed signs must be 2-D, got shape " + shape_of(packed));
}

// Checks x/alpha/tenant against the set; returns the tenant vector (int64 on CPU, int32 on CUDA).
void check_batch(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                 const at::Tensor& tenant) {
    if (signs.tenants() < 1) fail("signs", "SignSet holds no tenants");
    if (!x.defined() || x.dim() != 2 || x.size(1) != signs.cols())
        fail("x", "expected shape [B, " + std::to_string(signs.cols()) + "], got " +
                      (x.defined() ? shape_of(x) : std::string("undefined")));
    if (!is_float(x.scalar_type()))
        fail("x", std::string("expected a floating dtype, got ") + c10::toString(x.scalar_type()));
    if (!alpha.defined() || alpha.dim() != 1 || alpha.size(0) != signs.tenants())
        fail("alpha", "expected shape [" + std::to_string(signs.tenants()) + "], got " +
                          (alpha.defined() ? shape_of(alpha) : std::string("undefined")));
    if (!is_float(alpha.scalar_type())) fail("alpha", "expected a floating dtype");
    if (!tenant.defined() || tenant.dim() != 1 || tenant.size(0) != x.size(0))
        fail("tenant", "expected shape [" + std::to_string(x.size(0)) + "], got " +
                           (tenant.defined() ? shape_of(tenant) : std::string("undefined")));
    if (tenant.scalar_type() != at::kInt && tenant.scalar_type() != at::kLong)
        fail("tenant",
             std::string("expected int32 or int64, got ") + c10::toString(tenant.scalar_type()));
    const c10::Device d = signs.device();
    check_same_device(x, d, "x");
    check_same_device(alpha, d, "alpha");
    // A tenant vector on the CPU is accepted for CUDA signs too (checked here, copied over).
    if (!tenant.is_cpu()) check_same_device(tenant, d, "tenant");
}

// Range check on the host; only done for CPU tenant vectors (a device check would synchronise).
// Returns how many distinct tenants the rows name, which comes free with the check.
int64_t check_tenant_range(const at::Tensor& tenant_cpu, int64_t t) {
    const at::Tensor idx = tenant_cpu.to(at::kLong).contiguous();
    const int64_t* p = idx.data_ptr<int64_t>();
    std::vector<bool> seen(static_cast<size_t>(t), false);
    int64_t distinct = 0;
    for (int64_t b = 0; b < idx.numel(); ++b) {
        if (p[b] < 0 || p[b] >= t)
            fail("tenant", "row " + std::to_string(b) + " names tenant " + std::to_string(p[b]) +
                               " but the set holds " + std::to_string(t));
        if (!seen[static_cast<size_t>(p[b])]) seen[static_cast<size_t>(p[b])] = true, ++distinct;
    }
    return distinct;
}

// The most distinct tenants the batch can name, as far as the host knows without a device read:
// the caller's bound, or the exact count of a CPU vector (0: no bound known).
int64_t host_tenant_bound(const TenantRows& tenant, int64_t slots) {
    const int64_t counted = tenant.index().is_cpu() ? check_tenant_range(tenant.index(), slots) : 0;
    if (counted > 0) return counted;
    return tenant.distinct_at_most();
}

}  // namespace

TenantRows::TenantRows(at::Tensor index) : index_(std::move(index)) {}

TenantRows::TenantRows(at::Tensor index, int64_t distinct_at_most)
    : index_(std::move(index)), distinct_at_most_(distinct_at_most) {
    if (distinct_at_most < 0)
        fail("tenant", "a bound on the distinct tenants cannot be negative, got " +
                           std::to_string(distinct_at_most));
}

SignSet::SignSet(std::vector<at::Tensor> packed, int64_t n, int64_t k)
    : packed_(std::move(packed)), n_(n), k_(k) {
    if (n < 1 || k < 1)
        fail("SignSet", "matrix shape must be positive, got [" + std::to_string(n) + ", " +
                            std::to_string(k) + "]");
    std::vector<int64_t> ptrs;
    ptrs.reserve(packed_.size());
    vector_rows_ = packed_words(k) % 4 == 0;
    for (size_t i = 0; i < packed_.size(); ++i) {
        const std::string what = "SignSet slot " + std::to_string(i);
        check_packed(packed_[i], what.c_str());
        if (packed_[i].size(0) != n || packed_[i].size(1) != packed_words(k))
            fail(what, "expected packed shape [" + std::to_string(n) + ", " +
                           std::to_string(packed_words(k)) + "] for a [" + std::to_string(n) +
                           ", " + std::to_string(k) + "] matrix, got " + shape_of(packed_[i]));
        if (packed_[i].device() != packed_[0].device())
            fail(what, "is on " + packed_[i].device().str() + " but slot 0 is on " +
                           packed_[0].device().str());
        packed_[i] = packed_[i].contiguous();
        ptrs.push_back(reinterpret_cast<int64_t>(packed_[i].data_ptr<int32_t>()));
        vector_rows_ = vector_rows_ && ptrs.back() % 16 == 0;
    }
    pointers_ = at::tensor(ptrs, at::kLong);
    if (!packed_.empty() && !packed_[0].is_cpu()) pointers_ = pointers_.to(packed_[0].device());
}

c10::Device SignSet::device() const {
    return packed_.empty() ? c10::Device(c10::kCPU) : packed_[0].device();
}

at::Tensor pack_signs(const at::Tensor& delta) {
    if (!delta.defined() || delta.dim() != 2)
        fail("delta", "expected a 2-D [N, K] tensor, got " +
                          (delta.defined() ? shape_of(delta) : std::string("undefined")));
    if (!is_float(delta.scalar_type()))
        fail("delta",
             std::string("expected a floating dtype, got ") + c10::toString(delta.scalar_type()));
    at::NoGradGuard no_grad;
#ifdef BITDELTA_WITH_CUDA
    if (on_cuda(delta, "delta") && delta.numel() > 0) return cuda::pack_signs(delta.contiguous());
#else
    on_cuda(delta, "delta");
#endif
    return cpu::pack_signs(delta.contiguous());
}

at::Tensor unpack_signs(const at::Tensor& packed, int64_t k, c10::ScalarType dtype) {
    check_packed(packed, "packed");
    if (k < 0 || packed.size(1) != packed_words(k))
        fail("packed", "shape " + shape_of(packed) + " does not hold K = " + std::to_string(k) +
                           " columns (expected " + std::to_string(packed_words(k)) + " words)");
    if (!is_float(dtype))
        fail("unpack_signs", std::string("dtype must be floating, got ") + c10::toString(dtype));
    at::NoGradGuard no_grad;
#ifdef BITDELTA_WITH_CUDA
    if (on_cuda(packed, "packed") && packed.numel() > 0 && dtype != at::kDouble)
        return cuda::unpack_signs(packed.contiguous(), k, dtype);
#else
    on_cuda(packed, "packed");
#endif
    if (!packed.is_cpu()) return cpu::unpack_signs(packed.cpu(), k, dtype).to(packed.device());
    return cpu::unpack_signs(packed.contiguous(), k, dtype);
}

at::Tensor merge(const at::Tensor& base, const at::Tensor& packed, double alpha) {
    check_packed(packed, "packed");
    if (!base.defined() || base.dim() != 2)
        fail("base", "expected a 2-D [N, K] tensor, got " +
                         (base.defined() ? shape_of(base) : std::string("undefined")));
    if (!is_float(base.scalar_type()))
        fail("base",
             std::string("expected a floating dtype, got ") + c10::toString(base.scalar_type()));
    if (packed.size(0) != base.size(0) || packed.size(1) != packed_words(base.size(1)))
        fail("packed", "shape " + shape_of(packed) + " does not match base " + shape_of(base));
    check_same_device(packed, base.device(), "packed");
    at::NoGradGuard no_grad;
#ifdef BITDELTA_WITH_CUDA
    if (on_cuda(base, "base") && base.numel() > 0 && base.scalar_type() != at::kDouble)
        return cuda::merge(base.contiguous(), packed.contiguous(), alpha);
#else
    on_cuda(base, "base");
#endif
    if (!base.is_cpu())
        return cpu::merge(base.cpu().contiguous(), packed.cpu().contiguous(), alpha)
            .to(base.device());
    return cpu::merge(base.contiguous(), packed.contiguous(), alpha);
}

at::Tensor delta_matmul(const at::Tensor& x, const SignSet& signs, const at::Tensor& alpha,
                        const TenantRows& rows) {
    const at::Tensor& tenant = rows.index();
    check_batch(x, signs, alpha, tenant);
    at::NoGradGuard no_grad;
    const int64_t bound = host_tenant_bound(rows, signs.tenants());
#ifdef BITDELTA_WITH_CUDA
    if (on_cuda(x, "x")) {
        if (x.size(0) == 0) return at::empty({0, signs.rows()}, x.options());
        return cuda::delta_matmul(x.contiguous(), signs, alpha.to(at::kFloat).contiguous(),
                                  tenant.to(x.device(), at::kInt).contiguous(), bound);
    }
#else
    on_cuda(x, "x");
#endif
    (void)bound;  // the CPU path is sized by nothing
    return cpu::delta_matmul_f32(x.contiguous(), signs, alpha.to(at::kFloat).contiguous(),
                                 tenant.to(at::kLong).contiguous(), cpu::kDirectMaxRows)
        .to(x.scalar_type());
}

at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha,
                           const TenantRows& tenant) {
    return bitdelta_linear(x, base, bias, signs, alpha, tenant, LinearPath::Auto);
}

at::Tensor bitdelta_linear(const at::Tensor& x, const at::Tensor& base, const at::Tensor& bias,
                           const SignSet& signs, const at::Tensor& alpha, const TenantRows& rows,
                           LinearPath path) {
    const at::Tensor& tenant = rows.index();
    check_batch(x, signs, alpha, tenant);
    if (!base.defined() || base.dim() != 2 || base.size(0) != signs.rows() ||
        base.size(1) != signs.cols())
        fail("base", "expected shape [" + std::to_string(signs.rows()) + ", " +
                         std::to_string(signs.cols()) + "], got " +
                         (base.defined() ? shape_of(base) : std::string("undefined")));
    if (!is_float(base.scalar_type()))
        fail("base",
             std::string("expected a floating dtype, got ") + c10::toString(base.scalar_type()));
    check_same_device(base, signs.device(), "base");
    if (bias.defined()) {
        if (bias.dim() != 1 || bias.size(0) != signs.rows())
            fail("bias",
                 "expected shape [" + std::to_string(signs.rows()) + "], got " + shape_of(bias));
        if (!is_float(bias.scalar_type()))
            fail("bias", std::string("expected a floating dtype, got ") +
                             c10::toString(bias.scalar_type()));
        check_same_device(bias, signs.device(), "bias");
    }
    at::NoGradGuard no_grad;
    const int64_t bound = host_tenant_bound(rows, signs.tenants());
#ifdef BITDELTA_WITH_CUDA
    if (on_cuda(x, "x")) {
        if (x.size(0) == 0) return at::empty({0, signs.rows()}, x.options());
        if (base.scalar_type() != x.scalar_type())
            fail("base", std::string("dtype ") + c10::toString(base.scalar_type()) +
                             " differs from x's " + c10::toString(x.scalar_type()));
        return cuda::bitdelta_linear(x.contiguous(), base.contiguous(),
                                     bias.defined() ? bias.to(x.scalar_type()).contiguous() : bias,
                                     signs, alpha.to(at::kFloat).contiguous(),
                                     tenant.to(x.device(), at::kInt).contiguous(), bound, path);
    }
#else
    on_cuda(x, "x");
#endif
    (void)path, (void)bound;  // one CPU implementation
    // CPU: fp32 arithmetic whatever the storage dtype (CPU half GEMMs are slow or missing).
    const at::Tensor xf = x.to(at::kFloat).contiguous();
    at::Tensor y = bias.defined() ? at::addmm(bias.to(at::kFloat), xf, base.to(at::kFloat).t())
                                  : at::mm(xf, base.to(at::kFloat).t());
    y.add_(cpu::delta_matmul_f32(xf, signs, alpha.to(at::kFloat).contiguous(),
                                 tenant.to(at::kLong).contiguous(), cpu::kDirectMaxRows));
    return y.to(x.scalar_type());
}

bool cuda_available() {
#ifdef BITDELTA_WITH_CUDA
    return cuda::device_present();
#else
    return false;
#endif
}

}  // namespace bitdelta::kernels
