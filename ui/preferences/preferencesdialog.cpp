#include "preferences/preferencesdialog.h"

#include "preferences/actionshortcuts.h"
#include "preferences/enginespage.h"
#include "preferences/shortcuteditor.h"
#include "preferences/sshhostseditor.h"
#include "preferences/theme.h"
#include "review/reviewshortcuts.h"
#include "review/reviewwindow.h"
#include "settings.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

namespace {

const QString kMainScope = QStringLiteral("main");
const QString kReviewScope = QStringLiteral("review");

QLabel *note(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

PreferencesDialog::PreferencesDialog(AppSettings *settings, const QList<QAction *> &mainWindowActions, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_mainActions(mainWindowActions)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    m_pages = new QListWidget(this);
    m_pages->setObjectName(QStringLiteral("preferencesPages"));
    m_pages->setSpacing(3);
    m_stack = new QStackedWidget(this);

    m_engines = new EnginesPage(m_settings->engineSettings(), this);
    m_engines->setObjectName(QStringLiteral("enginesPage"));
    m_hosts = new SshHostsEditor(m_settings->sshHosts(), this);
    addPage(tr("Appearance"), makeAppearancePage());
    addPage(tr("Speech engines"), m_engines);
    addPage(tr("Remote hosts"), m_hosts);
    addPage(tr("Keyboard shortcuts"), makeShortcutsPage());
    addPage(tr("Cache"), makeCachePage());
    m_pages->setFixedWidth(m_pages->sizeHintForColumn(0) + 4 * m_pages->frameWidth() + 24);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("preferencesProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_fileLabel = new QLabel(this);
    m_fileLabel->setObjectName(QStringLiteral("settingsFileLabel"));
    m_fileLabel->setText(tr("Settings are saved in %1").arg(QDir::toNativeSeparators(m_settings->fileName())));
    m_fileLabel->setForegroundRole(QPalette::PlaceholderText);
    m_fileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_fileLabel->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, this);

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_pages);
    columns->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_problem);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_fileLabel, 1);
    footer->addWidget(m_buttons);
    layout->addLayout(footer);
    resize(900, 620);

    connect(m_pages, &QListWidget::currentRowChanged, m_stack, &QStackedWidget::setCurrentIndex);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &PreferencesDialog::apply);
    // A fixed problem clears its note.
    connect(m_engines, &EnginesPage::changed, this, [this] {
        if (m_problem->isVisible() && !m_engines->firstInvalidField() && m_hosts->problem().isEmpty())
            m_problem->hide();
    });
    m_pages->setCurrentRow(0);
}

PreferencesDialog::~PreferencesDialog()
{
    m_cacheWatcher.waitForFinished();
}

void PreferencesDialog::addPage(const QString &title, QWidget *page)
{
    m_pages->addItem(title);
    m_stack->addWidget(page);
}

QWidget *PreferencesDialog::makeAppearancePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("appearancePage"));
    m_theme = new QComboBox(page);
    m_theme->setObjectName(QStringLiteral("themeCombo"));
    m_theme->addItem(tr("Follow desktop"), Theme::toString(Theme::Mode::FollowDesktop));
    m_theme->addItem(tr("Light"), Theme::toString(Theme::Mode::Light));
    m_theme->addItem(tr("Dark"), Theme::toString(Theme::Mode::Dark));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(m_settings->theme())));
    m_desktopNote = note(QString(), page);
    auto updateNote = [this] {
        const Theme *theme = Theme::instance();
        const QString now = theme && theme->desktopPrefersDark() ? tr("dark") : tr("light");
        m_desktopNote->setText(tr("Follow desktop uses the light or dark preference your desktop publishes "
                                  "(the freedesktop appearance setting) and changes with it while Greenlight "
                                  "runs. The desktop asks for %1 now.")
                                   .arg(now));
    };
    updateNote();
    if (Theme *theme = Theme::instance())
        connect(theme, &Theme::changed, this, updateNote);
    auto *form = new QFormLayout;
    auto *themeRow = new QHBoxLayout;
    themeRow->addWidget(m_theme);
    themeRow->addStretch(1);
    auto *themeLabel = new QLabel(tr("&Theme:"), page);
    themeLabel->setBuddy(m_theme);
    form->addRow(themeLabel, themeRow);
    form->addRow(QString(), m_desktopNote);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addStretch(1);
    return page;
}

QWidget *PreferencesDialog::makeShortcutsPage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("shortcutsPage"));
    ActionShortcuts::rememberDefaults(m_mainActions);
    m_shortcuts = new ShortcutEditor(page);
    m_shortcuts->setEntries(ActionShortcuts::entries(m_mainActions, tr("Main window"), kMainScope)
                            + reviewShortcutEntries(m_settings->reviewShortcuts()));
    auto *restore = new QPushButton(tr("Restore &Defaults"), page);
    restore->setObjectName(QStringLiteral("restoreShortcutsButton"));
    connect(restore, &QPushButton::clicked, m_shortcuts, &ShortcutEditor::resetDefaults);
    auto *row = new QHBoxLayout;
    row->addWidget(note(tr("Click a key field and press the new keys; the clear button removes them."), page), 1);
    row->addWidget(restore);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_shortcuts, 1);
    layout->addLayout(row);
    return page;
}

QWidget *PreferencesDialog::makeCachePage()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("cachePage"));
    m_frameCache = new QSpinBox(page);
    m_frameCache->setObjectName(QStringLiteral("frameCacheSpin"));
    m_frameCache->setRange(64, 16384);
    m_frameCache->setSingleStep(64);
    m_frameCache->setSuffix(tr(" MiB"));
    m_frameCache->setValue(m_settings->frameCacheMiB());
    m_cacheUsage = new QLabel(page);
    m_cacheUsage->setObjectName(QStringLiteral("cacheUsageLabel"));
    m_cacheUsage->setWordWrap(true);
    m_cacheUsage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clearCache = new QPushButton(tr("C&lear Cache\u2026"), page);
    m_clearCache->setObjectName(QStringLiteral("clearCacheButton"));
    connect(m_clearCache, &QPushButton::clicked, this, &PreferencesDialog::clearCache);
    connect(&m_cacheWatcher, &QFutureWatcher<qint64>::finished, this, [this] {
        const qint64 bytes = m_cacheWatcher.result();
        m_cacheUsage->setText(tr("%1 in %2").arg(QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat),
                                                 QDir::toNativeSeparators(cacheFolder())));
        m_clearCache->setEnabled(bytes > 0);
    });

    auto *form = new QFormLayout;
    auto *cacheRow = new QHBoxLayout;
    cacheRow->addWidget(m_frameCache);
    cacheRow->addStretch(1);
    auto *cacheLabel = new QLabel(tr("Review &frame cache:"), page);
    cacheLabel->setBuddy(m_frameCache);
    form->addRow(cacheLabel, cacheRow);
    form->addRow(QString(), note(tr("Decoded frames a review window keeps in memory (a compared run gets half as "
                                    "much again). Review windows opened from now on use the new size."),
                                 page));
    auto *usage = new QHBoxLayout;
    usage->addWidget(m_cacheUsage, 1);
    usage->addWidget(m_clearCache);
    form->addRow(tr("Files on disk:"), usage);
    form->addRow(QString(), note(tr("Frame indexes of reviewed videos; they are made again when needed."), page));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addStretch(1);
    measureCache();
    return page;
}

QString PreferencesDialog::cacheFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
}

void PreferencesDialog::measureCache()
{
    if (m_cacheWatcher.isRunning())
        return;
    m_cacheUsage->setText(tr("Measuring %1\u2026").arg(QDir::toNativeSeparators(cacheFolder())));
    m_clearCache->setEnabled(false);
    m_cacheWatcher.setFuture(QtConcurrent::run([folder = cacheFolder()] {
        qint64 bytes = 0;
        QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            bytes += it.fileInfo().size();
        }
        return bytes;
    }));
}

void PreferencesDialog::clearCache()
{
    const QString folder = cacheFolder();
    if (folder.isEmpty())
        return;
    const auto answer = QMessageBox::question(this, tr("Clear Cache"),
                                              tr("Delete everything in %1?\nReview windows make what they need again.")
                                                  .arg(QDir::toNativeSeparators(folder)),
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_cacheWatcher.waitForFinished();
    QDir(folder).removeRecursively();
    measureCache();
}

void PreferencesDialog::showPage(Page page)
{
    m_pages->setCurrentRow(int(page));
}

PreferencesDialog::Page PreferencesDialog::currentPage() const
{
    return Page(m_pages->currentRow());
}

void PreferencesDialog::refuse(Page page, QWidget *field, const QString &message)
{
    showPage(page);
    m_problem->setText(message);
    m_problem->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::toneColor(this, Theme::Tone::Problem).name()));
    m_problem->show();
    if (field)
        field->setFocus(Qt::OtherFocusReason);
}

bool PreferencesDialog::apply()
{
    if (QLineEdit *bad = m_engines->firstInvalidField()) {
        refuse(Page::SpeechEngines, bad,
               tr("A speech engine's base URL cannot be used: %1 Nothing was saved.").arg(EnginesPage::urlProblem(bad->text())));
        return false;
    }
    if (const QString problem = m_hosts->problem(); !problem.isEmpty()) {
        refuse(Page::RemoteHosts, m_hosts->hostEdit(), tr("A remote host cannot be used: %1. Nothing was saved.").arg(problem));
        return false;
    }
    m_problem->hide();

    m_settings->setTheme(m_theme->currentData().toString());
    m_settings->setEngineSettings(m_engines->settings());
    m_settings->setSshHosts(m_hosts->hosts());
    const QHash<QString, QString> mainKeys = m_shortcuts->overrides(kMainScope);
    const QHash<QString, QString> reviewKeys = m_shortcuts->overrides(kReviewScope);
    m_settings->setMainWindowShortcuts(mainKeys);
    m_settings->setReviewShortcuts(reviewKeys);
    m_settings->setFrameCacheMiB(m_frameCache->value());
    m_settings->sync();

    ActionShortcuts::apply(m_mainActions, mainKeys);
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *review = qobject_cast<ReviewWindow *>(w))
            applyReviewShortcuts(review->findChildren<QAction *>(), reviewKeys);
    if (Theme *theme = Theme::instance())
        theme->setMode(Theme::modeFromString(m_theme->currentData().toString()));
    else if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        Theme::applyFromSettings(*app);
    Q_EMIT applied();
    return true;
}

void PreferencesDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace greenlight
