#pragma once
// The one way the studio shows errors. Interactive: a window-modal QMessageBox that does not block
// the event loop (open(), not exec()). Tests switch dialogs off and read errorReported /
// lastMessage().
#include <QObject>
#include <QString>

class QWidget;

namespace bitdelta::ui {

class ErrorReporter : public QObject {
    Q_OBJECT
  public:
    static ErrorReporter& instance();

    // `text` is the exact cause (core's message names the file/tensor/setting and the fault).
    void report(QWidget* parent, const QString& title, const QString& text);
    void setDialogsEnabled(bool enabled) { dialogs_ = enabled; }
    bool dialogsEnabled() const { return dialogs_; }
    QString lastTitle() const { return lastTitle_; }
    QString lastMessage() const { return lastMessage_; }
    int count() const { return count_; }
    void clear();

  signals:
    void errorReported(const QString& title, const QString& text);

  private:
    ErrorReporter() = default;
    bool dialogs_ = true;
    QString lastTitle_, lastMessage_;
    int count_ = 0;
};

}  // namespace bitdelta::ui
