#include "ui/widgets/plot_view.h"

#include "ui/error_reporter.h"
#include "ui/settings.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSvgGenerator>

namespace bitdelta::ui {

void setWholeNumberTicks(QCPAxis* axis) {
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    axis->setTicker(ticker);
}

PlotView::PlotView(const QString& title, QWidget* parent) : QCustomPlot(parent), title_(title) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setMinimumSize(260, 190);
    plotLayout()->insertRow(0);
    titleElement_ =
        new QCPTextElement(this, title, QFont(font().family(), font().pointSize(), QFont::Bold));
    plotLayout()->addElement(0, 0, titleElement_);
    applyPalette();
}

void PlotView::applyPalette() {
    const QPalette pal = palette();
    const QColor fg = pal.color(QPalette::WindowText), bg = pal.color(QPalette::Base);
    setBackground(bg);
    titleElement_->setTextColor(fg);
    for (QCPAxis* axis : axisRect()->axes()) {
        axis->setBasePen(QPen(fg));
        axis->setTickPen(QPen(fg));
        axis->setSubTickPen(QPen(fg));
        axis->setTickLabelColor(fg);
        axis->setLabelColor(fg);
        QColor grid = fg;
        grid.setAlpha(40);
        axis->grid()->setPen(QPen(grid, 0, Qt::DotLine));
    }
    legend->setBrush(bg);
    legend->setTextColor(fg);
    legend->setBorderPen(QPen(pal.color(QPalette::Mid)));
    replot(QCustomPlot::rpQueuedReplot);
}

void PlotView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QCustomPlot::changeEvent(event);
}

void PlotView::resetView() {
    rescaleAxes();
    replot();
}

bool PlotView::exportTo(const QString& path, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) return savePng(path, width, height, 2.0);
    if (suffix == QLatin1String("pdf")) return savePdf(path, width, height);
    if (suffix == QLatin1String("svg")) {
        const int w = width > 0 ? width : this->width(), h = height > 0 ? height : this->height();
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(QSize(w, h));
        generator.setViewBox(QRect(0, 0, w, h));
        generator.setTitle(title_);
        QCPPainter painter;
        if (!painter.begin(&generator)) return false;
        toPainter(&painter, w, h);
        painter.end();
        return QFileInfo(path).size() > 0;
    }
    return false;
}

void PlotView::exportDialog() {
    Settings settings;
    QString name = title_;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("_"));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export plot"), settings.lastBrowseDir() + QLatin1Char('/') + name + ".png",
        tr("PNG image (*.png);;PDF document (*.pdf);;SVG image (*.svg)"));
    if (path.isEmpty()) return;
    settings.setLastBrowseDir(QFileInfo(path).absolutePath());
    if (!exportTo(path))
        ErrorReporter::instance().report(this, tr("Export failed"),
                                         tr("Could not write the plot to %1.").arg(path));
}

void PlotView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Reset view"), this, &PlotView::resetView);
    menu.addAction(tr("Export as PNG, PDF or SVG…"), this, &PlotView::exportDialog);
    menu.exec(event->globalPos());
}

void PlotView::mouseDoubleClickEvent(QMouseEvent* event) {
    resetView();
    QCustomPlot::mouseDoubleClickEvent(event);
}

}  // namespace bitdelta::ui
