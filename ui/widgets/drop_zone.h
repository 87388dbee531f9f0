#pragma once
// A drop target for one checkpoint folder: accepts a folder dragged from a file manager or picked
// with Browse…, then shows what was recognised in it (or exactly what is wrong with it).
#include "ui/workers/checkpoint_info.h"

#include <QFrame>

class QLabel;
class QMimeData;
class QPushButton;

namespace bitdelta::ui {

class DropZone : public QFrame {
    Q_OBJECT
  public:
    enum class State { Empty, Loading, Ready, Invalid };

    DropZone(const QString& title, const QString& hint, QWidget* parent = nullptr);

    QString folder() const { return folder_; }
    State state() const { return state_; }
    QString detailsText() const;  // plain text of what is shown, for tests and accessibility
    const CheckpointInfo& info() const { return info_; }

  public slots:
    void setLoading(const QString& dir);
    void setInfo(const bitdelta::ui::CheckpointInfo& info);
    void setError(const QString& dir, const QString& message);
    void browse();

  signals:
    // The user dropped or picked a folder; the owner probes it and calls setInfo/setError.
    void folderChosen(const QString& dir);

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    static QString folderFromMime(const QMimeData* mime);
    void setHighlighted(bool on);

    QString folder_;
    State state_ = State::Empty;
    CheckpointInfo info_;
    QLabel* title_;
    QLabel* path_;
    QLabel* details_;
    QPushButton* browse_;
};

}  // namespace bitdelta::ui
