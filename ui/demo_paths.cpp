#include "ui/demo_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace bitdelta::ui {

namespace {

DemoCheckpoints scan(const QString& root) {
    DemoCheckpoints demo;
    const QDir dir(root);
    if (!dir.exists()) return demo;
    const auto entries = dir.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& e : entries) {
        if (!QFileInfo::exists(e.filePath() + QStringLiteral("/config.json"))) continue;
        if (e.fileName().contains(QLatin1String("base"), Qt::CaseInsensitive) &&
            demo.base.isEmpty())
            demo.base = e.absoluteFilePath();
        else
            demo.finetunes << e.absoluteFilePath();
    }
    return demo;
}

}  // namespace

DemoCheckpoints findDemoCheckpoints() {
    QStringList roots;
    const QString env = qEnvironmentVariable("BITDELTA_DEMO_DIR");
    if (!env.isEmpty()) roots << env;
    roots << QCoreApplication::applicationDirPath() +
                 QStringLiteral("/../share/bitdelta-studio/demo");
    roots << QStringLiteral(BITDELTA_UI_INSTALL_DEMO_DIR);
    roots << QStringLiteral(BITDELTA_UI_SOURCE_DIR) + QStringLiteral("/resources/demo");
    for (const QString& root : roots) {
        DemoCheckpoints demo = scan(root);
        if (demo.valid()) return demo;
    }
    return {};
}

}  // namespace bitdelta::ui
