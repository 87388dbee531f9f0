#pragma once
// Shared set-up for the studio's offscreen GUI tests: tiny checkpoint pairs written at test time,
// isolated settings, simulated folder drops, and a way to compress a package without the GUI.
// tiny_checkpoint.h pulls in ATen: it must come before any Qt header (Qt's keyword macros).
#include "tiny_checkpoint.h"

#include "bitdelta/compress.h"
#include "common/progress.h"

#include "ui/error_reporter.h"

#include <QApplication>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QUrl>
#include <QWidget>

#include <fstream>
#include <string>

namespace bitdelta::uitest {

inline std::string readFile(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Settings in a private folder, dialogs replaced by ErrorReporter's record.
inline void isolate(const QString& settingsDir) {
    QCoreApplication::setOrganizationName(QStringLiteral("BitDeltaTest"));
    QCoreApplication::setApplicationName(QStringLiteral("StudioTest"));
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir);
    QSettings().clear();
    ui::ErrorReporter::instance().setDialogsEnabled(false);
    ui::ErrorReporter::instance().clear();
}

// A base with the byte-level test tokenizer and a ChatML template, fine-tunes of it, a fine-tune of
// a different shape (mismatched pair), a folder that is no checkpoint, and calibration text.
struct TinyModels {
    test::TempDir tmp{"bd-ui"};
    std::string base, ft, ft2, other, notCheckpoint, calib;
    explicit TinyModels(bool withSecondFinetune = false) {
        test::TinySpec spec;
        spec.vocab = 0;
        spec.tokenizer_dir = test::test_data_dir() + "/tokenizers/bytelevel";
        spec.chat_template = readFile(test::test_data_dir() + "/chat_templates/chatml.jinja");
        spec.hidden = 48;
        spec.intermediate = 80;
        spec.heads = 4;
        spec.kv_heads = 2;
        base = tmp.file("base");
        ft = tmp.file("finetune");
        test::write_tiny_checkpoint(base, spec);
        test::write_tiny_finetune(base, ft, 0.02, 11);
        if (withSecondFinetune) {
            ft2 = tmp.file("finetune2");
            test::write_tiny_finetune(base, ft2, 0.02, 23);
        }
        test::TinySpec wide = spec;
        wide.hidden = 64;
        wide.intermediate = 96;
        other = tmp.file("other");
        test::write_tiny_checkpoint(other, wide);
        notCheckpoint = tmp.file("not-a-checkpoint");
        QDir().mkpath(QString::fromStdString(notCheckpoint));
        QFile junk(QString::fromStdString(notCheckpoint + "/notes.txt"));
        junk.open(QIODevice::WriteOnly);
        junk.write("not a model\n");
        calib = test::write_calibration_text(tmp.file("calib.txt"));
    }
    QString q(const std::string& s) const { return QString::fromStdString(s); }
};

// Fast settings for tiny models on the CPU.
inline CompressSettings tinySettings(const std::string& calib, int64_t steps) {
    return test::tiny_compress_settings(calib, steps);
}

// Simulates a file manager dropping `dir` on `target`: drag-enter, then drop. Returns whether the
// widget accepted the drop.
inline bool dropFolder(QWidget* target, const QString& dir) {
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(dir)});
    const QPoint pos = target->rect().center();
    QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    if (!enter.isAccepted()) return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

// Where screenshots go: $BITDELTA_SCREENSHOT_DIR, else <build dir>/screenshots.
inline QString screenshotDir() {
    QString dir = qEnvironmentVariable("BITDELTA_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
    QDir().mkpath(dir);
    return dir;
}

}  // namespace bitdelta::uitest
