// Compression on CUDA agrees with the CPU: identical packed signs and scales (to fp32 rounding) for
// a tiny pair, and bf16 scale distillation on the GPU runs and keeps finite, non-increasing best
// losses.
#include "bitdelta/compress.h"
#include "bitdelta/internal.h"
#include "bitdelta/package.h"
#include "bitdelta_kernels.h"
#include "tiny_checkpoint.h"

#include <ATen/ATen.h>

#include "gpu_test_main.h"

#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

using namespace bitdelta;

class TestBitdeltaCuda : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void cudaMatchesCpu() {
        if (!at::hasCUDA() || !kernels::cuda_available()) QSKIP("no CUDA device");
        test::TempDir tmp("bd-cuda");
        test::TinySpec spec;
        spec.vocab = 0;
        spec.tokenizer_dir = test::test_data_dir() + "/tokenizers/bytelevel";
        spec.hidden = 72;
        spec.intermediate = 136;
        spec.dtype = at::kBFloat16;
        test::write_tiny_checkpoint(tmp.file("base"), spec);
        test::write_tiny_finetune(tmp.file("base"), tmp.file("ft"), 0.01, 5);
        CompressSettings s;
        s.distill.steps = 0;
        s.diagnostic_sequences = 0;
        s.device = "cpu";
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("cpu.bitdelta"), s, Progress::silent());
        s.device = "cuda";
        compress(tmp.file("base"), tmp.file("ft"), tmp.file("cuda.bitdelta"), s,
                 Progress::silent());
        DeltaPackage a = DeltaPackage::open(tmp.file("cpu.bitdelta")),
                     b = DeltaPackage::open(tmp.file("cuda.bitdelta"));
        for (const auto& n : a.compressed_names()) {
            QVERIFY2(at::equal(a.signs(n), b.signs(n)), n.c_str());
            QVERIFY(std::abs(a.scale(n) - b.scale(n)) <= 1e-6f * a.scale(n));
        }

        // Distillation in bf16 on the GPU.
        {
            std::ofstream calib(tmp.file("calib.txt"));
            for (int i = 0; i < 200; ++i)
                calib << "Scale distillation on the GPU, line " << i << ".\n";
        }
        s.distill.steps = 10;
        s.distill.lr = 5e-4;
        s.distill.seq_len = 32;
        s.distill.calibration = tmp.file("calib.txt");
        s.diagnostic_sequences = 2;
        PackageReport r = compress(tmp.file("base"), tmp.file("ft"), tmp.file("d.bitdelta"), s,
                                   Progress::silent());
        QCOMPARE(r.distill.loss.size(), size_t{10});
        for (double l : r.distill.loss)
            QVERIFY(std::isfinite(l));
        QVERIFY(r.distill.final_loss <= r.distill.initial_loss);
        QVERIFY(r.matrices.front().output_error >= 0);
    }
};

BITDELTA_GPU_TEST_MAIN(TestBitdeltaCuda, at::hasCUDA() && bitdelta::kernels::cuda_available())
#include "test_bitdelta_cuda.moc"
