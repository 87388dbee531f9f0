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

// Searches $BITDELTA_DEMO_DIR, next to the executable (../share/bitdelta-studio/demo), the install
// prefix and the source tree; the base is the folder whose name contains "base".
DemoCheckpoints findDemoCheckpoints();

}  // namespace bitdelta::ui
