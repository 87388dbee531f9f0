#include "ui/models/matrix_table_model.h"

#include <QFile>
#include <QSaveFile>
#include <QTextStream>

namespace bitdelta::ui {

void MatrixTableModel::setReport(ReportPtr report) {
    beginResetModel();
    report_ = std::move(report);
    endResetModel();
}

const MatrixReport* MatrixTableModel::matrix(int row) const {
    if (!report_ || row < 0 || row >= static_cast<int>(report_->matrices.size())) return nullptr;
    return &report_->matrices[static_cast<size_t>(row)];
}

int MatrixTableModel::rowOfMatrix(const QString& name) const {
    if (!report_) return -1;
    const std::string n = name.toStdString();
    for (size_t i = 0; i < report_->matrices.size(); ++i)
        if (report_->matrices[i].name == n) return static_cast<int>(i);
    return -1;
}

int MatrixTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !report_ ? 0 : static_cast<int>(report_->matrices.size());
}

int MatrixTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MatrixTableModel::data(const QModelIndex& index, int role) const {
    const MatrixReport* m = matrix(index.row());
    if (!m) return {};
    if (role == Qt::ToolTipRole) return explanation(index.column());
    if (role == Qt::TextAlignmentRole)
        return index.column() <= Kind ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != RawRole) return {};
    const bool raw = role == RawRole;
    auto num = [raw](double v, int precision = 4) -> QVariant {
        if (raw) return v;
        return QString::number(v, 'g', precision);
    };
    switch (index.column()) {
        case Name:
            return QString::fromStdString(m->name);
        case Layer:
            return raw ? QVariant(qlonglong(m->layer)) : QVariant(QString::number(m->layer));
        case Kind:
            return QString::fromStdString(m->kind);
        case Shape:
            return raw ? QVariant(double(m->rows) * double(m->cols))
                       : QVariant(QStringLiteral("%1 × %2").arg(m->rows).arg(m->cols));
        case DeltaNorm:
            return num(m->delta_norm);
        case AlphaInit:
            return num(m->alpha_init);
        case AlphaFinal:
            return num(m->alpha_final);
        case RelErrorInit:
            return num(m->relative_error_init);
        case RelError:
            return num(m->relative_error);
        case Cosine:
            return num(m->cosine);
        case SvdRank:
            return raw ? QVariant(qlonglong(m->svd_equal_storage_rank))
                       : QVariant(QString::number(m->svd_equal_storage_rank));
        case SvdError:
            return num(m->svd_equal_storage_error);
        case OutputError:
            if (m->output_error < 0) return raw ? QVariant(-1.0) : QVariant(tr("n/a"));
            return num(m->output_error);
        default:
            return {};
    }
}

QVariant MatrixTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) return explanation(section);
    if (role != Qt::DisplayRole) return {};
    switch (section) {
        case Name:
            return tr("Matrix");
        case Layer:
            return tr("Layer");
        case Kind:
            return tr("Kind");
        case Shape:
            return tr("Shape");
        case DeltaNorm:
            return tr("‖Δ‖");
        case AlphaInit:
            return tr("α initial");
        case AlphaFinal:
            return tr("α distilled");
        case RelErrorInit:
            return tr("Rel. error (initial)");
        case RelError:
            return tr("Rel. error");
        case Cosine:
            return tr("cos(Δ, sign Δ)");
        case SvdRank:
            return tr("SVD rank");
        case SvdError:
            return tr("SVD error");
        case OutputError:
            return tr("Output error");
        default:
            return {};
    }
}

QString MatrixTableModel::explanation(int column) {
    switch (column) {
        case Name:
            return tr("The weight's name in the Hugging Face checkpoint.");
        case Layer:
            return tr("Decoder layer the matrix belongs to.");
        case Kind:
            return tr("Which projection of the layer this matrix is.");
        case Shape:
            return tr("Output × input size of the matrix.");
        case DeltaNorm:
            return tr("Frobenius norm of the fine-tune's change Δ = W_ft − W_base.");
        case AlphaInit:
            return tr("Scale before distillation: mean |Δ|, the L2-optimal value.");
        case AlphaFinal:
            return tr("Scale after distillation on calibration text.");
        case RelErrorInit:
            return tr("‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the initial scale.");
        case RelError:
            return tr("‖Δ − α·sign(Δ)‖ / ‖Δ‖ with the distilled scale; lower is better.");
        case Cosine:
            return tr(
                "Cosine similarity between Δ and its sign pattern; 1 means the signs "
                "capture Δ's direction fully.");
        case SvdRank:
            return tr(
                "Rank of an fp16 SVD approximation that takes at least the 1-bit "
                "storage (the paper's low-rank baseline).");
        case SvdError:
            return tr("Relative error of that rank-r SVD approximation of Δ.");
        case OutputError:
            return tr(
                "Relative error of the layer's output on calibration "
                "activations when Δ is replaced by α·sign(Δ).");
        default:
            return {};
    }
}

MatrixFilterProxy::MatrixFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(MatrixTableModel::RawRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void MatrixFilterProxy::setKind(const QString& kind) {
    kind_ = kind;
    invalidateFilter();
}

void MatrixFilterProxy::setText(const QString& text) {
    text_ = text.trimmed();
    invalidateFilter();
}

bool MatrixFilterProxy::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QAbstractItemModel* m = sourceModel();
    if (!kind_.isEmpty() &&
        m->index(row, MatrixTableModel::Kind, parent).data().toString() != kind_)
        return false;
    if (text_.isEmpty()) return true;
    for (int c = 0; c < MatrixTableModel::ColumnCount; ++c)
        if (m->index(row, c, parent).data().toString().contains(text_, Qt::CaseInsensitive))
            return true;
    return false;
}

QString writeCsv(const QAbstractItemModel& model, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QObject::tr("Could not open %1 for writing: %2").arg(path, file.errorString());
    QTextStream out(&file);
    auto quote = [](QString s) {
        if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"'))) {
            s.replace(QLatin1String("\""), QLatin1String("\"\""));
            s = QLatin1Char('"') + s + QLatin1Char('"');
        }
        return s;
    };
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header << quote(model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    out << header.join(QLatin1Char(',')) << '\n';
    for (int r = 0; r < model.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex i = model.index(r, c);
            // Shape keeps its "N × K" text; numbers are written at full precision.
            const QVariant raw =
                c == MatrixTableModel::Shape ? i.data() : i.data(MatrixTableModel::RawRole);
            cells << quote(raw.typeId() == QMetaType::Double
                               ? QString::number(raw.toDouble(), 'g', 10)
                               : raw.toString());
        }
        out << cells.join(QLatin1Char(',')) << '\n';
    }
    if (!file.commit()) return QObject::tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

}  // namespace bitdelta::ui
