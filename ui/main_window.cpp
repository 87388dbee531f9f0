#include "ui/main_window.h"

#include "ui/i18n.h"
#include "ui/pages/chat_page.h"
#include "ui/pages/compress_page.h"
#include "ui/pages/inspect_page.h"
#include "ui/settings.h"
#include "ui/widgets/drop_zone.h"
#include "ui/workers/checkpoint_probe.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

// The icons (resources/studio.qrc) are compiled into the static bitdelta_ui library, whose linker
// drops an object file that nothing refers to. Referencing the resource's initialiser keeps it in
// every program with a MainWindow, and its static initialiser then registers the icons before
// main() (in time for the studio's window icon, set before any window exists). Q_INIT_RESOURCE must
// be used outside any namespace.
static void initIconResources() {
    Q_INIT_RESOURCE(studio);
}

namespace bitdelta::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initIconResources();
    setWindowTitle(tr("BitDelta Studio"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/bitdelta.svg")));
    qRegisterMetaType<bitdelta::ui::ReportPtr>();

    compress_ = new CompressPage(this);
    inspect_ = new InspectPage(this);
    chat_ = new ChatPage(this);

    stack_ = new QStackedWidget(this);
    stack_->addWidget(compress_);
    stack_->addWidget(inspect_);
    stack_->addWidget(chat_);

    sidebar_ = new QListWidget(this);
    sidebar_->setObjectName(QStringLiteral("sidebar"));
    sidebar_->setViewMode(QListView::IconMode);
    sidebar_->setMovement(QListView::Static);
    sidebar_->setFlow(QListView::TopToBottom);
    sidebar_->setIconSize(QSize(36, 36));
    sidebar_->setGridSize(QSize(92, 78));
    sidebar_->setFixedWidth(100);
    sidebar_->setSpacing(4);
    const struct {
        const char* icon;
        QString label, tip;
    } items[] = {
        {":/icons/compress.svg", tr("Compress"),
         tr("Compress a fine-tune into a 1-bit delta (Ctrl+1)")},
        {":/icons/inspect.svg", tr("Inspect"), tr("Inspect a package's diagnostics (Ctrl+2)")},
        {":/icons/chat.svg", tr("Chat"), tr("Chat with several fine-tunes over one base (Ctrl+3)")},
    };
    for (const auto& item : items) {
        auto* w = new QListWidgetItem(QIcon(QString::fromLatin1(item.icon)), item.label, sidebar_);
        w->setToolTip(item.tip);
        w->setTextAlignment(Qt::AlignHCenter);
    }
    connect(sidebar_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(sidebar_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    device_ = new QLabel(tr("Device: detecting…"), this);
    device_->setToolTip(tr("Where compression and chat compute by default."));
    statusBar()->addPermanentWidget(device_);
    // Probing CUDA can take a moment (driver start-up); never on the GUI thread.
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        device_->setText(tr("Device: %1").arg(watcher->result()));
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&CheckpointProbe::describeDevice));

    auto status = [this](const QString& text) { statusBar()->showMessage(text, 8000); };
    connect(compress_, &CompressPage::statusMessage, this, status);
    connect(inspect_, &InspectPage::statusMessage, this, status);
    connect(chat_, &ChatPage::statusMessage, this, status);
    connect(chat_, &ChatPage::deviceChanged, this,
            [this](const QString& d) { device_->setText(tr("Device: %1").arg(d)); });
    connect(compress_, &CompressPage::packageReady, this,
            [this](const QString& dir, const ReportPtr& report) {
                inspect_->showReport(dir, report);
                showPage(InspectIndex);
            });
    connect(inspect_, &InspectPage::packageOpened, this, [this] { rebuildRecentMenu(); });
    connect(inspect_, &InspectPage::chatRequested, this, [this](const QString& dir) {
        if (!chat_->baseLoaded() && inspect_->report())
            chat_->loadBase(QString::fromStdString(inspect_->report()->base_dir));
        chat_->attachPackage(dir);
        showPage(ChatIndex);
    });

    buildMenus();
    restoreSettings();
}

int MainWindow::currentPage() const {
    return stack_->currentIndex();
}
QString MainWindow::deviceText() const {
    return device_->text();
}

void MainWindow::showPage(int page) {
    sidebar_->setCurrentRow(page);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(QIcon(QStringLiteral(":/icons/open.svg")), tr("&Open Package…"),
                                    this, &MainWindow::openPackageDialog);
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("Choose &Base…"), this, [this] {
        showPage(CompressIndex);
        compress_->baseZone()->browse();
    });
    file->addAction(tr("Choose &Fine-tune…"), this, [this] {
        showPage(CompressIndex);
        compress_->finetuneZone()->browse();
    });
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QString names[] = {tr("&Compress"), tr("&Inspect"), tr("C&hat")};
    for (int i = 0; i < 3; ++i) {
        QAction* a = view->addAction(names[i], this, [this, i] { showPage(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
    }
    // Translators are installed once at start-up (installTranslations), so a new choice applies on
    // restart.
    view->addSeparator();
    QMenu* languageMenu = view->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(languageMenu);
    const QString currentLanguage = Settings().language();
    const QStringList codes = QStringList{QStringLiteral("system")} + availableLanguages();
    for (const QString& code : codes) {
        const bool system = code == QLatin1String("system");
        QAction* a =
            languageMenu->addAction(system ? tr("System Default") : languageDisplayName(code));
        a->setData(code);
        a->setCheckable(true);
        a->setChecked(code == currentLanguage || (system && currentLanguage.isEmpty()));
        languages->addAction(a);
    }
    connect(languages, &QActionGroup::triggered, this, [this](QAction* a) {
        Settings().setLanguage(a->data().toString());
        auto* box =
            new QMessageBox(QMessageBox::Information, tr("Language"),
                            tr("The new language takes effect when BitDelta Studio is restarted."),
                            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* primary = run->addAction(tr("Compress / Send"), this, &MainWindow::primaryAction);
    primary->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    QAction* stop = run->addAction(tr("Stop"), this, &MainWindow::stopAction);
    stop->setShortcut(QKeySequence(Qt::Key_Escape));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About BitDelta Studio"), this, [this] {
        auto* box =
            new QMessageBox(QMessageBox::Information, tr("About BitDelta Studio"),
                            tr("BitDelta Studio compresses fine-tuned language models to "
                               "1-bit deltas over their base (Liu et al., 2024) and serves many "
                               "of them over one base model."),
                            QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::rebuildRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    const QStringList recent = Settings().recentPackages();
    for (const QString& dir : recent)
        recentMenu_->addAction(QDir::toNativeSeparators(dir), this,
                               [this, dir] { openPackage(dir); });
    if (!recent.isEmpty()) recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("Clear List"), this, [this] {
        Settings().clearRecentPackages();
        rebuildRecentMenu();
    });
    clear->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreSettings() {
    Settings settings;
    if (!restoreGeometry(settings.windowGeometry())) resize(1360, 860);
    restoreState(settings.windowState());
    showPage(qBound(0, settings.currentPage(), 2));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (compress_->isRunning()) compress_->cancel();
    chat_->stop();
    Settings settings;
    settings.setWindowGeometry(saveGeometry());
    settings.setWindowState(saveState());
    settings.setCurrentPage(currentPage());
    event->accept();
}

void MainWindow::openPackage(const QString& packageDir) {
    inspect_->openPackage(packageDir);
    showPage(InspectIndex);
}

void MainWindow::openPackageDialog() {
    Settings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a .bitdelta package"),
                                                          settings.lastBrowseDir());
    if (dir.isEmpty()) return;
    settings.setLastBrowseDir(QFileInfo(dir).absolutePath());
    openPackage(dir);
}

void MainWindow::openStartup(const QString& base, const QString& finetune, const QString& package) {
    if (!base.isEmpty()) compress_->setBaseDir(base);
    if (!finetune.isEmpty()) compress_->setFinetuneDir(finetune);
    if (!package.isEmpty())
        openPackage(package);
    else if (!base.isEmpty() || !finetune.isEmpty())
        showPage(CompressIndex);
}

void MainWindow::primaryAction() {
    if (currentPage() == CompressIndex)
        compress_->startCompress();
    else if (currentPage() == ChatIndex)
        chat_->send();
}

void MainWindow::stopAction() {
    if (currentPage() == CompressIndex)
        compress_->cancel();
    else if (currentPage() == ChatIndex)
        chat_->stop();
}

}  // namespace bitdelta::ui
