#include "speceditor.h"

#include "editorpage.h"
#include "icons.h"
#include "jsonpage.h"
#include "specdocument.h"
#include "variantspage.h"
#include "pages/assetspage.h"
#include "pages/canvaspage.h"
#include "pages/captionspage.h"
#include "pages/narrationpage.h"
#include "pages/pronunciationspage.h"
#include "pages/scenespage.h"

#include "common/jsonpointer.h"
#include "spec/project.h"

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

namespace greenlight {

namespace {

constexpr int kPageListWidth_px = 170;
constexpr int kPointerRole = Qt::UserRole;
constexpr int kIndexRole = Qt::UserRole + 1;

bool pointerUnder(const QString &pointer, const QString &prefix)
{
    return pointer == prefix || pointer.startsWith(prefix + QLatin1Char('/'));
}

} // namespace

SpecEditor::SpecEditor(std::shared_ptr<const SpecValidator> validator, const QString &projectRoot, QWidget *parent)
    : QWidget(parent), m_document(new SpecDocument(std::move(validator), projectRoot, this))
{
    setObjectName(QStringLiteral("specEditor"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // Recovery bar: offered when unsaved edits of this spec survived a crash.
    m_recoveryBar = new QWidget(this);
    m_recoveryBar->setObjectName(QStringLiteral("recoveryBar"));
    m_recoveryBar->setAutoFillBackground(true);
    {
        QPalette p = m_recoveryBar->palette();
        p.setColor(QPalette::Window, QColor(0xFF, 0xF4, 0xCE));
        p.setColor(QPalette::WindowText, QColor(0x3A, 0x2E, 0x00));
        m_recoveryBar->setPalette(p);
        auto *bar = new QHBoxLayout(m_recoveryBar);
        bar->setContentsMargins(8, 4, 8, 4);
        bar->addWidget(new QLabel(tr("Unsaved edits of this spec were recovered from an earlier session."), m_recoveryBar), 1);
        auto *restore = new QPushButton(tr("Restore Edits"), m_recoveryBar);
        restore->setObjectName(QStringLiteral("restoreRecoveryButton"));
        auto *discard = new QPushButton(tr("Discard"), m_recoveryBar);
        discard->setObjectName(QStringLiteral("discardRecoveryButton"));
        bar->addWidget(restore);
        bar->addWidget(discard);
        connect(restore, &QPushButton::clicked, this, [this] {
            if (const std::optional<Json> copy = SpecDocument::readRecovery(m_document->path()))
                m_document->replaceDocument(*copy, tr("Restore Recovered Edits"));
            m_recoveryBar->hide();
        });
        connect(discard, &QPushButton::clicked, this, [this] {
            m_document->discardRecovery();
            m_recoveryBar->hide();
        });
    }
    m_recoveryBar->hide();
    layout->addWidget(m_recoveryBar);

    // Top bar: which variant the forms edit, and what it overrides.
    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    auto *variantLabel = new QLabel(tr("&Editing:"), this);
    m_variantCombo = new QComboBox(this);
    m_variantCombo->setObjectName(QStringLiteral("variantSelector"));
    m_variantCombo->setMinimumContentsLength(16);
    m_variantCombo->setToolTip(tr("Edit the base spec, or a variant: what you change on a variant is stored "
                                  "as that variant's overrides"));
    variantLabel->setBuddy(m_variantCombo);
    m_overrideNote = new QLabel(this);
    m_overrideNote->setObjectName(QStringLiteral("overrideNote"));
    auto *voice = new QPushButton(tr("Voice Narration\u2026"), this);
    voice->setObjectName(QStringLiteral("voiceButton"));
    voice->setToolTip(tr("Launch a narration (TTS) run of this spec and variant"));
    auto *render = new QPushButton(tr("Render\u2026"), this);
    render->setObjectName(QStringLiteral("renderButton"));
    render->setToolTip(tr("Launch a render run of this spec and variant"));
    top->addWidget(variantLabel);
    top->addWidget(m_variantCombo);
    top->addWidget(m_overrideNote, 1);
    top->addWidget(voice);
    top->addWidget(render);
    layout->addLayout(top);
    auto launch = [this](const QString &kind) {
        if (m_document->isModified() && !save())
            return;
        Q_EMIT launchRequested(m_document->path(), m_document->editingVariant(), kind);
    };
    connect(voice, &QPushButton::clicked, this, [launch] { launch(QStringLiteral("tts")); });
    connect(render, &QPushButton::clicked, this, [launch] { launch(QStringLiteral("render")); });

    m_errorLabel = new QLabel(this);
    m_errorLabel->setObjectName(QStringLiteral("editorErrorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setContentsMargins(8, 2, 8, 2);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #B3261E;"));
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    // Pages on the left, the page in the middle, findings below.
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(QStringLiteral("editorSplitter"));
    auto *horizontal = new QSplitter(Qt::Horizontal, vertical);
    m_pageList = new QListWidget(horizontal);
    m_pageList->setObjectName(QStringLiteral("editorPageList"));
    m_pageList->setMaximumWidth(kPageListWidth_px + 60);
    m_pageList->setMinimumWidth(kPageListWidth_px - 40);
    m_stack = new QStackedWidget(horizontal);
    m_stack->setObjectName(QStringLiteral("editorPages"));
    horizontal->addWidget(m_pageList);
    horizontal->addWidget(m_stack);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({kPageListWidth_px, 900});

    auto *findingsBox = new QWidget(vertical);
    auto *findingsLayout = new QVBoxLayout(findingsBox);
    findingsLayout->setContentsMargins(8, 4, 8, 4);
    m_findingsSummary = new QLabel(findingsBox);
    m_findingsSummary->setObjectName(QStringLiteral("editorFindingsSummary"));
    m_findingsView = new QTreeWidget(findingsBox);
    m_findingsView->setObjectName(QStringLiteral("editorFindings"));
    m_findingsView->setRootIsDecorated(false);
    m_findingsView->setUniformRowHeights(true);
    m_findingsView->setHeaderLabels({tr("Finding"), tr("Field"), tr("Code")});
    m_findingsView->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_findingsView->header()->setStretchLastSection(false);
    m_findingsView->setToolTip(tr("Double-click or press Enter to go to the field"));
    findingsLayout->addWidget(m_findingsSummary);
    findingsLayout->addWidget(m_findingsView);
    vertical->addWidget(horizontal);
    vertical->addWidget(findingsBox);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    layout->addWidget(vertical, 1);

    connect(m_pageList, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_findingsView, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int index = item->data(0, kIndexRole).toInt();
        const Findings findings = m_document->viewFindings();
        if (index >= 0 && index < findings.size())
            goToFinding(findings[index]);
    });

    connect(m_variantCombo, &QComboBox::activated, this, [this](int index) {
        m_document->setEditingVariant(m_variantCombo->itemData(index).toString());
    });
    connect(m_document, &SpecDocument::editingVariantChanged, this, [this] {
        updateVariants();
        updateOverrideNote();
    });
    connect(m_document, &SpecDocument::changed, this, [this](const QString &pointer) {
        if (pointer.isEmpty() || pointerUnder(pointer, QStringLiteral("/variants")) || !m_document->editingVariant().isEmpty()) {
            updateVariants();
            updateOverrideNote();
        }
        if (pointer.isEmpty() || pointer == QLatin1String("/title"))
            Q_EMIT tabTitleChanged();
    });
    connect(m_document, &SpecDocument::modifiedChanged, this, &SpecEditor::tabTitleChanged);
    connect(m_document, &SpecDocument::findingsChanged, this, &SpecEditor::updateFindings);

    addPage(new CanvasPage(m_document, this));
    addPage(new ScenesPage(m_document, this));
    addPage(new AssetsPage(m_document, this));
    addPage(new NarrationPage(m_document, this));
    addPage(new CaptionsPage(m_document, this));
    addPage(new PronunciationsPage(m_document, this));
    addPage(new VariantsPage(m_document, this));
    addPage(new JsonPage(m_document, this));
    m_pageList->setCurrentRow(0);
}

SpecEditor::~SpecEditor() = default;

void SpecEditor::addPage(EditorPage *page)
{
    page->setObjectName(page->objectName().isEmpty() ? page->title() : page->objectName());
    // The JSON page stays last, after pages added later.
    const int at = (!m_pages.isEmpty() && dynamic_cast<JsonPage *>(m_pages.last()) == nullptr) ? int(m_pages.size())
                   : m_pages.isEmpty()                                                       ? 0
                                                                                            : int(m_pages.size()) - 1;
    m_pages.insert(at, page);
    m_stack->insertWidget(at, page);
    m_pageList->insertItem(at, page->title());
}

Status SpecEditor::open(const QString &specPath)
{
    if (Status s = m_document->load(specPath); !s)
        return s;
    const std::optional<Json> copy = SpecDocument::readRecovery(m_document->path());
    m_recoveryBar->setVisible(copy.has_value() && *copy != m_document->document());
    updateVariants();
    updateOverrideNote();
    return {};
}

void SpecEditor::startNew(const Json &document, const QString &path)
{
    m_document->setNew(document, path);
    updateVariants();
    updateOverrideNote();
}

QString SpecEditor::tabTitle() const
{
    return specDisplayName(m_document->path()) + (m_document->isModified() ? QStringLiteral("*") : QString());
}

bool SpecEditor::save()
{
    if (Status s = m_document->save(); !s) {
        m_errorLabel->setText(tr("Could not save: %1. Your edits are kept; a recovery copy is written every few seconds.")
                                  .arg(s.error().toString()));
        m_errorLabel->show();
        return false;
    }
    m_errorLabel->hide();
    Q_EMIT statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_document->relativePath())));
    return true;
}

bool SpecEditor::maybeClose()
{
    if (!m_document->isModified())
        return true;
    QMessageBox box(QMessageBox::Warning, tr("Unsaved Changes"),
                    tr("Save the changes to \u201c%1\u201d?").arg(m_document->displayName()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedChangesBox"));
    box.setInformativeText(tr("Unsaved changes are lost if you don't save them."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return save();
    case QMessageBox::Discard:
        m_document->discardRecovery();
        return true;
    default:
        return false;
    }
}

EditorPage *SpecEditor::page(const QString &title) const
{
    for (EditorPage *p : m_pages)
        if (p->title() == title)
            return p;
    return nullptr;
}

void SpecEditor::showPage(const QString &title)
{
    for (int i = 0; i < m_pages.size(); ++i)
        if (m_pages[i]->title() == title)
            m_pageList->setCurrentRow(i);
}

EditorPage *SpecEditor::currentPage() const
{
    const int row = m_pageList->currentRow();
    return row >= 0 && row < m_pages.size() ? m_pages[row] : nullptr;
}

bool SpecEditor::goToFinding(const Finding &finding)
{
    if (!finding.variant.isEmpty() && finding.variant != m_document->editingVariant())
        m_document->setEditingVariant(finding.variant);
    for (int i = 0; i < m_pages.size(); ++i) {
        EditorPage *p = m_pages[i];
        if (dynamic_cast<JsonPage *>(p))
            continue;
        const QStringList prefixes = p->pointerPrefixes();
        if (std::none_of(prefixes.begin(), prefixes.end(),
                         [&](const QString &prefix) { return pointerUnder(finding.pointer, prefix); }))
            continue;
        m_pageList->setCurrentRow(i);
        if (p->focusPointer(finding.pointer))
            return true;
    }
    // No form owns the field: show it in the JSON text.
    for (int i = 0; i < m_pages.size(); ++i) {
        if (dynamic_cast<JsonPage *>(m_pages[i])) {
            m_pageList->setCurrentRow(i);
            return m_pages[i]->focusPointer(finding.pointer);
        }
    }
    return false;
}

void SpecEditor::updateVariants()
{
    const QSignalBlocker blocker(m_variantCombo);
    m_variantCombo->clear();
    m_variantCombo->addItem(tr("Base spec"), QString());
    for (const QString &id : m_document->variantIds())
        m_variantCombo->addItem(tr("Variant \u201c%1\u201d").arg(id), id);
    m_variantCombo->setCurrentIndex(qMax(0, m_variantCombo->findData(m_document->editingVariant())));
}

void SpecEditor::updateOverrideNote()
{
    if (m_document->editingVariant().isEmpty()) {
        m_overrideNote->setText(m_document->variantIds().isEmpty()
                                    ? QString()
                                    : tr("Changes apply to the base spec and every variant that does not override them."));
        return;
    }
    const int n = int(m_document->overriddenPointers().size());
    m_overrideNote->setText(n == 0 ? tr("This variant overrides nothing yet: edit any field to override it.")
                                   : tr("This variant overrides %n field(s); see the Variants page to reset them.", "", n));
}

void SpecEditor::updateFindings()
{
    const Findings findings = m_document->viewFindings();
    m_findingsView->clear();
    int blockers = 0;
    int warnings = 0;
    for (qsizetype i = 0; i < findings.size(); ++i) {
        const Finding &f = findings[i];
        if (f.severity == Severity::Blocker)
            ++blockers;
        else if (f.severity == Severity::Warning)
            ++warnings;
        auto *item = new QTreeWidgetItem(m_findingsView);
        item->setIcon(0, Icons::severity(f.severity));
        item->setText(0, f.message);
        item->setToolTip(0, f.message);
        item->setText(1, pointerLabel(f.pointer));
        item->setToolTip(1, f.pointer);
        item->setText(2, f.code);
        item->setData(0, kPointerRole, f.pointer);
        item->setData(0, kIndexRole, int(i));
    }
    m_findingsView->resizeColumnToContents(1);
    m_findingsView->resizeColumnToContents(2);
    m_findingsSummary->setText(findings.isEmpty()
                                   ? tr("No findings: the spec is valid.")
                                   : tr("%1 blocker(s), %2 warning(s) \u2014 double-click one to go to its field.")
                                         .arg(blockers)
                                         .arg(warnings));
    for (EditorPage *p : m_pages) {
        const QStringList prefixes = p->pointerPrefixes();
        Findings mine;
        for (const Finding &f : findings)
            if (std::any_of(prefixes.begin(), prefixes.end(),
                            [&](const QString &prefix) { return pointerUnder(f.pointer, prefix); }))
                mine.append(f);
        p->showFindings(mine);
        const int row = int(m_pages.indexOf(p));
        if (QListWidgetItem *item = m_pageList->item(row)) {
            item->setText(mine.isEmpty() ? p->title() : QStringLiteral("%1  (%2)").arg(p->title()).arg(mine.size()));
            item->setIcon(mine.isEmpty() ? QIcon() : Icons::severity(hasOpenBlocker(mine) ? Severity::Blocker : Severity::Warning));
        }
    }
    Q_EMIT blockerCountChanged(m_document->blockerCount());
}

} // namespace greenlight
