#pragma once
// The studio's window: a sidebar with the Compress, Inspect and Chat pages, menus and shortcuts,
// the compute device in the status bar, and geometry/state/recent files remembered through
// Settings.
#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace bitdelta::ui {

class ChatPage;
class CompressPage;
class InspectPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    enum Page { CompressIndex = 0, InspectIndex = 1, ChatIndex = 2 };

    explicit MainWindow(QWidget* parent = nullptr);

    CompressPage* compressPage() const { return compress_; }
    InspectPage* inspectPage() const { return inspect_; }
    ChatPage* chatPage() const { return chat_; }
    int currentPage() const;
    QString deviceText() const;

  public slots:
    void showPage(int page);
    // Command line / demo: fills the Compress page and opens a package, as given.
    void openStartup(const QString& base, const QString& finetune, const QString& package);
    void openPackage(const QString& packageDir);
    void openPackageDialog();
    // Ctrl+Return: compress on the Compress page, send on the Chat page.
    void primaryAction();
    // Esc: cancel the compression or stop the answers.
    void stopAction();

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void buildMenus();
    void rebuildRecentMenu();
    void restoreSettings();

    QListWidget* sidebar_;
    QStackedWidget* stack_;
    CompressPage* compress_;
    InspectPage* inspect_;
    ChatPage* chat_;
    QLabel* device_;
    QMenu* recentMenu_ = nullptr;
};

}  // namespace bitdelta::ui
