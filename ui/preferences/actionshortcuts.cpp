#include "preferences/actionshortcuts.h"

#include <QAction>
#include <QVariant>

namespace greenlight::ActionShortcuts {

namespace {

constexpr const char *kDefaultsProperty = "greenlightDefaultShortcuts";

} // namespace

void rememberDefaults(const QList<QAction *> &actions)
{
    for (QAction *a : actions)
        if (!a->property(kDefaultsProperty).isValid())
            a->setProperty(kDefaultsProperty, QKeySequence::listToString(a->shortcuts(), QKeySequence::PortableText));
}

QList<QKeySequence> defaults(const QAction *action)
{
    const QVariant stored = action->property(kDefaultsProperty);
    return stored.isValid() ? QKeySequence::listFromString(stored.toString(), QKeySequence::PortableText)
                            : action->shortcuts();
}

void apply(const QList<QAction *> &actions, const QHash<QString, QString> &overrides)
{
    for (QAction *a : actions) {
        const QList<QKeySequence> keys = overrides.contains(a->objectName())
                                             ? QKeySequence::listFromString(overrides.value(a->objectName()),
                                                                            QKeySequence::PortableText)
                                             : defaults(a);
        if (keys == a->shortcuts())
            continue;
        const QString old = a->shortcut().toString(QKeySequence::NativeText);
        a->setShortcuts(keys);
        // Tooltips made with the keys in them name the new ones.
        QString tip = a->toolTip();
        const QString oldSuffix = QStringLiteral(" (%1)").arg(old);
        if (old.isEmpty() || !tip.endsWith(oldSuffix))
            continue;
        tip.chop(oldSuffix.size());
        a->setToolTip(keys.isEmpty() ? tip
                                     : QStringLiteral("%1 (%2)").arg(tip, keys.first().toString(QKeySequence::NativeText)));
    }
}

QList<ShortcutEntry> entries(const QList<QAction *> &actions, const QString &section, const QString &scope)
{
    QList<ShortcutEntry> out;
    for (const QAction *a : actions) {
        ShortcutEntry e;
        e.id = a->objectName();
        e.section = section;
        e.text = QString(a->text()).remove(QLatin1Char('&'));
        e.scope = scope;
        e.defaults = defaults(a);
        e.current = a->shortcuts();
        out.append(e);
    }
    return out;
}

} // namespace greenlight::ActionShortcuts
