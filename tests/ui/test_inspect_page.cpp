// Opens a real package (compressed from a tiny pair at test set-up) in the Inspect page and checks
// that the table, its sorting/filtering/CSV export, the heatmap and every plot hold the report's
// data, that plots export to PNG/PDF/SVG, and that a folder without a report is refused with the
// exact cause.
#include "ui_test_support.h"

#include "axis_ticks.h"

#include "bitdelta/report.h"

#include "ui/models/matrix_table_model.h"
#include "ui/pages/inspect_page.h"
#include "ui/widgets/plot_view.h"

#include <QImage>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace bitdelta;
using namespace bitdelta::ui;

class TestInspectPage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        uitest::isolate(settingsDir_.path());
        models_ = std::make_unique<uitest::TinyModels>();
        package_ = models_->tmp.file("tiny.bitdelta");
        CompressSettings s = uitest::tinySettings(models_->calib, 6);
        s.eval_text = models_->calib;
        compress(models_->base, models_->ft, package_, s, Progress::silent());
        report_ = load_report(package_);
        QCOMPARE(int(report_.matrices.size()), 14);
    }

    void init() { ErrorReporter::instance().clear(); }

    void opensReportIntoTable() {
        InspectPage page;
        page.resize(1280, 800);
        page.show();
        QSignalSpy opened(&page, &InspectPage::packageOpened);
        page.openPackage(QString::fromStdString(package_));
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(page.model()->rowCount(), int(report_.matrices.size()));
        QCOMPARE(page.model()->columnCount(), int(MatrixTableModel::ColumnCount));
        for (const MatrixReport& m : report_.matrices) {
            const int row = page.model()->rowOfMatrix(QString::fromStdString(m.name));
            QVERIFY(row >= 0);
            auto raw = [&](int col) {
                return page.model()->index(row, col).data(MatrixTableModel::RawRole);
            };
            QCOMPARE(raw(MatrixTableModel::Layer).toLongLong(), qlonglong(m.layer));
            QCOMPARE(raw(MatrixTableModel::Kind).toString(), QString::fromStdString(m.kind));
            QCOMPARE(raw(MatrixTableModel::DeltaNorm).toDouble(), m.delta_norm);
            QCOMPARE(raw(MatrixTableModel::AlphaInit).toDouble(), m.alpha_init);
            QCOMPARE(raw(MatrixTableModel::AlphaFinal).toDouble(), m.alpha_final);
            QCOMPARE(raw(MatrixTableModel::RelError).toDouble(), m.relative_error);
            QCOMPARE(raw(MatrixTableModel::Cosine).toDouble(), m.cosine);
            QCOMPARE(raw(MatrixTableModel::SvdError).toDouble(), m.svd_equal_storage_error);
            QVERIFY(!page.model()
                         ->index(row, MatrixTableModel::RelError)
                         .data(Qt::ToolTipRole)
                         .toString()
                         .isEmpty());
        }
        // Every column explains itself in one sentence.
        for (int c = 0; c < MatrixTableModel::ColumnCount; ++c)
            QVERIFY(page.model()
                        ->headerData(c, Qt::Horizontal, Qt::ToolTipRole)
                        .toString()
                        .endsWith('.'));
        const QString summary = page.summaryText();
        QVERIFY2(summary.contains(QString::fromStdString(report_.architecture)),
                 qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Package size")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("Gain kept")), qPrintable(summary));
    }

    void sortsAndFilters() {
        InspectPage page;
        page.showReport(QString::fromStdString(package_),
                        std::make_shared<const PackageReport>(report_));
        page.table()->sortByColumn(MatrixTableModel::RelError, Qt::DescendingOrder);
        auto* proxy = page.table()->model();
        for (int r = 1; r < proxy->rowCount(); ++r)
            QVERIFY(proxy->index(r - 1, MatrixTableModel::RelError)
                        .data(MatrixTableModel::RawRole)
                        .toDouble() >= proxy->index(r, MatrixTableModel::RelError)
                                           .data(MatrixTableModel::RawRole)
                                           .toDouble());
        page.setFilterKind(QStringLiteral("q_proj"));
        QCOMPARE(proxy->rowCount(), 2);
        page.setFilterKind(QString());
        page.setFilterText(QStringLiteral("down_proj"));
        QCOMPARE(proxy->rowCount(), 2);
        page.setFilterText(QStringLiteral("layers.1."));
        QCOMPARE(proxy->rowCount(), 7);

        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("matrices.csv"));
        QCOMPARE(page.exportCsv(csv), QString());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 7);
        QVERIFY(lines[0].startsWith(QStringLiteral("Matrix,Layer,Kind")));
        QVERIFY(lines[1].contains(QStringLiteral("layers.1.")));
    }

    void heatmapAndPlotsHoldReportData() {
        InspectPage page;
        page.resize(1400, 900);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.showReport(QString::fromStdString(package_),
                        std::make_shared<const PackageReport>(report_));
        QCPColorMap* map = page.heatmap();
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 7);
        QCOMPARE(map->data()->valueSize(), 2);
        for (const MatrixReport& m : report_.matrices) {
            const int kx = int(page.heatmapKinds().indexOf(QString::fromStdString(m.kind)));
            QVERIFY(kx >= 0);
            QCOMPARE(map->data()->cell(kx, int(m.layer)), m.relative_error);
        }
        // Opens on the weakest matrix.
        const auto worst =
            std::max_element(report_.matrices.begin(), report_.matrices.end(),
                             [](auto& a, auto& b) { return a.relative_error < b.relative_error; });
        QCOMPARE(page.selectedMatrix(), QString::fromStdString(worst->name));

        for (const MatrixReport& m : {report_.matrices.front(), report_.matrices.back()}) {
            page.selectMatrix(QString::fromStdString(m.name));
            QCOMPARE(page.selectedMatrix(), QString::fromStdString(m.name));
            // Spectrum: singular values and cumulative explained variance, rank points marked.
            QCPGraph* sv = page.spectrumPlot()->graph(0);
            QCOMPARE(sv->dataCount(), int(m.singular_values.size()));
            for (int i = 0; i < sv->dataCount(); ++i)
                QCOMPARE(sv->data()->at(i)->value, m.singular_values[size_t(i)]);
            QCPGraph* ev = page.spectrumPlot()->graph(1);
            QCOMPARE(ev->dataCount(), int(m.explained_variance.size()));
            QCOMPARE(ev->data()->at(ev->dataCount() - 1)->value, m.explained_variance.back());
            int ranksInRange = 0;
            for (int64_t r : m.svd_ranks)
                ranksInRange += r >= 1 && r <= int64_t(m.singular_values.size());
            QCOMPARE(page.spectrumPlot()->graph(2)->dataCount(), ranksInRange);
            // Low-rank baseline.
            QCOMPARE(page.lowRankPlot()->graph(0)->dataCount(), int(m.svd_ranks.size()));
            // Δ histogram with ±α lines.
            auto* bars = qobject_cast<QCPBars*>(page.deltaPlot()->plottable(0));
            QVERIFY(bars);
            QCOMPARE(bars->dataCount(), int(m.delta_histogram.size()));
            double total = 0, expected = 0;
            for (int i = 0; i < bars->dataCount(); ++i)
                total += bars->data()->at(i)->value;
            for (double c : m.delta_histogram)
                expected += c;
            QCOMPARE(total, expected);
            bool plus = false, minus = false;
            for (int i = 0; i < page.deltaPlot()->itemCount(); ++i)
                if (auto* line = qobject_cast<QCPItemStraightLine*>(page.deltaPlot()->item(i))) {
                    plus |= qFuzzyCompare(line->point1->coords().x(), m.alpha_final);
                    minus |= qFuzzyCompare(line->point1->coords().x(), -m.alpha_final);
                }
            QVERIFY(plus && minus);
        }
        // Scales: initial and distilled histograms each count every matrix once.
        QCOMPARE(page.scalesPlot()->plottableCount(), 2);
        for (int p = 0; p < 2; ++p) {
            auto* bars = qobject_cast<QCPBars*>(page.scalesPlot()->plottable(p));
            double n = 0;
            for (int i = 0; i < bars->dataCount(); ++i)
                n += bars->data()->at(i)->value;
            QCOMPARE(n, double(report_.matrices.size()));
        }
        // Loss curve.
        QCOMPARE(page.lossPlot()->graph(0)->dataCount(), int(report_.distill.loss.size()));
        QCOMPARE(page.lossPlot()->graph(0)->data()->at(0)->value, report_.distill.loss.front());
        // Steps, ranks and counts tick on whole numbers at any zoom.
        const std::pair<QCustomPlot*, QCPAxis*> countAxes[] = {
            {page.lossPlot(), page.lossPlot()->xAxis},
            {page.spectrumPlot(), page.spectrumPlot()->xAxis},
            {page.lowRankPlot(), page.lowRankPlot()->xAxis},
            {page.scalesPlot(), page.scalesPlot()->yAxis},
            {page.deltaPlot(), page.deltaPlot()->yAxis}};
        for (const auto& [plot, axis] : countAxes)
            for (const auto& [lo, hi] : uitest::kCountZooms) {
                const QString bad = uitest::fractionalTick(plot, axis, lo, hi);
                QVERIFY2(bad.isEmpty(), qPrintable(bad));
            }

        // Clicking a heatmap cell selects that matrix.
        const MatrixReport& target = report_.matrices[3];
        const int kx = int(page.heatmapKinds().indexOf(QString::fromStdString(target.kind)));
        QCustomPlot* hp = page.heatmapPlot();
        hp->replot();
        const QPoint pos(int(hp->xAxis->coordToPixel(kx)),
                         int(hp->yAxis->coordToPixel(double(target.layer))));
        QTest::mouseClick(hp, Qt::LeftButton, Qt::NoModifier, pos);
        QCOMPARE(page.selectedMatrix(), QString::fromStdString(target.name));
    }

    void plotsExport_data() {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("png") << QStringLiteral("png");
        QTest::newRow("pdf") << QStringLiteral("pdf");
        QTest::newRow("svg") << QStringLiteral("svg");
    }

    void plotsExport() {
        QFETCH(QString, suffix);
        InspectPage page;
        page.resize(1400, 900);
        page.show();
        page.showReport(QString::fromStdString(package_),
                        std::make_shared<const PackageReport>(report_));
        QTemporaryDir dir;
        for (PlotView* plot : page.plots()) {
            const QString path = dir.filePath(plot->objectName() + '.' + suffix);
            QVERIFY2(plot->exportTo(path, 640, 420), qPrintable(path));
            QVERIFY(QFileInfo(path).size() > 500);
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray head = f.read(64);
            if (suffix == QLatin1String("png")) {
                QVERIFY(head.startsWith("\x89PNG"));
                QCOMPARE(QImage(path).width(), 640 * 2);  // exported at 2x for high-DPI screens
            } else if (suffix == QLatin1String("pdf")) {
                QVERIFY(head.startsWith("%PDF"));
            } else {
                QVERIFY(head.contains("<?xml") || head.contains("<svg"));
            }
            QVERIFY(!plot->toolTip().isEmpty());
        }
    }

    void missingReportIsRefused() {
        InspectPage page;
        const QString dir = QString::fromStdString(models_->notCheckpoint);
        page.openPackage(dir);
        QTRY_COMPARE(ErrorReporter::instance().count(), 1);
        QCOMPARE(ErrorReporter::instance().lastTitle(), QStringLiteral("Cannot open package"));
        const QString msg = ErrorReporter::instance().lastMessage();
        QVERIFY2(msg.contains(QStringLiteral("report.json")), qPrintable(msg));
        QVERIFY(!page.report());
    }

  private:
    QTemporaryDir settingsDir_;
    std::unique_ptr<uitest::TinyModels> models_;
    std::string package_;
    PackageReport report_;
};

QTEST_MAIN(TestInspectPage)
#include "test_inspect_page.moc"
