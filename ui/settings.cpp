#include "ui/settings.h"

namespace bitdelta::ui {

Settings::Settings() = default;

QByteArray Settings::windowGeometry() const {
    return s_.value("window/geometry").toByteArray();
}
void Settings::setWindowGeometry(const QByteArray& v) {
    s_.setValue("window/geometry", v);
}
QByteArray Settings::windowState() const {
    return s_.value("window/state").toByteArray();
}
void Settings::setWindowState(const QByteArray& v) {
    s_.setValue("window/state", v);
}
int Settings::currentPage() const {
    return s_.value("window/page", 0).toInt();
}
void Settings::setCurrentPage(int page) {
    s_.setValue("window/page", page);
}
QByteArray Settings::splitterState(const QString& name) const {
    return s_.value("splitters/" + name).toByteArray();
}
void Settings::setSplitterState(const QString& name, const QByteArray& v) {
    s_.setValue("splitters/" + name, v);
}

QStringList Settings::recentPackages() const {
    return s_.value("recent/packages").toStringList();
}
void Settings::addRecentPackage(const QString& dir) {
    QStringList list = recentPackages();
    list.removeAll(dir);
    list.prepend(dir);
    while (list.size() > kMaxRecent)
        list.removeLast();
    s_.setValue("recent/packages", list);
}
void Settings::clearRecentPackages() {
    s_.remove("recent/packages");
}

QString Settings::lastBaseDir() const {
    return s_.value("paths/base").toString();
}
void Settings::setLastBaseDir(const QString& d) {
    s_.setValue("paths/base", d);
}
QString Settings::lastFinetuneDir() const {
    return s_.value("paths/finetune").toString();
}
void Settings::setLastFinetuneDir(const QString& d) {
    s_.setValue("paths/finetune", d);
}
QString Settings::lastBrowseDir() const {
    return s_.value("paths/browse").toString();
}
void Settings::setLastBrowseDir(const QString& d) {
    s_.setValue("paths/browse", d);
}

CompressSettings Settings::compressSettings() const {
    CompressSettings d;  // the defaults
    CompressSettings c;
    c.device =
        s_.value("compress/device", QString::fromStdString(d.device)).toString().toStdString();
    c.dtype = s_.value("compress/dtype", QString::fromStdString(d.dtype)).toString().toStdString();
    c.distill.steps = s_.value("compress/steps", qlonglong(d.distill.steps)).toLongLong();
    c.distill.lr = s_.value("compress/lr", d.distill.lr).toDouble();
    c.distill.batch_size = s_.value("compress/batch", qlonglong(d.distill.batch_size)).toLongLong();
    c.distill.seq_len = s_.value("compress/seq_len", qlonglong(d.distill.seq_len)).toLongLong();
    c.distill.seed = s_.value("compress/seed", qulonglong(d.distill.seed)).toULongLong();
    c.distill.calibration =
        s_.value("compress/calibration", QString::fromStdString(d.distill.calibration))
            .toString()
            .toStdString();
    c.eval_text = s_.value("compress/eval_text").toString().toStdString();
    return c;
}

void Settings::setCompressSettings(const CompressSettings& c) {
    s_.setValue("compress/device", QString::fromStdString(c.device));
    s_.setValue("compress/dtype", QString::fromStdString(c.dtype));
    s_.setValue("compress/steps", qlonglong(c.distill.steps));
    s_.setValue("compress/lr", c.distill.lr);
    s_.setValue("compress/batch", qlonglong(c.distill.batch_size));
    s_.setValue("compress/seq_len", qlonglong(c.distill.seq_len));
    s_.setValue("compress/seed", qulonglong(c.distill.seed));
    s_.setValue("compress/calibration", QString::fromStdString(c.distill.calibration));
    s_.setValue("compress/eval_text", QString::fromStdString(c.eval_text));
}

QString Settings::chatDevice() const {
    return s_.value("chat/device", "auto").toString();
}
void Settings::setChatDevice(const QString& d) {
    s_.setValue("chat/device", d);
}
QString Settings::chatSystemPrompt() const {
    return s_.value("chat/system_prompt").toString();
}
void Settings::setChatSystemPrompt(const QString& p) {
    s_.setValue("chat/system_prompt", p);
}

QString Settings::language() const {
    return s_.value("ui/language", "system").toString();
}
void Settings::setLanguage(const QString& language) {
    s_.setValue("ui/language", language);
}

}  // namespace bitdelta::ui
