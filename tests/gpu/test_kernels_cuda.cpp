// CUDA kernels of bitdelta_kernels.h against the CPU reference (bit-exact where the arithmetic is
// exact) and against fp64 dense math over awkward shapes. Skips without a CUDA device.
#include "bitdelta_kernels.h"

#include <ATen/ATen.h>
#include <torch/cuda.h>
#ifdef BITDELTA_WITH_CUDA
#include <ATen/cuda/CUDAContext.h>
#endif

#include "gpu_test_main.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace bk = bitdelta::kernels;

namespace {

// ||got - ref|| over ||ref||, or over ||scale|| where that is larger (a sum whose parts were
// rounded apart, as the overlapped base + delta's: their rounding is of their own size, which
// cancellation between them can make large next to a short output).
double rel_err(const at::Tensor& got, const at::Tensor& ref, const at::Tensor& scale = {}) {
    const at::Tensor g = got.to(at::kCPU, at::kDouble), r = ref.to(at::kCPU, at::kDouble);
    double norm = r.norm().item<double>();
    if (scale.defined())
        norm = std::max(norm, scale.to(at::kCPU, at::kDouble).norm().item<double>());
    return (g - r).norm().item<double>() / std::max(norm, 1e-30);
}

// Sets cuBLAS's SM count target on this thread's handle for the current device while it lives
// (the handle at::mm uses), to check that a call leaves it as it found it. (Without CUDA the
// tests skip before using it.)
class SmCountTarget {
  public:
    explicit SmCountTarget(int sms) {
#ifdef BITDELTA_WITH_CUDA
        cublasGetSmCountTarget(at::cuda::getCurrentCUDABlasHandle(), &previous_);
        cublasSetSmCountTarget(at::cuda::getCurrentCUDABlasHandle(), sms);
#else
        (void)sms;
#endif
    }
    ~SmCountTarget() {
#ifdef BITDELTA_WITH_CUDA
        cublasSetSmCountTarget(at::cuda::getCurrentCUDABlasHandle(), previous_);
#endif
    }
    SmCountTarget(const SmCountTarget&) = delete;
    SmCountTarget& operator=(const SmCountTarget&) = delete;
    int now() const {
        int sms = -1;
#ifdef BITDELTA_WITH_CUDA
        cublasGetSmCountTarget(at::cuda::getCurrentCUDABlasHandle(), &sms);
#endif
        return sms;
    }

  private:
    int previous_ = 0;
};

// A product with bad tenants in rows `bad`: those rows of y must be all NaN and the others free of
// NaN. Returns what failed (empty when nothing did) and sets `good` to the other rows' indices.
QString nan_rows_error(const at::Tensor& y, const std::vector<int64_t>& bad, at::Tensor& good) {
    std::vector<int64_t> good_rows;
    for (int64_t row = 0; row < y.size(0); ++row) {
        const bool bad_row = std::find(bad.begin(), bad.end(), row) != bad.end();
        const bool ok =
            bad_row ? y[row].isnan().all().item<bool>() : !y[row].isnan().any().item<bool>();
        if (!ok) return QString("row %1 (%2)").arg(row).arg(bad_row ? "bad tenant" : "good tenant");
        if (!bad_row) good_rows.push_back(row);
    }
    good = at::tensor(good_rows, at::kLong);
    return {};
}

// fp32 accumulation over K, then one rounding to the output dtype: relative (norm) error about the
// dtype's unit roundoff (fp16 4.9e-4, bf16 3.9e-3); the bounds leave a factor 2.
double tolerance(c10::ScalarType dt) {
    return dt == at::kHalf ? 1e-3 : dt == at::kBFloat16 ? 8e-3 : 1e-4;
}

// Leaves NaN in the caching allocator's free blocks so an output element the kernel forgets to
// write shows up as NaN instead of a stale plausible value.
void poison_allocator(int64_t elements) {
    at::Tensor p = at::full({elements + 4096}, NAN, at::TensorOptions().device(at::kCUDA));
    at::Tensor q = at::full({2 * (elements + 4096)}, NAN,
                            at::TensorOptions().device(at::kCUDA).dtype(at::kHalf));
}

// The knobs of `settings` ("NAME=VALUE" each) for one test's lifetime: unset again however the
// test ends.
class ScopedKnobs {
  public:
    explicit ScopedKnobs(const QStringList& settings) {
        for (const QString& setting : settings) {
            const QStringList parts = setting.split('=');
            names_.push_back(parts.value(0).toLatin1());
            qputenv(names_.back().constData(), parts.value(1).toLatin1());
        }
    }
    ~ScopedKnobs() {
        for (const QByteArray& name : names_)
            qunsetenv(name.constData());
    }

  private:
    std::vector<QByteArray> names_;
};

// The knobs of a test row, where BITDELTA_WIDE_MMA=w (the wide-batch kernel's wgmma form where it
// can run) becomes =W (insist) on a GPU of compute capability 9.0, where it must run: a build
// without sm_90a code then fails the row instead of passing it on mma.sync.
QStringList wide_form_knobs(QStringList knobs) {
#ifdef BITDELTA_WITH_CUDA
    const cudaDeviceProp* props = at::cuda::getCurrentDeviceProperties();
    if (props->major == 9 && props->minor == 0) knobs.replaceInStrings("_MMA=w", "_MMA=W");
#endif
    return knobs;
}

// BITDELTA_PLANES=1 (the bit-plane delta kernel wherever it can run) and the knobs of `settings`.
class PlanesForced : public ScopedKnobs {
  public:
    explicit PlanesForced(const QStringList& settings = {})
        : ScopedKnobs(QStringList{"BITDELTA_PLANES=1"} + settings) {}
};

struct Batch {
    std::vector<at::Tensor> packed_cpu;
    bk::SignSet set;
    at::Tensor x, alpha, tenant, base, bias;
    at::Tensor ref_delta, ref_linear;  // fp64 on CPU
    // The GEMM path rounds W_base + alpha * S to the dtype before its product (an error of the
    // weights, not of the product, that cancellation in short rows can make large): its reference
    // is the fp64 product with the merged weights, which the merge test checks bit for bit.
    at::Tensor ref_gemm;
    // The base-plus-delta path rounds the base product (+ bias) to the dtype before the delta is
    // added onto it; with few output elements that second rounding alone can reach the bound.
    at::Tensor ref_split;
};

// alpha[t_b] * S[t_b] @ x[b] in fp64 on the CPU, per used tenant (not per row: at 64 rows of one
// tenant, per row that was most of this test's time).
at::Tensor reference_delta(const std::vector<at::Tensor>& packed_cpu, const at::Tensor& x,
                           const at::Tensor& alpha, const at::Tensor& tenant) {
    const at::Tensor xd = x.to(at::kCPU, at::kDouble);
    const at::Tensor tc = tenant.cpu().to(at::kLong), ac = alpha.cpu().to(at::kDouble);
    at::Tensor ref = at::zeros({x.size(0), packed_cpu.front().size(0)}, at::kDouble);
    for (int64_t s = 0; s < static_cast<int64_t>(packed_cpu.size()); ++s) {
        const at::Tensor rows = (tc == s).nonzero().flatten();
        if (rows.numel() == 0) continue;
        const at::Tensor sd = bk::unpack_signs(packed_cpu[s], x.size(1), at::kDouble);
        ref.index_copy_(0, rows,
                        at::matmul(xd.index_select(0, rows), sd.t()) * ac[s].item<double>());
    }
    return ref;
}

// The data columns of a test over one weight, batch and tenant count: N x K, B rows, T tenants, the
// activations' dtype.
void add_batch_columns() {
    QTest::addColumn<qint64>("n");
    QTest::addColumn<qint64>("k");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("t");
    QTest::addColumn<int>("dtype");
}

// The current data row of add_batch_columns.
struct BatchRow {
    int64_t n, k, b, t;
    c10::ScalarType dt;
};
BatchRow fetch_batch_row() {
    QFETCH(qint64, n);
    QFETCH(qint64, k);
    QFETCH(qint64, b);
    QFETCH(qint64, t);
    QFETCH(int, dtype);
    return {n, k, b, t, static_cast<c10::ScalarType>(dtype)};
}

Batch make_batch(int64_t n, int64_t k, int64_t b, int64_t t, c10::ScalarType dt, bool with_bias) {
    Batch r;
    std::vector<at::Tensor> packed_gpu;
    for (int64_t i = 0; i < t; ++i) {
        r.packed_cpu.push_back(bk::pack_signs(at::randn({n, k})));
        packed_gpu.push_back(r.packed_cpu.back().cuda());
    }
    r.set = bk::SignSet(packed_gpu, n, k);
    r.x = at::randn({b, k}).to(at::kCUDA, dt);
    r.base = (at::randn({n, k}) * 0.05).to(at::kCUDA, dt);
    if (with_bias) r.bias = at::randn({n}).to(at::kCUDA, dt);
    r.alpha = (at::rand({t}) * 0.02 + 0.001).cuda();
    // Random tenants, so some slots may be unused and groups interleave.
    r.tenant = at::randint(0, t, {b}, at::TensorOptions().dtype(at::kInt)).cuda();
    const at::Tensor xd = r.x.to(at::kCPU, at::kDouble), bd = r.base.to(at::kCPU, at::kDouble);
    const at::Tensor tc = r.tenant.cpu().to(at::kLong), ac = r.alpha.cpu().to(at::kDouble);
    const at::Tensor base_cpu = r.base.cpu();
    const at::Tensor bias =
        with_bias ? r.bias.to(at::kCPU, at::kDouble) : at::zeros({n}, at::kDouble);
    const at::Tensor base_product = at::matmul(xd, bd.t()) + bias;
    r.ref_delta = reference_delta(r.packed_cpu, r.x, r.alpha, r.tenant);
    // Per used tenant: each tenant's signs are merged once.
    r.ref_gemm = at::zeros({b, n}, at::kDouble);
    for (int64_t s = 0; s < t; ++s) {
        const at::Tensor rows = (tc == s).nonzero().flatten();
        if (rows.numel() == 0) continue;
        const at::Tensor merged =
            bk::merge(base_cpu, r.packed_cpu[s], ac[s].item<double>()).to(at::kDouble);
        r.ref_gemm.index_copy_(0, rows, at::matmul(xd.index_select(0, rows), merged.t()) + bias);
    }
    r.ref_linear = base_product + r.ref_delta;
    r.ref_split = base_product.to(dt).to(at::kDouble) + r.ref_delta;
    return r;
}

// The batches of the current test function by shape, for functions whose data rows vary knobs,
// not data. Making a batch takes seconds on the CPU (random signs per tenant, fp64 references),
// and its kernels milliseconds: planes_paths took ~15 s a row making its six batches afresh
// (tests/bench/HISTORY.md, twenty-fourth run). Dropped when the function changes, so at most one
// function's batches stay on the GPU.
class BatchCache {
  public:
    const Batch& get(int64_t n, int64_t k, int64_t b, int64_t t, c10::ScalarType dt,
                     bool with_bias) {
        const QByteArray function = QTest::currentTestFunction();
        if (function != function_) {
            batches_.clear();
            function_ = function;
        }
        const auto key = std::make_tuple(n, k, b, t, static_cast<int>(dt), with_bias);
        auto it = batches_.find(key);
        if (it == batches_.end())
            it = batches_.emplace(key, make_batch(n, k, b, t, dt, with_bias)).first;
        return it->second;
    }
    void clear() {
        batches_.clear();
        function_.clear();
    }

  private:
    QByteArray function_;
    std::map<std::tuple<int64_t, int64_t, int64_t, int64_t, int, bool>, Batch> batches_;
};

}  // namespace

class TestKernelsCuda : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        if (!torch::cuda::is_available() || !bk::cuda_available())
            QSKIP("no CUDA device or a CPU-only build of bitdelta_kernels");
        at::manual_seed(1234);
    }

    void pack_matches_cpu_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("k");
        QTest::addColumn<int>("dtype");
        const int dts[] = {static_cast<int>(at::kFloat), static_cast<int>(at::kHalf),
                           static_cast<int>(at::kBFloat16)};
        const qint64 shapes[][2] = {{1, 1},     {3, 31},    {7, 32},    {5, 33},
                                    {17, 1000}, {64, 4103}, {129, 4096}};
        for (int dt : dts)
            for (const auto& s : shapes)
                QTest::addRow("%lldx%lld dt%d", static_cast<long long>(s[0]),
                              static_cast<long long>(s[1]), dt)
                    << s[0] << s[1] << dt;
    }
    void pack_matches_cpu() {
        QFETCH(qint64, n);
        QFETCH(qint64, k);
        QFETCH(int, dtype);
        const auto dt = static_cast<c10::ScalarType>(dtype);
        at::Tensor d = at::randn({n, k}).to(dt);
        // Exact zeros must map to -1 (bit 0) on both sides.
        d.masked_fill_(at::rand({n, k}) < 0.1, 0.0);
        const at::Tensor cpu = bk::pack_signs(d);
        const at::Tensor gpu = bk::pack_signs(d.cuda());
        QVERIFY(gpu.is_cuda());
        QCOMPARE(gpu.scalar_type(), at::kInt);
        QVERIFY(at::equal(gpu.cpu(), cpu));
        // Round trip on the device.
        const at::Tensor back = bk::unpack_signs(gpu, k, dt);
        QVERIFY(at::equal(back.cpu(), bk::unpack_signs(cpu, k, dt)));
        QVERIFY(at::equal(back.cpu().to(at::kFloat),
                          at::where(d.gt(0), at::ones({n, k}), -at::ones({n, k}))));
    }

    void merge_matches_cpu_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("k");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<int>("dtype");
        // k % 8 == 0 with aligned storage takes the vector kernel; k = 1001, or a 2-byte base
        // starting 4 elements (8 bytes) into its storage, the scalar one.
        const std::vector<std::array<int64_t, 3>> shapes = {
            {33, 1001, 0}, {17, 1000, 0}, {64, 4096, 0}, {9, 1000, 4}};
        for (int dt : {static_cast<int>(at::kHalf), static_cast<int>(at::kBFloat16),
                       static_cast<int>(at::kFloat)})
            for (const auto& s : shapes)
                QTest::addRow("%lldx%lld+%lld dt%d", static_cast<long long>(s[0]),
                              static_cast<long long>(s[1]), static_cast<long long>(s[2]), dt)
                    << static_cast<qint64>(s[0]) << static_cast<qint64>(s[1])
                    << static_cast<qint64>(s[2]) << dt;
    }
    void merge_matches_cpu() {
        QFETCH(qint64, n);
        QFETCH(qint64, k);
        QFETCH(qint64, offset);
        QFETCH(int, dtype);
        const auto dt = static_cast<c10::ScalarType>(dtype);
        const at::Tensor base = at::randn({n, k}).to(dt);
        const at::Tensor packed = bk::pack_signs(at::randn({n, k}));
        const at::Tensor cpu = bk::merge(base, packed, 0.0123);
        const at::Tensor storage = at::empty({n * k + offset}, base.options().device(at::kCUDA));
        const at::Tensor on_gpu = storage.narrow(0, offset, n * k).view({n, k}).copy_(base);
        const at::Tensor gpu = bk::merge(on_gpu, packed.cuda(), 0.0123);
        // Same fp32 add and the same rounding on both sides.
        QVERIFY(at::equal(gpu.cpu(), cpu));
        // Unpacking is merging with a zero base and alpha 1.
        QVERIFY(at::equal(bk::unpack_signs(packed.cuda(), k, dt).cpu(),
                          bk::merge(at::zeros({n, k}, base.options()), packed, 1.0)));
    }

    void delta_and_linear_data() {
        add_batch_columns();
        // Each case runs the delta alone (the many-row kernel, or the one-row kernel for one row
        // with K % 8 == 0) and every linear path (the fused one on the batched kernel).
        // {2304, 4104, ...} to {2200, 4104, 11, 11}: 512-column K ranges (enough row tiles for
        // the batched decode kernel's longest split) with a partial last row tile, K not a
        // multiple of 32 and a one-word last range. Then 2 to 4 rows with K % 8 == 0 (the batched
        // kernel's smallest batches) down to one 8-column chunk, and one row of one chunk and of
        // 33000 columns. Last: x rows that are not 16-byte vectors (K % 8 != 0) for the many-row
        // kernel at 40 rows and at one row, 24 rows over up to 24 tenants (most of them alone in
        // an 8-row block), and two tenants over 64 rows with a K range longer than a ring stage.
        // Then two that run the many-row kernel's grid in several waves with at most 8 CTAs along
        // K, so on Hopper they take the cluster reduction (cluster_plan.h), the second with K % 8
        // != 0 and a partial last row tile; and a weight over 2^24 elements at 12 rows, which
        // Auto sends through the base GEMM + the many-row kernel. Last, one row over a weight of
        // more than 2^24 elements (the one-row kernel with a base, its grid in several waves: 2250
        // CTAs against 8 per SM), each row two rounds long (256 chunks, then one). Then the
        // small-batch kernel (2 to 8 rows with a base; its register path): two
        // tenants over 563 row tiles, one over 532 and three over 551 with K % 32 != 0 and a
        // partial last row tile (its 4-warp shapes, taken from 4 tiles per SM), 33 rows (a partial
        // last 16-row tile) with K % 32 != 0, K of one chunk and a quarter (40 columns) over 4
        // tenants, eight rows over 11008 columns, and sign rows that are not 16-byte vectors (K
        // 4104: 129 words) at two rows. Since it takes 9 to 16 rows of at most 4 tenants in two
        // 8-row blocks (rows in tenant order): 16 rows of 4 over K % 32 != 0 and a partial last row
        // tile, 13 of 3, 10 of 3 over 313 row tiles, 16 of 2 over one chunk and a quarter, 16 of
        // one, and 9 of 4 over unaligned sign rows, and over 4 row tiles per SM (its 3-CTA shape
        // with sign words spread over the quad) 16 of 4 with K % 32 != 0 and 12 of 3 over unaligned
        // sign rows and a partial last row tile, and 13 of one (its 6-CTA shape) with K % 32 != 0
        // and a partial last row tile; and 5 to 8 tenants in 8 rows, whose sign words go
        // through shared memory: 8 rows of a 16-tenant set, 7 of 7 over 40 columns, 8 of 6 over
        // unaligned sign rows (4-byte copies), 6 of 6. Last, the wide-batch delta kernel (17 to 64
        // rows of a set of one tenant, which {1000, 4096, 64, 1} above takes too; on Hopper its
        // CTAs along K form a cluster): 24 rows over unaligned sign rows (33 words, 5 CTAs along K)
        // and a partial last block, 40 over 129 words (7 along K) and a partial last row tile, 64
        // with one row in the last row tile, 17 over 40 columns (one slab, no split, a block of one
        // row), 33 over 40 row tiles, and 48 over 9 words; and 40 / 64 rows over 32 / 33 row tiles,
        // whose clusters of 8 along K would not all fit the H100 at once, so the kernel alone takes
        // fewer CTAs along K (fitting_split) and beside the base GEMM (Auto, overlapped) keeps 8.
        // And two more for the 6-CTA shapes over 4 row tiles per SM: 7 rows of four in the
        // small-batch kernel over 538 row tiles, 11 of two in the masked kernel over 544, both
        // with K % 32 != 0 and a partial last row tile. Last, 40 rows of one tenant with a base
        // over 86 row tiles, whose fitted grid (2 along K) leaves a third of the slots idle, so
        // the wide-batch kernel takes the filled one (4 along K, clusters of 4 on Hopper).
        const qint64 cases[][4] = {
            {1, 32, 1, 1},        {17, 31, 3, 2},      {129, 100, 8, 8},    {255, 4096, 1, 1},
            {1000, 4104, 5, 3},   {300, 4103, 9, 4},   {4096, 520, 16, 1},  {129, 11008, 17, 17},
            {513, 8200, 33, 7},   {1000, 4096, 64, 1}, {777, 2056, 64, 64}, {130, 1024, 63, 20},
            {256, 16384, 64, 5},  {2304, 4104, 1, 1},  {2200, 4104, 4, 3},  {2200, 4104, 32, 5},
            {2200, 4104, 11, 11}, {65, 776, 2, 2},     {1000, 4096, 3, 1},  {96, 8, 2, 1},
            {1, 4104, 4, 4},      {3, 8, 1, 1},        {40, 33000, 1, 1},   {70, 1003, 40, 6},
            {50, 1001, 1, 1},     {300, 4096, 24, 24}, {129, 8192, 64, 2},  {5000, 4096, 64, 3},
            {9000, 2050, 24, 24}, {4200, 4096, 12, 5}, {9000, 2056, 1, 1},  {9000, 1024, 6, 2},
            {33, 776, 7, 2},      {17, 40, 6, 4},      {500, 11008, 8, 3},  {100, 4104, 2, 1},
            {8500, 2056, 3, 1},   {8810, 1032, 5, 3},  {3000, 1032, 16, 4}, {33, 776, 13, 3},
            {5000, 2048, 10, 3},  {17, 40, 16, 2},     {2049, 4096, 16, 1}, {700, 4104, 9, 4},
            {300, 1032, 8, 16},   {17, 40, 7, 7},      {700, 4104, 8, 6},   {2000, 2056, 6, 6},
            {3000, 1032, 24, 1},  {700, 4104, 40, 1},  {2049, 4096, 64, 1}, {17, 40, 17, 1},
            {5000, 2048, 33, 1},  {1000, 264, 48, 1},  {4000, 4104, 40, 1}, {4100, 4096, 64, 1},
            {9000, 1032, 16, 4},  {8500, 4104, 12, 3}, {8810, 1032, 13, 1}, {8600, 1032, 7, 4},
            {8700, 2056, 11, 2},  {11000, 1024, 40, 1}};
        for (int dt : {static_cast<int>(at::kHalf), static_cast<int>(at::kBFloat16)})
            for (const auto& c : cases)
                QTest::addRow("N%lld K%lld B%lld T%lld dt%d", static_cast<long long>(c[0]),
                              static_cast<long long>(c[1]), static_cast<long long>(c[2]),
                              static_cast<long long>(c[3]), dt)
                    << c[0] << c[1] << c[2] << c[3] << dt;
    }
    void delta_and_linear() {
        const auto [n, k, b, t, dt] = fetch_batch_row();
        for (bool with_bias : {false, true}) {
            const Batch r = make_batch(n, k, b, t, dt, with_bias);
            poison_allocator(b * n);
            const at::Tensor delta = bk::delta_matmul(r.x, r.set, r.alpha, r.tenant);
            QCOMPARE(delta.scalar_type(), dt);
            QCOMPARE(delta.size(0), b);
            QCOMPARE(delta.size(1), n);
            QVERIFY2(!delta.isnan().any().item<bool>(), "delta_matmul left unwritten elements");
            const double ed = rel_err(delta, r.ref_delta);
            QVERIFY2(ed < tolerance(dt), qPrintable(QString("delta rel err %1").arg(ed)));
            // CPU reference on the same inputs agrees too.
            const at::Tensor cpu =
                bk::delta_matmul(r.x.cpu().to(at::kFloat), bk::SignSet(r.packed_cpu, n, k),
                                 r.alpha.cpu(), r.tenant.cpu());
            QVERIFY(rel_err(delta, cpu) < tolerance(dt));

            for (auto path : {bk::LinearPath::Auto, bk::LinearPath::Fused,
                              bk::LinearPath::BasePlusDelta, bk::LinearPath::Gemm}) {
                if (path == bk::LinearPath::Fused && k % 8 != 0) continue;  // needs 16-byte rows
                poison_allocator(b * n);
                const at::Tensor y =
                    bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha, r.tenant, path);
                QCOMPARE(y.scalar_type(), dt);
                QVERIFY2(!y.isnan().any().item<bool>(), "bitdelta_linear left unwritten elements");
                const at::Tensor& ref = path == bk::LinearPath::Gemm            ? r.ref_gemm
                                        : path == bk::LinearPath::BasePlusDelta ? r.ref_split
                                                                                : r.ref_linear;
                const double el = rel_err(
                    y, ref, path == bk::LinearPath::BasePlusDelta ? r.ref_delta : at::Tensor());
                QVERIFY2(
                    el < tolerance(dt),
                    qPrintable(
                        QString("linear path %1 rel err %2").arg(static_cast<int>(path)).arg(el)));
            }
            // Repeat: the split-K workspace must be clean again after every call.
            const at::Tensor again = bk::delta_matmul(r.x, r.set, r.alpha, r.tenant);
            QVERIFY(rel_err(again, delta) < 1e-3);
        }
    }

    // Prefill-sized batches and fp32 activations take the GEMM path.
    void prefill_and_fp32_data() {
        QTest::addColumn<qint64>("b");
        QTest::addColumn<qint64>("t");
        QTest::addColumn<int>("dtype");
        QTest::newRow("B100 T1 fp16") << qint64(100) << qint64(1) << static_cast<int>(at::kHalf);
        QTest::newRow("B130 T3 bf16")
            << qint64(130) << qint64(3) << static_cast<int>(at::kBFloat16);
        QTest::newRow("B7 T2 fp32") << qint64(7) << qint64(2) << static_cast<int>(at::kFloat);
        QTest::newRow("B200 T4 fp32") << qint64(200) << qint64(4) << static_cast<int>(at::kFloat);
    }
    void prefill_and_fp32() {
        QFETCH(qint64, b);
        QFETCH(qint64, t);
        QFETCH(int, dtype);
        const auto dt = static_cast<c10::ScalarType>(dtype);
        // fp32 GEMMs may use TF32 on the tensor cores depending on the build's defaults.
        const double tol = dt == at::kFloat ? 3e-3 : tolerance(dt);
        const Batch r = make_batch(300, 1000, b, t, dt, true);
        QVERIFY(rel_err(bk::delta_matmul(r.x, r.set, r.alpha, r.tenant), r.ref_delta) < tol);
        QVERIFY(rel_err(bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha, r.tenant),
                        r.ref_linear) < tol);
    }

    // A batch that uses few tenants of a large set: the host sizes kernels by min(rows, set), so
    // these take the masked small-batch kernel, whose per-CTA tenant count picks its register
    // path (8 rows using 2 of 16 tenants; 3 of 9 over 13 rows in two blocks goes to the batched
    // kernel, the set being over 4). Checked against the CPU backend on the same inputs.
    void few_of_many_tenants_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("k");
        QTest::addColumn<int>("dtype");
        QTest::addColumn<QVector<int>>("rows");
        QTest::addColumn<qint64>("t");
        QTest::newRow("B8 of T16 fp16")
            << qint64(500) << qint64(1032) << static_cast<int>(at::kHalf)
            << QVector<int>{3, 3, 9, 9, 3, 9, 3, 3} << qint64(16);
        QTest::newRow("B8 of T6 bf16")
            << qint64(70) << qint64(4104) << static_cast<int>(at::kBFloat16)
            << QVector<int>{5, 5, 5, 5, 5, 5, 5, 0} << qint64(6);
        QTest::newRow("B13 of T9 fp16")
            << qint64(300) << qint64(2056) << static_cast<int>(at::kHalf)
            << QVector<int>{1, 4, 4, 8, 1, 1, 8, 4, 4, 1, 8, 8, 1} << qint64(9);
    }
    void few_of_many_tenants() {
        QFETCH(qint64, n);
        QFETCH(qint64, k);
        QFETCH(int, dtype);
        QFETCH(QVector<int>, rows);
        QFETCH(qint64, t);
        const auto dt = static_cast<c10::ScalarType>(dtype);
        const auto b = static_cast<int64_t>(rows.size());
        const Batch r = make_batch(n, k, b, t, dt, true);
        const at::Tensor tenant =
            at::tensor(std::vector<int>(rows.begin(), rows.end()), at::kInt).cuda();
        const at::Tensor y =
            bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha, tenant, bk::LinearPath::Fused);
        const at::Tensor cpu = bk::bitdelta_linear(
            r.x.cpu().to(at::kFloat), r.base.cpu().to(at::kFloat), r.bias.cpu().to(at::kFloat),
            bk::SignSet(r.packed_cpu, n, k), r.alpha.cpu(), tenant.cpu());
        QVERIFY(!y.isnan().any().item<bool>());
        const double e = rel_err(y, cpu.to(at::kDouble));
        QVERIFY2(e < tolerance(dt), qPrintable(QString("rel err %1").arg(e)));
    }

    // A caller's bound on the batch's tenants (TenantRows) sizes the kernels to the tenants the
    // batch uses, not to min(rows, tenants in the set): rows of one tenant of a set of 6 take the
    // wide-batch kernel, 6 rows of 2 tenants of 8 the small-batch kernel with two slots, 12 rows
    // of 2 the masked kernel's two blocks with two. With the true count every row matches the
    // fp64 reference. A bound below the truth must never give a wrong number: the wide and the
    // small-batch kernels turn the rows past it NaN (which also proves they ran: with no bound
    // the many-row and masked kernels compute those rows right), the two-block masked kernel
    // every row.
    void tenant_bound_from_caller() {
        struct Case {
            const char* name;
            int64_t n, k, set;
            std::vector<int> honest, lying;  // tenants of the rows; lying names one more
            int64_t bound;                   // the distinct tenants of `honest`
            bool with_base;
            std::vector<int64_t> nan_rows;  // of `lying` under the honest bound
            c10::ScalarType dt;
        };
        const std::vector<int> one(24, 3);
        std::vector<int> one_lying = one;
        one_lying[5] = 1;
        const std::vector<Case> cases = {
            {"wide", 700, 4104, 6, one, one_lying, 1, false, {5}, at::kHalf},
            {"small",
             300,
             1032,
             8,
             {2, 2, 7, 2, 7, 7},
             {2, 2, 7, 2, 5, 7},
             2,
             true,
             {4},
             at::kBFloat16},
            {"masked",
             500,
             2056,
             8,
             {1, 1, 4, 4, 1, 4, 4, 1, 1, 1, 4, 4},
             {1, 1, 4, 4, 1, 4, 6, 1, 1, 1, 4, 4},
             2,
             true,
             {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
             at::kHalf},
        };
        for (const Case& c : cases) {
            const auto b = static_cast<int64_t>(c.honest.size());
            const Batch r = make_batch(c.n, c.k, b, c.set, c.dt, c.with_base);
            const auto product = [&](const std::vector<int>& rows) {
                const at::Tensor index = at::tensor(rows, at::kInt).cuda();
                const bk::TenantRows tenants(index, c.bound);
                return c.with_base ? bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                         tenants, bk::LinearPath::Fused)
                                   : bk::delta_matmul(r.x, r.set, r.alpha, tenants);
            };
            const auto reference = [&](const std::vector<int>& rows) {
                const at::Tensor delta =
                    reference_delta(r.packed_cpu, r.x, r.alpha, at::tensor(rows, at::kInt));
                return c.with_base ? r.ref_linear - r.ref_delta + delta : delta;
            };
            const at::Tensor y = product(c.honest).cpu();
            const double e = rel_err(y, reference(c.honest));
            QVERIFY2(e < tolerance(c.dt), qPrintable(QString("%1: rel err %2").arg(c.name).arg(e)));
            const at::Tensor yl = product(c.lying).cpu();
            at::Tensor good;
            const QString err = nan_rows_error(yl, c.nan_rows, good);
            QVERIFY2(err.isEmpty(),
                     qPrintable(QString("%1, bound below the truth: ").arg(c.name) + err));
            if (good.numel() > 0)
                QVERIFY(rel_err(yl.index_select(0, good),
                                reference(c.lying).index_select(0, good)) < tolerance(c.dt));
        }
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::TenantRows(at::zeros({2}, at::kInt).cuda(), -1));
    }

    // Auto with the caller's tenant count (TenantRows), where that count routes the batch through
    // the base GEMM and then the bit-plane kernel (dispatch_cuda.cpp: planes_split): 16 rows of
    // two per tenant, over aligned and unaligned sign rows, and 16 of 16; and overlapped beside
    // the GEMM (overlap_pays): 24 rows of two per tenant and 32 of 32 over weights with N > K;
    // and beside a GEMM planned for a quarter of the SMs (sm_split.h): 64 rows of 16 over weights
    // past 2^24 elements, N > K and N < K (bit-plane grids of 528 and 408 CTAs, more than a wave of
    // 264), and 24 of 4 (the many-row kernel). Against fp64 dense math, twice (the overlap's delta
    // buffer and events are reused). cuBLAS's SM count target on the thread's handle, set to an
    // odd value here, must come back unchanged from every call.
    void counted_tenants_auto_data() {
        add_batch_columns();
        const auto half = static_cast<int>(at::kHalf), bf16 = static_cast<int>(at::kBFloat16);
        QTest::newRow("B16 of T8")
            << qint64(700) << qint64(2056) << qint64(16) << qint64(8) << half;
        QTest::newRow("B16 of T8, 129 words")
            << qint64(520) << qint64(4104) << qint64(16) << qint64(8) << bf16;
        QTest::newRow("B16 of T16")
            << qint64(300) << qint64(4096) << qint64(16) << qint64(16) << half;
        QTest::newRow("B24 of T12, N > K, overlapped")
            << qint64(1500) << qint64(1032) << qint64(24) << qint64(12) << half;
        QTest::newRow("B32 of T32, N > K, overlapped")
            << qint64(2100) << qint64(1032) << qint64(32) << qint64(32) << bf16;
        QTest::newRow("B64 of T16, N > K, GEMM on fewer SMs")
            << qint64(4200) << qint64(4104) << qint64(64) << qint64(16) << half;
        QTest::newRow("B64 of T16, N < K, GEMM on fewer SMs")
            << qint64(2056) << qint64(8200) << qint64(64) << qint64(16) << bf16;
        QTest::newRow("B24 of T4, many-row kernel, GEMM on fewer SMs")
            << qint64(4200) << qint64(4104) << qint64(24) << qint64(4) << bf16;
    }
    void counted_tenants_auto() {
        const auto [n, k, b, t, dt] = fetch_batch_row();
        const Batch r = make_batch(n, k, b, t, dt, true);
        // Every tenant used b / t times, its rows spread over the batch.
        const at::Tensor index =
            (at::arange(static_cast<int64_t>(b), at::kInt) % static_cast<int64_t>(t)).to(at::kInt);
        const at::Tensor delta = reference_delta(r.packed_cpu, r.x, r.alpha, index);
        // The split rounds the base product (+ bias) to the dtype before the delta is added.
        const at::Tensor ref = r.ref_split - r.ref_delta + delta;
        const bk::TenantRows tenants(index.cuda(), t);
        const SmCountTarget odd_target(77);
        for (int pass = 0; pass < 2; ++pass) {
            poison_allocator(b * n);
            const at::Tensor y = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha, tenants);
            QVERIFY2(!y.isnan().any().item<bool>(), "bitdelta_linear left unwritten elements");
            const double e = rel_err(y, ref, delta);
            QVERIFY2(e < tolerance(dt),
                     qPrintable(QString("pass %1: rel err %2").arg(pass).arg(e)));
            QCOMPARE(odd_target.now(), 77);
        }
    }

    // The wide-batch delta kernel's CTAs along K add up through the split-K workspace where the
    // GPU has no clusters (before Hopper). BITDELTA_WIDE_CLUSTER=0 takes that path here too. Each
    // path runs with either form of the products (BITDELTA_WIDE_MMA: wgmma, the rule on an H100,
    // insisted on there; mma.sync, the rule elsewhere): 64 rows of one tenant over 16 CTAs along
    // K, 40 rows over 129 words, 17 rows over 40 columns (one slab), and the fused path beside
    // it, each twice (the workspace must be zero again after a call), with a bad row.
    void wide_batch_paths_data() {
        QTest::addColumn<QStringList>("knobs");
        QTest::newRow("workspace, mma.sync")
            << QStringList{"BITDELTA_WIDE_CLUSTER=0", "BITDELTA_WIDE_MMA=s"};
        QTest::newRow("workspace, wgmma")
            << QStringList{"BITDELTA_WIDE_CLUSTER=0", "BITDELTA_WIDE_MMA=w"};
        QTest::newRow("cluster, mma.sync") << QStringList{"BITDELTA_WIDE_MMA=s"};
        QTest::newRow("cluster, wgmma") << QStringList{"BITDELTA_WIDE_MMA=w"};
    }
    void wide_batch_paths() {
        QFETCH(QStringList, knobs);
        const ScopedKnobs set(wide_form_knobs(knobs));
        for (const auto& shape :
             {std::array<int64_t, 3>{2049, 4096, 64}, {700, 4104, 40}, {300, 40, 17}}) {
            const Batch& r = batches_.get(shape[0], shape[1], shape[2], 1, at::kHalf, false);
            for (int call = 0; call < 2; ++call) {
                const at::Tensor y = bk::delta_matmul(r.x, r.set, r.alpha, r.tenant);
                QVERIFY(rel_err(y, r.ref_delta) < tolerance(at::kHalf));
                const at::Tensor yf = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                          r.tenant, bk::LinearPath::Fused);
                QVERIFY(rel_err(yf, r.ref_linear) < tolerance(at::kHalf));
            }
            at::Tensor bad = r.tenant.clone();
            bad[5].fill_(1);
            const at::Tensor yb = bk::delta_matmul(r.x, r.set, r.alpha, bad).cpu();
            at::Tensor good;
            const QString err = nan_rows_error(yb, {5}, good);
            QVERIFY2(err.isEmpty(), qPrintable(err));
            QVERIFY(rel_err(yb.index_select(0, good), r.ref_delta.index_select(0, good)) <
                    tolerance(at::kHalf));
        }
    }

    // The wide-batch kernel with a base (decode_wide.cu: one tenant, W_base + alpha * S merged
    // into its fragments), on the rule's rows (17 to 64) and, with BITDELTA_WIDE_BASE=2, on 2 to
    // 16 rows (one and two 8-row blocks); through a cluster along K, the split-K workspace
    // (BITDELTA_WIDE_CLUSTER=0), with alpha rounded to the dtype before the merge
    // (BITDELTA_WIDE_MERGE=h: one packed FMA a pair), and with the CTAs along K rounded up
    // past one wave (BITDELTA_WIDE_WAVE=0, the rule before; on the H100 the 40 row tiles of
    // 5000 rows then take 7 CTAs along K instead of 6); the first four of those with either form
    // of the products (wgmma, the rule on an H100; mma.sync, BITDELTA_WIDE_MMA=s).
    // Shapes: 64 rows with one row in the last row tile, 40 over unaligned sign rows (129 words),
    // 17 over 40 columns (one slab, a block of one row), 33 over 40 row tiles, 48 over 9 words,
    // 24 over 11008 columns, and 9 / 3 rows (taken with the knob only). It must match the fp64
    // product of the merged weights (merge() rounds them as the kernel does), the exact
    // product within the contract's bound, and differ from what the fused path gives with the
    // kernel off (BITDELTA_WIDE_BASE=0: the batched or a small-batch kernel, which add the two
    // products in fp32), so the rows did reach it. A row naming another tenant comes out NaN,
    // and only that row.
    void wide_with_base_data() {
        QTest::addColumn<QStringList>("knobs");
        QTest::newRow("rule") << QStringList();
        // The rule's form (BITDELTA_WIDE_MMA=w), insisted on where it is wgmma (an H100).
        QTest::newRow("wgmma") << QStringList{"BITDELTA_WIDE_MMA=w"};
        QTest::newRow("2 to 16 rows") << QStringList{"BITDELTA_WIDE_MMA=w", "BITDELTA_WIDE_BASE=2"};
        QTest::newRow("workspace") << QStringList{"BITDELTA_WIDE_MMA=w", "BITDELTA_WIDE_CLUSTER=0"};
        QTest::newRow("merged in the dtype")
            << QStringList{"BITDELTA_WIDE_MMA=w", "BITDELTA_WIDE_MERGE=h"};
        QTest::newRow("past one wave")
            << QStringList{"BITDELTA_WIDE_MMA=w", "BITDELTA_WIDE_WAVE=0"};
        QTest::newRow("mma.sync") << QStringList{"BITDELTA_WIDE_MMA=s"};
        QTest::newRow("mma.sync, 2 to 16 rows")
            << QStringList{"BITDELTA_WIDE_MMA=s", "BITDELTA_WIDE_BASE=2"};
        QTest::newRow("mma.sync, workspace")
            << QStringList{"BITDELTA_WIDE_MMA=s", "BITDELTA_WIDE_CLUSTER=0"};
        QTest::newRow("mma.sync, merged in the dtype")
            << QStringList{"BITDELTA_WIDE_MMA=s", "BITDELTA_WIDE_MERGE=h"};
    }
    void wide_with_base() {
        QFETCH(QStringList, knobs);
        const bool small_rows = knobs.contains("BITDELTA_WIDE_BASE=2");
        const int64_t shapes[][3] = {{4100, 4096, 64}, {700, 4104, 40}, {17, 40, 17},
                                     {5000, 2048, 33}, {1000, 264, 48}, {300, 11008, 24},
                                     {129, 2056, 9},   {70, 776, 3}};
        for (const auto& shape : shapes) {
            const int64_t n = shape[0], k = shape[1], b = shape[2];
            if (b <= 16 && !small_rows) continue;
            for (const c10::ScalarType dt : {at::kHalf, at::kBFloat16}) {
                const QString what =
                    QString("N%1 K%2 B%3 dt%4").arg(n).arg(k).arg(b).arg(static_cast<int>(dt));
                const Batch& r = batches_.get(n, k, b, 1, dt, true);
                at::Tensor y;
                {
                    const ScopedKnobs set(wide_form_knobs(knobs));
                    for (int call = 0; call < 2; ++call) {  // the workspace is zero again
                        poison_allocator(b * n);
                        y = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha, r.tenant,
                                                bk::LinearPath::Auto);
                        const double e = rel_err(y, r.ref_gemm), el = rel_err(y, r.ref_linear);
                        QVERIFY2(e < tolerance(dt) && el < tolerance(dt),
                                 qPrintable(QString("%1: rel err %2 to the merged product, %3 "
                                                    "to the exact one")
                                                .arg(what)
                                                .arg(e)
                                                .arg(el)));
                    }
                    at::Tensor bad = r.tenant.clone();
                    bad[b / 2].fill_(1);
                    const at::Tensor yb = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                              bad, bk::LinearPath::Fused)
                                              .cpu();
                    at::Tensor good;
                    const QString err = nan_rows_error(yb, {b / 2}, good);
                    QVERIFY2(err.isEmpty(), qPrintable(what + ": " + err));
                    QVERIFY(rel_err(yb.index_select(0, good), r.ref_gemm.index_select(0, good)) <
                            tolerance(dt));
                }
                const ScopedKnobs off(QStringList{"BITDELTA_WIDE_BASE=0"});
                const at::Tensor before = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                              r.tenant, bk::LinearPath::Fused);
                QVERIFY2(!at::equal(y, before), qPrintable(what + ": the kernel did not run"));
            }
        }
    }

    // The one-row kernel with each count of warps a row (decode_gemv.cu; the rule gives 4 to rows
    // of 8192 columns or more with a base, else 1): over one chunk (parts past the first empty),
    // 33 chunks (a part of one full stretch and one of one chunk), a row of 5.4 rounds (11008
    // columns, as Llama's down projection) with a partial last row of a CTA, 33000 columns, and
    // 2056 columns over a grid of several waves; with and without a base, in fp16 and bf16.
    void gemv_paths_data() {
        QTest::addColumn<QStringList>("knobs");
        QTest::newRow("rule") << QStringList();
        QTest::newRow("1 warp a row") << QStringList{"BITDELTA_GEMV_SPLIT=1"};
        QTest::newRow("2 warps a row") << QStringList{"BITDELTA_GEMV_SPLIT=2"};
        QTest::newRow("4 warps a row") << QStringList{"BITDELTA_GEMV_SPLIT=4"};
    }
    void gemv_paths() {
        QFETCH(QStringList, knobs);
        const ScopedKnobs set(knobs);
        const int64_t shapes[][2] = {{3, 8}, {257, 264}, {4097, 11008}, {40, 33000}, {9000, 2056}};
        for (const auto& shape : shapes) {
            for (const c10::ScalarType dt : {at::kHalf, at::kBFloat16}) {
                const Batch& r = batches_.get(shape[0], shape[1], 1, 1, dt, true);
                const QString what =
                    QString("N%1 K%2 dt%3").arg(shape[0]).arg(shape[1]).arg(static_cast<int>(dt));
                poison_allocator(shape[0]);
                const at::Tensor delta = bk::delta_matmul(r.x, r.set, r.alpha, r.tenant);
                QVERIFY2(rel_err(delta, r.ref_delta) < tolerance(dt), qPrintable(what + " delta"));
                poison_allocator(shape[0]);
                const at::Tensor y = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                         r.tenant, bk::LinearPath::Fused);
                QVERIFY2(rel_err(y, r.ref_linear) < tolerance(dt), qPrintable(what + " linear"));
            }
        }
    }

    // The bit-plane delta kernel (sets of several tenants), forced (BITDELTA_PLANES=1) on shapes
    // its dispatch rule would not give it, on each path: a cluster along K, the split-K workspace
    // that GPUs without clusters take (BITDELTA_PLANES_CLUSTER=0), the product kernel launched
    // after the preparation kernel ends rather than beside it (BITDELTA_PLANES_DEPENDENT=0), and
    // shapes its own rule would not pick: all rows in one group with units of 8, units of one row
    // in groups of 8, groups of 24 that cut a tenant's rows in two, groups of one row, items of
    // one segment for units of 8 rows and of two for units of one (BITDELTA_PLANES_LINES, the
    // other way round from the rule where sign rows are 16-byte vectors).
    // Each twice, so the workspace must be zero again after a call: 16 rows of 16 tenants over
    // 8 CTAs along K, 64 of 64 over 129 words (9 CTAs along K, past a cluster), 40 of 6 with
    // units of 8 rows over K % 32 != 0 and a partial last row tile, 2 rows of 2 over 40 columns
    // (one word and a quarter) in bf16, 24 of 12 over 11008 columns, 64 of 64 over 4.5 segments
    // (in groups of 1 a CTA takes all 5, an odd count, so its last item of two has one).
    void planes_paths_data() {
        QTest::addColumn<QStringList>("knobs");
        QTest::newRow("cluster") << QStringList();
        QTest::newRow("workspace") << QStringList{"BITDELTA_PLANES_CLUSTER=0"};
        // The split along K where whole tenants over all of K replace it (planes_whole_k).
        QTest::newRow("split along K") << QStringList{"BITDELTA_PLANES_WHOLE_K=0"};
        QTest::newRow("in stream order") << QStringList{"BITDELTA_PLANES_DEPENDENT=0"};
        QTest::newRow("one group, units of 8")
            << QStringList{"BITDELTA_PLANES_GROUP_ROWS=64", "BITDELTA_PLANES_UNIT=8"};
        QTest::newRow("groups of 8, units of 1")
            << QStringList{"BITDELTA_PLANES_GROUP_ROWS=8", "BITDELTA_PLANES_UNIT=1"};
        QTest::newRow("groups of 24, units of 8")
            << QStringList{"BITDELTA_PLANES_GROUP_ROWS=24", "BITDELTA_PLANES_UNIT=8"};
        QTest::newRow("groups of 1") << QStringList{"BITDELTA_PLANES_GROUP_ROWS=1"};
        QTest::newRow("one segment per item") << QStringList{"BITDELTA_PLANES_LINES=0"};
        QTest::newRow("two segments per item, units of 1")
            << QStringList{"BITDELTA_PLANES_LINES=1", "BITDELTA_PLANES_UNIT=1"};
    }
    void planes_paths() {
        QFETCH(QStringList, knobs);
        const PlanesForced forced(knobs);
        struct Shape {
            int64_t n, k, b, t;
            c10::ScalarType dt;
        };
        const Shape shapes[] = {
            {4096, 4096, 16, 16, at::kHalf}, {4096, 4096, 16, 8, at::kBFloat16},
            {1000, 4104, 64, 64, at::kHalf}, {2049, 1001, 40, 6, at::kHalf},
            {33, 40, 2, 2, at::kBFloat16},   {700, 11008, 24, 12, at::kBFloat16},
            {640, 2304, 64, 64, at::kHalf}};
        for (const Shape& shape : shapes) {
            const c10::ScalarType dt = shape.dt;
            const Batch& r = batches_.get(shape.n, shape.k, shape.b, shape.t, dt, true);
            for (int call = 0; call < 2; ++call) {
                const at::Tensor y = bk::delta_matmul(r.x, r.set, r.alpha, r.tenant);
                const double e = rel_err(y, r.ref_delta);
                QVERIFY2(e < tolerance(dt), qPrintable(QString("N%1 K%2 B%3 T%4: rel err %5")
                                                           .arg(shape.n)
                                                           .arg(shape.k)
                                                           .arg(shape.b)
                                                           .arg(shape.t)
                                                           .arg(e)));
                const at::Tensor ys = bk::bitdelta_linear(r.x, r.base, r.bias, r.set, r.alpha,
                                                          r.tenant, bk::LinearPath::BasePlusDelta);
                QVERIFY(rel_err(ys, r.ref_split) < tolerance(dt));
            }
            // Only the bit-plane kernel turns a row holding an inf into NaN (it cannot write the
            // inf in fixed point; the fp16 kernels sum it to +-inf), so this fails if the knob did
            // not reach it on this path.
            at::Tensor with_inf = r.x.clone();
            with_inf[0][0] = INFINITY;
            QVERIFY2(
                bk::delta_matmul(with_inf, r.set, r.alpha, r.tenant)[0].isnan().all().item<bool>(),
                "the bit-plane kernel did not run");
        }
    }

    // x in 16-bit fixed point per 512 columns: one huge column in a segment leaves the others'
    // sums right (an error relative to the segment's largest |x|, which the +-1 product adds in
    // whole); a bf16 segment of tiny values does not overflow its scale; a segment with an inf or
    // a NaN turns its row NaN and no other row.
    void planes_precision() {
        const PlanesForced forced;
        Batch r = make_batch(3000, 4104, 16, 16, at::kHalf, false);
        at::Tensor x = r.x.clone();
        x.select(1, 7).fill_(3000.0);  // 3000 x the typical |x|, in the first segment
        x.select(1, 2600).fill_(-20000.0);
        x.narrow(1, 1024, 512).mul_(1e-3);  // a segment of small values
        const at::Tensor ref = reference_delta(r.packed_cpu, x, r.alpha, r.tenant);
        const double e = rel_err(bk::delta_matmul(x, r.set, r.alpha, r.tenant), ref);
        QVERIFY2(e < tolerance(at::kHalf), qPrintable(QString("outliers: rel err %1").arg(e)));
        // Per row too: a row's error stays within its own size.
        const at::Tensor y = bk::delta_matmul(x, r.set, r.alpha, r.tenant);
        for (int64_t b = 0; b < y.size(0); ++b)
            QVERIFY(rel_err(y[b], ref[b]) < tolerance(at::kHalf));

        Batch t = make_batch(500, 2056, 8, 4, at::kBFloat16, false);
        const at::Tensor tiny = (t.x.to(at::kFloat) * 1e-36).to(at::kBFloat16);
        const at::Tensor yt = bk::delta_matmul(tiny, t.set, t.alpha, t.tenant);
        const at::Tensor ref_tiny = reference_delta(t.packed_cpu, tiny, t.alpha, t.tenant);
        QVERIFY(!yt.isnan().any().item<bool>());
        QVERIFY2(rel_err(yt, ref_tiny) < tolerance(at::kBFloat16),
                 qPrintable(QString("tiny bf16: rel err %1").arg(rel_err(yt, ref_tiny))));

        at::Tensor xn = r.x.clone();
        xn[3][4000] = INFINITY;
        xn[11][12] = NAN;
        const at::Tensor yn = bk::delta_matmul(xn, r.set, r.alpha, r.tenant).cpu();
        at::Tensor good;
        const QString err = nan_rows_error(yn, {3, 11}, good);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(rel_err(yn.index_select(0, good), r.ref_delta.index_select(0, good)) <
                tolerance(at::kHalf));
    }

    void bad_tenants() {
        const Batch r = make_batch(100, 256, 4, 2, at::kHalf, false);
        // A CPU tenant vector is range-checked on the host.
        QVERIFY_THROWS_EXCEPTION(
            bk::KernelError,
            bk::delta_matmul(r.x, r.set, r.alpha, at::tensor({0, 1, 2, 0}, at::kInt)));
        // On the device no check can run without a synchronisation: the bad row comes out NaN and
        // only that row.
        const at::Tensor bad = at::tensor({0, 5, 1, -1}, at::kInt).cuda();
        const at::Tensor y = bk::delta_matmul(r.x, r.set, r.alpha, bad).cpu();
        QVERIFY(!y[0].isnan().any().item<bool>());
        QVERIFY(y[1].isnan().all().item<bool>());
        QVERIFY(!y[2].isnan().any().item<bool>());
        QVERIFY(y[3].isnan().all().item<bool>());
        // One row takes the one-row kernel, which marks a bad tenant the same way.
        const at::Tensor one =
            bk::delta_matmul(r.x.narrow(0, 0, 1), r.set, r.alpha, at::tensor({5}, at::kInt).cuda())
                .cpu();
        QVERIFY(one.isnan().all().item<bool>());
        // So does it with a base over 2^24 elements (the base variant of the kernel).
        const Batch large = make_batch(4100, 4104, 1, 1, at::kHalf, false);
        const at::Tensor one_large =
            bk::bitdelta_linear(large.x, large.base, at::Tensor(), large.set, large.alpha,
                                at::tensor({3}, at::kInt).cuda())
                .cpu();
        QVERIFY(one_large.isnan().all().item<bool>());
        // With a base, 2 to 8 rows take the small-batch kernel: the same two rows NaN, only those.
        const at::Tensor yl = bk::bitdelta_linear(r.x, r.base, at::Tensor(), r.set, r.alpha, bad,
                                                  bk::LinearPath::Fused)
                                  .cpu();
        QVERIFY(yl[1].isnan().all().item<bool>() && yl[3].isnan().all().item<bool>());
        const at::Tensor fixed = at::tensor({0, 1, 1, 0}, at::kInt).cuda();  // rows 0, 2 as above
        const at::Tensor yf = bk::bitdelta_linear(r.x, r.base, at::Tensor(), r.set, r.alpha, fixed,
                                                  bk::LinearPath::Fused)
                                  .cpu();
        const at::Tensor ok_rows = at::tensor({0, 2}, at::kLong);
        QVERIFY(rel_err(yl.index_select(0, ok_rows), yf.index_select(0, ok_rows)) < 1e-3);
        // 20 rows with bad rows in two 8-row blocks, over a set of one tenant (the wide-batch
        // delta kernel) and of 5 (the many-row kernel, which the four above took too, then the
        // bit-plane kernel, forced): only those rows come out NaN, the others are right.
        for (const auto& [set_size, planes] :
             {std::pair<int64_t, bool>{1, false}, {5, false}, {5, true}}) {
            const std::optional<PlanesForced> forced =
                planes ? std::make_optional<PlanesForced>() : std::nullopt;
            const Batch many = make_batch(100, 256, 20, set_size, at::kHalf, false);
            at::Tensor many_bad = many.tenant.clone();
            many_bad[3].fill_(9);
            many_bad[17].fill_(-2);
            const at::Tensor ym = bk::delta_matmul(many.x, many.set, many.alpha, many_bad).cpu();
            at::Tensor good;
            const QString many_err = nan_rows_error(ym, {3, 17}, good);
            QVERIFY2(many_err.isEmpty(), qPrintable(QString("20 rows of %1 tenants%2, ")
                                                        .arg(set_size)
                                                        .arg(planes ? " (bit planes)" : "") +
                                                    many_err));
            QVERIFY(rel_err(ym.index_select(0, good), many.ref_delta.index_select(0, good)) <
                    tolerance(at::kHalf));
            if (set_size != 1) continue;
            // With a base, fused (the batched kernel): the same rows NaN, only those.
            const at::Tensor yf = bk::bitdelta_linear(many.x, many.base, at::Tensor(), many.set,
                                                      many.alpha, many_bad, bk::LinearPath::Fused)
                                      .cpu();
            const QString fused_err = nan_rows_error(yf, {3, 17}, good);
            QVERIFY2(fused_err.isEmpty(), qPrintable("20 rows of one tenant, fused, " + fused_err));
            QVERIFY(rel_err(yf.index_select(0, good), many.ref_linear.index_select(0, good)) <
                    tolerance(at::kHalf));
        }
        // 12 rows with a base take the masked small-batch kernel in two 8-row blocks, rows in
        // tenant order: the bad rows (one per block) come out NaN, the others as the reference
        // (their tenants are those it was computed with).
        const Batch twelve = make_batch(300, 520, 12, 3, at::kHalf, false);
        at::Tensor twelve_bad = twelve.tenant.clone();
        twelve_bad[2].fill_(3);
        twelve_bad[9].fill_(-1);
        const at::Tensor yt = bk::bitdelta_linear(twelve.x, twelve.base, at::Tensor(), twelve.set,
                                                  twelve.alpha, twelve_bad, bk::LinearPath::Fused)
                                  .cpu();
        at::Tensor tg;
        const QString twelve_err = nan_rows_error(yt, {2, 9}, tg);
        QVERIFY2(twelve_err.isEmpty(), qPrintable("masked kernel, two blocks, " + twelve_err));
        QVERIFY(rel_err(yt.index_select(0, tg), twelve.ref_linear.index_select(0, tg)) <
                tolerance(at::kHalf));
        // 8 rows of 7 valid tenants (more than the registers hold: signs staged in shared
        // memory), rows 2 and 5 bad: those NaN, the others as the base + delta path's.
        const Batch eight = make_batch(200, 264, 8, 8, at::kHalf, false);
        const at::Tensor eight_bad = at::tensor({0, 1, 8, 3, 4, -3, 6, 7}, at::kInt).cuda();
        const at::Tensor ye = bk::bitdelta_linear(eight.x, eight.base, at::Tensor(), eight.set,
                                                  eight.alpha, eight_bad, bk::LinearPath::Fused)
                                  .cpu();
        const at::Tensor ys =
            bk::bitdelta_linear(eight.x, eight.base, at::Tensor(), eight.set, eight.alpha,
                                eight_bad, bk::LinearPath::BasePlusDelta)
                .cpu();
        at::Tensor eg;
        const QString eight_err = nan_rows_error(ye, {2, 5}, eg);
        QVERIFY2(eight_err.isEmpty(), qPrintable("masked kernel, staged signs, " + eight_err));
        QVERIFY(rel_err(ye.index_select(0, eg), ys.index_select(0, eg)) < tolerance(at::kHalf));
        // Prefill path copies the tenants to the host anyway and throws.
        const at::Tensor xb = at::randn({100, 256}).to(at::kCUDA, at::kHalf);
        const at::Tensor tb = at::full({100}, 7, at::TensorOptions().dtype(at::kInt)).cuda();
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::bitdelta_linear(xb, r.base, r.bias, r.set, r.alpha, tb));
        // Device mismatch.
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(r.x.cpu(), r.set, r.alpha, r.tenant));
    }

    void cleanupTestCase() { batches_.clear(); }

  private:
    BatchCache batches_;
};

BITDELTA_GPU_TEST_MAIN(TestKernelsCuda,
                       torch::cuda::is_available() && bitdelta::kernels::cuda_available())
#include "test_kernels_cuda.moc"
