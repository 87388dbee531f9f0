#pragma once
// Fills the Inspect page's plots from a package report. Each function clears and rebuilds its plot
// so it can be called whenever the package or the selected matrix changes.
#include "bitdelta/report.h"

#include <QStringList>

class QCPColorMap;

namespace bitdelta::ui {

class PlotView;

// Matrix kinds in the order a layer computes them, then any other kinds in order of appearance.
QStringList orderedKinds(const PackageReport& report);

// Layers × kinds coloured by relative error (lower is better), so weak layers stand out. Returns
// the colour map (owned by the plot). Cells with no matrix are NaN (drawn transparent).
QCPColorMap* fillHeatmap(PlotView* plot, const PackageReport& report, const QStringList& kinds);
// Singular values of Δ (left axis, log) and cumulative explained variance (right axis), with the
// evaluated low-rank baseline ranks marked on the variance curve.
void fillSpectrum(PlotView* plot, const MatrixReport* m);
// Histogram of every matrix's scale before and after distillation; the selected matrix's is marked.
void fillScales(PlotView* plot, const PackageReport& report, const MatrixReport* selected);
// The selected matrix's histogram of Δ values with ±α (distilled solid, initial dashed) marked.
void fillDeltaHistogram(PlotView* plot, const MatrixReport* m);
// The distillation loss per step, the best (kept) step marked.
void fillLoss(PlotView* plot, const PackageReport& report);
// Relative error of rank-r SVD approximations against the 1-bit error of the selected matrix.
void fillLowRank(PlotView* plot, const MatrixReport* m);

}  // namespace bitdelta::ui
