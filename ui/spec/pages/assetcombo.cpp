#include "assetcombo.h"

#include "spec/specdocument.h"

#include <QSignalBlocker>

namespace greenlight {

AssetCombo::AssetCombo(SpecDocument *document, const QStringList &kinds, QWidget *parent)
    : QComboBox(parent), m_document(document), m_kinds(kinds)
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(12);
}

QStringList AssetCombo::assetIds() const
{
    QStringList ids;
    const Json assets = m_document->value(QStringLiteral("/assets"));
    if (!assets.is_array())
        return ids;
    for (const Json &a : assets) {
        if (!a.is_object() || !a.value("id", Json()).is_string())
            continue;
        if (m_kinds.contains(toQString(a.value("kind", std::string()))))
            ids.append(toQString(a["id"].get<std::string>()));
    }
    return ids;
}

void AssetCombo::reload(const QString &pointer)
{
    const QSignalBlocker blocker(this);
    clear();
    const Json assets = m_document->value(QStringLiteral("/assets"));
    if (assets.is_array()) {
        for (const Json &a : assets) {
            const QString kind = toQString(a.value("kind", std::string()));
            if (!a.is_object() || !m_kinds.contains(kind))
                continue;
            const QString id = toQString(a.value("id", std::string()));
            addItem(tr("%1 (%2)").arg(id, kind), id);
            setItemData(count() - 1, toQString(a.value("path", std::string())), Qt::ToolTipRole);
        }
    }
    const Json current = pointer.isEmpty() ? Json() : m_document->value(pointer);
    const QString id = current.is_string() ? toQString(current.get<std::string>()) : QString();
    int index = id.isEmpty() ? -1 : findData(id);
    if (index < 0 && !id.isEmpty()) {
        addItem(tr("%1 (not in the asset list)").arg(id), id);
        index = count() - 1;
    }
    setCurrentIndex(index);
}

} // namespace greenlight
