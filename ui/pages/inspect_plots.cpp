#include "ui/pages/inspect_plots.h"

#include "ui/widgets/plot_view.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bitdelta::ui {

namespace {

const QColor kBlue(64, 156, 255), kOrange(255, 149, 0), kRed(230, 70, 70), kGreen(60, 180, 110);

void clearPlot(PlotView* plot) {
    plot->clearPlottables();
    plot->clearItems();
    plot->yAxis2->setVisible(false);
    plot->legend->setVisible(false);
    plot->xAxis->setScaleType(QCPAxis::stLinear);
    plot->yAxis->setScaleType(QCPAxis::stLinear);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
}

void verticalLine(PlotView* plot, double x, const QColor& color, Qt::PenStyle style,
                  const QString& label) {
    auto* line = new QCPItemStraightLine(plot);
    line->point1->setCoords(x, 0);
    line->point2->setCoords(x, 1);
    line->setPen(QPen(color, 1.5, style));
    if (label.isEmpty()) return;
    auto* text = new QCPItemText(plot);
    text->position->setTypeX(QCPItemPosition::ptPlotCoords);
    text->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(x, 0.02);
    text->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    text->setText(label);
    text->setColor(color);
}

void showEmpty(PlotView* plot, const QString& why) {
    auto* text = new QCPItemText(plot);
    text->position->setType(QCPItemPosition::ptAxisRectRatio);
    text->position->setCoords(0.5, 0.5);
    text->setText(why);
    text->setColor(plot->palette().color(QPalette::PlaceholderText));
    plot->replot();
}

// Bars of `counts` over equal bins from lo to hi.
QCPBars* bars(PlotView* plot, const std::vector<double>& counts, double lo, double hi,
              const QColor& color, const QString& name) {
    auto* b = new QCPBars(plot->xAxis, plot->yAxis);
    const double width = counts.empty() ? 1.0 : (hi - lo) / static_cast<double>(counts.size());
    b->setWidth(width);
    QVector<double> keys, values;
    for (size_t i = 0; i < counts.size(); ++i) {
        keys << lo + (static_cast<double>(i) + 0.5) * width;
        values << counts[i];
    }
    b->setData(keys, values, true);
    QColor fill = color;
    fill.setAlpha(130);
    b->setBrush(fill);
    b->setPen(QPen(color));
    b->setName(name);
    return b;
}

std::vector<double> histogram(const std::vector<double>& values, double lo, double hi, int bins) {
    std::vector<double> counts(static_cast<size_t>(bins), 0.0);
    const double span = hi - lo;
    for (double v : values) {
        int i = span > 0 ? static_cast<int>((v - lo) / span * bins) : 0;
        counts[static_cast<size_t>(std::clamp(i, 0, bins - 1))] += 1.0;
    }
    return counts;
}

}  // namespace

QStringList orderedKinds(const PackageReport& report) {
    QStringList kinds;
    const QStringList canonical = {"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                   "gate_proj", "up_proj", "down_proj"};
    QStringList present;
    for (const auto& m : report.matrices) {
        const QString k = QString::fromStdString(m.kind);
        if (!present.contains(k)) present << k;
    }
    for (const QString& k : canonical)
        if (present.contains(k)) kinds << k;
    for (const QString& k : present)
        if (!kinds.contains(k)) kinds << k;
    return kinds;
}

QCPColorMap* fillHeatmap(PlotView* plot, const PackageReport& report, const QStringList& kinds) {
    clearPlot(plot);
    int64_t layers = 0;
    for (const auto& m : report.matrices)
        layers = std::max(layers, m.layer + 1);
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    map->setName(QObject::tr("relative error"));
    const int nx = std::max<int>(1, static_cast<int>(kinds.size()));
    const int ny = std::max<int>(1, static_cast<int>(layers));
    map->data()->setSize(nx, ny);
    map->data()->setRange(QCPRange(0, nx - 1), QCPRange(0, ny - 1));
    map->data()->fill(std::numeric_limits<double>::quiet_NaN());
    double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    for (const auto& m : report.matrices) {
        const int x = static_cast<int>(kinds.indexOf(QString::fromStdString(m.kind)));
        if (x < 0 || m.layer < 0) continue;
        map->data()->setCell(x, static_cast<int>(m.layer), m.relative_error);
        lo = std::min(lo, m.relative_error);
        hi = std::max(hi, m.relative_error);
    }
    map->setInterpolate(false);
    QCPColorGradient gradient;
    gradient.setColorStopAt(0.0, QColor(40, 150, 90));
    gradient.setColorStopAt(0.5, QColor(240, 200, 60));
    gradient.setColorStopAt(1.0, QColor(210, 50, 50));
    gradient.setNanHandling(QCPColorGradient::nhTransparent);

    // The colour scale lives in the plot's layout next to the axis rect; reuse it across packages.
    QCPColorScale* scale = nullptr;
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* s = qobject_cast<QCPColorScale*>(plot->plotLayout()->elementAt(i))) scale = s;
    if (!scale) {
        scale = new QCPColorScale(plot);
        plot->plotLayout()->addElement(1, 1, scale);
        scale->setType(QCPAxis::atRight);
        scale->axis()->setLabel(QObject::tr("relative error"));
        auto* group = new QCPMarginGroup(plot);
        plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, group);
        scale->setMarginGroup(QCP::msBottom | QCP::msTop, group);
    }
    const QColor fg = plot->palette().color(QPalette::WindowText);
    scale->axis()->setTickLabelColor(fg);
    scale->axis()->setLabelColor(fg);
    scale->axis()->setBasePen(QPen(fg));
    // Attach first: attaching copies the scale's (previous package's) range and gradient onto the
    // map, while setting them afterwards propagates to the scale.
    map->setColorScale(scale);
    map->setGradient(gradient);
    if (lo <= hi) map->setDataRange(QCPRange(lo, lo == hi ? lo + 1e-9 : hi));

    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i = 0; i < kinds.size(); ++i) {
        QString label = kinds[i];
        label.remove(QStringLiteral("_proj"));
        ticker->addTick(i, label);
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setLabel(QObject::tr("matrix"));
    plot->yAxis->setLabel(QObject::tr("layer"));
    plot->xAxis->setRange(-0.5, nx - 0.5);
    plot->yAxis->setRange(-0.5, ny - 0.5);
    plot->replot();
    return map;
}

void fillSpectrum(PlotView* plot, const MatrixReport* m) {
    clearPlot(plot);
    if (!m || m->singular_values.empty())
        return showEmpty(plot, QObject::tr("No spectrum recorded"));
    QVector<double> ranks, sv, ev;
    for (size_t i = 0; i < m->singular_values.size(); ++i) {
        ranks << static_cast<double>(i + 1);
        sv << m->singular_values[i];
        ev << (i < m->explained_variance.size() ? m->explained_variance[i] : qQNaN());
    }
    auto* svGraph = plot->addGraph(plot->xAxis, plot->yAxis);
    svGraph->setData(ranks, sv, true);
    svGraph->setPen(QPen(kBlue, 2));
    svGraph->setName(QObject::tr("singular value"));
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot->yAxis->setLabel(QObject::tr("singular value"));
    plot->yAxis2->setVisible(true);
    plot->yAxis2->setLabel(QObject::tr("explained variance"));
    plot->yAxis2->setTickLabels(true);
    auto* evGraph = plot->addGraph(plot->xAxis, plot->yAxis2);
    evGraph->setData(ranks, ev, true);
    evGraph->setPen(QPen(kOrange, 2));
    evGraph->setName(QObject::tr("cumulative explained variance"));
    // The ranks of the low-rank baseline, marked where they fall on the variance curve.
    auto* marks = plot->addGraph(plot->xAxis, plot->yAxis2);
    marks->setLineStyle(QCPGraph::lsNone);
    marks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, kRed, kRed, 7));
    marks->setName(QObject::tr("low-rank baseline ranks"));
    for (int64_t r : m->svd_ranks)
        if (r >= 1 && r <= static_cast<int64_t>(ev.size()))
            marks->addData(static_cast<double>(r), ev[static_cast<int>(r - 1)]);
    plot->xAxis->setLabel(QObject::tr("rank"));
    setWholeNumberTicks(plot->xAxis);
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignRight | Qt::AlignBottom);
    plot->rescaleAxes();
    plot->yAxis2->setRange(0, 1.02);
    if (m->svd_equal_storage_rank > 0)
        verticalLine(plot, static_cast<double>(m->svd_equal_storage_rank), kRed, Qt::DashLine,
                     QObject::tr("r = %1").arg(m->svd_equal_storage_rank));
    plot->replot();
}

void fillScales(PlotView* plot, const PackageReport& report, const MatrixReport* selected) {
    clearPlot(plot);
    if (report.matrices.empty()) return showEmpty(plot, QObject::tr("No matrices"));
    std::vector<double> init, fin;
    for (const auto& m : report.matrices) {
        init.push_back(m.alpha_init);
        fin.push_back(m.alpha_final);
    }
    const auto [lo1, hi1] = std::minmax_element(init.begin(), init.end());
    const auto [lo2, hi2] = std::minmax_element(fin.begin(), fin.end());
    double lo = std::min(*lo1, *lo2), hi = std::max(*hi1, *hi2);
    if (hi <= lo) hi = lo + std::max(1e-12, std::abs(lo) * 0.01);
    const int bins = std::clamp(static_cast<int>(std::sqrt(double(init.size())) * 2), 5, 40);
    bars(plot, histogram(init, lo, hi, bins), lo, hi, kBlue, QObject::tr("initial (mean |Δ|)"));
    bars(plot, histogram(fin, lo, hi, bins), lo, hi, kOrange, QObject::tr("distilled"));
    plot->xAxis->setLabel(QObject::tr("scale α"));
    plot->yAxis->setLabel(QObject::tr("matrices"));
    setWholeNumberTicks(plot->yAxis);
    plot->legend->setVisible(true);
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(0);
    if (selected)
        verticalLine(
            plot, selected->alpha_final, kRed, Qt::SolidLine,
            QObject::tr("%1 L%2").arg(QString::fromStdString(selected->kind)).arg(selected->layer));
    plot->replot();
}

void fillDeltaHistogram(PlotView* plot, const MatrixReport* m) {
    clearPlot(plot);
    if (!m || m->delta_histogram.empty())
        return showEmpty(plot, QObject::tr("No Δ histogram recorded"));
    bars(plot, m->delta_histogram, m->hist_min, m->hist_max, kBlue, QObject::tr("Δ values"));
    plot->xAxis->setLabel(QObject::tr("Δ value"));
    plot->yAxis->setLabel(QObject::tr("weights"));
    setWholeNumberTicks(plot->yAxis);
    plot->rescaleAxes();
    plot->yAxis->setRangeLower(0);
    verticalLine(plot, m->alpha_final, kRed, Qt::SolidLine, QObject::tr("+α"));
    verticalLine(plot, -m->alpha_final, kRed, Qt::SolidLine, QObject::tr("−α"));
    verticalLine(plot, m->alpha_init, kGreen, Qt::DashLine, {});
    verticalLine(plot, -m->alpha_init, kGreen, Qt::DashLine, {});
    plot->replot();
}

void fillLoss(PlotView* plot, const PackageReport& report) {
    clearPlot(plot);
    const auto& loss = report.distill.loss;
    if (loss.empty()) return showEmpty(plot, QObject::tr("Scales were not distilled"));
    QVector<double> steps, values;
    for (size_t i = 0; i < loss.size(); ++i) {
        if (!(loss[i] > 0)) continue;  // log axis
        steps << static_cast<double>(i + 1);
        values << loss[i];
    }
    auto* g = plot->addGraph();
    g->setData(steps, values, true);
    g->setPen(QPen(kBlue, 2));
    g->setName(QObject::tr("logit MSE"));
    plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    plot->xAxis->setLabel(QObject::tr("step"));
    setWholeNumberTicks(plot->xAxis);
    plot->yAxis->setLabel(QObject::tr("logit MSE"));
    plot->rescaleAxes();
    if (report.distill.best_step >= 1)
        verticalLine(plot, static_cast<double>(report.distill.best_step), kGreen, Qt::DashLine,
                     QObject::tr("kept"));
    plot->replot();
}

void fillLowRank(PlotView* plot, const MatrixReport* m) {
    clearPlot(plot);
    if (!m || m->svd_ranks.empty()) return showEmpty(plot, QObject::tr("No low-rank baseline"));
    QVector<double> ranks, errors;
    for (size_t i = 0; i < m->svd_ranks.size() && i < m->svd_errors.size(); ++i) {
        ranks << static_cast<double>(m->svd_ranks[i]);
        errors << m->svd_errors[i];
    }
    auto* g = plot->addGraph();
    g->setData(ranks, errors, true);
    g->setPen(QPen(kOrange, 2));
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    g->setName(QObject::tr("rank-r SVD"));
    auto* bit = new QCPItemStraightLine(plot);
    bit->point1->setCoords(0, m->relative_error);
    bit->point2->setCoords(1, m->relative_error);
    bit->setPen(QPen(kBlue, 2, Qt::DashLine));
    plot->xAxis->setLabel(QObject::tr("rank r"));
    setWholeNumberTicks(plot->xAxis);
    plot->yAxis->setLabel(QObject::tr("relative error"));
    plot->rescaleAxes();
    plot->yAxis->setRange(
        0, std::max(m->relative_error, *std::max_element(errors.begin(), errors.end())) * 1.1);
    auto* label = new QCPItemText(plot);
    label->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    label->position->setTypeY(QCPItemPosition::ptPlotCoords);
    label->position->setCoords(0.98, m->relative_error);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    label->setText(QObject::tr("1-bit: %1").arg(m->relative_error, 0, 'g', 3));
    label->setColor(kBlue);
    if (m->svd_equal_storage_rank > 0)
        verticalLine(plot, static_cast<double>(m->svd_equal_storage_rank), kRed, Qt::DotLine,
                     QObject::tr("same storage"));
    plot->replot();
}

}  // namespace bitdelta::ui
