// bitdelta-studio: the desktop studio. Argument parsing only; everything else lives in ui/.
#include "ui/demo_paths.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/settings.h"
#include "ui/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("BitDelta"));
    QApplication::setApplicationName(QStringLiteral("BitDelta Studio"));
    QApplication::setApplicationVersion(QStringLiteral(BITDELTA_VERSION));
    // Before any widget or translated text; after the names, which locate the settings file.
    bitdelta::ui::installTranslations(app, bitdelta::ui::Settings().language());
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/bitdelta.svg")));
    bitdelta::ui::applyTheme(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main",
        "Compress fine-tuned language models to 1-bit deltas, inspect them and chat with many "
        "over one base."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption base(QStringLiteral("base"),
                                  QApplication::translate("main", "Base checkpoint folder."),
                                  QApplication::translate("main", "DIR"));
    const QCommandLineOption finetune(
        QStringLiteral("finetune"),
        QApplication::translate("main", "Fine-tuned checkpoint folder."),
        QApplication::translate("main", "DIR"));
    const QCommandLineOption package(
        QStringLiteral("package"),
        QApplication::translate("main", "A .bitdelta package to inspect."),
        QApplication::translate("main", "PKG"));
    parser.addOptions({base, finetune, package});
    parser.process(app);

    bitdelta::ui::MainWindow window;
    QString baseDir = parser.value(base), finetuneDir = parser.value(finetune);
    const QString packageDir = parser.value(package);
    if (baseDir.isEmpty() && finetuneDir.isEmpty() && packageDir.isEmpty()) {
        // No arguments: open on the bundled demo pair so a newcomer can press Compress at once.
        const bitdelta::ui::DemoCheckpoints demo = bitdelta::ui::findDemoCheckpoints();
        if (demo.valid()) {
            baseDir = demo.base;
            finetuneDir = demo.finetunes.constFirst();
        }
    }
    window.openStartup(baseDir, finetuneDir, packageDir);
    window.show();
    return app.exec();
}
