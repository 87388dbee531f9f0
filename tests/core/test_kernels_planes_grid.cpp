// The bit-plane delta kernel's launch shape (kernels/cuda/planes_grid.h) is host arithmetic, so
// its rules are checked here, where CI has no GPU: the grid stays in one wave wherever the row
// tiles, groups and plane budget allow, covers K with evenly spread segments within each CTA's
// plane budget, and picks the shapes measured fastest on the H100 (tests/bench/HISTORY.md,
// thirty-first run). The SM split beside the base GEMM (kernels/cuda/sm_split.h) likewise.
#include "cuda/planes_grid.h"
#include "cuda/sm_split.h"

#include <QtTest/QtTest>

namespace kc = bitdelta::kernels::cuda;

namespace {

constexpr int kH100Sms = 132;

struct Launch {
    kc::PlanesShape shape;
    kc::PlanesGrid grid;
};

// What launch_delta_planes asks for, without the benchmark knobs.
Launch launch_for(int b, int64_t tenants, int n, int k, bool beside_gemm = false,
                  int sms = kH100Sms) {
    const int segments = kc::planes_segments(k);
    const kc::PlanesShape shape = kc::planes_fit(kc::planes_rule(b, tenants, n, k, beside_gemm), b,
                                                 tenants, n, segments, sms);
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
        for (int sms : {132, 114, 100, 46})
            for (int n : {33, 700, 4096, 11008})
                for (int k : {40, 1032, 4096, 11008})
                    for (int b = 2; b <= 64; b += 3)
                        for (int64_t t : {int64_t{1}, int64_t{2}, int64_t{5}, int64_t{b}})
                            for (bool beside : {false, true}) {
                                const Launch l = launch_for(b, t, n, k, beside, sms);
                                const int segments = kc::planes_segments(k);
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
        // Over 4096 x 11008: one tenant's 2 rows a group over all 22 segments, 256 CTAs (groups
        // of 4 in 2 CTAs along K of 11 segments added up through the workspace).
        l = launch_for(16, 8, 4096, 11008);
        QCOMPARE(l.shape.group_rows, 2);
        QCOMPARE(l.grid.tile_groups, 256);
        QCOMPARE(l.grid.ksplit, 1);
        QCOMPARE(l.grid.kseg, 22);
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

    // One or two whole tenants over all of K where that takes one wave with no fewer CTAs
    // (tests/bench/HISTORY.md, thirty-fifth run): 16 rows of 8 and of 16 at 4096 x 4096 in groups
    // of 2 rows (256 CTAs, 4 along K before); 16 of 16 over 4096 x 11008 keeps its 11 CTAs along K
    // (groups of 2 would make 256 CTAs for 352).
    void whole_tenants_over_all_of_k() {
        for (int64_t t : {8, 16}) {
            const Launch l = launch_for(16, t, 4096, 4096);
            QCOMPARE(l.shape.group_rows, 2);
            QCOMPARE(l.shape.unit_rows, t == 16 ? 1 : kc::kPlanesUnitRows);
            QCOMPARE(l.grid.tile_groups, 256);
            QCOMPARE(l.grid.ksplit, 1);
        }
        const Launch kept = launch_for(16, 16, 4096, 11008);
        QCOMPARE(kept.shape.group_rows, 16);
        QCOMPARE(kept.grid.ksplit, 11);
        // Over 11008 x 4096: 8 of 8 in groups of 2 and 4 of 4 in groups of 1 (344 CTAs, 4 along K
        // before); 16 of 16 would need groups of 4 tenants, which lost, and keeps its clusters.
        for (int b : {4, 8}) {
            const Launch l = launch_for(b, b, 11008, 4096);
            QCOMPARE(l.shape.group_rows, b / 4);
            QCOMPARE(l.grid.tile_groups, 344);
            QCOMPARE(l.grid.ksplit, 1);
        }
        QCOMPARE(launch_for(16, 16, 11008, 4096).grid.ksplit, 4);
        // Never a group that splits a tenant's rows, and never a split along K added to a grid
        // that had none.
        int changed = 0;
        for (int n : {4096, 11008})
            for (int k : {4096, 11008})
                for (int b = 2; b <= 64; ++b)
                    for (int64_t t = 1; t <= b; ++t) {
                        const int segments = kc::planes_segments(k);
                        const kc::PlanesShape rule = kc::planes_rule(b, t, n, k);
                        const kc::PlanesShape before =
                            kc::planes_fit(rule, b, t, n, segments, kH100Sms, false);
                        const kc::PlanesShape after =
                            kc::planes_fit(rule, b, t, n, segments, kH100Sms);
                        if (after.group_rows == before.group_rows) continue;
                        const int per_tenant = static_cast<int>((b + t - 1) / t);
                        QCOMPARE(after.group_rows % per_tenant, 0);
                        QVERIFY(after.group_rows <= 2 * per_tenant);
                        QCOMPARE(kc::planes_grid(after, b, n, segments, kH100Sms).ksplit, 1);
                        QVERIFY(kc::planes_grid(before, b, n, segments, kH100Sms).ksplit > 1);
                        ++changed;
                    }
        QVERIFY(changed > 10);  // the sweep reaches the rule, not only its measured rows
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

    // The GEMM beside the delta planned for 32 of the H100's 132 SMs where that measured faster
    // (tests/bench/README.md, thirty-ninth run), and for all elsewhere.
    void gemm_sms_beside_the_delta() {
        const auto split = [](bool planes, int b, int64_t t, int n, int k) {
            return kc::split_gemm_sms(planes, b, t, n, k, kH100Sms);
        };
        // The bit-plane kernel's grid leaves the GEMM 32 SMs' slots: 16 of 8 / 12 over 11008 x
        // 4096 (172 CTAs of 264 slots), 16 of 16 at 4096 x 4096 (256 of 396), 24 of 12, 33 and 48
        // rows there (160-192 of 264).
        for (auto [b, t] : {std::pair{16, 8}, std::pair{16, 12}})
            QCOMPARE(split(true, b, t, 11008, 4096), 32);
        for (auto [b, t] :
             {std::pair{16, 16}, std::pair{24, 12}, std::pair{33, 16}, std::pair{48, 32}})
            QCOMPARE(split(true, b, t, 4096, 4096), 32);
        // Several waves over the larger weights: 32-64 rows over 11008 x 4096, 24-64 over 4096 x
        // 11008.
        for (int b : {32, 33, 48, 64})
            QCOMPARE(split(true, b, 16, 11008, 4096), 32);
        for (int b : {24, 32, 48, 64})
            QCOMPARE(split(true, b, 12, 4096, 11008), 32);
        // A full one-wave grid: 32 and 64 rows at 4096 x 4096, 16 of 16 over the larger weights,
        // 16 of 8 at 4096 x 4096 and over 4096 x 11008 (256 CTAs of 264 slots).
        QCOMPARE(split(true, 32, 16, 4096, 4096), 0);
        QCOMPARE(split(true, 64, 16, 4096, 4096), 0);
        QCOMPARE(split(true, 16, 16, 11008, 4096), 0);
        QCOMPARE(split(true, 16, 16, 4096, 11008), 0);
        QCOMPARE(split(true, 16, 8, 4096, 4096), 0);
        QCOMPARE(split(true, 16, 8, 4096, 11008), 0);
        // The many-row kernel: 17-64 rows of 3 tenants or more over the larger weights only.
        QCOMPARE(split(false, 24, 4, 11008, 4096), 32);
        QCOMPARE(split(false, 48, 8, 4096, 11008), 32);
        QCOMPARE(split(false, 33, 8, 4096, 4096), 0);
        QCOMPARE(split(false, 24, 2, 11008, 4096), 0);
        QCOMPARE(split(false, 16, 4, 11008, 4096), 0);
        // Below 16 rows none.
        QCOMPARE(split(true, 8, 8, 11008, 4096), 0);
        // Any GPU: a multiple of 8 SMs, at most a quarter of them; none below 32 SMs.
        for (int sms = 1; sms <= 200; ++sms) {
            const int gemm = kc::split_gemm_sms(true, 64, 16, 11008, 4096, sms);
            QCOMPARE(gemm % 8, 0);
            QVERIFY(gemm <= sms / 4);
            QCOMPARE(gemm == 0, sms < 32);
        }
    }
};

QTEST_APPLESS_MAIN(TestKernelsPlanesGrid)
#include "test_kernels_planes_grid.moc"
