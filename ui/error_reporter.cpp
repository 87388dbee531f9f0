#include "ui/error_reporter.h"

#include <QMessageBox>

namespace bitdelta::ui {

ErrorReporter& ErrorReporter::instance() {
    static ErrorReporter reporter;
    return reporter;
}

void ErrorReporter::report(QWidget* parent, const QString& title, const QString& text) {
    lastTitle_ = title;
    lastMessage_ = text;
    ++count_;
    emit errorReported(title, text);
    if (!dialogs_) return;
    auto* box = new QMessageBox(QMessageBox::Critical, title, text, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
}

void ErrorReporter::clear() {
    lastTitle_.clear();
    lastMessage_.clear();
    count_ = 0;
}

}  // namespace bitdelta::ui
