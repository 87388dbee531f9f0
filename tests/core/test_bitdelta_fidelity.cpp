// Fidelity on a real trained pair (resources/demo, DESIGN 5): BitDelta with scale distillation on
// the fine-tune's calibration text keeps >= 95% of the fine-tune's held-out gain, distillation
// lowers both the logit MSE and the held-out loss relative to mean|delta| scales, and the rank-16
// SVD delta baseline is reported and keeps less of the gain.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "io/checkpoint.h"
#include "model/decoder.h"
#include "tiny_checkpoint.h"

#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include <filesystem>

using namespace bitdelta;
namespace fs = std::filesystem;

class TestBitdeltaFidelity : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void demoPairKeepsTheGain_data() {
        QTest::addColumn<QString>("finetune");
        QTest::newRow("scripture") << "scripture";
        QTest::newRow("jargon") << "jargon";
    }
    void demoPairKeepsTheGain() {
        QFETCH(QString, finetune);
        const std::string demo = std::string(BITDELTA_SOURCE_DIR) + "/resources/demo";
        const std::string name = finetune.toStdString();
        // Fails loudly when the demo models are missing: this test must never pass vacuously.
        QVERIFY2(fs::exists(demo + "/base/model.safetensors"), "resources/demo/base is missing");
        QVERIFY2(fs::exists(demo + "/" + name + "/model.safetensors"),
                 "the demo fine-tune is missing");
        test::TempDir tmp("bd-fidelity");
        CompressSettings s;  // the paper's settings: 200 steps, batch 4, seq 128, AdamW 1e-4 cosine
        s.device = "cpu";
        s.distill.calibration = demo + "/calib/" + name + ".txt";
        s.eval_text = demo + "/heldout/" + name + ".txt";
        s.diagnostic_sequences = 4;
        const std::string pkg_dir = tmp.file(name + ".bitdelta");
        PackageReport r =
            compress(demo + "/base", demo + "/" + name, pkg_dir, s, Progress::silent());
        QVERIFY(r.eval.has_value());
        const ModelEval& e = *r.eval;
        qInfo(
            "%s: base %.4f fine-tune %.4f compressed %.4f (init %.4f) svd16 %.4f; gain kept %.3f "
            "(init %.3f), "
            "svd16 %.3f; logit MSE %.5g -> %.5g",
            name.c_str(), e.loss_base, e.loss_finetune, e.loss_compressed, e.loss_compressed_init,
            e.loss_svd16, e.gain_kept,
            (e.loss_base - e.loss_compressed_init) / (e.loss_base - e.loss_finetune),
            e.gain_kept_svd16, r.distill.initial_loss, r.distill.final_loss);
        QVERIFY(e.loss_base > e.loss_finetune);
        QVERIFY2(e.gain_kept >= 0.95, qPrintable(QString("gain kept %1").arg(e.gain_kept)));
        QVERIFY2(e.loss_compressed < e.loss_compressed_init,
                 "distillation did not lower the held-out loss");
        QVERIFY(e.loss_svd16 > 0);
        QVERIFY2(e.gain_kept_svd16 < e.gain_kept,
                 qPrintable(QString("svd16 %1").arg(e.gain_kept_svd16)));

        // Logit MSE on held-out text, initial vs distilled scales.
        Checkpoint base = Checkpoint::open(demo + "/base"),
                   ft = Checkpoint::open(demo + "/" + name);
        auto model = DecoderModel::load(ft, LoadOptions{});
        DeltaPackage pkg = DeltaPackage::open(pkg_dir);
        const auto names = compressed_weight_names(ft.config());
        std::vector<at::Tensor> packed;
        std::vector<double> init, distilled;
        for (size_t i = 0; i < names.size(); ++i) {
            packed.push_back(pkg.signs(names[i]));
            init.push_back(r.matrices[i].alpha_init);
            distilled.push_back(pkg.scale(names[i]));
        }
        DistillSession session(*model, names, base.weights(), packed, init);
        auto held = load_text_sequences(s.eval_text, demo + "/" + name, 128, 16);
        const double mse_init = logit_mse(session, init, held, 4);
        const double mse_final = logit_mse(session, distilled, held, 4);
        qInfo("held-out logit MSE %.5g -> %.5g", mse_init, mse_final);
        QVERIFY(mse_final < mse_init);
        // The report carries every diagnostic the Inspect page shows.
        const MatrixReport& m = r.matrices.front();
        QVERIFY(m.output_error >= 0 && m.output_error < 1.5);
        QCOMPARE(m.svd_equal_storage_rank, equal_storage_rank(m.rows, m.cols));
        QCOMPARE(m.explained_variance.size(), m.singular_values.size());
    }
};

QTEST_GUILESS_MAIN(TestBitdeltaFidelity)
#include "test_bitdelta_fidelity.moc"
