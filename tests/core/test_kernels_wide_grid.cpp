// The wide-batch kernel's grid (kernels/cuda/wide_grid.h) is host arithmetic, so its rules are
// checked here, where CI has no GPU: every split covers K in whole ring slabs with work for each
// CTA along K, never more CTAs along K than asked or than fill the slots; with a base the grid
// stays in one wave; and the filled grid replaces a fitted one where that left more than a quarter
// of the slots idle, at the shapes measured on the H100 (tests/bench/HISTORY.md, thirty-second
// run). Whether clusters of a size fit the GPU is the driver's answer (cluster_plan.h): the test
// takes the H100's answers as the runs reported them.
#include "cuda/wide_grid.h"

#include <QtTest/QtTest>

namespace kc = bitdelta::kernels::cuda;

namespace {

constexpr int kH100Slots = 132 * 2;  // two CTAs of the kernel per SM
constexpr int kMaxCluster = 8;

}  // namespace

class TestKernelsWideGrid : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void splits_cover_k_in_whole_slabs() {
        int checked = 0;
        for (int words = 1; words <= 400; words += 3)
            for (int tiles : {1, 7, 32, 86, 300})
                for (int slots : {46, 132, 228, kH100Slots})
                    for (int most : {1, 2, 7, kMaxCluster, 1 << 30}) {
                        const kc::WideSplit s = kc::wide_split(words, tiles, slots, most);
                        const QString at = QString("words %1 tiles %2 slots %3 most %4")
                                               .arg(words)
                                               .arg(tiles)
                                               .arg(slots)
                                               .arg(most);
                        QVERIFY2(s.kw > 0 && s.kw % kc::kWideSlabWords == 0, qPrintable(at));
                        QVERIFY2(s.kw * s.ksplit >= words, qPrintable(at + " leaves K uncovered"));
                        QVERIFY2((s.ksplit - 1) * s.kw < words,
                                 qPrintable(at + ": a CTA along K without work"));
                        QVERIFY2(s.ksplit >= 1 && s.ksplit <= most, qPrintable(at));
                        QVERIFY2(s.ksplit <= std::max(1, (slots + tiles - 1) / tiles),
                                 qPrintable(at + ": more CTAs along K than fill the slots"));
                        ++checked;
                    }
        QVERIFY(checked > 5000);
    }

    // With a base the CTAs along K come from the slots of one wave: whole row tiles, at least one
    // CTA each, and never past the slots where the row tiles fit them.
    void base_grid_takes_one_wave() {
        for (int tiles = 1; tiles <= 400; tiles += 5)
            for (int slots : {46, 132, 228, kH100Slots})
                for (int words : {1, 33, 128, 344}) {
                    const int wave = kc::wide_wave_slots(tiles, slots);
                    QCOMPARE(wave % tiles, 0);
                    QVERIFY(wave >= tiles);
                    const kc::WideSplit s = kc::wide_split(words, tiles, wave, kMaxCluster);
                    if (tiles <= slots)
                        QVERIFY2(tiles * s.ksplit <= slots,
                                 qPrintable(QString("tiles %1 slots %2 words %3: %4 along K")
                                                .arg(tiles)
                                                .arg(slots)
                                                .arg(words)
                                                .arg(s.ksplit)));
                }
    }

    void measured_grids() {
        // 11008 x 4096 (86 row tiles of 128 sign words): one wave is 3 along K, but the H100 does
        // not run 86 clusters of 3 at once, so the fitted grid is 2 (172 CTAs for 264 slots,
        // Nsight Compute). That leaves a third of the slots idle: the filled grid, 4 along K
        // (344 CTAs in clusters of 4), 6 % faster at 33-64 rows.
        const int wave = kc::wide_wave_slots(86, kH100Slots);
        QCOMPARE(kc::wide_split(128, 86, wave, kMaxCluster).ksplit, 3);
        const kc::WideSplit fitted = kc::wide_split(128, 86, wave, 2);
        QCOMPARE(fitted.ksplit, 2);
        QVERIFY(kc::wide_fill_pays(86, fitted.ksplit, kH100Slots));
        const kc::WideSplit filled = kc::wide_split(128, 86, kH100Slots, kMaxCluster);
        QCOMPARE(filled.ksplit, 4);
        QCOMPARE(filled.kw, 32);
        // The GPU test's case for it, 11000 x 1024 (86 row tiles of 32 words): 2 fitted, 4 filled.
        QVERIFY(kc::wide_fill_pays(86, kc::wide_split(32, 86, wave, 2).ksplit, kH100Slots));
        QCOMPARE(kc::wide_split(32, 86, kH100Slots, kMaxCluster).ksplit, 4);
        // 4096 x 4096 and 4096 x 11008 (32 row tiles): 8 along K fill the wave and 7 are fitted
        // (224 CTAs), which the filled grid leaves alone.
        for (int words : {128, 344}) {
            const int wave32 = kc::wide_wave_slots(32, kH100Slots);
            QCOMPARE(kc::wide_split(words, 32, wave32, kMaxCluster).ksplit, 8);
            const kc::WideSplit seven = kc::wide_split(words, 32, wave32, 7);
            QCOMPARE(seven.ksplit, 7);
            QVERIFY(!kc::wide_fill_pays(32, seven.ksplit, kH100Slots));
        }
    }
};

QTEST_APPLESS_MAIN(TestKernelsWideGrid)
#include "test_kernels_wide_grid.moc"
