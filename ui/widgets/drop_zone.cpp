#include "ui/widgets/drop_zone.h"

#include "ui/settings.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>

namespace bitdelta::ui {

DropZone::DropZone(const QString& title, const QString& hint, QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("dropZone"));
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setMinimumHeight(170);
    auto* layout = new QVBoxLayout(this);
    title_ = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this);
    path_ = new QLabel(hint, this);
    path_->setWordWrap(true);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_ = new QLabel(this);
    details_->setWordWrap(true);
    details_->setTextFormat(Qt::RichText);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    browse_ = new QPushButton(tr("Browse…"), this);
    browse_->setToolTip(tr("Pick a Hugging Face checkpoint folder (config.json + safetensors)."));
    connect(browse_, &QPushButton::clicked, this, &DropZone::browse);
    layout->addWidget(title_);
    layout->addWidget(path_);
    layout->addWidget(details_, 1);
    layout->addWidget(browse_, 0, Qt::AlignLeft);
    setHighlighted(false);
}

QString DropZone::detailsText() const {
    QTextDocument doc;
    doc.setHtml(details_->text());
    return doc.toPlainText();
}

void DropZone::setLoading(const QString& dir) {
    folder_ = dir;
    state_ = State::Loading;
    path_->setText(QDir::toNativeSeparators(dir));
    details_->setText(tr("Reading the checkpoint…"));
}

void DropZone::setInfo(const CheckpointInfo& info) {
    info_ = info;
    folder_ = info.dir;
    state_ = State::Ready;
    path_->setText(QDir::toNativeSeparators(info.dir));
    const QString yes = tr("yes"), no = tr("none");
    QString html = QStringLiteral("<table cellspacing=2>");
    auto row = [&html](const QString& k, const QString& v) {
        html += QStringLiteral("<tr><td>%1&nbsp;</td><td><b>%2</b></td></tr>")
                    .arg(k.toHtmlEscaped(), v.toHtmlEscaped());
    };
    row(tr("Architecture"), tr("%1 (%2)").arg(info.architecture, info.modelType));
    row(tr("Parameters"), formatCount(info.parameters));
    row(tr("Shape"), tr("%1 layers, hidden %2, %3 heads (%4 KV)")
                         .arg(info.layers)
                         .arg(info.hidden)
                         .arg(info.heads)
                         .arg(info.kvHeads));
    row(tr("Data type"), info.dtype);
    row(tr("Size on disk"), formatBytes(info.sizeOnDisk));
    row(tr("Tokenizer"), info.tokenizerKind.isEmpty() ? no : info.tokenizerKind);
    row(tr("Chat template"), info.hasChatTemplate ? yes : no);
    html += QStringLiteral("</table>");
    details_->setText(html);
    details_->setToolTip(
        tr("Recognised from config.json, the safetensors headers and the tokenizer "
           "files in this folder."));
    setHighlighted(false);
}

void DropZone::setError(const QString& dir, const QString& message) {
    folder_ = dir;
    state_ = State::Invalid;
    info_ = CheckpointInfo{};
    path_->setText(QDir::toNativeSeparators(dir));
    details_->setText(QStringLiteral("<span style='color:#d9534f'>%1</span>")
                          .arg(message.toHtmlEscaped().replace('\n', QStringLiteral("<br>"))));
    setHighlighted(false);
}

void DropZone::browse() {
    Settings settings;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Choose a checkpoint folder"),
                                          folder_.isEmpty() ? settings.lastBrowseDir() : folder_);
    if (dir.isEmpty()) return;
    settings.setLastBrowseDir(QFileInfo(dir).absolutePath());
    emit folderChosen(dir);
}

QString DropZone::folderFromMime(const QMimeData* mime) {
    if (!mime || !mime->hasUrls() || mime->urls().size() != 1) return {};
    const QUrl url = mime->urls().constFirst();
    if (!url.isLocalFile()) return {};
    const QFileInfo fi(url.toLocalFile());
    return fi.isDir() ? fi.absoluteFilePath() : QString();
}

void DropZone::dragEnterEvent(QDragEnterEvent* event) {
    if (folderFromMime(event->mimeData()).isEmpty()) return event->ignore();
    setHighlighted(true);
    event->acceptProposedAction();
}

void DropZone::dragLeaveEvent(QDragLeaveEvent* event) {
    setHighlighted(false);
    QFrame::dragLeaveEvent(event);
}

void DropZone::dropEvent(QDropEvent* event) {
    setHighlighted(false);
    const QString dir = folderFromMime(event->mimeData());
    if (dir.isEmpty()) return event->ignore();
    event->acceptProposedAction();
    emit folderChosen(dir);
}

void DropZone::setHighlighted(bool on) {
    const QColor c = palette().color(QPalette::Highlight);
    setStyleSheet(QStringLiteral("QFrame#dropZone { border: 2px %1 %2; border-radius: 8px; }")
                      .arg(on ? QStringLiteral("solid") : QStringLiteral("dashed"),
                           on ? c.name() : palette().color(QPalette::Mid).name()));
}

}  // namespace bitdelta::ui
