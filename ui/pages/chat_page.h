#pragma once
// Chat: one base model, any number of attached .bitdelta packages, a pane per tenant side by side;
// one input goes to every pane or to one; answers stream token by token. The engine lives in a
// ChatWorker on its own thread.
#include "ui/workers/report_types.h"

#include <QMap>
#include <QThread>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSplitter;

namespace bitdelta::ui {

class ChatPane;
class ChatWorker;
class MemoryBar;

class ChatPage : public QWidget {
    Q_OBJECT
  public:
    explicit ChatPage(QWidget* parent = nullptr);
    ~ChatPage() override;

    QString baseDir() const { return baseDir_; }
    bool baseLoaded() const { return baseLoaded_; }
    QList<ChatPane*> panes() const;
    ChatPane* pane(const QString& tenant) const;
    MemoryBar* memoryBar() const { return memoryBar_; }
    QPlainTextEdit* input() const { return input_; }
    QComboBox* target() const { return target_; }
    QPushButton* sendButton() const { return send_; }
    bool isGenerating() const;
    QStringList attachedPackages() const { return attached_.keys(); }

  public slots:
    void loadBase(const QString& baseDir);
    void attachPackage(const QString& packageDir);
    void detachTenant(const QString& tenant);
    void setShowBasePane(bool show);
    // Sends the input to the selected target ("all panes" or one tenant).
    void send();
    void stop();
    void chooseBase();
    void choosePackage();

  signals:
    void statusMessage(const QString& text);
    void deviceChanged(const QString& deviceName);

  private slots:
    void onBaseLoaded(const QString& baseDir, const QString& deviceName);
    void onAttached(const QString& packageDir, const QString& tenant);
    void onDetached(const QString& tenant);
    void onFailed(const QString& message);

  private:
    ChatPane* addPane(const QString& tenant, const QString& source);
    void removePane(const QString& tenant);
    void rebuildTargets();
    void updateButtons();

    QThread thread_;
    ChatWorker* worker_;
    QString baseDir_;
    bool baseLoaded_ = false;
    bool loading_ = false;
    QMap<QString, QString> attached_;  // package dir -> tenant
    QMap<int, ChatPane*> panes_;
    int nextPaneId_ = 1;

    QLabel* baseLabel_;
    QComboBox* device_;
    QPushButton* loadButton_;
    QListWidget* tenants_;
    QPushButton* attachButton_;
    QPushButton* detachButton_;
    QCheckBox* showBase_;
    QSplitter* paneSplitter_;
    QComboBox* target_;
    QPlainTextEdit* input_;
    QPushButton* send_;
    QPushButton* stop_;
    MemoryBar* memoryBar_;
};

}  // namespace bitdelta::ui
