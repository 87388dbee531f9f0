// CPU reference of bitdelta_kernels.h against dense fp64 math: the packed layout itself (bit order,
// padding, sign of zero), round trips, the multi-tenant products and argument validation.
#include "bitdelta_kernels.h"

#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include <set>
#include <vector>

namespace bk = bitdelta::kernels;

namespace {

double rel_err(const at::Tensor& got, const at::Tensor& ref) {
    const at::Tensor g = got.to(at::kDouble), r = ref.to(at::kDouble);
    return (g - r).norm().item<double>() / std::max(r.norm().item<double>(), 1e-30);
}

at::Tensor dense_signs(const at::Tensor& d) {
    return at::where(d.gt(0), at::ones(d.sizes(), at::kDouble), -at::ones(d.sizes(), at::kDouble));
}

}  // namespace

class TestKernelsCpu : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() { at::manual_seed(42); }

    // The layout of DESIGN section 4 written out by hand for one row.
    void layout_is_exact() {
        at::Tensor d = -at::ones({1, 40});
        for (int c : {0, 3, 31, 32, 39})
            d.index_put_({0, c}, 1.0);
        d.index_put_({0, 5}, 0.0);  // zero -> -1 -> bit 0
        const at::Tensor p = bk::pack_signs(d);
        QCOMPARE(p.scalar_type(), at::kInt);
        QCOMPARE(p.size(0), int64_t(1));
        QCOMPARE(p.size(1), int64_t(2));
        const uint32_t w0 = static_cast<uint32_t>(p[0][0].item<int32_t>());
        const uint32_t w1 = static_cast<uint32_t>(p[0][1].item<int32_t>());
        QCOMPARE(w0, (1u << 0) | (1u << 3) | (1u << 31));
        QCOMPARE(w1, (1u << 0) | (1u << 7));  // columns 32 and 39; bits 8..31 are padding = 0
    }

    void round_trip_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("k");
        QTest::addColumn<int>("dtype");
        const qint64 shapes[][2] = {{1, 1},  {1, 31}, {2, 32},    {3, 33},
                                    {7, 64}, {5, 95}, {33, 1000}, {1, 4103}};
        for (int dt : {static_cast<int>(at::kFloat), static_cast<int>(at::kHalf),
                       static_cast<int>(at::kBFloat16), static_cast<int>(at::kDouble)})
            for (const auto& s : shapes)
                QTest::addRow("%lldx%lld dt%d", static_cast<long long>(s[0]),
                              static_cast<long long>(s[1]), dt)
                    << s[0] << s[1] << dt;
    }
    void round_trip() {
        QFETCH(qint64, n);
        QFETCH(qint64, k);
        QFETCH(int, dtype);
        const auto dt = static_cast<c10::ScalarType>(dtype);
        at::Tensor d = at::randn({n, k}).to(dt);
        d.masked_fill_(at::rand({n, k}) < 0.2, 0.0);
        const at::Tensor p = bk::pack_signs(d);
        QCOMPARE(p.size(0), n);
        QCOMPARE(p.size(1), bk::packed_words(k));
        const at::Tensor s = bk::unpack_signs(p, k, dt);
        QCOMPARE(s.scalar_type(), dt);
        QVERIFY(at::equal(s.to(at::kDouble), dense_signs(d.to(at::kDouble))));
        // Padding bits of the last word are zero.
        const int64_t pad = bk::packed_words(k) * 32 - k;
        if (pad > 0) {
            const uint32_t mask = ~((pad == 32) ? 0u : (0xffffffffu >> pad));
            const at::Tensor last = p.select(1, p.size(1) - 1).contiguous();
            for (int64_t r = 0; r < n; ++r)
                QCOMPARE(static_cast<uint32_t>(last[r].item<int32_t>()) & mask, 0u);
        }
    }

    void merge_matches_dense() {
        const at::Tensor base = at::randn({9, 77});
        const at::Tensor d = at::randn({9, 77});
        const at::Tensor m = bk::merge(base, bk::pack_signs(d), 0.25);
        QVERIFY(rel_err(m, base.to(at::kDouble) + 0.25 * dense_signs(d.to(at::kDouble))) < 1e-7);
        const at::Tensor mh = bk::merge(base.to(at::kHalf), bk::pack_signs(d), 0.25);
        QCOMPARE(mh.scalar_type(), at::kHalf);
        QVERIFY(rel_err(mh, base.to(at::kHalf).to(at::kDouble) +
                                0.25 * dense_signs(d.to(at::kDouble))) < 1e-3);
    }

    void products_data() {
        QTest::addColumn<qint64>("n");
        QTest::addColumn<qint64>("k");
        QTest::addColumn<QVector<int>>("tenants");  // per row
        QTest::addColumn<qint64>("slots");
        QTest::newRow("one row") << qint64(1) << qint64(1) << QVector<int>{0} << qint64(1);
        QTest::newRow("all rows one tenant")
            << qint64(65) << qint64(100) << QVector<int>{2, 2, 2, 2} << qint64(3);
        QTest::newRow("mix with unused slots")
            << qint64(300) << qint64(1000) << QVector<int>{3, 0, 3, 5, 0} << qint64(6);
        QTest::newRow("K<32") << qint64(17) << qint64(7) << QVector<int>{1, 0} << qint64(2);
        // Three rows of tenant 0 take the unpack + GEMM path with a ragged last word; tenant 1's
        // single row the direct path with a ragged last byte.
        QTest::newRow("K%32!=0 GEMM and direct")
            << qint64(33) << qint64(1005) << QVector<int>{0, 1, 0, 0} << qint64(2);
        QTest::newRow("K%32!=0 many rows")
            << qint64(40) << qint64(4103) << QVector<int>{0, 1, 2, 3, 4, 5, 6, 7, 0, 1}
            << qint64(8);
    }
    void products() {
        QFETCH(qint64, n);
        QFETCH(qint64, k);
        QFETCH(QVector<int>, tenants);
        QFETCH(qint64, slots);
        const int64_t b = tenants.size();
        std::vector<at::Tensor> deltas, packed;
        for (int64_t s = 0; s < slots; ++s) {
            deltas.push_back(at::randn({n, k}));
            packed.push_back(bk::pack_signs(deltas.back()));
        }
        const bk::SignSet set(packed, n, k);
        QCOMPARE(set.tenants(), slots);
        QCOMPARE(set.pointer_table().numel(), slots);
        const at::Tensor x = at::randn({b, k});
        const at::Tensor alpha = at::rand({slots}) + 0.1;
        const at::Tensor ten =
            at::tensor(std::vector<int>(tenants.begin(), tenants.end()), at::kInt);
        const at::Tensor base = at::randn({n, k}), bias = at::randn({n});
        std::vector<at::Tensor> rd, rl;
        for (int64_t r = 0; r < b; ++r) {
            const int s = tenants[static_cast<int>(r)];
            const at::Tensor d =
                alpha[s].item<double>() *
                at::mv(dense_signs(deltas[s].to(at::kDouble)), x[r].to(at::kDouble));
            rd.push_back(d);
            rl.push_back(at::mv(base.to(at::kDouble), x[r].to(at::kDouble)) + bias.to(at::kDouble) +
                         d);
        }
        const at::Tensor out = bk::delta_matmul(x, set, alpha, ten);
        QCOMPARE(out.size(0), b);
        QCOMPARE(out.size(1), n);
        QVERIFY(rel_err(out, at::stack(rd)) < 1e-5);
        const at::Tensor y = bk::bitdelta_linear(x, base, bias, set, alpha, ten);
        QVERIFY(rel_err(y, at::stack(rl)) < 1e-5);
        // A caller's bound on the distinct tenants (TenantRows) only sizes the CUDA kernels: the
        // CPU result is the same with one.
        const auto distinct =
            static_cast<int64_t>(std::set<int>(tenants.begin(), tenants.end()).size());
        QVERIFY(at::equal(bk::delta_matmul(x, set, alpha, bk::TenantRows(ten, distinct)), out));
        QVERIFY(at::equal(
            bk::bitdelta_linear(x, base, bias, set, alpha, bk::TenantRows(ten, distinct)), y));
        // int64 tenant vectors and half activations are accepted too.
        QVERIFY(rel_err(bk::delta_matmul(x, set, alpha, ten.to(at::kLong)), at::stack(rd)) < 1e-5);
        const at::Tensor yh =
            bk::bitdelta_linear(x.to(at::kHalf), base.to(at::kHalf), at::Tensor(), set, alpha, ten);
        QCOMPARE(yh.scalar_type(), at::kHalf);
        QVERIFY(rel_err(yh, at::stack(rl) - bias.to(at::kDouble)) < 5e-3);
    }

    // Whether the CUDA kernels may copy every slot's sign rows as 16-byte vectors: a multiple of
    // 4 words per row and 16-byte aligned slots, a view into another buffer included.
    void sign_set_vector_rows() {
        const at::Tensor four_words = bk::pack_signs(at::randn({4, 128}));
        QVERIFY(bk::SignSet({four_words, four_words}, 4, 128).vector_rows());
        QVERIFY(!bk::SignSet({bk::pack_signs(at::randn({4, 40}))}, 4, 40).vector_rows());
        const at::Tensor buffer = at::zeros({1 + 4 * 4}, at::kInt);
        const at::Tensor shifted = buffer.narrow(0, 1, 16).view({4, 4});  // 4 bytes in
        QVERIFY(!bk::SignSet({four_words, shifted}, 4, 128).vector_rows());
        const at::Tensor aligned = at::zeros({4 + 4 * 4}, at::kInt).narrow(0, 4, 16).view({4, 4});
        QVERIFY(bk::SignSet({aligned}, 4, 128).vector_rows());
        QVERIFY(!bk::SignSet().vector_rows());
    }

    void bad_arguments() {
        const at::Tensor p = bk::pack_signs(at::randn({4, 40}));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::pack_signs(at::randn({4})));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::pack_signs(at::ones({4, 4}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::unpack_signs(p, 100, at::kFloat));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::unpack_signs(p.to(at::kLong), 40, at::kFloat));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::merge(at::randn({5, 40}), p, 1.0));
        // A slot packed for another shape (K = 41 would give the same two words as K = 40).
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::SignSet({p, bk::pack_signs(at::randn({4, 72}))}, 4, 40));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::SignSet({p, bk::pack_signs(at::randn({5, 40}))}, 4, 40));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::SignSet({p.to(at::kLong)}, 4, 40));
        const bk::SignSet set({p, p}, 4, 40);
        const at::Tensor x = at::randn({3, 40}), alpha = at::ones({2});
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(x, set, alpha, at::tensor({0, 2, 1}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(x, set, alpha, at::tensor({0, -1, 1}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(x, set, alpha, at::tensor({0, 1}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::delta_matmul(at::randn({3, 41}), set, alpha,
                                                                   at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(x, set, at::ones({3}), at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError,
                                 bk::delta_matmul(x, set, alpha, at::zeros({3}, at::kFloat)));
        QVERIFY_THROWS_EXCEPTION(
            bk::KernelError, bk::bitdelta_linear(x, at::randn({4, 39}), at::Tensor(), set, alpha,
                                                 at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(
            bk::KernelError, bk::bitdelta_linear(x, at::ones({4, 40}, at::kInt), at::Tensor(), set,
                                                 alpha, at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(
            bk::KernelError, bk::bitdelta_linear(x, at::randn({4, 40}), at::randn({5}), set, alpha,
                                                 at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(
            bk::KernelError, bk::delta_matmul(x, bk::SignSet(), alpha, at::zeros({3}, at::kInt)));
        QVERIFY_THROWS_EXCEPTION(bk::KernelError, bk::TenantRows(at::zeros({3}, at::kInt), -1));
#ifndef BITDELTA_WITH_CUDA
        QVERIFY(!bk::cuda_available());
#endif
    }
};

QTEST_GUILESS_MAIN(TestKernelsCpu)
#include "test_kernels_cpu.moc"
