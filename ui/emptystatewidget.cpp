#include "emptystatewidget.h"

#include "icons.h"
#include "recentprojects.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

namespace {
constexpr int kIconSize_px = 96;
constexpr int kColumnWidth_px = 520;
constexpr int kPathRole = Qt::UserRole + 1;
} // namespace

EmptyStateWidget::EmptyStateWidget(QWidget *parent)
    : QWidget(parent), m_message(new QLabel(this)),
      m_openButton(new QPushButton(Icons::openProject(), tr("&Open Project\u2026"), this)),
      m_demoButton(new QPushButton(tr("Open &Demo Project"), this)),
      m_recentTitle(new QLabel(tr("Recent projects"), this)), m_recentList(new QListWidget(this))
{
    setObjectName(QStringLiteral("emptyState"));

    auto *logo = new QLabel(this);
    logo->setPixmap(Icons::app().pixmap(QSize(kIconSize_px, kIconSize_px)));
    logo->setAlignment(Qt::AlignCenter);

    m_message->setObjectName(QStringLiteral("emptyStateMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    QFont messageFont = m_message->font();
    messageFont.setPointSizeF(messageFont.pointSizeF() * 1.4);
    m_message->setFont(messageFont);
    setOpenShortcut(QKeySequence(QKeySequence::Open));

    auto *hint = new QLabel(tr("A project is a folder with a specs/ folder of video specs. "
                               "You can also open or drop a single spec file."),
                            this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    m_openButton->setObjectName(QStringLiteral("emptyStateOpenButton"));
    m_openButton->setDefault(true);
    m_openButton->setAutoDefault(true);
    connect(m_openButton, &QPushButton::clicked, this, &EmptyStateWidget::openProjectRequested);
    m_demoButton->setObjectName(QStringLiteral("emptyStateDemoButton"));
    m_demoButton->setToolTip(tr("Opens your own copy of the bundled demo: two specs, ready to render and review."));
    m_demoButton->setFlat(true);
    connect(m_demoButton, &QPushButton::clicked, this, &EmptyStateWidget::openDemoRequested);

    QFont titleFont = m_recentTitle->font();
    titleFont.setBold(true);
    m_recentTitle->setFont(titleFont);
    m_recentTitle->setBuddy(m_recentList);

    m_recentList->setObjectName(QStringLiteral("recentProjectsList"));
    m_recentList->setAccessibleName(tr("Recent projects"));
    m_recentList->setUniformItemSizes(true);
    m_recentList->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_recentList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (item && (item->flags() & Qt::ItemIsEnabled))
            Q_EMIT recentProjectRequested(item->data(kPathRole).toString());
    });

    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    column->addStretch(2);
    column->addWidget(logo);
    column->addWidget(m_message);
    column->addWidget(hint);
    column->addSpacing(4);
    column->addWidget(m_openButton, 0, Qt::AlignHCenter);
    column->addWidget(m_demoButton, 0, Qt::AlignHCenter);
    column->addSpacing(16);
    column->addWidget(m_recentTitle);
    column->addWidget(m_recentList);
    column->addStretch(3);

    auto *columnWidget = new QWidget(this);
    columnWidget->setLayout(column);
    columnWidget->setMaximumWidth(kColumnWidth_px);
    columnWidget->setMinimumWidth(qMin(kColumnWidth_px, 360));

    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(columnWidget, 4);
    outer->addStretch(1);

    setFocusProxy(m_openButton);
    setRecentProjects({});
}

void EmptyStateWidget::setOpenShortcut(const QKeySequence &shortcut)
{
    m_message->setText(tr("Open a project (%1) or drop a folder here")
                           .arg(shortcut.toString(QKeySequence::NativeText)));
}

void EmptyStateWidget::setRecentProjects(const QStringList &projectRoots)
{
    m_recentList->clear();
    for (const QString &root : projectRoots) {
        const bool exists = RecentProjects::exists(root);
        const QString name = QFileInfo(root).fileName();
        auto *item = new QListWidgetItem(m_recentList);
        item->setText(
            exists ? tr("%1  \u2014  %2").arg(name, QDir::toNativeSeparators(root))
                   : tr("%1  \u2014  %2 (missing)").arg(name, QDir::toNativeSeparators(root)));
        item->setIcon(Icons::openProject());
        item->setToolTip(exists ? QDir::toNativeSeparators(root)
                                : tr("This folder no longer exists."));
        item->setData(kPathRole, root);
        if (!exists)
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    }
    const bool any = !projectRoots.isEmpty();
    m_recentTitle->setVisible(any);
    m_recentList->setVisible(any);
    if (any) {
        const int rowHeight_px = qMax(m_recentList->sizeHintForRow(0), fontMetrics().height() + 6);
        const int rows = int(qMin<qsizetype>(projectRoots.size(), 6));
        m_recentList->setFixedHeight(rows * rowHeight_px + 2 * m_recentList->frameWidth() + 2);
    }
}

QString EmptyStateWidget::message() const
{
    return m_message->text();
}

} // namespace greenlight
