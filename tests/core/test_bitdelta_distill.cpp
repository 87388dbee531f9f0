// Scale distillation and merging on tiny checkpoints: distillation lowers the logit MSE against the
// fine-tune, is deterministic for a seed on CPU, trains only the scales; the exported (merged)
// model's logits equal those of base + alpha * sign(delta) built densely; self-sampled calibration
// works.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "common/error.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "model/decoder.h"
#include "tiny_checkpoint.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <QtTest/QtTest>

#include <filesystem>

using namespace bitdelta;
namespace fs = std::filesystem;

namespace {

struct TinyPair {
    test::TempDir tmp{"bd-distill"};
    std::string base, ft, calib;
    TinyPair() {
        test::TinySpec spec;
        spec.vocab = 0;
        spec.tokenizer_dir = test::test_data_dir() + "/tokenizers/bytelevel";
        spec.hidden = 48;
        spec.intermediate = 80;
        base = tmp.file("base");
        ft = tmp.file("ft");
        test::write_tiny_checkpoint(base, spec);
        test::write_tiny_finetune(base, ft, 0.02, 11);
        calib = test::write_calibration_text(tmp.file("calib.txt"));
    }
};

std::vector<double> scales_of(const std::string& pkg_dir) {
    DeltaPackage pkg = DeltaPackage::open(pkg_dir);
    std::vector<double> out;
    for (const auto& n : compressed_weight_names(pkg.config()))
        out.push_back(pkg.scale(n));
    return out;
}

}  // namespace

class TestBitdeltaDistill : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void distillationLowersLogitMse() {
        TinyPair pair;
        std::vector<double> losses;
        const auto settings = test::tiny_compress_settings(pair.calib, 30);
        PackageReport r =
            compress(pair.base, pair.ft, pair.tmp.file("p.bitdelta"), settings, Progress::silent(),
                     [&](int64_t step, int64_t total, double loss, double lr) {
                         QCOMPARE(total, int64_t{30});
                         QCOMPARE(step, static_cast<int64_t>(losses.size()) + 1);
                         QVERIFY(lr > 0 && lr <= 5e-4);
                         losses.push_back(loss);
                     });
        QCOMPARE(losses.size(), size_t{30});
        QCOMPARE(r.distill.loss, losses);
        QVERIFY(r.distill.final_loss <= r.distill.initial_loss);
        QCOMPARE(r.calibration_source, pair.calib);
        QVERIFY(r.matrices.front().output_error >= 0);

        // On the calibration set, the distilled scales give a lower logit MSE than mean|delta|.
        Checkpoint base = Checkpoint::open(pair.base), ft = Checkpoint::open(pair.ft);
        auto model = DecoderModel::load(ft, LoadOptions{});
        const auto names = compressed_weight_names(ft.config());
        DeltaPackage pkg = DeltaPackage::open(pair.tmp.file("p.bitdelta"));
        std::vector<at::Tensor> packed;
        std::vector<double> init, final_scales;
        for (size_t i = 0; i < names.size(); ++i) {
            packed.push_back(pkg.signs(names[i]));
            init.push_back(r.matrices[i].alpha_init);
            final_scales.push_back(pkg.scale(names[i]));
        }
        DistillSession session(*model, names, base.weights(), packed, init);
        auto calib =
            load_calibration(pair.calib, pair.ft, model.get(), 8, 24, 42, Progress::silent());
        const double mse_init = logit_mse(session, init, calib.sequences, 4);
        const double mse_final = logit_mse(session, final_scales, calib.sequences, 4);
        QVERIFY2(mse_final < mse_init,
                 qPrintable(QString("%1 vs %2").arg(mse_final).arg(mse_init)));
        // Only scales trained: kept tensors are the fine-tune's, bit for bit.
        QVERIFY(at::equal(pkg.kept("model.norm.weight"), ft.weights().tensor("model.norm.weight")));
    }

    void deterministicForSeed() {
        TinyPair pair;
        const auto settings = test::tiny_compress_settings(pair.calib, 8);
        PackageReport a =
            compress(pair.base, pair.ft, pair.tmp.file("a.bitdelta"), settings, Progress::silent());
        PackageReport b =
            compress(pair.base, pair.ft, pair.tmp.file("b.bitdelta"), settings, Progress::silent());
        QCOMPARE(a.distill.loss, b.distill.loss);
        QCOMPARE(scales_of(pair.tmp.file("a.bitdelta")), scales_of(pair.tmp.file("b.bitdelta")));
    }

    void selfCalibration() {
        TinyPair pair;
        auto settings = test::tiny_compress_settings("self", 3);
        settings.distill.seq_len = 12;
        PackageReport r =
            compress(pair.base, pair.ft, pair.tmp.file("s.bitdelta"), settings, Progress::silent());
        QVERIFY2(r.calibration_source.rfind("self", 0) == 0, r.calibration_source.c_str());
        QCOMPARE(r.distill.loss.size(), size_t{3});
        PackageReport again =
            compress(pair.base, pair.ft, pair.tmp.file("t.bitdelta"), settings, Progress::silent());
        QCOMPARE(again.distill.loss, r.distill.loss);  // sampling is seeded
    }

    void exportMatchesDenseMerge() {
        TinyPair pair;
        auto settings = test::tiny_compress_settings(pair.calib, 5);
        compress(pair.base, pair.ft, pair.tmp.file("p.bitdelta"), settings, Progress::silent());
        export_merged(pair.tmp.file("p.bitdelta"), pair.base, pair.tmp.file("merged"),
                      Progress::silent());
        QVERIFY(fs::exists(pair.tmp.file("merged") + "/model.safetensors"));
        QVERIFY(fs::exists(pair.tmp.file("merged") + "/tokenizer.json"));
        QVERIFY(fs::exists(pair.tmp.file("merged") + "/config.json"));
        // Refuses to overwrite.
        QVERIFY_THROWS_EXCEPTION(Error, export_merged(pair.tmp.file("p.bitdelta"), pair.base,
                                                      pair.tmp.file("merged"), Progress::silent()));

        // Dense reference: W_base + alpha * sign(W_ft - W_base), everything else from the
        // fine-tune.
        Checkpoint base = Checkpoint::open(pair.base), ft = Checkpoint::open(pair.ft);
        DeltaPackage pkg = DeltaPackage::open(pair.tmp.file("p.bitdelta"));
        const auto names = compressed_weight_names(ft.config());
        std::set<std::string> compressed(names.begin(), names.end());
        std::map<std::string, at::Tensor> dense;
        for (const auto& n : ft.weights().names()) {
            at::Tensor f = ft.weights().tensor(n).to(at::kFloat);
            if (compressed.count(n)) {
                at::Tensor b = base.weights().tensor(n).to(at::kFloat);
                at::Tensor d = f - b;
                dense[n] = b + static_cast<double>(pkg.scale(n)) *
                                   at::where(d > 0, at::ones_like(d), -at::ones_like(d));
            } else {
                dense[n] = f;
            }
        }
        WeightSource source;
        source.where = "dense reference";
        source.contains = [&](const std::string& n) { return dense.count(n) > 0; };
        source.get = [&](const std::string& n, const std::vector<int64_t>&) { return dense.at(n); };
        auto reference = DecoderModel::load(ft.config(), source, LoadOptions{});
        auto merged = DecoderModel::load(Checkpoint::open(pair.tmp.file("merged")), LoadOptions{});
        at::NoGradGuard no_grad;
        const std::vector<int64_t> ids = {1, 17, 42, 99, 3, 250, 7, 8, 64, 5};
        at::Tensor a = merged->logits(ids), b = reference->logits(ids);
        QVERIFY2(at::allclose(a, b, 1e-5, 1e-5),
                 qPrintable(QString::number((a - b).abs().max().item<double>())));
        // And both differ from the plain fine-tune (the check can fail).
        auto finetune = DecoderModel::load(ft, LoadOptions{});
        QVERIFY(!at::allclose(finetune->logits(ids), b, 1e-5, 1e-5));
    }
};

QTEST_GUILESS_MAIN(TestBitdeltaDistill)
#include "test_bitdelta_distill.moc"
