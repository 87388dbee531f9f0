// Chat with several tenants over one base: loads a tiny base, attaches two packages, broadcasts one
// prompt and receives streamed tokens in both panes, stops long answers with Esc, checks the memory
// bar, per-pane settings and transcript export, and the error paths (no base, package for another
// base).
#include "ui_test_support.h"

#include "ui/main_window.h"
#include "ui/pages/chat_page.h"
#include "ui/widgets/chat_pane.h"
#include "ui/widgets/memory_bar.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace bitdelta;
using namespace bitdelta::ui;

class TestChatPage : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        uitest::isolate(settingsDir_.path());
        models_ = std::make_unique<uitest::TinyModels>(/*withSecondFinetune=*/true);
        pkgA_ = models_->tmp.file("alpha.bitdelta");
        pkgB_ = models_->tmp.file("beta.bitdelta");
        pkgOther_ = models_->tmp.file("other.bitdelta");
        const CompressSettings s = uitest::tinySettings(models_->calib, 0);
        compress(models_->base, models_->ft, pkgA_, s, Progress::silent());
        compress(models_->base, models_->ft2, pkgB_, s, Progress::silent());
        // A package made for another base (same shapes, different weights).
        test::TinySpec spec;
        spec.vocab = 0;
        spec.tokenizer_dir = test::test_data_dir() + "/tokenizers/bytelevel";
        spec.hidden = 48;
        spec.intermediate = 80;
        spec.seed = 99;
        const std::string otherBase = models_->tmp.file("other-base");
        test::write_tiny_checkpoint(otherBase, spec);
        test::write_tiny_finetune(otherBase, models_->tmp.file("other-ft"), 0.02, 5);
        compress(otherBase, models_->tmp.file("other-ft"), pkgOther_, s, Progress::silent());
    }

    void init() { ErrorReporter::instance().clear(); }

    void broadcastStreamsToEveryPaneAndStops() {
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.showPage(MainWindow::ChatIndex);
        ChatPage* chat = w.chatPage();
        chat->loadBase(models_->q(models_->base));
        chat->attachPackage(models_->q(pkgA_));
        chat->attachPackage(models_->q(pkgB_));
        QTRY_COMPARE_WITH_TIMEOUT(chat->panes().size(), 2, 60000);
        QVERIFY(chat->baseLoaded());
        QCOMPARE(ErrorReporter::instance().count(), 0);
        ChatPane* a = chat->pane(QStringLiteral("alpha"));
        ChatPane* b = chat->pane(QStringLiteral("beta"));
        QVERIFY(a && b);

        // Memory bar: the base once, each tenant its own (small) share, then the KV cache.
        QTRY_COMPARE(chat->memoryBar()->segments().size(), 4);
        const auto& seg = chat->memoryBar()->segments();
        QVERIFY(seg[0].bytes > 0);
        QVERIFY(seg[1].bytes > 0 && seg[1].bytes < seg[0].bytes);
        QVERIFY(seg[2].bytes > 0 && seg[2].bytes < seg[0].bytes);

        // One input, broadcast to every pane, short answers.
        for (ChatPane* p : {a, b})
            p->setSampling(0.0, 1.0, 0, 6);
        QCOMPARE(chat->target()->currentIndex(), 0);  // "All panes"
        chat->input()->setPlainText(QStringLiteral("What is love?"));
        QTest::keyClick(chat->input(), Qt::Key_Return, Qt::ControlModifier);  // Ctrl+Return sends
        QVERIFY(chat->input()->toPlainText().isEmpty());
        QVERIFY(a->isGenerating() && b->isGenerating());
        QTRY_VERIFY_WITH_TIMEOUT(!a->isGenerating() && !b->isGenerating(), 60000);
        for (ChatPane* p : {a, b}) {
            QCOMPARE(int(p->history().size()), 2);
            QCOMPARE(QString::fromStdString(p->history()[0].content),
                     QStringLiteral("What is love?"));
            QVERIFY2(!p->history()[1].content.empty(), qPrintable(p->tenant()));
            QVERIFY(p->lastFinishReason() == QLatin1String("length") ||
                    p->lastFinishReason() == QLatin1String("stop"));
            QVERIFY(p->lastTokensPerSecond() > 0);
        }
        // The two fine-tunes differ, so greedy answers over the same base differ too.
        QVERIFY(a->history()[1].content != b->history()[1].content);

        // Long answers, stopped with Esc while tokens stream. Both run to the token limit: one
        // fine-tune's greedy answer ends after 134 characters, and on an idle machine it ended
        // before the Esc arrived.
        for (ChatPane* p : {a, b}) {
            p->setSampling(0.0, 1.0, 0, 3000);
            p->setRunToLimit(true);
        }
        chat->input()->setPlainText(QStringLiteral("Tell me a long story."));
        chat->send();
        QTRY_VERIFY_WITH_TIMEOUT(!a->currentAnswer().isEmpty() && !b->currentAnswer().isEmpty(),
                                 60000);
        QTest::keyClick(&w, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!a->isGenerating() && !b->isGenerating(), 30000);
        QCOMPARE(a->lastFinishReason(), QStringLiteral("cancelled"));
        QCOMPARE(b->lastFinishReason(), QStringLiteral("cancelled"));
        QCOMPARE(int(a->history().size()), 4);

        // Send to one pane only.
        a->setSampling(0.0, 1.0, 0, 4);
        chat->target()->setCurrentIndex(chat->target()->findData(QStringLiteral("alpha")));
        chat->input()->setPlainText(QStringLiteral("Only you."));
        chat->send();
        QVERIFY(a->isGenerating());
        QVERIFY(!b->isGenerating());
        QTRY_VERIFY_WITH_TIMEOUT(!a->isGenerating(), 60000);
        QCOMPARE(int(a->history().size()), 6);
        QCOMPARE(int(b->history().size()), 4);
        QCOMPARE(ErrorReporter::instance().count(), 0);

        // Transcript export: Markdown and JSON.
        a->setSystemPrompt(QStringLiteral("Be brief."));
        QTemporaryDir dir;
        QCOMPARE(a->exportTo(dir.filePath(QStringLiteral("a.md"))), QString());
        QFile md(dir.filePath(QStringLiteral("a.md")));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString mdText = QString::fromUtf8(md.readAll());
        QVERIFY(mdText.contains(QStringLiteral("What is love?")));
        QVERIFY(mdText.contains(QStringLiteral("Be brief.")));
        QCOMPARE(a->exportTo(dir.filePath(QStringLiteral("a.json"))), QString());
        QFile js(dir.filePath(QStringLiteral("a.json")));
        QVERIFY(js.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(js.readAll()).object();
        QCOMPARE(root.value("model").toString(), QStringLiteral("alpha"));
        const QJsonArray messages = root.value("messages").toArray();
        QCOMPARE(messages.size(), 1 + 6);
        QCOMPARE(messages[0].toObject().value("role").toString(), QStringLiteral("system"));
        QCOMPARE(messages[1].toObject().value("content").toString(),
                 QStringLiteral("What is love?"));

        a->clear();
        QVERIFY(a->history().empty());

        // Base pane on demand; detaching removes a pane.
        chat->setShowBasePane(true);
        QVERIFY(chat->pane(QStringLiteral("base")));
        chat->detachTenant(QStringLiteral("beta"));
        QTRY_VERIFY(!chat->pane(QStringLiteral("beta")));
        QTRY_COMPARE(chat->memoryBar()->segments().size(), 3);
    }

    void attachWithoutBaseIsRefused() {
        ChatPage chat;
        chat.attachPackage(models_->q(pkgA_));
        QCOMPARE(ErrorReporter::instance().count(), 1);
        QCOMPARE(ErrorReporter::instance().lastTitle(), QStringLiteral("No base model"));
        QVERIFY(ErrorReporter::instance().lastMessage().contains(models_->q(pkgA_)));
    }

    void packageForAnotherBaseIsRefused() {
        ChatPage chat;
        chat.loadBase(models_->q(models_->base));
        chat.attachPackage(models_->q(pkgOther_));
        QTRY_COMPARE_WITH_TIMEOUT(ErrorReporter::instance().count(), 1, 60000);
        QCOMPARE(ErrorReporter::instance().lastTitle(), QStringLiteral("Chat engine error"));
        const QString msg = ErrorReporter::instance().lastMessage();
        QVERIFY2(msg.contains(models_->q(pkgOther_)), qPrintable(msg));
        QVERIFY(chat.panes().isEmpty());
    }

    void badBaseFolderIsRefused() {
        ChatPage chat;
        chat.loadBase(models_->q(models_->notCheckpoint));
        QTRY_COMPARE_WITH_TIMEOUT(ErrorReporter::instance().count(), 1, 30000);
        const QString msg = ErrorReporter::instance().lastMessage();
        QVERIFY2(msg.contains(models_->q(models_->notCheckpoint)), qPrintable(msg));
        QVERIFY(!chat.baseLoaded());
    }

  private:
    QTemporaryDir settingsDir_;
    std::unique_ptr<uitest::TinyModels> models_;
    std::string pkgA_, pkgB_, pkgOther_;
};

QTEST_MAIN(TestChatPage)
#include "test_chat_page.moc"
