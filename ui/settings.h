#pragma once
// Every remembered choice of the studio in one place (GPT4All's MySettings pattern), over
// QSettings. Widgets read and write through these typed accessors, never through raw QSettings
// keys.
#include "bitdelta/settings.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QStringList>

namespace bitdelta::ui {

class Settings {
  public:
    // Uses the application's organisation/name; tests point QSettings at a temporary folder.
    Settings();

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& value);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& value);
    int currentPage() const;
    void setCurrentPage(int page);
    QByteArray splitterState(const QString& name) const;
    void setSplitterState(const QString& name, const QByteArray& value);

    QStringList recentPackages() const;
    // Moves `dir` to the front, keeping at most kMaxRecent entries.
    void addRecentPackage(const QString& dir);
    void clearRecentPackages();
    static constexpr int kMaxRecent = 10;

    QString lastBaseDir() const;
    void setLastBaseDir(const QString& dir);
    QString lastFinetuneDir() const;
    void setLastFinetuneDir(const QString& dir);
    QString lastBrowseDir() const;
    void setLastBrowseDir(const QString& dir);

    // The Compress form, defaulting to the paper's settings (bitdelta::CompressSettings's
    // defaults).
    CompressSettings compressSettings() const;
    void setCompressSettings(const CompressSettings& settings);

    QString chatDevice() const;
    void setChatDevice(const QString& device);
    QString chatSystemPrompt() const;
    void setChatSystemPrompt(const QString& prompt);

    // The interface language: "system" (or "") follows the desktop, "en" is untranslated, otherwise
    // a translation's code ("de", "zh_CN"); read once at start-up by installTranslations.
    QString language() const;
    void setLanguage(const QString& language);

  private:
    mutable QSettings s_;
};

}  // namespace bitdelta::ui
