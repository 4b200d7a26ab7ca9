#include "pronunciationspage.h"

#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace greenlight {

namespace {

const QString kArray = QStringLiteral("/pronunciations");
constexpr int kMarkRole = Qt::UserRole + 1;
const QColor kMarkColor(253, 226, 226);

QString elementPointer(int row)
{
    return FieldBinder::childPointer(kArray, row);
}

} // namespace

PronunciationsPage::PronunciationsPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_binder(new FieldBinder(document, this)),
      m_table(new QTableWidget(0, ColumnCount, this)), m_add(new QPushButton(tr("Add"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_summary(new QLabel(this))
{
    auto *intro = new QLabel(tr("How the narration says particular words. Give either the spoken text "
                                "(\"Green light\") or phonemes in an alphabet, not both."),
                             this);
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    m_table->setAccessibleName(tr("Pronunciations"));
    m_table->setHorizontalHeaderLabels({tr("Word *"), tr("Spoken as"), tr("Phonemes"), tr("Alphabet")});
    m_table->horizontalHeaderItem(WordColumn)->setToolTip(tr("The word as written in the narration (required)."));
    m_table->horizontalHeaderItem(SpokenColumn)->setToolTip(tr("Plain text the voice reads instead of the word."));
    m_table->horizontalHeaderItem(PhonemesColumn)->setToolTip(tr("The word's sounds in the chosen alphabet."));
    m_table->horizontalHeaderItem(AlphabetColumn)->setToolTip(tr("The alphabet of the phonemes."));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(AlphabetColumn, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_binder->registerWidget(m_table, kArray);

    m_add->setAccessibleName(tr("Add pronunciation"));
    m_remove->setAccessibleName(tr("Remove pronunciation"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setVisible(false);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);

    connect(m_table, &QTableWidget::cellChanged, this, &PronunciationsPage::onCellChanged);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_remove->setEnabled(!m_table->selectionModel()->selectedRows().isEmpty()); });
    connect(m_add, &QPushButton::clicked, this, &PronunciationsPage::addRow);
    connect(m_remove, &QPushButton::clicked, this, &PronunciationsPage::removeRows);
    connect(document, &SpecDocument::changed, this, [this](const QString &pointer) {
        if (FieldBinder::isUnder(pointer, kArray) || FieldBinder::isUnder(kArray, pointer))
            reload();
    });
    reload();
    m_remove->setEnabled(false);
}

QString PronunciationsPage::title() const
{
    return tr("Pronunciations");
}

QStringList PronunciationsPage::pointerPrefixes() const
{
    return {kArray};
}

QString PronunciationsPage::columnKey(int column)
{
    switch (column) {
    case WordColumn: return QStringLiteral("word");
    case SpokenColumn: return QStringLiteral("spoken");
    case PhonemesColumn: return QStringLiteral("phonemes");
    case AlphabetColumn: return QStringLiteral("alphabet");
    default: return {};
    }
}

void PronunciationsPage::reload()
{
    const Json array = document()->value(kArray);
    const int rows = array.is_array() ? int(array.size()) : 0;
    m_updating = true;
    if (m_table->rowCount() != rows)
        m_table->setRowCount(rows);
    for (int row = 0; row < rows; ++row) {
        const Json &element = array[size_t(row)];
        for (int column = WordColumn; column < AlphabetColumn; ++column) {
            const std::string key = toStd(columnKey(column));
            const QString text = element.is_object() && element.contains(key) ? toQString(element[key]) : QString();
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item) {
                item = new QTableWidgetItem;
                m_table->setItem(row, column, item);
            }
            if (item->text() != text)
                item->setText(text);
        }
        auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, AlphabetColumn));
        if (!combo) {
            combo = new QComboBox(m_table);
            combo->setAccessibleName(tr("Alphabet"));
            combo->addItem(tr("not set"), QString());
            combo->addItem(QStringLiteral("espeak"), QStringLiteral("espeak"));
            combo->addItem(QStringLiteral("ipa"), QStringLiteral("ipa"));
            m_table->setCellWidget(row, AlphabetColumn, combo);
            connect(combo, &QComboBox::currentIndexChanged, this, [this, combo](int index) {
                for (int r = 0; r < m_table->rowCount(); ++r) {
                    if (m_table->cellWidget(r, AlphabetColumn) == combo)
                        onAlphabetChanged(r, index);
                }
            });
        }
        const Json alphabet = element.is_object() ? element.value("alphabet", Json()) : Json();
        const int index = alphabet.is_string() ? combo->findData(toQString(alphabet)) : 0;
        if (combo->currentIndex() != index)
            combo->setCurrentIndex(index);
    }
    m_updating = false;
    applyFindings();
}

void PronunciationsPage::onCellChanged(int row, int column)
{
    if (m_updating || column >= AlphabetColumn)
        return;
    const QString text = m_table->item(row, column)->text();
    const QString pointer = FieldBinder::childPointer(elementPointer(row), columnKey(column));
    const QString what = tr("Change Pronunciation %1").arg(m_table->horizontalHeaderItem(column)->text().remove(QLatin1Char('*')).trimmed());
    if (text.isEmpty() && column != WordColumn)
        document()->removeValue(pointer, what);
    else
        m_binder->writeValue(pointer, Json(toStd(text)), what);
}

void PronunciationsPage::onAlphabetChanged(int row, int index)
{
    if (m_updating || index < 0)
        return;
    auto *combo = qobject_cast<QComboBox *>(m_table->cellWidget(row, AlphabetColumn));
    const QString value = combo ? combo->itemData(index).toString() : QString();
    const QString pointer = FieldBinder::childPointer(elementPointer(row), QStringLiteral("alphabet"));
    if (value.isEmpty())
        document()->removeValue(pointer, tr("Change Pronunciation Alphabet"));
    else
        m_binder->writeValue(pointer, Json(toStd(value)), tr("Change Pronunciation Alphabet"));
}

void PronunciationsPage::addRow()
{
    Json element = Json::object();
    element["word"] = "";
    element["spoken"] = "";
    if (!document()->insertValue(kArray, -1, element, tr("Add Pronunciation")))
        return;
    const int row = m_table->rowCount() - 1;
    m_table->setCurrentCell(row, WordColumn);
    m_table->setFocus();
    m_table->editItem(m_table->item(row, WordColumn));
}

void PronunciationsPage::removeRows()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    if (rows.size() > 1)
        document()->beginMacro(tr("Remove Pronunciations"));
    for (int row : std::as_const(rows))
        document()->removeValue(elementPointer(row), tr("Remove Pronunciation"));
    if (rows.size() > 1)
        document()->endMacro();
}

void PronunciationsPage::showFindings(const Findings &findings)
{
    m_findings = findings;
    applyFindings();
}

void PronunciationsPage::applyFindings()
{
    // Clear every mark, then mark the cells (or whole rows) findings point at.
    m_updating = true;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        for (int column = WordColumn; column < AlphabetColumn; ++column) {
            if (QTableWidgetItem *item = m_table->item(row, column)) {
                item->setData(kMarkRole, QVariant());
                item->setData(Qt::BackgroundRole, QVariant());
                item->setToolTip(QString());
            }
        }
        if (QWidget *combo = m_table->cellWidget(row, AlphabetColumn))
            FieldBinder::markWidget(combo, nullptr);
    }
    Findings tableLevel;
    QStringList messages;
    for (const Finding &f : std::as_const(m_findings)) {
        if (!FieldBinder::isUnder(f.pointer, kArray))
            continue;
        const QStringList tokens = f.pointer.mid(kArray.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        bool ok = false;
        const int row = tokens.isEmpty() ? -1 : tokens.first().toInt(&ok);
        if (!ok || row < 0 || row >= m_table->rowCount()) {
            tableLevel.append(f);
            continue;
        }
        QList<int> columns;
        const QString key = tokens.size() > 1 ? tokens.at(1) : QString();
        messages.append(key.isEmpty() ? tr("Row %1: %2").arg(row + 1).arg(f.message)
                                      : tr("Row %1, %2: %3").arg(row + 1).arg(key, f.message));
        for (int column = WordColumn; column < ColumnCount; ++column) {
            if (columnKey(column) == key)
                columns.append(column);
        }
        if (columns.isEmpty()) // the element as a whole (spoken or phonemes missing, ...)
            columns = {SpokenColumn, PhonemesColumn};
        for (int column : std::as_const(columns)) {
            if (column == AlphabetColumn) {
                FieldBinder::markWidget(m_table->cellWidget(row, column), &f);
                continue;
            }
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item)
                continue;
            const QString previous = item->data(kMarkRole).toString();
            item->setData(kMarkRole, previous.isEmpty() ? f.message : previous + QLatin1Char('\n') + f.message);
            item->setData(Qt::BackgroundRole, kMarkColor);
            item->setToolTip(item->data(kMarkRole).toString());
        }
    }
    m_updating = false;
    m_binder->showFindings(tableLevel);
    for (const Finding &f : std::as_const(tableLevel))
        messages.append(f.message);
    m_summary->setText(messages.join(QLatin1Char('\n')));
    m_summary->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_summary->setVisible(!messages.isEmpty());
}

bool PronunciationsPage::isCellMarked(int row, int column) const
{
    if (column == AlphabetColumn)
        return FieldBinder::isMarked(m_table->cellWidget(row, column));
    const QTableWidgetItem *item = m_table->item(row, column);
    return item && !item->data(kMarkRole).toString().isEmpty();
}

QString PronunciationsPage::cellMessage(int row, int column) const
{
    if (column == AlphabetColumn)
        return isCellMarked(row, column) ? m_table->cellWidget(row, column)->toolTip() : QString();
    const QTableWidgetItem *item = m_table->item(row, column);
    return item ? item->data(kMarkRole).toString() : QString();
}

bool PronunciationsPage::focusPointer(const QString &pointer)
{
    if (!FieldBinder::isUnder(pointer, kArray))
        return false;
    const QStringList tokens = pointer.mid(kArray.size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    bool ok = false;
    const int row = tokens.isEmpty() ? -1 : tokens.first().toInt(&ok);
    m_table->setFocus(Qt::OtherFocusReason);
    if (!ok || row < 0 || row >= m_table->rowCount())
        return true;
    int column = WordColumn;
    for (int c = WordColumn; c < ColumnCount; ++c) {
        if (tokens.size() > 1 && columnKey(c) == tokens.at(1))
            column = c;
    }
    m_table->setCurrentCell(row, column);
    m_table->scrollToItem(m_table->item(row, WordColumn));
    return true;
}

} // namespace greenlight
