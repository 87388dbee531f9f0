#include "ui/pages/inspect_page.h"

#include "ui/error_reporter.h"
#include "ui/models/matrix_table_model.h"
#include "ui/pages/inspect_plots.h"
#include "ui/settings.h"
#include "ui/widgets/plot_view.h"
#include "ui/workers/checkpoint_info.h"
#include "ui/workers/inspect_loader.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextDocument>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace bitdelta::ui {

InspectPage::InspectPage(QWidget* parent) : QWidget(parent) {
    loader_ = new InspectLoader;
    loader_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, loader_, &QObject::deleteLater);
    connect(loader_, &InspectLoader::loaded, this, [this](const QString& dir, const ReportPtr& r) {
        if (dir == pendingDir_) showReport(dir, r);
    });
    connect(loader_, &InspectLoader::failed, this, &InspectPage::onLoadFailed);
    thread_.setObjectName(QStringLiteral("inspect-loader"));
    thread_.start();

    model_ = new MatrixTableModel(this);
    proxy_ = new MatrixFilterProxy(this);
    proxy_->setSourceModel(model_);

    header_ = new QLabel(tr("Open a .bitdelta package (Ctrl+O) or compress one."), this);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    chatButton_ = new QPushButton(tr("Chat with it"), this);
    chatButton_->setToolTip(tr("Attach this package in the Chat page."));
    connect(chatButton_, &QPushButton::clicked, this, [this] { emit chatRequested(packageDir_); });
    csvButton_ = new QPushButton(tr("Export CSV…"), this);
    csvButton_->setToolTip(tr("Save the rows shown in the table, with every diagnostic, as CSV."));
    connect(csvButton_, &QPushButton::clicked, this, &InspectPage::exportCsvDialog);
    auto* top = new QHBoxLayout;
    top->addWidget(header_, 1);
    top->addWidget(chatButton_);
    top->addWidget(csvButton_);

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("summary"));
    summary_->setTextFormat(Qt::RichText);
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setToolTip(
        tr("Gain kept = (L_base − L_compressed) / (L_base − L_fine-tune): the share "
           "of the fine-tune's improvement over the base that the 1-bit delta keeps."));
    auto* summaryBox = new QGroupBox(tr("Model"), this);
    auto* summaryLayout = new QVBoxLayout(summaryBox);
    summaryLayout->addWidget(summary_);

    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Filter matrices (name, layer, kind…)"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, &InspectPage::setFilterText);
    kindFilter_ = new QComboBox(this);
    kindFilter_->addItem(tr("All kinds"), QString());
    connect(kindFilter_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this](int i) { proxy_->setKind(kindFilter_->itemData(i).toString()); });
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filter_, 1);
    filterRow->addWidget(kindFilter_);

    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("matrixTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(MatrixTableModel::Layer, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setColumnHidden(MatrixTableModel::Name,
                            true);  // layer + kind say it; name is in tooltips
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                const QModelIndex src = proxy_->mapToSource(current);
                if (const MatrixReport* m = model_->matrix(src.row())) {
                    const QString name = QString::fromStdString(m->name);
                    if (name != selected_) selectMatrix(name);
                }
            });

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(summaryBox);
    leftLayout->addLayout(filterRow);
    leftLayout->addWidget(table_, 1);

    heatmapPlot_ =
        makePlot(tr("Fidelity by layer"),
                 tr("Relative error ‖Δ − α·sign(Δ)‖/‖Δ‖ of every matrix, layers by kind; "
                    "red cells are the weakest. Click a cell to select it."),
                 QStringLiteral("heatmapPlot"));
    connect(heatmapPlot_, &QCustomPlot::mousePress, this, &InspectPage::onHeatmapClicked);
    connect(heatmapPlot_, &QCustomPlot::mouseMove, this, &InspectPage::onHeatmapHover);
    lossPlot_ = makePlot(tr("Distillation loss"),
                         tr("Logit MSE between fine-tune and compressed model at each step of "
                            "scale distillation."),
                         QStringLiteral("inspectLossPlot"));
    spectrumPlot_ =
        makePlot(tr("Δ spectrum"),
                 tr("Singular values of the selected matrix's Δ and the cumulative share "
                    "of ‖Δ‖² they explain; red points are the low-rank baseline's ranks."),
                 QStringLiteral("spectrumPlot"));
    lowRankPlot_ =
        makePlot(tr("Low-rank baseline"),
                 tr("Relative error of a rank-r SVD of Δ against the 1-bit delta's error "
                    "(dashed); the dotted line is the rank with the same storage."),
                 QStringLiteral("lowRankPlot"));
    scalesPlot_ = makePlot(tr("Scales across the model"),
                           tr("Histogram of every matrix's α before (mean |Δ|) and after "
                              "distillation; the line marks the selected matrix."),
                           QStringLiteral("scalesPlot"));
    deltaPlot_ =
        makePlot(tr("Δ values"),
                 tr("Histogram of the selected matrix's Δ entries; every entry is replaced "
                    "by +α or −α (solid: distilled, dashed: initial)."),
                 QStringLiteral("deltaPlot"));
    auto* plots = new QWidget(this);
    auto* grid = new QGridLayout(plots);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(heatmapPlot_, 0, 0);
    grid->addWidget(lossPlot_, 0, 1);
    grid->addWidget(spectrumPlot_, 1, 0);
    grid->addWidget(lowRankPlot_, 1, 1);
    grid->addWidget(scalesPlot_, 2, 0);
    grid->addWidget(deltaPlot_, 2, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("inspectSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(plots);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    updateSummary();
    updateSelectionPlots();
}

InspectPage::~InspectPage() {
    thread_.quit();
    thread_.wait();
}

PlotView* InspectPage::makePlot(const QString& title, const QString& tooltip, const QString& name) {
    auto* plot = new PlotView(title, this);
    plot->setObjectName(name);
    plot->setToolTip(tooltip);
    return plot;
}

QList<PlotView*> InspectPage::plots() const {
    return {heatmapPlot_, lossPlot_, spectrumPlot_, lowRankPlot_, scalesPlot_, deltaPlot_};
}

const ReportPtr& InspectPage::report() const {
    return model_->report();
}

void InspectPage::openPackage(const QString& packageDir) {
    pendingDir_ = QDir::fromNativeSeparators(packageDir);
    emit statusMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(packageDir)));
    const QString dir = pendingDir_;
    QMetaObject::invokeMethod(loader_, [l = loader_, dir] { l->load(dir); });
}

void InspectPage::onLoadFailed(const QString& dir, const QString& message) {
    if (dir != pendingDir_) return;
    pendingDir_.clear();
    ErrorReporter::instance().report(
        this, tr("Cannot open package"),
        tr("%1 cannot be opened:\n%2").arg(QDir::toNativeSeparators(dir), message));
}

void InspectPage::showReport(const QString& packageDir, const ReportPtr& report) {
    pendingDir_.clear();
    packageDir_ = packageDir;
    selected_.clear();
    model_->setReport(report);
    kinds_ = orderedKinds(*report);
    kindFilter_->blockSignals(true);
    kindFilter_->clear();
    kindFilter_->addItem(tr("All kinds"), QString());
    for (const QString& k : kinds_)
        kindFilter_->addItem(k, k);
    kindFilter_->blockSignals(false);
    proxy_->setKind({});
    header_->setText(tr("<b>%1</b> — %2")
                         .arg(QFileInfo(packageDir).fileName().toHtmlEscaped(),
                              QDir::toNativeSeparators(packageDir).toHtmlEscaped()));
    heatmap_ = fillHeatmap(heatmapPlot_, *report, kinds_);
    fillLoss(lossPlot_, *report);
    updateSummary();
    // Start on the weakest matrix: that is what a user opening Inspect wants to look at first.
    const MatrixReport* worst = nullptr;
    for (const auto& m : report->matrices)
        if (!worst || m.relative_error > worst->relative_error) worst = &m;
    if (worst)
        selectMatrix(QString::fromStdString(worst->name));
    else
        updateSelectionPlots();
    Settings().addRecentPackage(packageDir);
    emit packageOpened(packageDir);
    emit statusMessage(
        tr("Opened %1 (%n matrices)", nullptr, static_cast<int>(report->matrices.size()))
            .arg(QFileInfo(packageDir).fileName()));
}

void InspectPage::selectMatrix(const QString& name) {
    selected_ = name;
    const int row = model_->rowOfMatrix(name);
    if (row >= 0) {
        const QModelIndex proxyIndex =
            proxy_->mapFromSource(model_->index(row, MatrixTableModel::Layer));
        if (proxyIndex.isValid() && table_->currentIndex().row() != proxyIndex.row()) {
            table_->selectionModel()->setCurrentIndex(
                proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            table_->scrollTo(proxyIndex);
        }
    }
    updateSelectionPlots();
}

void InspectPage::updateSelectionPlots() {
    const MatrixReport* m = model_->matrix(model_->rowOfMatrix(selected_));
    fillSpectrum(spectrumPlot_, m);
    fillLowRank(lowRankPlot_, m);
    fillDeltaHistogram(deltaPlot_, m);
    if (model_->report()) fillScales(scalesPlot_, *model_->report(), m);
    const QString suffix =
        m ? tr(" — layer %1 %2").arg(m->layer).arg(QString::fromStdString(m->kind)) : QString();
    spectrumPlot_->titleElement()->setText(tr("Δ spectrum%1").arg(suffix));
    lowRankPlot_->titleElement()->setText(tr("Low-rank baseline%1").arg(suffix));
    deltaPlot_->titleElement()->setText(tr("Δ values%1").arg(suffix));
    for (PlotView* p : {spectrumPlot_, lowRankPlot_, deltaPlot_})
        p->replot();
}

void InspectPage::setFilterText(const QString& text) {
    if (filter_->text() != text) filter_->setText(text);
    proxy_->setText(text);
}

void InspectPage::setFilterKind(const QString& kind) {
    const int i = kindFilter_->findData(kind);
    kindFilter_->setCurrentIndex(i < 0 ? 0 : i);
}

QString InspectPage::summaryText() const {
    QTextDocument doc;
    doc.setHtml(summary_->text());
    return doc.toPlainText();
}

void InspectPage::updateSummary() {
    const ReportPtr& r = model_->report();
    csvButton_->setEnabled(r != nullptr);
    chatButton_->setEnabled(r != nullptr);
    if (!r) {
        summary_->setText(tr("No package open."));
        return;
    }
    QString html = QStringLiteral("<table cellspacing=3>");
    auto row = [&html](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td><b>%2</b></td></tr>")
                    .arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    row(tr("Architecture"), QString::fromStdString(r->architecture));
    row(tr("Base"), QDir::toNativeSeparators(QString::fromStdString(r->base_dir)));
    row(tr("Fine-tune"), QDir::toNativeSeparators(QString::fromStdString(r->finetune_dir)));
    row(tr("Compressed matrices"), QString::number(r->matrices.size()));
    row(tr("Fine-tune size (fp16)"), formatBytes(r->finetune_bytes));
    row(tr("Package size"), formatBytes(r->package_bytes));
    if (r->finetune_bytes > 0 && r->package_bytes > 0) {
        const double ratio = double(r->finetune_bytes) / double(r->package_bytes);
        row(tr("Memory saved per fine-tune"),
            tr("%1 (%2× smaller)")
                .arg(formatBytes(r->finetune_bytes > r->package_bytes
                                     ? r->finetune_bytes - r->package_bytes
                                     : 0))
                .arg(ratio, 0, 'f', 1));
    }
    row(tr("Signs / scales / kept tensors"),
        tr("%1 / %2 / %3")
            .arg(formatBytes(r->sign_bytes), formatBytes(r->scale_bytes),
                 formatBytes(r->kept_bytes)));
    row(tr("Calibration"), QString::fromStdString(r->calibration_source));
    if (!r->distill.loss.empty())
        row(tr("Distillation"), tr("%1 steps, loss %2 → %3 in %4 s")
                                    .arg(r->distill.loss.size())
                                    .arg(r->distill.initial_loss, 0, 'g', 4)
                                    .arg(r->distill.final_loss, 0, 'g', 4)
                                    .arg(r->distill.seconds, 0, 'f', 1));
    if (r->eval) {
        const ModelEval& e = *r->eval;
        auto loss = [](double v) { return v < 0 ? tr("n/a") : QString::number(v, 'f', 4); };
        row(tr("Evaluation text"), QString::fromStdString(e.text_source));
        row(tr("Loss: base / fine-tune"),
            tr("%1 / %2").arg(loss(e.loss_base), loss(e.loss_finetune)));
        row(tr("Loss: compressed (initial → distilled)"),
            tr("%1 → %2").arg(loss(e.loss_compressed_init), loss(e.loss_compressed)));
        if (e.gain_kept > -1) row(tr("Gain kept"), tr("%1 %").arg(e.gain_kept * 100.0, 0, 'f', 1));
        if (e.loss_svd16 >= 0)
            row(tr("Rank-16 SVD: loss / gain kept"),
                tr("%1 / %2 %").arg(loss(e.loss_svd16)).arg(e.gain_kept_svd16 * 100.0, 0, 'f', 1));
    }
    html += QStringLiteral("</table>");
    summary_->setText(html);
}

QString InspectPage::exportCsv(const QString& path) const {
    return writeCsv(*proxy_, path);
}

void InspectPage::exportCsvDialog() {
    if (!model_->report()) return;
    Settings settings;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export table"),
                                     settings.lastBrowseDir() + QLatin1Char('/') +
                                         QFileInfo(packageDir_).completeBaseName() + ".csv",
                                     tr("CSV (*.csv)"));
    if (path.isEmpty()) return;
    settings.setLastBrowseDir(QFileInfo(path).absolutePath());
    const QString error = exportCsv(path);
    if (!error.isEmpty())
        ErrorReporter::instance().report(this, tr("Export failed"), error);
    else
        emit statusMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
}

namespace {
// Heatmap cell under the mouse: (kind index, layer) or (-1, -1).
QPair<int, int> cellAt(PlotView* plot, QCPColorMap* map, const QPoint& pos) {
    if (!map) return {-1, -1};
    const double x = plot->xAxis->pixelToCoord(pos.x()), y = plot->yAxis->pixelToCoord(pos.y());
    int kx = -1, ky = -1;
    map->data()->coordToCell(x, y, &kx, &ky);
    if (kx < 0 || ky < 0 || kx >= map->data()->keySize() || ky >= map->data()->valueSize() ||
        std::isnan(map->data()->cell(kx, ky)))
        return {-1, -1};
    return {kx, ky};
}
}  // namespace

void InspectPage::onHeatmapClicked(QMouseEvent* event) {
    const auto [kx, ky] = cellAt(heatmapPlot_, heatmap_, event->pos());
    if (kx < 0 || !model_->report()) return;
    for (const auto& m : model_->report()->matrices)
        if (m.layer == ky && QString::fromStdString(m.kind) == kinds_.value(kx))
            return selectMatrix(QString::fromStdString(m.name));
}

void InspectPage::onHeatmapHover(QMouseEvent* event) {
    const auto [kx, ky] = cellAt(heatmapPlot_, heatmap_, event->pos());
    if (kx < 0) return QToolTip::hideText();
    QToolTip::showText(event->globalPosition().toPoint(),
                       tr("layer %1 %2: relative error %3")
                           .arg(ky)
                           .arg(kinds_.value(kx))
                           .arg(heatmap_->data()->cell(kx, ky), 0, 'g', 4),
                       heatmapPlot_);
}

}  // namespace bitdelta::ui
