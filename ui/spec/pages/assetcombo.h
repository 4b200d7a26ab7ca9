#pragma once

#include <QComboBox>
#include <QStringList>

namespace greenlight {

class SpecDocument;

// Picks one of the spec's assets of some kinds (image and video for a layer). Items carry
// the asset id as data, so a FieldBinder can bind the box to the field that names the asset.
// An id the spec does not list stays shown (marked missing) so nothing is lost silently.
class AssetCombo : public QComboBox
{
    Q_OBJECT
public:
    AssetCombo(SpecDocument *document, const QStringList &kinds, QWidget *parent = nullptr);

    void setKinds(const QStringList &kinds) { m_kinds = kinds; }
    // Re-reads the assets and selects the id stored at `pointer` (without writing anything).
    void reload(const QString &pointer);
    // Ids of the listed assets of the kinds this box offers.
    QStringList assetIds() const;

private:
    SpecDocument *m_document;
    QStringList m_kinds;
};

} // namespace greenlight
