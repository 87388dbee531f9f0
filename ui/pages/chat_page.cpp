#include "ui/pages/chat_page.h"

#include "ui/error_reporter.h"
#include "ui/settings.h"
#include "ui/widgets/chat_pane.h"
#include "ui/widgets/memory_bar.h"
#include "ui/workers/chat_worker.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace bitdelta::ui {

namespace {
const QString kBaseTenant = QStringLiteral("base");
}

ChatPage::ChatPage(QWidget* parent) : QWidget(parent) {
    qRegisterMetaType<bitdelta::MemoryUsage>();
    qRegisterMetaType<bitdelta::ChatRequest>();
    worker_ = new ChatWorker;
    worker_->moveToThread(&thread_);
    connect(worker_, &ChatWorker::baseLoaded, this, &ChatPage::onBaseLoaded);
    connect(worker_, &ChatWorker::attached, this, &ChatPage::onAttached);
    connect(worker_, &ChatWorker::detached, this, &ChatPage::onDetached);
    connect(worker_, &ChatWorker::failed, this, &ChatPage::onFailed);
    connect(worker_, &ChatWorker::progressChanged, this,
            [this](const QString& stage, double fraction, const QString&) {
                emit statusMessage(fraction >= 0 ? tr("%1 %2%").arg(stage).arg(int(fraction * 100))
                                                 : stage);
            });
    connect(worker_, &ChatWorker::tokenReceived, this,
            [this](int id, const QString& text, qint64 n, double tps) {
                if (ChatPane* p = panes_.value(id)) p->appendToken(text, n, tps);
            });
    connect(
        worker_, &ChatWorker::requestFinished, this,
        [this](int id, const QString& reason, const QString& error, qint64, qint64 n, double tps) {
            if (ChatPane* p = panes_.value(id)) p->finishTurn(reason, error, n, tps);
            updateButtons();
            QMetaObject::invokeMethod(worker_, [w = worker_] { w->refreshMemory(); });
        });
    thread_.setObjectName(QStringLiteral("chat-engine"));
    thread_.start();

    baseLabel_ = new QLabel(tr("No base model loaded."), this);
    baseLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    device_ = new QComboBox(this);
    device_->setEditable(true);
    device_->addItems({QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda")});
    device_->setCurrentText(Settings().chatDevice());
    device_->setToolTip(tr("Where the engine runs: auto uses the GPU when there is one."));
    loadButton_ = new QPushButton(tr("Load base…"), this);
    loadButton_->setToolTip(tr("Choose the base checkpoint every package is applied to."));
    connect(loadButton_, &QPushButton::clicked, this, &ChatPage::chooseBase);
    auto* baseRow = new QHBoxLayout;
    baseRow->addWidget(baseLabel_, 1);
    baseRow->addWidget(new QLabel(tr("Device:"), this));
    baseRow->addWidget(device_);
    baseRow->addWidget(loadButton_);

    tenants_ = new QListWidget(this);
    tenants_->setObjectName(QStringLiteral("tenantList"));
    tenants_->setMaximumHeight(90);
    tenants_->setToolTip(
        tr("Packages attached to the base; each adds only its 1-bit signs and scales."));
    attachButton_ = new QPushButton(tr("Attach package…"), this);
    connect(attachButton_, &QPushButton::clicked, this, &ChatPage::choosePackage);
    detachButton_ = new QPushButton(tr("Detach"), this);
    connect(detachButton_, &QPushButton::clicked, this, [this] {
        if (auto* item = tenants_->currentItem()) detachTenant(item->data(Qt::UserRole).toString());
    });
    showBase_ = new QCheckBox(tr("Base pane"), this);
    showBase_->setToolTip(tr("Also answer with the base model, to compare with the fine-tunes."));
    connect(showBase_, &QCheckBox::toggled, this, &ChatPage::setShowBasePane);
    auto* tenantButtons = new QVBoxLayout;
    tenantButtons->addWidget(attachButton_);
    tenantButtons->addWidget(detachButton_);
    tenantButtons->addWidget(showBase_);
    tenantButtons->addStretch(1);
    auto* tenantRow = new QHBoxLayout;
    tenantRow->addWidget(tenants_, 1);
    tenantRow->addLayout(tenantButtons);

    memoryBar_ = new MemoryBar(this);
    memoryBar_->setObjectName(QStringLiteral("memoryBar"));
    connect(worker_, &ChatWorker::memoryChanged, memoryBar_, &MemoryBar::setUsage);

    paneSplitter_ = new QSplitter(Qt::Horizontal, this);
    paneSplitter_->setChildrenCollapsible(false);

    target_ = new QComboBox(this);
    target_->setToolTip(tr("Send to every pane, or to one."));
    input_ = new QPlainTextEdit(this);
    input_->setObjectName(QStringLiteral("chatInput"));
    input_->setPlaceholderText(tr("Ask something… (Ctrl+Return sends, Esc stops)"));
    input_->setMaximumHeight(90);
    send_ = new QPushButton(tr("Send"), this);
    send_->setToolTip(tr("Send to the chosen panes (Ctrl+Return)."));
    connect(send_, &QPushButton::clicked, this, &ChatPage::send);
    stop_ = new QPushButton(tr("Stop"), this);
    stop_->setToolTip(tr("Stop every answer being generated (Esc)."));
    connect(stop_, &QPushButton::clicked, this, &ChatPage::stop);
    auto* sendButtons = new QVBoxLayout;
    sendButtons->addWidget(target_);
    sendButtons->addWidget(send_);
    sendButtons->addWidget(stop_);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(input_, 1);
    inputRow->addLayout(sendButtons);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(baseRow);
    layout->addLayout(tenantRow);
    layout->addWidget(memoryBar_);
    layout->addWidget(paneSplitter_, 1);
    layout->addLayout(inputRow);
    rebuildTargets();
    updateButtons();
}

ChatPage::~ChatPage() {
    worker_->cancelLoading();
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete worker_;  // it has no parent (it lived on thread_) and its thread has stopped
}

QList<ChatPane*> ChatPage::panes() const {
    return panes_.values();
}

ChatPane* ChatPage::pane(const QString& tenant) const {
    for (ChatPane* p : panes_)
        if (p->tenant() == tenant) return p;
    return nullptr;
}

bool ChatPage::isGenerating() const {
    for (ChatPane* p : panes_)
        if (p->isGenerating()) return true;
    return false;
}

void ChatPage::chooseBase() {
    Settings settings;
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Choose the base checkpoint"),
                                          baseDir_.isEmpty() ? settings.lastBaseDir() : baseDir_);
    if (!dir.isEmpty()) loadBase(dir);
}

void ChatPage::choosePackage() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a .bitdelta package"),
                                                          Settings().lastBrowseDir());
    if (!dir.isEmpty()) attachPackage(dir);
}

void ChatPage::loadBase(const QString& baseDir) {
    for (ChatPane* p : panes_.values())
        removePane(p->tenant());
    attached_.clear();
    tenants_->clear();
    baseDir_ = QDir::fromNativeSeparators(baseDir);
    baseLoaded_ = false;
    loading_ = true;
    baseLabel_->setText(tr("Loading %1…").arg(QDir::toNativeSeparators(baseDir)));
    Settings().setChatDevice(device_->currentText());
    const QString dir = baseDir_, device = device_->currentText(), dtype = QStringLiteral("auto");
    QMetaObject::invokeMethod(
        worker_, [w = worker_, dir, device, dtype] { w->loadBase(dir, device, dtype); });
    updateButtons();
}

void ChatPage::onBaseLoaded(const QString& baseDir, const QString& deviceName) {
    loading_ = false;
    baseLoaded_ = true;
    baseLabel_->setText(
        tr("Base: <b>%1</b> on %2")
            .arg(QFileInfo(baseDir).fileName().toHtmlEscaped(), deviceName.toHtmlEscaped()));
    baseLabel_->setToolTip(QDir::toNativeSeparators(baseDir));
    Settings().setLastBaseDir(baseDir);
    if (showBase_->isChecked()) addPane(kBaseTenant, baseDir);
    emit deviceChanged(deviceName);
    emit statusMessage(tr("Base model loaded on %1").arg(deviceName));
    updateButtons();
}

void ChatPage::attachPackage(const QString& packageDir) {
    const QString dir = QDir::fromNativeSeparators(packageDir);
    if (attached_.contains(dir)) return;
    if (!baseLoaded_ && !loading_) {
        ErrorReporter::instance().report(
            this, tr("No base model"),
            tr("Load the base model before attaching %1.").arg(QDir::toNativeSeparators(dir)));
        return;
    }
    // Queued behind a base load still running: the worker handles requests in order.
    QMetaObject::invokeMethod(worker_, [w = worker_, dir] { w->attach(dir); });
}

void ChatPage::onAttached(const QString& packageDir, const QString& tenant) {
    attached_.insert(packageDir, tenant);
    auto* item = new QListWidgetItem(
        tr("%1 — %2").arg(tenant, QDir::toNativeSeparators(packageDir)), tenants_);
    item->setData(Qt::UserRole, tenant);
    addPane(tenant, packageDir);
    emit statusMessage(tr("Attached %1").arg(tenant));
}

void ChatPage::detachTenant(const QString& tenant) {
    QMetaObject::invokeMethod(worker_, [w = worker_, tenant] { w->detach(tenant); });
}

void ChatPage::onDetached(const QString& tenant) {
    for (auto it = attached_.begin(); it != attached_.end(); ++it)
        if (it.value() == tenant) {
            attached_.erase(it);
            break;
        }
    for (int i = 0; i < tenants_->count(); ++i)
        if (tenants_->item(i)->data(Qt::UserRole).toString() == tenant)
            delete tenants_->takeItem(i--);
    removePane(tenant);
}

void ChatPage::onFailed(const QString& message) {
    loading_ = false;
    if (!baseLoaded_) baseLabel_->setText(tr("No base model loaded."));
    updateButtons();
    ErrorReporter::instance().report(this, tr("Chat engine error"), message);
}

void ChatPage::setShowBasePane(bool show) {
    if (showBase_->isChecked() != show) showBase_->setChecked(show);
    if (!show)
        removePane(kBaseTenant);
    else if (baseLoaded_ && !pane(kBaseTenant))
        addPane(kBaseTenant, baseDir_);
}

ChatPane* ChatPage::addPane(const QString& tenant, const QString& source) {
    auto* p = new ChatPane(nextPaneId_++, tenant, source, paneSplitter_);
    connect(p, &ChatPane::stopRequested, this, [this](int id) {
        QMetaObject::invokeMethod(worker_, [w = worker_, id] { w->stop(id); });
    });
    panes_.insert(p->id(), p);
    // The base pane stays leftmost so comparisons read left to right.
    paneSplitter_->insertWidget(tenant == kBaseTenant ? 0 : paneSplitter_->count(), p);
    rebuildTargets();
    updateButtons();
    return p;
}

void ChatPage::removePane(const QString& tenant) {
    ChatPane* p = pane(tenant);
    if (!p) return;
    if (p->isGenerating())
        QMetaObject::invokeMethod(worker_, [w = worker_, id = p->id()] { w->stop(id); });
    panes_.remove(p->id());
    p->deleteLater();
    p->hide();
    rebuildTargets();
    updateButtons();
}

void ChatPage::rebuildTargets() {
    const QString current = target_->currentData().toString();
    target_->clear();
    target_->addItem(tr("All panes"), QString());
    for (ChatPane* p : panes_)
        target_->addItem(p->tenant(), p->tenant());
    const int i = target_->findData(current);
    target_->setCurrentIndex(i < 0 ? 0 : i);
}

void ChatPage::updateButtons() {
    loadButton_->setEnabled(!loading_);
    attachButton_->setEnabled(baseLoaded_ || loading_);
    detachButton_->setEnabled(!attached_.isEmpty());
    send_->setEnabled(!panes_.isEmpty());
    stop_->setEnabled(isGenerating());
}

void ChatPage::send() {
    const QString text = input_->toPlainText().trimmed();
    if (text.isEmpty() || panes_.isEmpty()) return;
    const QString targetTenant = target_->currentData().toString();
    int sent = 0;
    for (ChatPane* p : panes_) {
        if (!targetTenant.isEmpty() && p->tenant() != targetTenant) continue;
        if (p->isGenerating()) continue;  // a pane answers one prompt at a time
        const ChatRequest request = p->startTurn(text);
        QMetaObject::invokeMethod(worker_,
                                  [w = worker_, id = p->id(), request] { w->submit(id, request); });
        ++sent;
    }
    if (sent > 0) input_->clear();
    updateButtons();
}

void ChatPage::stop() {
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->stopAll(); });
}

}  // namespace bitdelta::ui
