#pragma once
// Inspect: opens any .bitdelta package from its report.json (no recomputation) and shows the
// model-level summary, a sortable/filterable table of every compressed matrix, a layers × kinds
// fidelity heatmap, and for the selected matrix its spectrum, low-rank baseline, Δ histogram, plus
// scales and loss.
#include "ui/workers/report_types.h"

#include <QThread>
#include <QWidget>

class QCPColorMap;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QPushButton;

namespace bitdelta::ui {

class InspectLoader;
class MatrixFilterProxy;
class MatrixTableModel;
class PlotView;

class InspectPage : public QWidget {
    Q_OBJECT
  public:
    explicit InspectPage(QWidget* parent = nullptr);
    ~InspectPage() override;

    QString packageDir() const { return packageDir_; }
    const ReportPtr& report() const;
    MatrixTableModel* model() const { return model_; }
    MatrixFilterProxy* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }
    QCPColorMap* heatmap() const { return heatmap_; }
    QStringList heatmapKinds() const { return kinds_; }
    PlotView* heatmapPlot() const { return heatmapPlot_; }
    PlotView* spectrumPlot() const { return spectrumPlot_; }
    PlotView* lowRankPlot() const { return lowRankPlot_; }
    PlotView* scalesPlot() const { return scalesPlot_; }
    PlotView* deltaPlot() const { return deltaPlot_; }
    PlotView* lossPlot() const { return lossPlot_; }
    QList<PlotView*> plots() const;
    QString summaryText() const;
    // The matrix the plots show (empty when none).
    QString selectedMatrix() const { return selected_; }

  public slots:
    // Loads PKG/report.json on a worker thread; emits packageOpened or reports the error.
    void openPackage(const QString& packageDir);
    // Shows a report already in memory (e.g. just written by Compress).
    void showReport(const QString& packageDir, const bitdelta::ui::ReportPtr& report);
    void selectMatrix(const QString& name);
    void setFilterText(const QString& text);
    void setFilterKind(const QString& kind);
    // Writes the rows currently shown to CSV; returns an error message or "".
    QString exportCsv(const QString& path) const;
    void exportCsvDialog();

  signals:
    void packageOpened(const QString& packageDir);
    void chatRequested(const QString& packageDir);
    void statusMessage(const QString& text);

  private slots:
    void onLoadFailed(const QString& packageDir, const QString& message);
    void onHeatmapClicked(QMouseEvent* event);
    void onHeatmapHover(QMouseEvent* event);

  private:
    void updateSummary();
    void updateSelectionPlots();
    PlotView* makePlot(const QString& title, const QString& tooltip, const QString& objectName);

    QThread thread_;
    InspectLoader* loader_;
    QString packageDir_, pendingDir_, selected_;
    MatrixTableModel* model_;
    MatrixFilterProxy* proxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QComboBox* kindFilter_;
    QPushButton* csvButton_;
    QPushButton* chatButton_;
    QLabel* summary_;
    QLabel* header_;
    PlotView* heatmapPlot_;
    PlotView* spectrumPlot_;
    PlotView* lowRankPlot_;
    PlotView* scalesPlot_;
    PlotView* deltaPlot_;
    PlotView* lossPlot_;
    QCPColorMap* heatmap_ = nullptr;
    QStringList kinds_;
};

}  // namespace bitdelta::ui
