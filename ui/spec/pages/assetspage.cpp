#include "assetspage.h"

#include "icons.h"
#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace greenlight {

namespace {

QString str(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return toQString(object[key].get<std::string>());
}

QTableWidgetItem *item(const QString &text)
{
    auto *i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return i;
}

} // namespace

AssetsPage::AssetsPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_table(new QTableWidget(0, ColumnCount, this)),
      m_addButton(new QPushButton(tr("&Add Files…"), this)), m_removeButton(new QPushButton(tr("&Remove"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this)), m_progress(new QProgressBar(this)),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("assetsPage"));
    m_table->setObjectName(QStringLiteral("assetTable"));
    m_table->setAccessibleName(tr("Assets"));
    m_table->setHorizontalHeaderLabels({tr("Id"), tr("Kind"), tr("Path"), tr("Status")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setColumnWidth(IdColumn, 160);
    m_table->setColumnWidth(KindColumn, 80);
    m_table->setColumnWidth(PathColumn, 280);

    m_addButton->setObjectName(QStringLiteral("addAssetFiles"));
    m_addButton->setToolTip(tr("Copy files into the project's assets folder and list them"));
    m_removeButton->setObjectName(QStringLiteral("removeAssets"));
    m_removeButton->setToolTip(tr("Remove the selected assets from the spec (their files stay in the project)"));
    m_cancelButton->setObjectName(QStringLiteral("cancelAssetImport"));
    m_progress->setObjectName(QStringLiteral("assetImportProgress"));
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("%p% copied"));
    m_status->setObjectName(QStringLiteral("assetStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_addButton);
    buttons->addWidget(m_removeButton);
    buttons->addStretch(1);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addLayout(progressRow);
    layout->addWidget(m_status);
    m_progress->hide();
    m_cancelButton->hide();

    connect(m_addButton, &QPushButton::clicked, this, &AssetsPage::pickFiles);
    connect(m_removeButton, &QPushButton::clicked, this, &AssetsPage::removeSelected);
    connect(m_cancelButton, &QPushButton::clicked, this, &AssetsPage::cancelImport);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AssetsPage::updateButtons);
    connect(&m_watcher, &QFutureWatcher<ImportedFile>::progressRangeChanged, m_progress, &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcher<ImportedFile>::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcher<ImportedFile>::resultReadyAt, this,
            [this](int index) { m_results.append(m_watcher.resultAt(index)); });
    connect(&m_watcher, &QFutureWatcher<ImportedFile>::finished, this, &AssetsPage::importDone);
    connect(document, &SpecDocument::changed, this, [this](const QString &pointer) {
        if (pointer.isEmpty() || FieldBinder::isUnder(pointer, QStringLiteral("/assets"))
            || FieldBinder::isUnder(QStringLiteral("/assets"), pointer))
            rebuild();
    });
    rebuild();
}

AssetsPage::~AssetsPage()
{
    m_watcher.cancel();
    m_watcher.waitForFinished();
}

QString AssetsPage::title() const
{
    return tr("Assets");
}

QStringList AssetsPage::pointerPrefixes() const
{
    return {QStringLiteral("/assets")};
}

void AssetsPage::rebuild()
{
    QSet<int> selected;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        selected.insert(index.row());
    const Json assets = document()->value(QStringLiteral("/assets"));
    const int rows = assets.is_array() ? int(assets.size()) : 0;
    m_table->setRowCount(rows);
    const QDir root(document()->projectRoot());
    for (int r = 0; r < rows; ++r) {
        const Json &a = assets[size_t(r)];
        const QString path = str(a, "path");
        m_table->setItem(r, IdColumn, item(str(a, "id")));
        m_table->setItem(r, KindColumn, item(str(a, "kind")));
        m_table->setItem(r, PathColumn, item(path));
        const bool exists = !path.isEmpty() && QFileInfo(root.filePath(path)).isFile();
        QStringList messages;
        const Finding *worst = nullptr;
        const QString prefix = QStringLiteral("/assets/%1").arg(r);
        for (const Finding &f : std::as_const(m_findings)) {
            if (!FieldBinder::isUnder(f.pointer, prefix))
                continue;
            messages.append(f.message);
            if (!worst || int(f.severity) < int(worst->severity))
                worst = &f;
        }
        QTableWidgetItem *status = item(exists ? tr("exists") : tr("missing"));
        if (worst) {
            status->setText(status->text() + QStringLiteral(" — ") + worst->message);
            status->setIcon(Icons::severity(worst->severity));
            status->setToolTip(messages.join(QLatin1Char('\n')));
        }
        if (!exists || (worst && worst->severity == Severity::Blocker))
            status->setForeground(QColor(0xd3, 0x2f, 0x2f));
        m_table->setItem(r, StatusColumn, status);
    }
    m_table->clearSelection();
    for (int r : std::as_const(selected))
        if (r < rows)
            m_table->selectRow(r);
    updateButtons();
}

void AssetsPage::updateButtons()
{
    m_removeButton->setEnabled(m_table->selectionModel()->hasSelection());
    m_addButton->setEnabled(!isImporting());
}

void AssetsPage::showFindings(const Findings &findings)
{
    m_findings = findings;
    rebuild();
}

bool AssetsPage::focusPointer(const QString &pointer)
{
    static const QRegularExpression re(QStringLiteral("^/assets(?:/(\\d+))?(?:/|$)"));
    const QRegularExpressionMatch m = re.match(pointer);
    if (!m.hasMatch())
        return false;
    if (m.hasCaptured(1)) {
        const int row = m.captured(1).toInt();
        if (row >= m_table->rowCount())
            return false;
        m_table->selectRow(row);
        m_table->scrollToItem(m_table->item(row, IdColumn));
    }
    m_table->setFocus(Qt::OtherFocusReason);
    return true;
}

bool AssetsPage::isImporting() const
{
    return m_importing;
}

void AssetsPage::pickFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Add Assets"), QString(),
        tr("Images, video, audio and fonts (*.png *.jpg *.jpeg *.webp *.gif *.bmp *.tif *.tiff *.mp4 *.mov *.m4v "
           "*.webm *.mkv *.avi *.wav *.mp3 *.m4a *.aac *.flac *.ogg *.opus *.ttf *.otf *.ttc *.woff *.woff2);;"
           "All files (*)"));
    addFiles(paths);
}

void AssetsPage::addFiles(const QStringList &paths)
{
    if (paths.isEmpty() || isImporting())
        return;
    m_results.clear();
    m_importing = true;
    m_progress->setRange(0, 0);
    m_progress->setValue(0);
    m_progress->show();
    m_cancelButton->show();
    m_status->setText(paths.size() == 1 ? tr("Copying %1…").arg(QFileInfo(paths.first()).fileName())
                                        : tr("Copying %1 files…").arg(paths.size()));
    m_watcher.setFuture(QtConcurrent::run(&AssetImport::run, paths, document()->projectRoot()));
    updateButtons();
}

void AssetsPage::cancelImport()
{
    m_watcher.cancel();
}

void AssetsPage::importDone()
{
    m_importing = false;
    m_progress->hide();
    m_cancelButton->hide();
    const bool cancelled = m_watcher.isCanceled();
    const Json assets = document()->value(QStringLiteral("/assets"));
    QStringList used;
    QHash<QString, QString> listedPaths; // path -> id
    for (size_t i = 0; assets.is_array() && i < assets.size(); ++i) {
        used.append(str(assets[i], "id"));
        listedPaths.insert(QDir::cleanPath(str(assets[i], "path")), str(assets[i], "id"));
    }
    QList<Json> entries;
    QStringList added;
    QStringList problems;
    QStringList notes;
    for (const ImportedFile &r : std::as_const(m_results)) {
        const QString name = QFileInfo(r.source).fileName();
        if (!r.error.isEmpty()) {
            problems.append(tr("%1: %2").arg(name, r.error));
            continue;
        }
        const QString path = QDir::cleanPath(r.relativePath);
        if (listedPaths.contains(path)) {
            notes.append(tr("%1 is already listed as \"%2\"").arg(name, listedPaths.value(path)));
            continue;
        }
        const QString id = AssetImport::idForFile(QFileInfo(path).fileName(), used);
        used.append(id);
        listedPaths.insert(path, id);
        added.append(id);
        entries.append(Json{{"id", toStd(id)}, {"kind", toStd(r.kind)}, {"path", toStd(path)}});
    }
    m_results.clear();
    if (entries.size() > 1)
        document()->beginMacro(tr("Add %1 Assets").arg(entries.size()));
    for (const Json &entry : std::as_const(entries))
        document()->insertValue(QStringLiteral("/assets"), -1, entry,
                                tr("Add Asset %1").arg(toQString(entry["id"].get<std::string>())));
    if (entries.size() > 1)
        document()->endMacro();

    QStringList summary;
    if (!added.isEmpty())
        summary.append(tr("Added %1.").arg(added.join(QStringLiteral(", "))));
    if (!notes.isEmpty())
        summary.append(notes.join(QStringLiteral("; ")) + QLatin1Char('.'));
    if (!problems.isEmpty())
        summary.append(tr("Not added: %1.").arg(problems.join(QStringLiteral("; "))));
    if (cancelled)
        summary.append(tr("Import cancelled."));
    m_status->setText(summary.join(QLatin1Char(' ')));
    if (!added.isEmpty()) {
        m_table->clearSelection();
        const int rows = m_table->rowCount();
        for (int r = rows - int(added.size()); r < rows; ++r)
            m_table->selectRow(r);
    }
    updateButtons();
    Q_EMIT importFinished(added, problems);
}

QStringList AssetsPage::usesOf(const QString &assetId) const
{
    QStringList uses;
    const Json view = document()->view();
    const std::string id = toStd(assetId);
    auto fontOf = [&id](const Json &style) { return style.is_object() && style.value("fontAsset", std::string()) == id; };
    if (view.contains("scenes") && view["scenes"].is_array()) {
        for (const Json &scene : view["scenes"]) {
            const QString sceneId = str(scene, "id");
            const Json background = scene.value("background", Json::object());
            if (str(background, "type") == QLatin1String("asset") && background.value("asset", std::string()) == id)
                uses.append(tr("the background of scene \"%1\"").arg(sceneId));
            for (const Json &layer : scene.value("layers", Json::array())) {
                if (layer.value("asset", std::string()) == id || fontOf(layer.value("style", Json())))
                    uses.append(tr("layer \"%1\" of scene \"%2\"").arg(str(layer, "id"), sceneId));
            }
        }
    }
    if (fontOf(document()->value(QStringLiteral("/defaults/textStyle"))))
        uses.append(tr("the default text style"));
    if (fontOf(document()->value(QStringLiteral("/captions/style/text"))))
        uses.append(tr("the caption style"));
    return uses;
}

bool AssetsPage::removeRows(const QList<int> &rows, bool confirm)
{
    QList<int> sorted = rows;
    std::sort(sorted.begin(), sorted.end(), std::greater<int>());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    const Json assets = document()->value(QStringLiteral("/assets"));
    QStringList uses;
    for (int r : std::as_const(sorted)) {
        if (!assets.is_array() || r < 0 || size_t(r) >= assets.size())
            return false;
        const QString id = str(assets[size_t(r)], "id");
        for (const QString &use : usesOf(id))
            uses.append(tr("\"%1\" by %2").arg(id, use));
    }
    if (sorted.isEmpty())
        return false;
    if (confirm && !uses.isEmpty()) {
        const auto answer = QMessageBox::warning(
            this, tr("Remove Assets"),
            tr("These assets are in use:\n\n• %1\n\nRemove them anyway? The spec will report the "
               "references until they are changed.").arg(uses.join(QStringLiteral("\n• "))),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes)
            return false;
    }
    if (sorted.size() > 1)
        document()->beginMacro(tr("Remove %1 Assets").arg(sorted.size()));
    for (int r : std::as_const(sorted))
        document()->removeValue(QStringLiteral("/assets/%1").arg(r), tr("Remove Asset"));
    if (sorted.size() > 1)
        document()->endMacro();
    return true;
}

void AssetsPage::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    removeRows(rows);
}

} // namespace greenlight
