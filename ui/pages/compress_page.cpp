#include "ui/pages/compress_page.h"

#include "ui/demo_paths.h"
#include "ui/error_reporter.h"
#include "ui/settings.h"
#include "ui/widgets/drop_zone.h"
#include "ui/widgets/plot_view.h"
#include "ui/workers/checkpoint_probe.h"
#include "ui/workers/compress_worker.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <cmath>

namespace bitdelta::ui {

namespace {
constexpr int kBaseSlot = 0, kFinetuneSlot = 1;

QString formatEta(double seconds) {
    if (seconds < 0) return {};
    const auto s = static_cast<qint64>(std::ceil(seconds));
    if (s < 60) return QObject::tr("about %1 s left").arg(s);
    if (s < 3600) return QObject::tr("about %1 min %2 s left").arg(s / 60).arg(s % 60);
    return QObject::tr("about %1 h %2 min left").arg(s / 3600).arg((s % 3600) / 60);
}

// A browse button next to a line edit that picks a file.
QWidget* withBrowse(QLineEdit* edit, const QString& caption, const QString& filter, bool save) {
    auto* box = new QWidget;
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(edit, 1);
    auto* button = new QPushButton(QObject::tr("Browse…"), box);
    row->addWidget(button);
    QObject::connect(button, &QPushButton::clicked, edit, [edit, caption, filter, save] {
        Settings settings;
        const QString start = edit->text().isEmpty() ? settings.lastBrowseDir() : edit->text();
        const QString path = save ? QFileDialog::getSaveFileName(edit, caption, start, filter)
                                  : QFileDialog::getOpenFileName(edit, caption, start, filter);
        if (path.isEmpty()) return;
        settings.setLastBrowseDir(QFileInfo(path).absolutePath());
        edit->setText(path);
        emit edit->textEdited(path);
    });
    return box;
}
}  // namespace

CompressPage::CompressPage(QWidget* parent) : QWidget(parent) {
    probe_ = new CheckpointProbe;
    probe_->moveToThread(&probeThread_);
    connect(&probeThread_, &QThread::finished, probe_, &QObject::deleteLater);
    connect(probe_, &CheckpointProbe::probed, this, &CompressPage::onProbed);
    connect(probe_, &CheckpointProbe::probeFailed, this, &CompressPage::onProbeFailed);
    connect(probe_, &CheckpointProbe::pairChecked, this, &CompressPage::onPairChecked);
    probeThread_.setObjectName(QStringLiteral("checkpoint-probe"));
    probeThread_.start();

    worker_ = new CompressWorker;
    worker_->moveToThread(&compressThread_);
    connect(&compressThread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &CompressWorker::progressChanged, this, &CompressPage::onProgress);
    connect(worker_, &CompressWorker::lossReported, this, &CompressPage::onLoss);
    connect(worker_, &CompressWorker::finished, this, &CompressPage::onFinished);
    connect(worker_, &CompressWorker::cancelled, this, &CompressPage::onCancelled);
    connect(worker_, &CompressWorker::failed, this, &CompressPage::onFailed);
    compressThread_.setObjectName(QStringLiteral("compress"));
    compressThread_.start();

    baseZone_ = new DropZone(tr("Base model"), tr("Drop the base checkpoint folder here."), this);
    baseZone_->setObjectName(QStringLiteral("baseZone"));
    finetuneZone_ =
        new DropZone(tr("Fine-tune"), tr("Drop the fine-tuned checkpoint folder here."), this);
    finetuneZone_->setObjectName(QStringLiteral("finetuneZone"));
    connect(baseZone_, &DropZone::folderChosen, this, &CompressPage::setBaseDir);
    connect(finetuneZone_, &DropZone::folderChosen, this, &CompressPage::setFinetuneDir);

    pairLabel_ = new QLabel(tr("Choose a base and a fine-tune of the same architecture."), this);
    pairLabel_->setWordWrap(true);
    pairLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    compressButton_ =
        new QPushButton(QIcon(QStringLiteral(":/icons/compress.svg")), tr("Compress"), this);
    compressButton_->setObjectName(QStringLiteral("compressButton"));
    compressButton_->setToolTip(
        tr("Write the fine-tune as 1-bit signs plus one scale per matrix "
           "(Ctrl+Return)."));
    compressButton_->setDefault(true);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setToolTip(tr("Stop the compression; nothing is written (Esc)."));
    connect(compressButton_, &QPushButton::clicked, this, &CompressPage::startCompress);
    connect(cancelButton_, &QPushButton::clicked, this, &CompressPage::cancel);

    progressBar_ = new QProgressBar(this);
    progressBar_->setRange(0, 1000);
    progressBar_->setValue(0);
    progressBar_->setTextVisible(true);
    progressBar_->setFormat(tr("Idle"));
    stageLabel_ = new QLabel(this);
    stageLabel_->setWordWrap(true);

    lossPlot_ = new PlotView(tr("Scale distillation loss"), this);
    lossPlot_->setObjectName(QStringLiteral("lossPlot"));
    lossPlot_->setToolTip(
        tr("Mean squared difference between the fine-tune's and the compressed "
           "model's logits at each distillation step; lower is better."));
    lossPlot_->addGraph();
    lossPlot_->graph(0)->setName(tr("logit MSE"));
    lossPlot_->graph(0)->setPen(QPen(QColor(64, 156, 255), 2));
    lossPlot_->xAxis->setLabel(tr("step"));
    setWholeNumberTicks(lossPlot_->xAxis);
    lossPlot_->yAxis->setLabel(tr("logit MSE"));
    lossPlot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    lossPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));

    auto* zones = new QHBoxLayout;
    zones->addWidget(baseZone_, 1);
    zones->addWidget(finetuneZone_, 1);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(compressButton_);
    buttons->addWidget(cancelButton_);
    buttons->addWidget(progressBar_, 1);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(zones);
    leftLayout->addWidget(pairLabel_);
    leftLayout->addWidget(buildSettingsForm());
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(stageLabel_);
    leftLayout->addStretch(1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("compressSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(lossPlot_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    setSettings(Settings().compressSettings());
    updateButtons();
}

CompressPage::~CompressPage() {
    worker_->cancel();
    compressThread_.quit();
    probeThread_.quit();
    compressThread_.wait();
    probeThread_.wait();
}

QWidget* CompressPage::buildSettingsForm() {
    auto* group = new QGroupBox(tr("Settings"), this);
    auto* form = new QFormLayout(group);
    calibration_ = new QLineEdit(group);
    calibration_->setPlaceholderText(tr("self (sequences sampled from the fine-tune)"));
    calibration_->setToolTip(
        tr("Text the scales are distilled on: a .txt or .jsonl file, or empty "
           "to sample sequences from the fine-tune itself."));
    form->addRow(tr("Calibration text:"),
                 withBrowse(calibration_, tr("Calibration text"),
                            tr("Text (*.txt *.jsonl);;All files (*)"), false));
    steps_ = new QSpinBox(group);
    steps_->setRange(0, 100000);
    steps_->setToolTip(tr("Distillation steps; 0 keeps every scale at mean |delta|."));
    form->addRow(tr("Steps:"), steps_);
    lr_ = new QDoubleSpinBox(group);
    lr_->setDecimals(7);
    lr_->setRange(1e-7, 1.0);
    lr_->setSingleStep(1e-5);
    lr_->setToolTip(tr("AdamW learning rate, annealed to zero with a cosine schedule."));
    form->addRow(tr("Learning rate:"), lr_);
    batch_ = new QSpinBox(group);
    batch_->setRange(1, 1024);
    batch_->setToolTip(tr("Calibration sequences per distillation step."));
    form->addRow(tr("Batch size:"), batch_);
    seqLen_ = new QSpinBox(group);
    seqLen_->setRange(8, 32768);
    seqLen_->setToolTip(tr("Tokens per calibration sequence."));
    form->addRow(tr("Sequence length:"), seqLen_);
    seed_ = new QSpinBox(group);
    seed_->setRange(0, 2147483647);
    seed_->setToolTip(tr("Seed for calibration sampling; the same seed gives the same package."));
    form->addRow(tr("Seed:"), seed_);
    device_ = new QComboBox(group);
    device_->setEditable(true);
    device_->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    device_->setToolTip(tr("Where to compute: auto uses the GPU when there is one."));
    form->addRow(tr("Device:"), device_);
    dtype_ = new QComboBox(group);
    dtype_->addItems({QStringLiteral("auto"), QStringLiteral("fp32"), QStringLiteral("bf16"),
                      QStringLiteral("fp16")});
    dtype_->setToolTip(tr("Compute precision: auto is bf16 on a GPU and fp32 on the CPU."));
    form->addRow(tr("Precision:"), dtype_);
    evalText_ = new QLineEdit(group);
    evalText_->setPlaceholderText(tr("optional held-out text"));
    evalText_->setToolTip(
        tr("Held-out .txt/.jsonl on which base, fine-tune and compressed losses "
           "are measured for the report."));
    form->addRow(tr("Evaluation text:"),
                 withBrowse(evalText_, tr("Evaluation text"),
                            tr("Text (*.txt *.jsonl);;All files (*)"), false));
    output_ = new QLineEdit(group);
    output_->setObjectName(QStringLiteral("outputPath"));
    output_->setToolTip(tr("The package folder to write (NAME.bitdelta)."));
    connect(output_, &QLineEdit::textEdited, this, [this] { outputEdited_ = true; });
    form->addRow(tr("Output package:"), withBrowse(output_, tr("Output package"),
                                                   tr("BitDelta package (*.bitdelta)"), true));
    return group;
}

CompressSettings CompressPage::settings() const {
    CompressSettings s = advanced_;
    const QString calibration = calibration_->text().trimmed();
    s.distill.calibration = calibration.isEmpty() ? "self" : calibration.toStdString();
    s.distill.steps = steps_->value();
    s.distill.lr = lr_->value();
    s.distill.batch_size = batch_->value();
    s.distill.seq_len = seqLen_->value();
    s.distill.seed = static_cast<uint64_t>(seed_->value());
    s.device = device_->currentText().trimmed().toStdString();
    s.dtype = dtype_->currentText().toStdString();
    s.eval_text = evalText_->text().trimmed().toStdString();
    return s;
}

void CompressPage::setSettings(const CompressSettings& s) {
    advanced_ = s;
    const QString calibration = QString::fromStdString(s.distill.calibration);
    calibration_->setText(calibration == QLatin1String("self") ? QString() : calibration);
    steps_->setValue(static_cast<int>(s.distill.steps));
    lr_->setValue(s.distill.lr);
    batch_->setValue(static_cast<int>(s.distill.batch_size));
    seqLen_->setValue(static_cast<int>(s.distill.seq_len));
    seed_->setValue(static_cast<int>(s.distill.seed));
    device_->setCurrentText(QString::fromStdString(s.device));
    dtype_->setCurrentText(QString::fromStdString(s.dtype));
    evalText_->setText(QString::fromStdString(s.eval_text));
}

QString CompressPage::outputPath() const {
    return output_->text().trimmed();
}
void CompressPage::setOutputPath(const QString& path) {
    output_->setText(path);
    outputEdited_ = true;
}

QString CompressPage::stageText() const {
    return progressBar_->text() + QLatin1Char('\n') + stageLabel_->text();
}

void CompressPage::setBaseDir(const QString& dir) {
    baseZone_->setLoading(dir);
    pairChecked_ = false;
    Settings().setLastBaseDir(dir);
    QMetaObject::invokeMethod(probe_, [p = probe_, dir] { p->probe(kBaseSlot, dir); });
    updateButtons();
}

void CompressPage::setFinetuneDir(const QString& dir) {
    finetuneZone_->setLoading(dir);
    pairChecked_ = false;
    Settings().setLastFinetuneDir(dir);
    if (!outputEdited_) suggestOutputPath();
    QMetaObject::invokeMethod(probe_, [p = probe_, dir] { p->probe(kFinetuneSlot, dir); });
    updateButtons();
}

namespace {

// Next to the fine-tune, where users look for it, unless that folder cannot be written or is the
// bundled demo folder (part of the installation or of the source tree): then the user's data
// folder.
QString packagesFolderFor(const QFileInfo& finetune) {
    const QString parent = finetune.absolutePath();
    const DemoCheckpoints demo = findDemoCheckpoints();
    const bool isDemo = demo.valid() && QFileInfo(demo.base).absolutePath() == parent;
    if (!isDemo && QFileInfo(parent).isWritable()) return parent;
    const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                         QStringLiteral("/packages");
    QDir().mkpath(data);
    return data;
}

}  // namespace

void CompressPage::suggestOutputPath() {
    const QFileInfo ft(finetuneZone_->folder());
    const QString stem = packagesFolderFor(ft) + QLatin1Char('/') + ft.fileName();
    QString candidate = stem + QStringLiteral(".bitdelta");
    for (int i = 2; QFileInfo::exists(candidate); ++i)
        candidate = QStringLiteral("%1-%2.bitdelta").arg(stem).arg(i);
    output_->setText(QDir::toNativeSeparators(candidate));
}

void CompressPage::onProbed(int slot, const QString& dir, const CheckpointInfo& info) {
    DropZone* zone = slot == kBaseSlot ? baseZone_ : finetuneZone_;
    if (zone->folder() != dir) return;  // an answer for a folder the user has since replaced
    zone->setInfo(info);
    maybeCheckPair();
    updateButtons();
}

void CompressPage::onProbeFailed(int slot, const QString& dir, const QString& message) {
    DropZone* zone = slot == kBaseSlot ? baseZone_ : finetuneZone_;
    if (zone->folder() != dir) return;
    zone->setError(dir, message);
    ErrorReporter::instance().report(
        this, slot == kBaseSlot ? tr("Not a usable base model") : tr("Not a usable fine-tune"),
        tr("%1 cannot be used:\n%2").arg(QDir::toNativeSeparators(dir), message));
    updateButtons();
}

void CompressPage::maybeCheckPair() {
    if (baseZone_->state() != DropZone::State::Ready ||
        finetuneZone_->state() != DropZone::State::Ready)
        return;
    pairLabel_->setText(tr("Checking that the two checkpoints match…"));
    const QString base = baseZone_->folder(), ft = finetuneZone_->folder();
    QMetaObject::invokeMethod(probe_, [p = probe_, base, ft] { p->checkPair(base, ft); });
}

void CompressPage::onPairChecked(const QString& base, const QString& ft, const QString& problem) {
    if (base != baseZone_->folder() || ft != finetuneZone_->folder()) return;
    pairChecked_ = true;
    pairProblem_ = problem;
    if (problem.isEmpty()) {
        pairLabel_->setText(
            tr("✔ The fine-tune matches the base (%1, %2 parameters).")
                .arg(baseZone_->info().architecture, formatCount(baseZone_->info().parameters)));
    } else {
        pairLabel_->setText(tr("✘ These checkpoints do not form a pair: %1").arg(problem));
        ErrorReporter::instance().report(
            this, tr("Checkpoints do not match"),
            tr("The fine-tune was not made from this base:\n%1").arg(problem));
    }
    updateButtons();
}

void CompressPage::updateButtons() {
    const bool ready = baseZone_->state() == DropZone::State::Ready &&
                       finetuneZone_->state() == DropZone::State::Ready && pairChecked_ &&
                       pairProblem_.isEmpty();
    compressButton_->setEnabled(ready && !running_);
    cancelButton_->setEnabled(running_);
    baseZone_->setEnabled(!running_);
    finetuneZone_->setEnabled(!running_);
}

void CompressPage::setRunning(bool running) {
    running_ = running;
    updateButtons();
    emit runningChanged(running);
}

void CompressPage::startCompress() {
    if (running_ || !compressButton_->isEnabled()) return;
    const QString out = outputPath();
    if (out.isEmpty()) {
        ErrorReporter::instance().report(this, tr("No output package"),
                                         tr("Choose where to write the package."));
        return;
    }
    const CompressSettings s = settings();
    Settings().setCompressSettings(s);
    CompressJob job{baseZone_->folder(), finetuneZone_->folder(), QDir::fromNativeSeparators(out),
                    s};
    lossPlot_->graph(0)->data()->clear();
    lossPlot_->replot();
    progressBar_->setValue(0);
    progressBar_->setFormat(tr("Starting…"));
    stageLabel_->clear();
    setRunning(true);
    emit statusMessage(tr("Compressing %1…").arg(QFileInfo(job.finetuneDir).fileName()));
    QMetaObject::invokeMethod(worker_, [w = worker_, job] { w->run(job); });
}

void CompressPage::cancel() {
    if (!running_) return;
    worker_->cancel();
    progressBar_->setFormat(tr("Cancelling…"));
}

void CompressPage::onProgress(const QString& stage, double fraction, const QString& message,
                              double eta) {
    if (fraction < 0) {
        progressBar_->setRange(0, 0);  // busy indicator while the stage cannot measure itself
    } else {
        progressBar_->setRange(0, 1000);
        progressBar_->setValue(static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 1000));
    }
    progressBar_->setFormat(tr("%1: %p%").arg(stage));
    const QString etaText = formatEta(eta);
    stageLabel_->setText(etaText.isEmpty() ? message : tr("%1 (%2)").arg(message, etaText));
}

void CompressPage::onLoss(qint64 step, qint64 /*total*/, double loss, double /*lr*/) {
    if (!(loss > 0) || !std::isfinite(loss)) return;  // the log axis cannot show 0 or NaN
    lossPlot_->graph(0)->addData(static_cast<double>(step), loss);
    lossPlot_->rescaleAxes();
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
}

void CompressPage::onFinished(const QString& packageDir, const ReportPtr& report) {
    setRunning(false);
    progressBar_->setRange(0, 1000);
    progressBar_->setValue(1000);
    progressBar_->setFormat(tr("Done"));
    stageLabel_->setText(tr("Wrote %1").arg(QDir::toNativeSeparators(packageDir)));
    outputEdited_ = false;
    suggestOutputPath();
    emit statusMessage(tr("Compressed into %1").arg(QDir::toNativeSeparators(packageDir)));
    emit packageReady(packageDir, report);
}

void CompressPage::onCancelled() {
    setRunning(false);
    progressBar_->setRange(0, 1000);
    progressBar_->setValue(0);
    progressBar_->setFormat(tr("Cancelled"));
    stageLabel_->setText(tr("Compression was cancelled; nothing was written."));
    emit statusMessage(tr("Compression cancelled"));
}

void CompressPage::onFailed(const QString& message) {
    setRunning(false);
    progressBar_->setRange(0, 1000);
    progressBar_->setValue(0);
    progressBar_->setFormat(tr("Failed"));
    stageLabel_->setText(message);
    ErrorReporter::instance().report(this, tr("Compression failed"), message);
}

}  // namespace bitdelta::ui
