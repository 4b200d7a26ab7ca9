#pragma once

#include "preferences/shortcuteditor.h"

#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QString>

class QAction;

namespace greenlight {

// Rebindable keys of a window's actions, identified by objectName. The keys an action is
// created with are its defaults; rememberDefaultShortcuts() records them on the action so
// overrides can be applied and undone any number of times.
namespace ActionShortcuts {

void rememberDefaults(const QList<QAction *> &actions);
QList<QKeySequence> defaults(const QAction *action);
// Defaults, then the user's overrides (objectName -> portable key text, "" = no key).
void apply(const QList<QAction *> &actions, const QHash<QString, QString> &overrides);
// The actions as editor entries, under `section`, in `scope`.
QList<ShortcutEntry> entries(const QList<QAction *> &actions, const QString &section, const QString &scope);

} // namespace ActionShortcuts

} // namespace greenlight
