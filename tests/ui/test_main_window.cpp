// The studio window as a whole: page shortcuts, remembered geometry/page/recent packages, the demo
// checkpoints a newcomer starts on, the device in the status bar, and screenshots of every page
// (with the demo pair compressed, inspected and chatted with) for the README.
#include "ui_test_support.h"

#include "ui/demo_paths.h"
#include "ui/main_window.h"
#include "ui/pages/chat_page.h"
#include "ui/pages/compress_page.h"
#include "ui/pages/inspect_page.h"
#include "ui/settings.h"
#include "ui/widgets/chat_pane.h"
#include "ui/widgets/drop_zone.h"
#include "ui/widgets/plot_view.h"

#include <QImage>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace bitdelta;
using namespace bitdelta::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(settingsDir_.isValid());
        uitest::isolate(settingsDir_.path());
    }

    void init() { ErrorReporter::instance().clear(); }

    void iconsAreBundled_data() {
        QTest::addColumn<QString>("icon");
        for (const char* name : {"bitdelta", "compress", "inspect", "chat", "open"})
            QTest::newRow(name) << QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name));
    }

    void iconsAreBundled() {
        QFETCH(QString, icon);
        MainWindow w;
        QVERIFY2(QFile::exists(icon), qPrintable(icon));
        QVERIFY(!w.windowIcon().isNull());
    }

    void pageShortcuts() {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), int(MainWindow::InspectIndex));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), int(MainWindow::ChatIndex));
        QTest::keyClick(&w, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(w.currentPage(), int(MainWindow::CompressIndex));
        QTRY_VERIFY(!w.deviceText().contains(QStringLiteral("detecting")));
        QVERIFY2(w.deviceText().contains(QStringLiteral("CPU")) ||
                     w.deviceText().contains(QStringLiteral("CUDA")),
                 qPrintable(w.deviceText()));
    }

    void remembersGeometryPageAndRecent() {
        {
            MainWindow w;
            w.show();
            w.resize(1111, 777);
            w.showPage(MainWindow::ChatIndex);
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.close();
        }
        Settings().addRecentPackage(QStringLiteral("/tmp/a.bitdelta"));
        Settings().addRecentPackage(QStringLiteral("/tmp/b.bitdelta"));
        Settings().addRecentPackage(QStringLiteral("/tmp/a.bitdelta"));
        QCOMPARE(Settings().recentPackages(), QStringList({QStringLiteral("/tmp/a.bitdelta"),
                                                           QStringLiteral("/tmp/b.bitdelta")}));
        MainWindow again;
        QCOMPARE(again.currentPage(), int(MainWindow::ChatIndex));
        QCOMPARE(again.size(), QSize(1111, 777));
        // Compress settings round-trip, defaulting to the paper's values.
        CompressSettings s = Settings().compressSettings();
        QCOMPARE(s.distill.steps, int64_t(200));
        QCOMPARE(s.distill.batch_size, int64_t(4));
        QCOMPARE(s.distill.seq_len, int64_t(128));
        QCOMPARE(s.distill.lr, 1e-4);
        s.distill.steps = 17;
        Settings().setCompressSettings(s);
        QCOMPARE(Settings().compressSettings().distill.steps, int64_t(17));
        MainWindow third;
        QCOMPARE(third.compressPage()->settings().distill.steps, int64_t(17));
        s.distill.steps = 200;
        Settings().setCompressSettings(s);
    }

    void demoCheckpointsAreFound() {
        const DemoCheckpoints demo = findDemoCheckpoints();
        QVERIFY2(demo.valid(), "resources/demo holds no base + fine-tune checkpoints");
        QVERIFY(demo.base.endsWith(QStringLiteral("/base")));
        QCOMPARE(demo.finetunes.size(), 2);
    }

    // Opens the studio on the demo pair like `bitdelta-studio` with no arguments, compresses it,
    // inspects the package, chats with it, and saves each page as a PNG.
    void screenshotsOfEveryPage() {
        const DemoCheckpoints demo = findDemoCheckpoints();
        QVERIFY(demo.valid());
        const QString shots = uitest::screenshotDir();
        MainWindow w;
        w.resize(1440, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QString finetune = demo.finetunes.constFirst();
        for (const QString& f : demo.finetunes)
            if (f.endsWith(QStringLiteral("scripture"))) finetune = f;
        w.openStartup(demo.base, finetune, {});
        CompressPage* page = w.compressPage();
        QTRY_VERIFY_WITH_TIMEOUT(page->compressButton()->isEnabled(), 60000);
        QCOMPARE(page->baseZone()->info().parameters > 2000000, true);
        // Packages of the bundled demo go to the user's data folder, never into the demo folder
        // itself.
        const QString suggested = page->outputPath();
        QVERIFY2(!suggested.startsWith(QFileInfo(demo.base).absolutePath()), qPrintable(suggested));
        QVERIFY2(QFileInfo(QFileInfo(suggested).absolutePath()).isWritable(),
                 qPrintable(suggested));
        QVERIFY(suggested.endsWith(QStringLiteral("scripture.bitdelta")));

        CompressSettings s = page->settings();
        s.device = "cpu";
        s.distill.steps = 30;
        s.distill.batch_size = 2;
        s.distill.seq_len = 64;
        s.svd_max_rank = 32;
        s.diagnostic_sequences = 2;
        const QString calib =
            QFileInfo(demo.base).dir().filePath(QStringLiteral("calib/scripture.txt"));
        const QString heldout =
            QFileInfo(demo.base).dir().filePath(QStringLiteral("heldout/scripture.txt"));
        if (QFileInfo::exists(calib)) s.distill.calibration = calib.toStdString();
        if (QFileInfo::exists(heldout)) s.eval_text = heldout.toStdString();
        page->setSettings(s);
        QTemporaryDir out;
        const QString pkg = out.filePath(QStringLiteral("scripture.bitdelta"));
        page->setOutputPath(pkg);
        QTest::keyClick(&w, Qt::Key_Return, Qt::ControlModifier);  // Ctrl+Return compresses
        QVERIFY(page->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(page->lossPlot()->graph(0)->dataCount() >= 15, 300000);
        QVERIFY(w.grab().save(shots + QStringLiteral("/compress.png")));
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 600000);
        QCOMPARE(ErrorReporter::instance().count(), 0);

        QTRY_COMPARE(w.currentPage(), int(MainWindow::InspectIndex));
        QVERIFY(w.inspectPage()->report());
        QTest::qWait(100);
        QVERIFY(w.grab().save(shots + QStringLiteral("/inspect.png")));

        // The second demo fine-tune, compressed straight through core, so Chat shows both side by
        // side.
        QString jargon;
        for (const QString& f : demo.finetunes)
            if (f.endsWith(QStringLiteral("jargon"))) jargon = f;
        QVERIFY2(!jargon.isEmpty(), "resources/demo/jargon is missing");
        const QString jargonPkg = out.filePath(QStringLiteral("jargon.bitdelta"));
        {
            CompressSettings js = s;
            js.eval_text.clear();
            js.diagnostic_sequences = 0;
            const QString jcalib =
                QFileInfo(demo.base).dir().filePath(QStringLiteral("calib/jargon.txt"));
            if (QFileInfo::exists(jcalib)) js.distill.calibration = jcalib.toStdString();
            compress(demo.base.toStdString(), jargon.toStdString(), jargonPkg.toStdString(), js,
                     Progress::silent());
        }

        w.showPage(MainWindow::ChatIndex);
        ChatPage* chat = w.chatPage();
        chat->loadBase(demo.base);
        chat->attachPackage(pkg);
        chat->attachPackage(jargonPkg);
        QTRY_COMPARE_WITH_TIMEOUT(chat->panes().size(), 2, 120000);
        chat->setShowBasePane(true);
        QTRY_COMPARE(chat->panes().size(), 3);
        for (ChatPane* p : chat->panes())
            p->setSampling(0.0, 1.0, 0, 40);
        chat->input()->setPlainText(QStringLiteral("What is love?"));
        chat->send();
        QTRY_VERIFY_WITH_TIMEOUT(!chat->isGenerating(), 120000);
        for (ChatPane* p : chat->panes())
            QVERIFY(!p->history().back().content.empty());
        QCOMPARE(ErrorReporter::instance().count(), 0);
        QVERIFY(w.grab().save(shots + QStringLiteral("/chat.png")));

        for (const char* name : {"compress", "inspect", "chat"}) {
            const QImage img(shots + QLatin1Char('/') + QLatin1String(name) +
                             QStringLiteral(".png"));
            QVERIFY(!img.isNull());
            QVERIFY(img.width() >= 1440);
        }
        qInfo("screenshots in %s", qPrintable(shots));
    }

  private:
    QTemporaryDir settingsDir_;
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
