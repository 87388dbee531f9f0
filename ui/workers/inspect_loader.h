#pragma once
// Reads a package's report.json off the GUI thread (load_report); large models have thousands of
// matrices.
#include "ui/workers/report_types.h"

#include <QObject>
#include <QString>

namespace bitdelta::ui {

class InspectLoader : public QObject {
    Q_OBJECT
  public:
    using QObject::QObject;

  public slots:
    void load(const QString& packageDir);

  signals:
    void loaded(const QString& packageDir, const bitdelta::ui::ReportPtr& report);
    void failed(const QString& packageDir, const QString& message);
};

}  // namespace bitdelta::ui
