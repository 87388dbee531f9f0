#pragma once
// The package report travels between threads as a shared, immutable value.
#include "bitdelta/report.h"
#include "bitdelta/settings.h"
#include "serve/engine.h"

#include <QMetaType>

#include <memory>

namespace bitdelta::ui {
using ReportPtr = std::shared_ptr<const PackageReport>;
}

Q_DECLARE_METATYPE(bitdelta::ui::ReportPtr)
Q_DECLARE_METATYPE(bitdelta::CompressSettings)
Q_DECLARE_METATYPE(bitdelta::MemoryUsage)
Q_DECLARE_METATYPE(bitdelta::ChatRequest)
