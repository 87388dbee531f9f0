// The bit-plane delta kernel's launch shape (kernels/cuda/planes_grid.h) is host arithmetic, so
// its rules are checked here, where CI has no GPU: the grid stays in one wave wherever the row
// tiles, groups and plane budget allow, covers K with evenly spread segments within each CTA's
// plane budget, and picks the shapes measured fastest on the H100 (tests/bench/README.md,
// thirty-first run).
#include "cuda/planes_grid.h"

#include <QtTest/QtTest>

namespace kc = bitdelta::kernels::cuda;

namespace {

constexpr int kH100Sms = 132;

int segments_of(int k) {
    const int words = (k + 31) / 32;
    return (words + kc::kPlanesSegWords - 1) / kc::kPlanesSegWords;
}

struct Launch {
    kc::PlanesShape shape;
    kc::PlanesGrid grid;
};

// What launch_delta_planes asks for, without the benchmark knobs.
Launch launch_for(int b, int64_t tenants, int n, int k, bool beside_gemm = false,
                  int sms = kH100Sms) {
    const int segments = segments_of(k);
    const kc::PlanesShape shape =
        kc::planes_fit_wave(kc::planes_rule(b, tenants, n, k, beside_gemm), b, n, segments, sms);
    return {shape, kc::planes_grid(shape, b, n, segments, sms)};
}

}  // namespace

class TestKernelsPlanesGrid : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // Every grid over a sweep of batches, weights and GPU sizes: the segments cover K, spread
    // evenly (no CTA along K without work), within the plane budget; one wave wherever the row
    // tiles and groups fit one; a group never past the batch or 16 rows for 8-row units.
    void grids_cover_k_in_one_wave() {
        int checked = 0;
        for (int sms : {132, 114, 46})
            for (int n : {33, 700, 4096, 11008})
                for (int k : {40, 1032, 4096, 11008})
                    for (int b = 2; b <= 64; b += 3)
                        for (int64_t t : {int64_t{1}, int64_t{2}, int64_t{5}, int64_t{b}})
                            for (bool beside : {false, true}) {
                                const Launch l = launch_for(b, t, n, k, beside, sms);
                                const int segments = segments_of(k);
                                const QString at = QString("B%1 T%2 N%3 K%4 SMs %5")
                                                       .arg(b)
                                                       .arg(t)
                                                       .arg(n)
                                                       .arg(k)
                                                       .arg(sms);
                                QVERIFY2(l.grid.kseg * l.grid.ksplit >= segments, qPrintable(at));
                                QVERIFY2((l.grid.ksplit - 1) * l.grid.kseg < segments,
                                         qPrintable(at));
                                QVERIFY2(l.grid.kseg == 1 ||
                                             l.grid.kseg * l.shape.group_rows <= kc::kPlaneBudget,
                                         qPrintable(at));
                                const int slots =
                                    kc::planes_ctas_per_sm(l.shape.unit_rows, l.shape.lines) * sms;
                                // The fewest CTAs along K the plane budget allows.
                                const int most_kseg =
                                    std::max(1, kc::kPlaneBudget / l.shape.group_rows);
                                const int fewest = (segments + most_kseg - 1) / most_kseg;
                                if (l.grid.tile_groups * fewest <= slots)
                                    QVERIFY2(l.grid.tile_groups * l.grid.ksplit <= slots,
                                             qPrintable(at + " takes a second wave"));
                                QVERIFY2(l.shape.group_rows >= 1 && l.shape.group_rows <= b,
                                         qPrintable(at));
                                if (l.shape.unit_rows != 1)
                                    QVERIFY2(
                                        l.shape.group_rows <=
                                            std::max(
                                                kc::kPlanesMaxGroupRows,
                                                kc::planes_rule(b, t, n, k, beside).group_rows),
                                        qPrintable(at));
                                ++checked;
                            }
        QVERIFY(checked > 1000);
    }

    // The shapes the thirty-first run measured fastest on the H100 (132 SMs).
    void measured_shapes() {
        // 16 rows of 8 tenants over 11008 x 4096: groups of 4 made 344 CTAs (1.3 waves); groups
        // of 8 make 172, the whole of K each.
        Launch l = launch_for(16, 8, 11008, 4096);
        QCOMPARE(l.shape.unit_rows, kc::kPlanesUnitRows);
        QCOMPARE(l.shape.group_rows, 8);
        QCOMPARE(l.grid.tile_groups, 172);
        QCOMPARE(l.grid.ksplit, 1);
        // Over 4096 x 11008: 2 CTAs along K of 11 segments (3 of 8 filled the SMs: 384 CTAs).
        l = launch_for(16, 8, 4096, 11008);
        QCOMPARE(l.shape.group_rows, 4);
        QCOMPARE(l.grid.tile_groups * l.grid.ksplit, 256);
        QCOMPARE(l.grid.kseg, 11);
        // 32 rows of 8 at 4096 x 4096: one CTA along K (two made 512 CTAs).
        l = launch_for(32, 8, 4096, 4096);
        QCOMPARE(l.grid.tile_groups, 256);
        QCOMPARE(l.grid.ksplit, 1);
        // 64 rows at 4096 x 4096: groups of 8, 256 CTAs (groups of 4 made 512).
        for (int64_t t : {4, 16, 64}) {
            l = launch_for(64, t, 4096, 4096);
            QCOMPARE(l.shape.group_rows, 8);
            QCOMPARE(l.grid.tile_groups * l.grid.ksplit, 256);
        }
        // 16 rows of 16 tenants keep one-row units in one group over the larger weights.
        l = launch_for(16, 16, 11008, 4096);
        QCOMPARE(l.shape.unit_rows, 1);
        QCOMPARE(l.shape.group_rows, 16);
    }

    // Beside the base GEMM over N > K, 8-row groups (fewer CTAs); alone, groups of 4. Four rows
    // per tenant take groups of 8 past 32 rows only where N <= K.
    void groups_follow_the_gemm_and_the_weight() {
        QCOMPARE(launch_for(32, 16, 11008, 4096, true).shape.group_rows, 8);
        QCOMPARE(launch_for(32, 16, 11008, 4096, false).shape.group_rows, 4);
        QCOMPARE(launch_for(32, 8, 11008, 4096, false).shape.group_rows, 8);
        QCOMPARE(launch_for(32, 8, 4096, 11008, false).shape.group_rows, 4);
        QCOMPARE(launch_for(64, 16, 4096, 11008, false).shape.group_rows, 8);
        QCOMPARE(launch_for(64, 64, 4096, 11008, false).shape.group_rows, 4);
    }
};

QTEST_APPLESS_MAIN(TestKernelsPlanesGrid)
#include "test_kernels_planes_grid.moc"
