#pragma once
// One conversation with one tenant: its transcript (streamed token by token), its own sampling
// settings and system prompt, and Markdown/JSON export.
#include "serve/engine.h"

#include <QElapsedTimer>
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace bitdelta::ui {

class ChatPane : public QWidget {
    Q_OBJECT
  public:
    ChatPane(int id, const QString& tenant, const QString& source, QWidget* parent = nullptr);

    int id() const { return id_; }
    QString tenant() const { return tenant_; }
    bool isGenerating() const { return generating_; }
    // The request for the conversation so far plus `userText` (appended to the history).
    ChatRequest startTurn(const QString& userText);
    const std::vector<ChatMessage>& history() const { return history_; }
    QString currentAnswer() const { return answer_; }
    double lastTokensPerSecond() const { return tokensPerSecond_; }
    QString lastFinishReason() const { return finishReason_; }
    QString systemPrompt() const;
    void setSystemPrompt(const QString& prompt);
    void setSampling(double temperature, double topP, int topK, int maxNewTokens);
    // Answers run to Max tokens, past the end-of-sequence token: equal lengths make the panes'
    // tokens/s comparable.
    void setRunToLimit(bool on);

    QString toMarkdown() const;
    QString toJson() const;
    // Writes Markdown (.md) or JSON (.json) by the suffix; returns an error message or "".
    QString exportTo(const QString& path) const;

  public slots:
    void appendToken(const QString& text, qint64 completionTokens, double tokensPerSecond);
    void finishTurn(const QString& reason, const QString& error, qint64 completionTokens,
                    double tokensPerSecond);
    void clear();
    void exportDialog();

  signals:
    void stopRequested(int id);
    void closeRequested(int id);

  private:
    void render();

    int id_;
    QString tenant_;
    std::vector<ChatMessage> history_;
    QString answer_;  // the answer being streamed
    bool generating_ = false;
    double tokensPerSecond_ = 0;
    QString finishReason_;
    QElapsedTimer clock_;
    QLabel* title_;
    QLabel* speed_;
    QTextBrowser* view_;
    QWidget* settingsBox_;
    QPlainTextEdit* system_;
    QDoubleSpinBox* temperature_;
    QDoubleSpinBox* topP_;
    QSpinBox* topK_;
    QSpinBox* maxTokens_;
    QCheckBox* runToLimit_;
    QPushButton* stop_;
};

}  // namespace bitdelta::ui
