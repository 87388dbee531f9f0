#include "bitdelta/report.h"

#include "ui/workers/inspect_loader.h"

#include <exception>

namespace bitdelta::ui {

void InspectLoader::load(const QString& packageDir) {
    try {
        auto report = std::make_shared<const PackageReport>(load_report(packageDir.toStdString()));
        emit loaded(packageDir, report);
    } catch (const std::exception& e) {
        emit failed(packageDir, QString::fromStdString(e.what()));
    }
}

}  // namespace bitdelta::ui
