#pragma once
// The studio's interface language: the translations embedded under :/i18n (translations/*.ts,
// compiled by lrelease at build time) and Qt's own qtbase catalogue, chosen from the desktop's
// preferred languages or from the language the user picked (Settings::language()).
#include <QString>
#include <QStringList>

class QApplication;

namespace bitdelta::ui {

// Installs the translators for `languageSetting` on `app`, replacing the ones it installed before.
// "" or "system": the first of QLocale::system().uiLanguages() that is English or has a
// translation; "en": none (the sources are English); otherwise a code such as "de" or "zh_CN".
// Call it right after the QApplication exists and before any widget is built.
void installTranslations(QApplication& app, const QString& languageSetting);

// "en", then the codes of the embedded translations ("de", "es", "fr", "ja", "zh_CN").
QStringList availableLanguages();

// The language's name in that language ("Deutsch", "日本語"), for the Language menu.
QString languageDisplayName(const QString& code);

}  // namespace bitdelta::ui
