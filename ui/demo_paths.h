#pragma once
// Where the bundled demo checkpoints live (resources/demo in a source tree,
// share/bitdelta-studio/demo when installed), so a newcomer can press Compress at once.
#include <QString>
#include <QStringList>

namespace bitdelta::ui {

struct DemoCheckpoints {
    QString base;
    QStringList finetunes;
    bool valid() const { return !base.isEmpty() && !finetunes.isEmpty(); }
};

// bitdelta::find_demo_checkpoints (core/io/demo_checkpoints.h) as Qt strings, looked up once per
// run.
DemoCheckpoints findDemoCheckpoints();

}  // namespace bitdelta::ui
