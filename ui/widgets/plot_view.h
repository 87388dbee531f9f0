#pragma once
// A QCustomPlot with what every studio plot needs: drag to pan, wheel to zoom, double-click to
// reset, a context menu to export PNG/PDF/SVG, colours from the palette (dark mode), and a
// one-sentence tooltip saying what the plot shows.
#include <qcustomplot.h>

namespace bitdelta::ui {

class PlotView : public QCustomPlot {
    Q_OBJECT
  public:
    explicit PlotView(const QString& title, QWidget* parent = nullptr);

    // Writes the plot to `path`; the format follows the suffix (.png, .pdf, .svg). False on
    // failure.
    bool exportTo(const QString& path, int width = 0, int height = 0);
    QString title() const { return title_; }
    // Rescales axes to the data, then remembers that view for double-click reset.
    void resetView();
    // Restyles axes/background from the current palette (called on palette changes).
    void applyPalette();
    QCPTextElement* titleElement() const { return titleElement_; }

  public slots:
    void exportDialog();

  protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void changeEvent(QEvent* event) override;

  private:
    QString title_;
    QCPTextElement* titleElement_;
};

// Ticks on whole numbers only, at any zoom: for axes of steps, ranks and counts, where the default
// ticker's 2.5 or 7.5 would name a step or a matrix that cannot exist.
void setWholeNumberTicks(QCPAxis* axis);

}  // namespace bitdelta::ui
