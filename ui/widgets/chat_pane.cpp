#include "ui/widgets/chat_pane.h"

#include "ui/error_reporter.h"
#include "ui/settings.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSpinBox>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

namespace bitdelta::ui {

ChatPane::ChatPane(int id, const QString& tenant, const QString& source, QWidget* parent)
    : QWidget(parent), id_(id), tenant_(tenant) {
    setObjectName(QStringLiteral("chatPane_%1").arg(tenant));
    title_ = new QLabel(QStringLiteral("<b>%1</b>").arg(tenant.toHtmlEscaped()), this);
    title_->setToolTip(source);
    speed_ = new QLabel(this);
    speed_->setToolTip(tr("Generated tokens per second of the last answer."));
    auto* settingsButton = new QToolButton(this);
    settingsButton->setText(tr("Settings"));
    settingsButton->setCheckable(true);
    settingsButton->setToolTip(tr("System prompt and sampling for this pane."));
    auto* clear = new QToolButton(this);
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Forget this pane's conversation."));
    connect(clear, &QToolButton::clicked, this, &ChatPane::clear);
    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export…"));
    exportButton->setToolTip(tr("Save the transcript as Markdown or JSON."));
    connect(exportButton, &QToolButton::clicked, this, &ChatPane::exportDialog);
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setEnabled(false);
    connect(stop_, &QPushButton::clicked, this, [this] { emit stopRequested(id_); });
    auto* header = new QHBoxLayout;
    header->addWidget(title_);
    header->addWidget(speed_, 1, Qt::AlignRight);
    header->addWidget(settingsButton);
    header->addWidget(clear);
    header->addWidget(exportButton);
    header->addWidget(stop_);

    settingsBox_ = new QWidget(this);
    auto* form = new QFormLayout(settingsBox_);
    form->setContentsMargins(0, 0, 0, 0);
    system_ = new QPlainTextEdit(settingsBox_);
    system_->setPlaceholderText(tr("System prompt (optional)"));
    system_->setMaximumHeight(60);
    system_->setPlainText(Settings().chatSystemPrompt());
    form->addRow(tr("System:"), system_);
    temperature_ = new QDoubleSpinBox(settingsBox_);
    temperature_->setRange(0.0, 5.0);
    temperature_->setSingleStep(0.1);
    temperature_->setToolTip(tr("0 picks the most likely token every time (greedy)."));
    form->addRow(tr("Temperature:"), temperature_);
    topP_ = new QDoubleSpinBox(settingsBox_);
    topP_->setRange(0.01, 1.0);
    topP_->setSingleStep(0.05);
    topP_->setValue(1.0);
    topP_->setToolTip(tr("Sample only from the most likely tokens whose probabilities sum to p."));
    form->addRow(tr("Top-p:"), topP_);
    topK_ = new QSpinBox(settingsBox_);
    topK_->setRange(0, 100000);
    topK_->setToolTip(tr("Sample only from the k most likely tokens; 0 means no limit."));
    form->addRow(tr("Top-k:"), topK_);
    maxTokens_ = new QSpinBox(settingsBox_);
    maxTokens_->setRange(1, 32768);
    maxTokens_->setValue(256);
    maxTokens_->setToolTip(tr("The answer stops after this many tokens."));
    form->addRow(tr("Max tokens:"), maxTokens_);
    runToLimit_ = new QCheckBox(tr("Run to the token limit"), settingsBox_);
    runToLimit_->setToolTip(
        tr("Keep generating past the end-of-sequence token, so every pane answers with Max tokens "
           "and their tokens/s compare at equal lengths."));
    form->addRow(QString(), runToLimit_);
    settingsBox_->setVisible(false);
    connect(settingsButton, &QToolButton::toggled, settingsBox_, &QWidget::setVisible);

    view_ = new QTextBrowser(this);
    view_->setOpenExternalLinks(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(header);
    layout->addWidget(settingsBox_);
    layout->addWidget(view_, 1);
    render();
}

QString ChatPane::systemPrompt() const {
    return system_->toPlainText().trimmed();
}
void ChatPane::setSystemPrompt(const QString& prompt) {
    system_->setPlainText(prompt);
}

void ChatPane::setSampling(double temperature, double topP, int topK, int maxNewTokens) {
    temperature_->setValue(temperature);
    topP_->setValue(topP);
    topK_->setValue(topK);
    maxTokens_->setValue(maxNewTokens);
}

void ChatPane::setRunToLimit(bool on) {
    runToLimit_->setChecked(on);
}

ChatRequest ChatPane::startTurn(const QString& userText) {
    history_.push_back({"user", userText.toStdString()});
    ChatRequest request;
    request.tenant = tenant_.toStdString();
    if (!systemPrompt().isEmpty())
        request.messages.push_back({"system", systemPrompt().toStdString()});
    request.messages.insert(request.messages.end(), history_.begin(), history_.end());
    request.temperature = temperature_->value();
    request.top_p = topP_->value();
    request.top_k = topK_->value();
    request.max_new_tokens = maxTokens_->value();
    request.ignore_eos = runToLimit_->isChecked();
    answer_.clear();
    generating_ = true;
    finishReason_.clear();
    stop_->setEnabled(true);
    speed_->setText(tr("thinking…"));
    clock_.start();
    render();
    return request;
}

void ChatPane::appendToken(const QString& text, qint64 completionTokens, double tokensPerSecond) {
    answer_ += text;
    tokensPerSecond_ = tokensPerSecond > 0
                           ? tokensPerSecond
                           : completionTokens * 1000.0 / qMax<qint64>(1, clock_.elapsed());
    speed_->setText(
        tr("%1 tokens, %2 tok/s").arg(completionTokens).arg(tokensPerSecond_, 0, 'f', 1));
    render();
}

void ChatPane::finishTurn(const QString& reason, const QString& error, qint64 completionTokens,
                          double tokensPerSecond) {
    generating_ = false;
    finishReason_ = reason;
    stop_->setEnabled(false);
    if (tokensPerSecond > 0) tokensPerSecond_ = tokensPerSecond;
    history_.push_back({"assistant", answer_.toStdString()});
    answer_.clear();
    if (reason == QLatin1String("error"))
        speed_->setText(tr("error"));
    else if (reason == QLatin1String("cancelled"))
        speed_->setText(tr("stopped after %1 tokens").arg(completionTokens));
    else
        speed_->setText(
            tr("%1 tokens, %2 tok/s").arg(completionTokens).arg(tokensPerSecond_, 0, 'f', 1));
    render();
    if (reason == QLatin1String("error"))
        ErrorReporter::instance().report(this, tr("Generation failed"),
                                         tr("%1 could not answer:\n%2").arg(tenant_, error));
}

void ChatPane::clear() {
    if (generating_) emit stopRequested(id_);
    history_.clear();
    answer_.clear();
    speed_->clear();
    render();
}

void ChatPane::render() {
    const QPalette pal = palette();
    const QString dim = pal.color(QPalette::PlaceholderText).name();
    QString html;
    auto block = [&](const QString& who, const QString& text, const QString& color) {
        html += QStringLiteral("<p><span style='color:%1'><b>%2</b></span><br>%3</p>")
                    .arg(color, who.toHtmlEscaped(),
                         text.toHtmlEscaped().replace('\n', QStringLiteral("<br>")));
    };
    for (const ChatMessage& m : history_) {
        const QString text = QString::fromStdString(m.content);
        if (m.role == "user")
            block(tr("You"), text, QStringLiteral("#409cff"));
        else
            block(tenant_, text, QStringLiteral("#ff9500"));
    }
    if (generating_) block(tenant_, answer_ + QStringLiteral("▍"), QStringLiteral("#ff9500"));
    if (html.isEmpty())
        html = QStringLiteral("<p style='color:%1'>%2</p>")
                   .arg(dim, tr("Answers from %1 appear here.").arg(tenant_.toHtmlEscaped()));
    view_->setHtml(html);
    view_->verticalScrollBar()->setValue(view_->verticalScrollBar()->maximum());
}

QString ChatPane::toMarkdown() const {
    QString md = tr("# Chat with %1").arg(tenant_) + QStringLiteral("\n\n");
    if (!systemPrompt().isEmpty())
        md += QStringLiteral("**%1:** %2\n\n").arg(tr("System"), systemPrompt());
    for (const ChatMessage& m : history_)
        md += QStringLiteral("**%1:** %2\n\n")
                  .arg(m.role == "user" ? tr("You") : tenant_, QString::fromStdString(m.content));
    return md;
}

QString ChatPane::toJson() const {
    QJsonArray messages;
    if (!systemPrompt().isEmpty())
        messages.append(QJsonObject{{"role", "system"}, {"content", systemPrompt()}});
    for (const ChatMessage& m : history_)
        messages.append(QJsonObject{{"role", QString::fromStdString(m.role)},
                                    {"content", QString::fromStdString(m.content)}});
    const QJsonObject root{{"model", tenant_},
                           {"temperature", temperature_->value()},
                           {"top_p", topP_->value()},
                           {"top_k", topK_->value()},
                           {"max_new_tokens", maxTokens_->value()},
                           {"ignore_eos", runToLimit_->isChecked()},
                           {"messages", messages}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QString ChatPane::exportTo(const QString& path) const {
    const bool json =
        QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not open %1 for writing: %2").arg(path, file.errorString());
    file.write((json ? toJson() : toMarkdown()).toUtf8());
    if (!file.commit()) return tr("Could not write %1: %2").arg(path, file.errorString());
    return {};
}

void ChatPane::exportDialog() {
    Settings settings;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export transcript"),
                                     settings.lastBrowseDir() + QLatin1Char('/') + tenant_ + ".md",
                                     tr("Markdown (*.md);;JSON (*.json)"));
    if (path.isEmpty()) return;
    settings.setLastBrowseDir(QFileInfo(path).absolutePath());
    const QString error = exportTo(path);
    if (!error.isEmpty()) ErrorReporter::instance().report(this, tr("Export failed"), error);
}

}  // namespace bitdelta::ui
