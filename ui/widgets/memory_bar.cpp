#include "ui/widgets/memory_bar.h"

#include "ui/workers/checkpoint_info.h"

#include <QPainter>

namespace bitdelta::ui {

MemoryBar::MemoryBar(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(40);
    setToolTip(
        tr("Memory used by the shared base, by each attached fine-tune and by the KV cache."));
}

void MemoryBar::setUsage(const MemoryUsage& usage) {
    static const QList<QColor> palette = {QColor(255, 149, 0),  QColor(60, 180, 110),
                                          QColor(175, 82, 222), QColor(255, 59, 48),
                                          QColor(90, 200, 250), QColor(255, 204, 0)};
    segments_.clear();
    onDevice_ = usage.device_total_bytes > 0;
    auto bytesOf = [this](int64_t device, int64_t host) { return onDevice_ ? device : host; };
    segments_.append({tr("base"), bytesOf(usage.base_device_bytes, usage.base_host_bytes),
                      QColor(64, 156, 255)});
    int i = 0;
    for (const TenantInfo& t : usage.tenants) {
        if (t.package_dir.empty()) continue;  // the base is counted above
        segments_.append({QString::fromStdString(t.name), bytesOf(t.device_bytes, t.host_bytes),
                          palette[i++ % palette.size()]});
    }
    segments_.append({tr("KV cache"), usage.kv_cache_bytes_used, QColor(142, 142, 147)});
    qint64 used = 0;
    for (const Segment& s : segments_)
        used += s.bytes;
    capacity_ = onDevice_ ? usage.device_total_bytes : used;
    setToolTip(summaryText());
    update();
}

QString MemoryBar::summaryText() const {
    QStringList parts;
    for (const Segment& s : segments_)
        parts << tr("%1: %2").arg(s.label, formatBytes(static_cast<quint64>(s.bytes)));
    const QString where = onDevice_ ? tr("GPU memory") : tr("host memory");
    return tr("%1 — %2").arg(where, parts.join(QStringLiteral(", ")));
}

void MemoryBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF bar(1, 1, width() - 2, 18);
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(palette().color(QPalette::Base));
    p.drawRoundedRect(bar, 4, 4);
    if (capacity_ <= 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(bar, Qt::AlignCenter, tr("No model loaded"));
        return;
    }
    double x = bar.left();
    for (const Segment& s : segments_) {
        // Tiny tenants (1/16 of the base) still get a visible sliver.
        const double w =
            s.bytes > 0 ? qMax(2.0, bar.width() * double(s.bytes) / double(capacity_)) : 0.0;
        p.fillRect(QRectF(x, bar.top() + 1, qMin(w, bar.right() - x), bar.height() - 2), s.color);
        x += w;
        if (x >= bar.right()) break;
    }
    // Legend under the bar.
    QFontMetrics fm(font());
    double lx = 2;
    const double ly = bar.bottom() + 4;
    for (const Segment& s : segments_) {
        const QString text = tr("%1 %2").arg(s.label, formatBytes(static_cast<quint64>(s.bytes)));
        p.fillRect(QRectF(lx, ly + 3, 10, 10), s.color);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QPointF(lx + 14, ly + fm.ascent()), text);
        lx += 14 + fm.horizontalAdvance(text) + 12;
    }
}

}  // namespace bitdelta::ui
