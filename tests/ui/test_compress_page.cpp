// Drives the real studio window: drops checkpoint folders on the Compress page, checks what is
// recognised and every error path, compresses with a few distillation steps while measuring the
// event loop's longest stall, and checks that Inspect then shows the package's report.
#include "ui_test_support.h"

#include "axis_ticks.h"

#include "ui/main_window.h"
#include "ui/settings.h"
#include "ui/models/matrix_table_model.h"
#include "ui/pages/compress_page.h"
#include "ui/pages/inspect_page.h"
#include "ui/widgets/drop_zone.h"
#include "ui/widgets/plot_view.h"

#include <QElapsedTimer>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace bitdelta;
using namespace bitdelta::ui;

class TestCompressPage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        uitest::isolate(settingsDir_.path());
        models_ = std::make_unique<uitest::TinyModels>();
    }

    void init() { ErrorReporter::instance().clear(); }

    void dropRecognisesCheckpoints() {
        MainWindow w;
        CompressPage* page = w.compressPage();
        QVERIFY(uitest::dropFolder(page->baseZone(), models_->q(models_->base)));
        QVERIFY(uitest::dropFolder(page->finetuneZone(), models_->q(models_->ft)));
        QTRY_COMPARE_WITH_TIMEOUT(page->baseZone()->state(), DropZone::State::Ready, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(page->finetuneZone()->state(), DropZone::State::Ready, 20000);
        const QString details = page->baseZone()->detailsText();
        QVERIFY2(details.contains(QStringLiteral("LlamaForCausalLM")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("2 layers, hidden 48")), qPrintable(details));
        QVERIFY2(details.contains(QStringLiteral("float32")) ||
                     details.contains(QStringLiteral("F32")) ||
                     details.contains(QStringLiteral("fp32")),
                 qPrintable(details));
        QCOMPARE(page->baseZone()->info().hasChatTemplate, true);
        QVERIFY(!page->baseZone()->info().tokenizerKind.isEmpty());
        QVERIFY(page->baseZone()->info().parameters > 0);
        QTRY_VERIFY_WITH_TIMEOUT(page->pairChecked(), 20000);
        QVERIFY2(page->pairProblem().isEmpty(), qPrintable(page->pairProblem()));
        QVERIFY(page->compressButton()->isEnabled());
        QVERIFY(page->outputPath().endsWith(QStringLiteral("finetune.bitdelta")));
        QCOMPARE(ErrorReporter::instance().count(), 0);
    }

    void dropRejectsFiles() {
        MainWindow w;
        // A file is not a checkpoint folder: the zone refuses the drag itself.
        QVERIFY(!uitest::dropFolder(w.compressPage()->baseZone(), models_->q(models_->calib)));
        QCOMPARE(w.compressPage()->baseZone()->state(), DropZone::State::Empty);
    }

    void wrongFolderShowsExactCause() {
        MainWindow w;
        CompressPage* page = w.compressPage();
        QVERIFY(uitest::dropFolder(page->baseZone(), models_->q(models_->notCheckpoint)));
        QTRY_COMPARE_WITH_TIMEOUT(page->baseZone()->state(), DropZone::State::Invalid, 20000);
        QCOMPARE(ErrorReporter::instance().count(), 1);
        QCOMPARE(ErrorReporter::instance().lastTitle(), QStringLiteral("Not a usable base model"));
        const QString msg = ErrorReporter::instance().lastMessage();
        QVERIFY2(msg.contains(models_->q(models_->notCheckpoint)), qPrintable(msg));
        QVERIFY2(msg.contains(QStringLiteral("config.json")), qPrintable(msg));
        QVERIFY2(page->baseZone()->detailsText().contains(QStringLiteral("config.json")),
                 qPrintable(page->baseZone()->detailsText()));
        QVERIFY(!page->compressButton()->isEnabled());
    }

    void mismatchedPairIsRefused() {
        MainWindow w;
        CompressPage* page = w.compressPage();
        page->setBaseDir(models_->q(models_->base));
        page->setFinetuneDir(models_->q(models_->other));
        QTRY_VERIFY_WITH_TIMEOUT(page->pairChecked(), 20000);
        QVERIFY(!page->pairProblem().isEmpty());
        QCOMPARE(ErrorReporter::instance().lastTitle(), QStringLiteral("Checkpoints do not match"));
        QVERIFY2(ErrorReporter::instance().lastMessage().contains(page->pairProblem()),
                 qPrintable(ErrorReporter::instance().lastMessage()));
        // The reason names the shapes that differ.
        QVERIFY2(page->pairProblem().contains(QStringLiteral("48")) &&
                     page->pairProblem().contains(QStringLiteral("64")),
                 qPrintable(page->pairProblem()));
        QVERIFY(!page->compressButton()->isEnabled());
    }

    void compressStaysResponsiveAndOpensInspect() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        CompressPage* page = w.compressPage();
        QVERIFY(uitest::dropFolder(page->baseZone(), models_->q(models_->base)));
        QVERIFY(uitest::dropFolder(page->finetuneZone(), models_->q(models_->ft)));
        QTRY_VERIFY_WITH_TIMEOUT(page->compressButton()->isEnabled(), 30000);
        const int64_t steps = 8;
        page->setSettings(uitest::tinySettings(models_->calib, steps));
        QTemporaryDir out;
        const QString pkg = out.filePath(QStringLiteral("tiny.bitdelta"));
        page->setOutputPath(pkg);

        // The event loop's longest gap between 5 ms ticks while the job runs. A gap that ends after
        // the job finished holds the finish handler (opening the package in Inspect), not
        // compression.
        QElapsedTimer clock;
        qint64 last = 0, worst = 0;
        QTimer ticker;
        ticker.setInterval(5);
        connect(&ticker, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            if (page->isRunning()) worst = qMax(worst, now - last);
            last = now;
        });
        clock.start();
        ticker.start();
        QTest::mouseClick(page->compressButton(), Qt::LeftButton);
        QVERIFY(page->isRunning());
        QVERIFY(page->cancelButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 300000);
        ticker.stop();
        QCOMPARE(ErrorReporter::instance().count(), 0);
        qInfo("longest event-loop stall during compression: %lld ms", worst);
        QVERIFY2(worst < 100, qPrintable(QStringLiteral("stall %1 ms").arg(worst)));

        // The live loss curve got every step.
        QCOMPARE(page->lossPlot()->graph(0)->dataCount(), int(steps));
        QCOMPARE(page->progressBar()->text(), QStringLiteral("Done"));
        for (const auto& [lo, hi] : uitest::kCountZooms) {
            const QString bad =
                uitest::fractionalTick(page->lossPlot(), page->lossPlot()->xAxis, lo, hi);
            QVERIFY2(bad.isEmpty(), qPrintable(bad));
        }

        // Inspect opened on the new package and shows report.json's content.
        QTRY_COMPARE(w.currentPage(), int(MainWindow::InspectIndex));
        InspectPage* inspect = w.inspectPage();
        QVERIFY(inspect->report());
        QCOMPARE(inspect->packageDir(), pkg);
        const PackageReport disk = load_report(pkg.toStdString());
        QCOMPARE(inspect->report()->matrices.size(), disk.matrices.size());
        QCOMPARE(int(disk.matrices.size()), 2 * 7);
        QCOMPARE(inspect->model()->rowCount(), int(disk.matrices.size()));
        QCOMPARE(int(disk.distill.loss.size()), int(steps));
        QCOMPARE(inspect->lossPlot()->graph(0)->dataCount(), int(steps));
        for (size_t i = 0; i < disk.matrices.size(); ++i) {
            const MatrixReport& m = disk.matrices[i];
            const int row = inspect->model()->rowOfMatrix(QString::fromStdString(m.name));
            QVERIFY(row >= 0);
            QCOMPARE(inspect->model()
                         ->index(row, MatrixTableModel::AlphaFinal)
                         .data(MatrixTableModel::RawRole)
                         .toDouble(),
                     m.alpha_final);
            const int kx = int(inspect->heatmapKinds().indexOf(QString::fromStdString(m.kind)));
            QCOMPARE(inspect->heatmap()->data()->cell(kx, int(m.layer)), m.relative_error);
        }
        // Reopening from disk gives the same table.
        inspect->openPackage(pkg);
        QTRY_VERIFY(inspect->report() &&
                    inspect->report()->matrices.size() == disk.matrices.size());
        QCOMPARE(Settings().recentPackages().value(0), pkg);
    }

    void cancelLeavesNoPackage() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.showPage(MainWindow::CompressIndex);
        CompressPage* page = w.compressPage();
        page->setBaseDir(models_->q(models_->base));
        page->setFinetuneDir(models_->q(models_->ft));
        QTRY_VERIFY_WITH_TIMEOUT(page->compressButton()->isEnabled(), 30000);
        page->setSettings(uitest::tinySettings(models_->calib, 5000));
        QTemporaryDir out;
        const QString pkg = out.filePath(QStringLiteral("cancelled.bitdelta"));
        page->setOutputPath(pkg);
        page->startCompress();
        QVERIFY(page->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(page->lossPlot()->graph(0)->dataCount() > 0, 120000);
        QTest::keyClick(&w, Qt::Key_Escape);  // Esc = Stop
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 60000);
        QCOMPARE(page->progressBar()->text(), QStringLiteral("Cancelled"));
        QVERIFY(!QFileInfo::exists(pkg));
        QCOMPARE(ErrorReporter::instance().count(), 0);
    }

  private:
    QTemporaryDir settingsDir_;
    std::unique_ptr<uitest::TinyModels> models_;
};

QTEST_MAIN(TestCompressPage)
#include "test_compress_page.moc"
