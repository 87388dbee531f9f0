#pragma once
// A stacked bar of the engine's memory: the base once, then each tenant's own bytes, then the KV
// cache, against the device's total (or, on the CPU, against their sum).
#include "serve/engine.h"

#include <QWidget>

namespace bitdelta::ui {

class MemoryBar : public QWidget {
    Q_OBJECT
  public:
    struct Segment {
        QString label;
        qint64 bytes = 0;
        QColor color;
    };

    explicit MemoryBar(QWidget* parent = nullptr);
    void setUsage(const MemoryUsage& usage);
    const QList<Segment>& segments() const { return segments_; }
    qint64 capacity() const { return capacity_; }
    QString summaryText() const;
    QSize sizeHint() const override { return {400, 46}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QList<Segment> segments_;
    qint64 capacity_ = 0;
    bool onDevice_ = false;
};

}  // namespace bitdelta::ui
