#pragma once
// Every compressed matrix of a package with its diagnostics, as a Qt table model. Display text is
// formatted; Qt::UserRole holds the raw number so the proxy sorts numerically.
#include "ui/workers/report_types.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace bitdelta::ui {

class MatrixTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Name,
        Layer,
        Kind,
        Shape,
        DeltaNorm,
        AlphaInit,
        AlphaFinal,
        RelErrorInit,
        RelError,
        Cosine,
        SvdRank,
        SvdError,
        OutputError,
        ColumnCount
    };
    static constexpr int RawRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    void setReport(ReportPtr report);
    const ReportPtr& report() const { return report_; }
    const MatrixReport* matrix(int row) const;
    int rowOfMatrix(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // One-sentence explanation of a column, shown as its tooltip.
    static QString explanation(int column);

  private:
    ReportPtr report_;
};

// Filters by free text (any column) and by matrix kind.
class MatrixFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
  public:
    explicit MatrixFilterProxy(QObject* parent = nullptr);
    void setKind(const QString& kind);  // empty = all kinds
    void setText(const QString& text);

  protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

  private:
    QString kind_, text_;
};

// Writes the rows visible through `model` (header + raw values) as CSV; returns an error message or
// "".
QString writeCsv(const QAbstractItemModel& model, const QString& path);

}  // namespace bitdelta::ui
