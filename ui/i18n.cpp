#include "ui/i18n.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

// The .qm files live in a resource of the static bitdelta_ui library; referencing its initialiser
// keeps the linker from dropping it. Q_INIT_RESOURCE must be used outside any namespace.
static void initTranslationResources() {
    Q_INIT_RESOURCE(translations);
}

namespace bitdelta::ui {

namespace {

const QString kPrefix = QStringLiteral(":/i18n/bitdelta_studio_");
const char* const kTranslatorName = "bitdelta_ui_translator";

QString qmPath(const QString& code) {
    return kPrefix + code + QStringLiteral(".qm");
}

bool isEnglish(const QString& code) {
    return code == QLatin1String("en") || code.startsWith(QLatin1String("en_"));
}

// "de-AT" -> {"de_AT", "de"}; "zh-Hans-CN" -> {"zh_Hans_CN", "zh_CN", "zh"}: the exact translation
// first, then the language's.
QStringList candidates(const QString& uiLanguage) {
    QString code = uiLanguage;
    code.replace(QLatin1Char('-'), QLatin1Char('_'));
    const QString name = QLocale(code).name();  // normalises scripts and regions: "zh" -> "zh_CN"
    QStringList list{code, name, name.section(QLatin1Char('_'), 0, 0)};
    list.removeDuplicates();
    list.removeAll(QString());
    return list;
}

// The translation code to load, "en" for none.
QString chooseLanguage(const QString& setting) {
    const QString s = setting.trimmed();
    const QStringList preferred = s.isEmpty() || s == QLatin1String("system")
                                      ? QLocale::system().uiLanguages()
                                      : QStringList{s};
    for (const QString& lang : preferred)
        for (const QString& code : candidates(lang)) {
            // English first in the user's list means the untranslated sources, even if another
            // language the user reads comes later.
            if (isEnglish(code)) return QStringLiteral("en");
            if (QFile::exists(qmPath(code))) return code;
        }
    return QStringLiteral("en");
}

void install(QTranslator* translator) {
    translator->setObjectName(QLatin1String(kTranslatorName));
    QApplication::installTranslator(translator);
}

}  // namespace

void installTranslations(QApplication& app, const QString& languageSetting) {
    initTranslationResources();
    for (QTranslator* old : app.findChildren<QTranslator*>(QLatin1String(kTranslatorName),
                                                           Qt::FindDirectChildrenOnly)) {
        QApplication::removeTranslator(old);
        delete old;
    }
    const QString code = chooseLanguage(languageSetting);
    if (code == QLatin1String("en")) return;

    auto* studio = new QTranslator(&app);
    if (studio->load(qmPath(code)))
        install(studio);
    else
        delete studio;

    // Qt's own strings (standard buttons, file dialogs), when the distribution ships them.
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        install(qt);
    else
        delete qt;
}

QStringList availableLanguages() {
    initTranslationResources();
    QStringList codes;
    const QStringList files =
        QDir(QStringLiteral(":/i18n"))
            .entryList({QStringLiteral("bitdelta_studio_*.qm")}, QDir::Files, QDir::Name);
    for (const QString& file : files)
        codes << file.mid(QStringLiteral("bitdelta_studio_").size()).chopped(3);
    codes.prepend(QStringLiteral("en"));
    codes.removeDuplicates();
    return codes;
}

QString languageDisplayName(const QString& code) {
    if (isEnglish(code)) return QStringLiteral("English");
    QString name = QLocale(code).nativeLanguageName();
    if (name.isEmpty()) return code;
    name[0] = name[0].toUpper();  // "français" -> "Français", as menus write it
    return name;
}

}  // namespace bitdelta::ui
