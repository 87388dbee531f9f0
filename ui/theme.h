#pragma once
// Fusion style with a dark or light palette that follows the desktop's colour scheme.
class QApplication;

namespace bitdelta::ui {

// Applies the palette for the current system scheme and keeps following it when it changes.
void applyTheme(QApplication& app);
bool systemPrefersDark();

}  // namespace bitdelta::ui
