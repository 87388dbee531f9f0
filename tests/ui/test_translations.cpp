// The studio's translations: every message of translations/*.ts finished with the source's
// placeholders; every tr() string now in ui/ and app/studio/ present in every .ts (lupdate is run
// on the sources into a temporary file and the (context, source) sets compared); the .qm files
// embedded in bitdelta_ui load and translate under the contexts tr() uses at run time; the Language
// menu stores the choice.
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/pages/inspect_page.h"
#include "ui/settings.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QLibraryInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace bitdelta::ui;

namespace {

struct TsMessage {
    QString context, source, comment, type;
    bool numerus = false;
    QStringList forms;  // one translation, or one per plural form
    QString key() const { return context + QChar(0x1f) + source + QChar(0x1f) + comment; }
};

struct TsFile {
    QString language, error;
    QList<TsMessage> messages;
};

TsFile readTs(const QString& path) {
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage m;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const QStringView name = xml.name();
            if (name == u"TS") {
                ts.language = xml.attributes().value(QStringLiteral("language")).toString();
            } else if (name == u"name" && !inMessage) {
                context = xml.readElementText();
            } else if (name == u"message") {
                inMessage = true;
                m = TsMessage{};
                m.context = context;
                m.numerus = xml.attributes().value(QStringLiteral("numerus")) == u"yes";
            } else if (inMessage && name == u"source") {
                m.source = xml.readElementText();
            } else if (inMessage && name == u"comment") {
                m.comment = xml.readElementText();
            } else if (inMessage && name == u"translation") {
                m.type = xml.attributes().value(QStringLiteral("type")).toString();
                if (m.numerus) {
                    while (xml.readNextStartElement()) {
                        if (xml.name() == u"numerusform")
                            m.forms << xml.readElementText();
                        else
                            xml.skipCurrentElement();
                    }
                } else {
                    m.forms << xml.readElementText();
                }
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            inMessage = false;
            ts.messages << m;
        }
    }
    if (xml.hasError())
        ts.error =
            QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

QString sourceDir() {
    return QStringLiteral(BITDELTA_SOURCE_DIR);
}

QStringList tsFiles() {
    const QDir dir(sourceDir() + QStringLiteral("/translations"));
    QStringList paths;
    const QStringList names =
        dir.entryList({QStringLiteral("bitdelta_studio_*.ts")}, QDir::Files, QDir::Name);
    for (const QString& name : names)
        paths << dir.filePath(name);
    return paths;
}

// "bitdelta_studio_zh_CN.ts" -> "zh_CN"
QString codeOf(const QString& tsPath) {
    return QFileInfo(tsPath).completeBaseName().mid(QStringLiteral("bitdelta_studio_").size());
}

QSet<QString> placeholders(const QString& text) {
    static const QRegularExpression re(QStringLiteral("%[1-9]"));
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

QString describe(const QSet<QString>& set) {
    QStringList list(set.begin(), set.end());
    list.sort();
    return QLatin1Char('{') + list.join(QLatin1Char(' ')) + QLatin1Char('}');
}

QString findLupdate() {
    const QStringList candidates = {
        QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate"),
        QLibraryInfo::path(QLibraryInfo::LibraryExecutablesPath) + QStringLiteral("/lupdate"),
        QStringLiteral("/usr/lib/qt6/bin/lupdate"),
    };
    for (const QString& c : candidates)
        if (QFileInfo(c).isExecutable()) return c;
    return {};
}

QApplication& app() {
    return *qobject_cast<QApplication*>(QCoreApplication::instance());
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QVERIFY(qobject_cast<QApplication*>(QCoreApplication::instance()));
        QVERIFY(settingsDir_.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("BitDeltaTest"));
        QCoreApplication::setApplicationName(QStringLiteral("TranslationsTest"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QSettings().clear();
        QVERIFY2(tsFiles().size() >= 5, qPrintable(tsFiles().join(QLatin1Char(' '))));
    }

    void cleanup() { installTranslations(app(), QStringLiteral("en")); }

    void messagesFinished_data() {
        QTest::addColumn<QString>("path");
        for (const QString& path : tsFiles())
            QTest::newRow(qPrintable(codeOf(path))) << path;
    }

    // No unfinished, vanished or obsolete entry; every translation (every plural form) is non-empty
    // and keeps the source's %1..%9; plural sources keep %n.
    void messagesFinished() {
        QFETCH(QString, path);
        const TsFile ts = readTs(path);
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QVERIFY2(!ts.language.isEmpty(), "the <TS> element names no language");
        QVERIFY(!ts.messages.isEmpty());
        QStringList problems;
        for (const TsMessage& m : ts.messages) {
            const QString where = QStringLiteral("[%1] \"%2\"").arg(m.context, m.source);
            if (!m.type.isEmpty()) problems << QStringLiteral("%1 is %2").arg(where, m.type);
            if (m.forms.isEmpty()) problems << QStringLiteral("%1 has no translation").arg(where);
            const QSet<QString> expected = placeholders(m.source);
            bool hasN = false;
            for (const QString& form : m.forms) {
                if (form.trimmed().isEmpty())
                    problems << QStringLiteral("%1 has an empty translation").arg(where);
                const QSet<QString> got = placeholders(form);
                if (got != expected)
                    problems << QStringLiteral("%1: \"%2\" has placeholders %3, the source %4")
                                    .arg(where, form, describe(got), describe(expected));
                hasN = hasN || form.contains(QLatin1String("%n"));
            }
            if (m.numerus && m.source.contains(QLatin1String("%n")) && !hasN)
                problems << QStringLiteral("%1: no plural form keeps %n").arg(where);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void sourcesCovered_data() { messagesFinished_data(); }

    // lupdate over today's sources, into a temporary .ts: the (context, source, comment) set it
    // finds must be exactly the set of each translation file, so a new or changed tr() string fails
    // here until the .ts files are refreshed and translated.
    void sourcesCovered() {
        QFETCH(QString, path);
        const QString lupdate = findLupdate();
        if (lupdate.isEmpty()) QSKIP("lupdate is not installed (Debian: qt6-l10n-tools)");
        if (current_.isEmpty()) {
            QTemporaryDir tmp;
            QVERIFY(tmp.isValid());
            const QString out = tmp.filePath(QStringLiteral("current.ts"));
            QProcess p;
            p.setWorkingDirectory(sourceDir());
            p.setProcessChannelMode(QProcess::MergedChannels);
            // -I: lupdate reads the headers to qualify contexts with the namespace, as tr() does.
            p.start(lupdate,
                    {QStringLiteral("-I"), sourceDir(), QStringLiteral("-locations"),
                     QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                     QStringLiteral("-source-language"), QStringLiteral("en"), QStringLiteral("ui"),
                     QStringLiteral("app/studio"), QStringLiteral("-ts"), out});
            QVERIFY2(p.waitForFinished(120000),
                     qPrintable(lupdate + QStringLiteral(" did not finish")));
            const QString log = QString::fromLocal8Bit(p.readAll());
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0, qPrintable(log));
            const TsFile ts = readTs(out);
            QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
            for (const TsMessage& m : ts.messages)
                current_.insert(m.key(),
                                m.context + QStringLiteral(": \"") + m.source + QLatin1Char('"'));
            QVERIFY2(current_.size() > 100, qPrintable(log));
        }
        const TsFile ts = readTs(path);
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QSet<QString> have;
        QStringList extra;
        for (const TsMessage& m : ts.messages) {
            have.insert(m.key());
            if (!current_.contains(m.key()))
                extra << QStringLiteral("  %1: \"%2\"").arg(m.context, m.source);
        }
        QStringList missing;
        for (auto it = current_.cbegin(); it != current_.cend(); ++it)
            if (!have.contains(it.key())) missing << QStringLiteral("  ") + it.value();
        missing.sort();
        const QString hint = QStringLiteral(
            "\nRefresh with: lupdate -I . -locations none -no-obsolete -source-language en ui "
            "app/studio "
            "-ts translations/*.ts (from the source root), then translate the new messages.");
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 lacks %2 source string(s):\n%3%4")
                                                   .arg(QFileInfo(path).fileName())
                                                   .arg(missing.size())
                                                   .arg(missing.join(QLatin1Char('\n')), hint)));
        QVERIFY2(extra.isEmpty(),
                 qPrintable(QStringLiteral("%1 has %2 string(s) no source uses any more:\n%3%4")
                                .arg(QFileInfo(path).fileName())
                                .arg(extra.size())
                                .arg(extra.join(QLatin1Char('\n')), hint)));
    }

    // The embedded catalogue, read straight from the resource.
    void embeddedGermanCatalogue() {
        QVERIFY(
            availableLanguages().contains(QStringLiteral("de")));  // also initialises the resource
        QTranslator t;
        QVERIFY(t.load(QStringLiteral(":/i18n/bitdelta_studio_de.qm")));
        QCOMPARE(t.translate("bitdelta::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
        QCOMPARE(t.translate("QObject", "about %1 s left"), QStringLiteral("noch etwa %1 s"));
        QCOMPARE(t.translate("bitdelta::ui::InspectPage", "Opened %1 (%n matrices)", nullptr, 1),
                 QStringLiteral("%1 geöffnet (%n Matrix)"));
        QCOMPARE(t.translate("bitdelta::ui::InspectPage", "Opened %1 (%n matrices)", nullptr, 7),
                 QStringLiteral("%1 geöffnet (%n Matrizen)"));
    }

    void catalogueMatchesTs_data() { messagesFinished_data(); }

    // .ts -> lrelease -> resource -> installTranslations -> tr(): every message of the file comes
    // back.
    void catalogueMatchesTs() {
        QFETCH(QString, path);
        const QString code = codeOf(path);
        QVERIFY2(availableLanguages().contains(code),
                 qPrintable(availableLanguages().join(QLatin1Char(' '))));
        installTranslations(app(), code);
        const TsFile ts = readTs(path);
        QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
        QStringList wrong;
        for (const TsMessage& m : ts.messages) {
            if (m.numerus || m.forms.isEmpty()) continue;
            const QString got = QCoreApplication::translate(
                m.context.toUtf8().constData(), m.source.toUtf8().constData(),
                m.comment.isEmpty() ? nullptr : m.comment.toUtf8().constData());
            if (got != m.forms.constFirst())
                wrong << QStringLiteral("[%1] \"%2\" -> \"%3\"").arg(m.context, m.source, got);
        }
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
    }

    // tr() of the real classes (their metaobject names are the contexts) after installTranslations.
    void installTranslationsFollowsSetting() {
        installTranslations(app(), QStringLiteral("de"));
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("&Datei"));
        QCOMPARE(InspectPage::tr("Opened %1 (%n matrices)", nullptr, 2),
                 QStringLiteral("%1 geöffnet (2 Matrizen)"));
        installTranslations(app(), QStringLiteral("ja"));
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("ファイル(&F)"));
        installTranslations(app(), QStringLiteral("zh_CN"));
        QCOMPARE(MainWindow::tr("&View"), QStringLiteral("视图(&V)"));
        installTranslations(app(), QStringLiteral("en"));
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("&File"));
        installTranslations(app(),
                            QStringLiteral("xx"));  // no such translation: the English sources
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("&File"));
        // Only this function's translators are replaced: reinstalling does not stack them.
        installTranslations(app(), QStringLiteral("fr"));
        installTranslations(app(), QStringLiteral("fr"));
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("&Fichier"));
        installTranslations(app(), QStringLiteral("en"));
        QCOMPARE(MainWindow::tr("&File"), QStringLiteral("&File"));
        // "" and "system" both follow the desktop.
        installTranslations(app(), QStringLiteral("system"));
        const QString system = MainWindow::tr("&File");
        installTranslations(app(), QString());
        QCOMPARE(MainWindow::tr("&File"), system);
    }

    void availableLanguagesListsEmbedded() {
        QStringList expected{QStringLiteral("en")};
        for (const QString& path : tsFiles())
            expected << codeOf(path);
        QCOMPARE(availableLanguages(), expected);
        QCOMPARE(languageDisplayName(QStringLiteral("en")), QStringLiteral("English"));
        QCOMPARE(languageDisplayName(QStringLiteral("de")), QStringLiteral("Deutsch"));
        QCOMPARE(languageDisplayName(QStringLiteral("fr")), QStringLiteral("Français"));
    }

    void settingsRememberLanguage() {
        QSettings().remove(QStringLiteral("ui/language"));
        QCOMPARE(Settings().language(), QStringLiteral("system"));
        Settings().setLanguage(QStringLiteral("es"));
        QCOMPARE(Settings().language(), QStringLiteral("es"));
        QCOMPARE(QSettings().value(QStringLiteral("ui/language")).toString(), QStringLiteral("es"));
    }

    // View > Language: one checkable entry per language plus "System Default"; choosing one stores
    // it and says it applies on restart.
    void languageMenuStoresChoice() {
        Settings().setLanguage(QStringLiteral("ja"));
        MainWindow w;
        QMenu* menu = nullptr;
        for (QMenu* m : w.findChildren<QMenu*>())
            if (m->title() == MainWindow::tr("&Language")) menu = m;
        QVERIFY(menu);
        const QList<QAction*> actions = menu->actions();
        QCOMPARE(actions.size(), availableLanguages().size() + 1);
        QAction* german = nullptr;
        for (QAction* a : actions) {
            QVERIFY(a->isCheckable());
            QCOMPARE(a->isChecked(), a->data().toString() == QLatin1String("ja"));
            if (a->data().toString() == QLatin1String("de")) german = a;
        }
        QVERIFY(german);
        QCOMPARE(german->text(), QStringLiteral("Deutsch"));
        german->trigger();
        QCOMPARE(Settings().language(), QStringLiteral("de"));
        QVERIFY(german->isChecked());
        auto* box = w.findChild<QMessageBox*>();
        QVERIFY(box);
        QVERIFY(box->text().contains(QLatin1String("restart")));
        box->close();
    }

  private:
    QTemporaryDir settingsDir_;
    QHash<QString, QString>
        current_;  // lupdate's messages over today's sources: key -> description
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
