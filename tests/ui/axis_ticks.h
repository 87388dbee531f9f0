#pragma once
// What an axis of a studio plot draws, for the GUI tests.
#include <qcustomplot.h>

#include <QString>

#include <cmath>
#include <utility>

namespace bitdelta::uitest {

// Zooms `axis` to [lo, hi], replots, and names the first tick it draws that is not a whole number
// (empty when every one is, "no ticks" when it draws none). Axes of steps, ranks and counts must
// pass at any zoom.
inline QString fractionalTick(QCustomPlot* plot, QCPAxis* axis, double lo, double hi) {
    axis->setRange(lo, hi);
    plot->replot();
    const QVector<double> ticks = axis->tickVector();
    const QString where =
        QStringLiteral(" on axis \"%1\" over [%2, %3]").arg(axis->label()).arg(lo).arg(hi);
    if (ticks.isEmpty()) return QStringLiteral("no ticks") + where;
    for (double t : ticks)
        if (t != std::round(t)) return QStringLiteral("tick %1").arg(t) + where;
    return {};
}

// Views to check: [1, 15] is where the default ticker labelled the compress page's loss curve
// 2.5, 7.5, 12.5 (each axis here fails there without whole-number ticks); a narrow and a wide one
// besides, so a ticker that happens to suit one range does not pass.
inline const std::pair<double, double> kCountZooms[] = {{1.0, 15.0}, {0.0, 3.0}, {0.0, 14.0}};

}  // namespace bitdelta::uitest
