// Delta packages end to end on tiny checkpoints: packing round trip for awkward shapes, scale init,
// bit-exact reload, validation of damaged packages and wrong bases, grown vocabularies, atomic
// cancel, report.json round trip.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "bitdelta/report.h"
#include "bitdelta_kernels.h"
#include "common/error.h"
#include "io/checkpoint.h"
#include "io/safetensors.h"
#include "tiny_checkpoint.h"

#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>

using namespace bitdelta;
namespace fs = std::filesystem;

namespace {

CompressSettings no_model_settings() {
    CompressSettings s;
    s.device = "cpu";
    s.distill.steps = 0;
    s.diagnostic_sequences = 0;
    s.svd_max_rank = 8;
    return s;
}

at::Tensor dense_delta(const std::string& base, const std::string& ft, const std::string& name) {
    auto b = WeightSet::open_dir(base), f = WeightSet::open_dir(ft);
    return f.tensor(name).to(at::kFloat) - b.tensor(name).to(at::kFloat);
}

}  // namespace

class TestBitdeltaPackage : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void roundTrip_data() {
        QTest::addColumn<int>("hidden");
        QTest::addColumn<int>("intermediate");
        QTest::addColumn<int>("heads");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("family");
        QTest::newRow("aligned llama") << 64 << 128 << 4 << 2 << int(ArchFamily::Llama);
        QTest::newRow("K%32!=0") << 40 << 72 << 4 << 2 << int(ArchFamily::Llama);
        QTest::newRow("tiny K<32") << 12 << 20 << 2 << 1 << int(ArchFamily::Llama);
        QTest::newRow("qwen2 biases") << 48 << 100 << 4 << 4 << int(ArchFamily::Qwen2);
        QTest::newRow("mistral") << 36 << 33 << 3 << 1 << int(ArchFamily::Mistral);
    }
    void roundTrip() {
        QFETCH(int, hidden);
        QFETCH(int, intermediate);
        QFETCH(int, heads);
        QFETCH(int, kvHeads);
        QFETCH(int, family);
        test::TempDir tmp("bd-pkg");
        test::TinySpec spec;
        spec.family = static_cast<ArchFamily>(family);
        spec.hidden = hidden;
        spec.intermediate = intermediate;
        spec.heads = heads;
        spec.kv_heads = kvHeads;
        spec.vocab = 64;
        const std::string base = tmp.file("base"), ft = tmp.file("ft"),
                          pkg_dir = tmp.file("ft.bitdelta");
        test::write_tiny_checkpoint(base, spec);
        test::write_tiny_finetune(base, ft, 0.01, 7);
        PackageReport report = compress(base, ft, pkg_dir, no_model_settings(), Progress::silent());

        DeltaPackage pkg = DeltaPackage::open(pkg_dir);
        Checkpoint ft_ckpt = Checkpoint::open(ft);
        const auto names = compressed_weight_names(ft_ckpt.config());
        QCOMPARE(pkg.compressed_names().size(), names.size());
        QCOMPARE(report.matrices.size(), names.size());
        for (size_t i = 0; i < names.size(); ++i) {
            const std::string& name = names[i];
            at::Tensor delta = dense_delta(base, ft, name);
            at::Tensor packed = pkg.signs(name);
            QCOMPARE(packed.size(1), (delta.size(1) + 31) / 32);
            // Padding bits are zero.
            const int64_t k = delta.size(1);
            if (k % 32) {
                const int32_t pad_mask = static_cast<int32_t>(~((1u << (k % 32)) - 1u));
                QCOMPARE(packed.select(1, packed.size(1) - 1)
                             .bitwise_and(pad_mask)
                             .abs()
                             .sum()
                             .item<int64_t>(),
                         0);
            }
            at::Tensor signs = kernels::unpack_signs(packed, k, at::kFloat);
            at::Tensor expected = at::where(delta > 0, at::ones_like(delta), -at::ones_like(delta));
            QVERIFY2(at::equal(signs, expected), name.c_str());
            // alpha = mean|delta| (DESIGN 1), fp32 in the file.
            const double alpha = delta.abs().to(at::kDouble).mean().item<double>();
            QVERIFY(std::abs(pkg.scale(name) - alpha) <= 1e-6 * alpha);
            QVERIFY(std::abs(report.matrices[i].alpha_init - alpha) <= 1e-9 * alpha);
            QCOMPARE(report.matrices[i].alpha_final, report.matrices[i].alpha_init);
            // Closed-form error statistics agree with the dense computation.
            const double err =
                (delta - signs * alpha).norm().item<double>() / delta.norm().item<double>();
            QVERIFY(std::abs(report.matrices[i].relative_error - err) < 1e-5);
            QVERIFY(report.matrices[i].svd_equal_storage_rank >= 1);
            QVERIFY(!report.matrices[i].singular_values.empty());
        }
        // Kept tensors: every non-linear tensor of the fine-tune, bit-exact, own dtype.
        std::set<std::string> compressed(names.begin(), names.end());
        size_t kept = 0;
        for (const auto& name : ft_ckpt.weights().names()) {
            if (compressed.count(name)) continue;
            ++kept;
            at::Tensor a = pkg.kept(name), b = ft_ckpt.weights().tensor(name);
            QCOMPARE(a.scalar_type(), b.scalar_type());
            QVERIFY2(at::equal(a, b), name.c_str());
        }
        QCOMPARE(pkg.kept_names().size(), kept);
        // Base fingerprint recorded and verified; report and tokenizer/config files present.
        pkg.verify_base(Checkpoint::open(base));
        QVERIFY(fs::exists(pkg_dir + "/config.json"));
        QVERIFY(fs::exists(pkg_dir + "/report.json"));
        // Reloads bit-exactly: a second compress writes identical tensors.
        compress(base, ft, tmp.file("again.bitdelta"), no_model_settings(), Progress::silent());
        auto a = SafetensorsFile::open(pkg_dir + "/delta.safetensors");
        auto b = SafetensorsFile::open(tmp.file("again.bitdelta") + "/delta.safetensors");
        QCOMPARE(a->names(), b->names());
        for (const auto& n : a->names())
            QVERIFY2(at::equal(a->tensor(n), b->tensor(n)), n.c_str());
    }

    void wrongBaseRefused() {
        test::TempDir tmp("bd-wrongbase");
        test::TinySpec spec;
        spec.vocab = 64;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        spec.seed = 2;
        test::write_tiny_checkpoint(tmp.file("other"), spec);
        test::write_tiny_finetune(tmp.file("base"), tmp.file("ft"), 0.01, 3);
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"), no_model_settings(),
                 Progress::silent());
        DeltaPackage pkg = DeltaPackage::open(tmp.file("p.bitdelta"));
        try {
            pkg.verify_base(Checkpoint::open(tmp.file("other")));
            QFAIL("another base was accepted");
        } catch (const Error& e) {
            const std::string msg = e.what();
            QVERIFY2(msg.find(tmp.file("p.bitdelta")) != std::string::npos, msg.c_str());
            QVERIFY2(msg.find(tmp.file("other")) != std::string::npos, msg.c_str());
        }
        QVERIFY_THROWS_EXCEPTION(Error, export_merged(tmp.file("p.bitdelta"), tmp.file("other"),
                                                      tmp.file("out"), Progress::silent()));
        QVERIFY(!fs::exists(tmp.file("out")));
    }

    void truncatedPackageRefused() {
        test::TempDir tmp("bd-trunc");
        test::TinySpec spec;
        spec.vocab = 64;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        test::write_tiny_finetune(tmp.file("base"), tmp.file("ft"), 0.01, 3);
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"), no_model_settings(),
                 Progress::silent());
        const std::string file = tmp.file("p.bitdelta") + "/delta.safetensors";
        fs::resize_file(file, fs::file_size(file) - 100);
        try {
            DeltaPackage::open(tmp.file("p.bitdelta"));
            QFAIL("a truncated package was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("delta.safetensors") != std::string::npos,
                     e.what());
        }
        // A package missing one signs tensor, and one whose signs have the wrong shape.
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("q.bitdelta"), no_model_settings(),
                 Progress::silent());
        const std::string qfile = tmp.file("q.bitdelta") + "/delta.safetensors";
        const std::string victim = "model.layers.1.mlp.up_proj.weight.signs";
        for (int variant = 0; variant < 2; ++variant) {
            std::map<std::string, std::string> md;
            std::vector<std::pair<std::string, at::Tensor>> tensors;
            {
                auto f = SafetensorsFile::open(qfile);
                md = f->metadata();
                for (const auto& n : f->names()) {
                    if (n == victim && variant == 0) continue;
                    at::Tensor t = f->tensor(n).clone();
                    if (n == victim) t = t.narrow(0, 0, t.size(0) - 1).clone();
                    tensors.emplace_back(n, t);
                }
            }
            write_safetensors(qfile, tensors, md);
            try {
                DeltaPackage::open(tmp.file("q.bitdelta"));
                QFAIL("a damaged package was accepted");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("up_proj.weight.signs") != std::string::npos,
                         e.what());
            }
        }
    }

    void mismatchedPairs_data() {
        QTest::addColumn<int>("what");
        QTest::addColumn<QString>("needle");
        QTest::newRow("shapes") << 0 << "intermediate_size";
        QTest::newRow("architecture") << 1 << "architecture";
        QTest::newRow("layers") << 2 << "num_hidden_layers";
    }
    void mismatchedPairs() {
        QFETCH(int, what);
        QFETCH(QString, needle);
        test::TempDir tmp("bd-mismatch");
        test::TinySpec spec;
        spec.vocab = 64;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        if (what == 0) spec.intermediate = 96;
        if (what == 1) spec.family = ArchFamily::Mistral;
        if (what == 2) spec.layers = 3;
        test::write_tiny_checkpoint(tmp.file("ft"), spec);
        const std::string why = check_pair(tmp.file("base"), tmp.file("ft"));
        QVERIFY2(why.find(needle.toStdString()) != std::string::npos, why.c_str());
        QVERIFY2(why.find(tmp.file("base")) != std::string::npos &&
                     why.find(tmp.file("ft")) != std::string::npos,
                 why.c_str());
        try {
            compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"), no_model_settings(),
                     Progress::silent());
            QFAIL("a mismatched pair was compressed");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()), why);
        }
        QVERIFY(!fs::exists(tmp.file("p.bitdelta")));
    }

    void grownVocabularyKeptWhole() {
        test::TempDir tmp("bd-vocab");
        test::TinySpec spec;
        spec.vocab = 64;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        test::write_tiny_finetune(tmp.file("base"), tmp.file("ft"), 0.01, 3, /*grow_vocab=*/true);
        QCOMPARE(check_pair(tmp.file("base"), tmp.file("ft")), std::string());
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"), no_model_settings(),
                 Progress::silent());
        DeltaPackage pkg = DeltaPackage::open(tmp.file("p.bitdelta"));
        QCOMPARE(pkg.kept("model.embed_tokens.weight").size(0), 64 + test::kGrownRows);
        QCOMPARE(pkg.kept("lm_head.weight").size(0), 64 + test::kGrownRows);
        QCOMPARE(pkg.config().vocab_size, 64 + test::kGrownRows);
        export_merged(tmp.file("p.bitdelta"), tmp.file("base"), tmp.file("merged"),
                      Progress::silent());
        auto merged = WeightSet::open_dir(tmp.file("merged"));
        QCOMPARE(merged.info("model.embed_tokens.weight").shape[0], 64 + test::kGrownRows);
    }

    void cancelLeavesNothing() {
        test::TempDir tmp("bd-cancel");
        test::TinySpec spec;
        spec.vocab = 64;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        test::write_tiny_finetune(tmp.file("base"), tmp.file("ft"), 0.01, 3);
        int updates = 0;
        Progress progress([&](const ProgressReport& r) {
            if (r.stage == "Computing deltas" && ++updates == 3) progress.request_cancel();
        });
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"),
                                          no_model_settings(), progress));
        QVERIFY(!fs::exists(tmp.file("p.bitdelta")));
        for (const auto& e : fs::directory_iterator(tmp.path()))
            QVERIFY2(e.path().filename().string().find(".tmp") == std::string::npos,
                     e.path().c_str());
        // Cancel during the write stage too.
        Progress late([&](const ProgressReport& r) {
            if (r.stage == "Writing package" && r.fraction > 0.5) late.request_cancel();
        });
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 compress(tmp.file("base"), tmp.file("ft"), tmp.file("p.bitdelta"),
                                          no_model_settings(), late));
        QVERIFY(!fs::exists(tmp.file("p.bitdelta")));
    }

    void reportRoundTrip() {
        PackageReport r;
        r.architecture = "LlamaForCausalLM";
        r.base_dir = "/b";
        r.finetune_dir = "/f";
        r.base_fingerprint = "0123456789abcdef";
        r.calibration_source = "self (sampled from the fine-tune)";
        r.settings_json = "{\"distill\":{\"steps\":3}}";
        MatrixReport m;
        m.name = "model.layers.1.mlp.down_proj.weight";
        m.layer = 1;
        m.kind = "down_proj";
        m.rows = 64;
        m.cols = 128;
        m.delta_norm = 1.5;
        m.alpha_init = 0.01;
        m.alpha_final = 0.012;
        m.relative_error = 0.6;
        m.relative_error_init = 0.61;
        m.cosine = 0.79;
        m.singular_values = {3, 2, 1};
        m.explained_variance = {0.5, 0.8, 0.9};
        m.svd_equal_storage_rank = 3;
        m.svd_equal_storage_error = 0.31;
        m.svd_ranks = {1, 2};
        m.svd_errors = {0.7, 0.45};
        m.output_error = 0.55;
        m.delta_histogram = {1, 5, 2};
        m.hist_min = -0.1;
        m.hist_max = 0.1;
        r.matrices = {m};
        r.distill.loss = {0.5, 0.4};
        r.distill.lr = {1e-4, 5e-5};
        r.distill.best_step = 2;
        r.distill.initial_loss = 0.5;
        r.distill.final_loss = 0.4;
        ModelEval e;
        e.text_source = "held.txt";
        e.loss_base = 3;
        e.loss_finetune = 2;
        e.loss_compressed = 2.1;
        e.gain_kept = 0.9;
        r.eval = e;
        r.package_bytes = 12345;
        const std::string text = report_to_json(r);
        PackageReport back = report_from_json(text, "mem");
        QCOMPARE(report_to_json(back), text);
        QCOMPARE(back.matrices[0].svd_errors, m.svd_errors);
        QCOMPARE(back.eval->gain_kept, 0.9);
        QVERIFY_THROWS_EXCEPTION(
            Error, report_from_json("{\"format_version\": 99, \"matrices\": []}", "x.json"));
        QVERIFY_THROWS_EXCEPTION(Error, report_from_json("{not json", "x.json"));
    }
};

QTEST_GUILESS_MAIN(TestBitdeltaPackage)
#include "test_bitdelta_package.moc"
