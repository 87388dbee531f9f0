#pragma once
// Compress: two drop zones (base, fine-tune), the pair check, every BitDelta setting, a progress
// bar with stage names, ETA and Cancel, and the distillation loss plotted live. Work runs on worker
// threads.
#include "ui/workers/report_types.h"

#include <QThread>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace bitdelta::ui {

class CheckpointProbe;
class CompressWorker;
class DropZone;
class PlotView;
struct CheckpointInfo;

class CompressPage : public QWidget {
    Q_OBJECT
  public:
    explicit CompressPage(QWidget* parent = nullptr);
    ~CompressPage() override;

    DropZone* baseZone() const { return baseZone_; }
    DropZone* finetuneZone() const { return finetuneZone_; }
    PlotView* lossPlot() const { return lossPlot_; }
    QPushButton* compressButton() const { return compressButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    QProgressBar* progressBar() const { return progressBar_; }
    QString pairProblem() const { return pairProblem_; }
    bool pairChecked() const { return pairChecked_; }
    bool isRunning() const { return running_; }
    QString stageText() const;
    // The form as core settings (what Compress would use now).
    CompressSettings settings() const;
    void setSettings(const CompressSettings& s);
    QString outputPath() const;
    void setOutputPath(const QString& path);

  public slots:
    void setBaseDir(const QString& dir);
    void setFinetuneDir(const QString& dir);
    void startCompress();
    void cancel();

  signals:
    void packageReady(const QString& packageDir, const bitdelta::ui::ReportPtr& report);
    void statusMessage(const QString& text);
    void runningChanged(bool running);

  private slots:
    void onProbed(int slot, const QString& dir, const bitdelta::ui::CheckpointInfo& info);
    void onProbeFailed(int slot, const QString& dir, const QString& message);
    void onPairChecked(const QString& base, const QString& finetune, const QString& problem);
    void onProgress(const QString& stage, double fraction, const QString& message, double eta);
    void onLoss(qint64 step, qint64 total, double loss, double lr);
    void onFinished(const QString& packageDir, const bitdelta::ui::ReportPtr& report);
    void onCancelled();
    void onFailed(const QString& message);

  private:
    QWidget* buildSettingsForm();
    void updateButtons();
    void maybeCheckPair();
    void suggestOutputPath();
    void setRunning(bool running);

    QThread probeThread_, compressThread_;
    CheckpointProbe* probe_;
    CompressWorker* worker_;

    DropZone* baseZone_;
    DropZone* finetuneZone_;
    QLabel* pairLabel_;
    QLineEdit* calibration_;
    QSpinBox* steps_;
    QDoubleSpinBox* lr_;
    QSpinBox* batch_;
    QSpinBox* seqLen_;
    QSpinBox* seed_;
    QComboBox* device_;
    QComboBox* dtype_;
    QLineEdit* evalText_;
    QLineEdit* output_;
    QPushButton* compressButton_;
    QPushButton* cancelButton_;
    QProgressBar* progressBar_;
    QLabel* stageLabel_;
    PlotView* lossPlot_;

    CompressSettings advanced_;  // fields the form does not show (kept from setSettings)
    QString pairProblem_;
    bool pairChecked_ = false;
    bool running_ = false;
    bool outputEdited_ = false;
};

}  // namespace bitdelta::ui
