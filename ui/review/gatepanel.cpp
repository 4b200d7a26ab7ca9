#include "review/gatepanel.h"

#include "displayformat.h"
#include "ledger/ledger.h"
#include "review/gatepalette.h"
#include "review/reviewexport.h"
#include "review/reviewsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QIcon dot(const QColor &color)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pixmap);
}

QString capitalized(const QString &s)
{
    return s.isEmpty() ? s : QString(s.left(1).toUpper() + s.mid(1));
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QColor stageColor(const GateStage &s)
{
    if (s.openBlockers || (s.required && s.state == QLatin1String("not-run")))
        return gatepalette::blocker();
    if (s.state == QLatin1String("findings") || s.state == QLatin1String("changed"))
        return gatepalette::warning();
    if (s.state == QLatin1String("clean"))
        return gatepalette::good();
    return gatepalette::muted();
}

QString stageCounts(const GateStage &s)
{
    QStringList parts;
    if (s.openBlockers)
        parts << DisplayFormat::count(s.openBlockers, GatePanel::tr("blocker"), GatePanel::tr("blockers"));
    if (s.openWarnings)
        parts << DisplayFormat::count(s.openWarnings, GatePanel::tr("warning"), GatePanel::tr("warnings"));
    if (s.openInfo)
        parts << GatePanel::tr("%1 info").arg(s.openInfo);
    if (s.closed)
        parts << GatePanel::tr("%1 resolved or waived").arg(s.closed);
    return parts.isEmpty() ? QStringLiteral("\u2014") : parts.join(QStringLiteral(", "));
}

QString stateText(const GateStage &s)
{
    if (s.state == QLatin1String("not-run"))
        return GatePanel::tr("not run");
    if (s.state == QLatin1String("changed"))
        return GatePanel::tr("spec changed");
    return s.state;
}

// Every role the runbook names anywhere in its roles policy, in the order met.
QStringList runbookRoles(const Runbook &runbook)
{
    QStringList roles;
    const auto add = [&roles](const Json &list) {
        if (!list.is_array())
            return;
        for (const Json &r : list)
            if (r.is_string() && !roles.contains(toQString(r)))
                roles.append(toQString(r));
    };
    for (const QString &outcome : {QStringLiteral("pass"), QStringLiteral("revise"), QStringLiteral("reject")})
        for (const QString &r : runbook.rolesThatMayDecide(outcome))
            if (!roles.contains(r))
                roles.append(r);
    const Json json = runbook.toJson();
    if (json.contains("roles") && json["roles"].is_object()) {
        const Json &policy = json["roles"];
        for (auto it = policy.begin(); it != policy.end(); ++it) {
            if (it->is_array())
                add(*it);
            else if (it->is_object())
                for (auto c = it->begin(); c != it->end(); ++c)
                    add(*c);
        }
    }
    return roles;
}

} // namespace

GatePanel::GatePanel(QWidget *parent)
    : QWidget(parent), m_heading(new QLabel(this)), m_stages(new QTableWidget(3, 4, this)),
      m_blockersTitle(sectionTitle(tr("Open blockers"), this)), m_blockersBox(new QWidget),
      m_blockersGrid(new QGridLayout(m_blockersBox)), m_noBlockers(new QLabel(this)), m_latest(new QLabel(this)),
      m_reviewer(new QLineEdit(this)), m_role(new QComboBox(this)), m_reasons(new QPlainTextEdit(this)),
      m_pass(new QPushButton(tr("Pass"), this)), m_revise(new QPushButton(tr("Revise"), this)),
      m_reject(new QPushButton(tr("Reject"), this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("gatePanel"));

    m_heading->setObjectName(QStringLiteral("gateHeading"));
    m_heading->setTextFormat(Qt::RichText);
    m_heading->setWordWrap(true);

    m_stages->setObjectName(QStringLiteral("gateStages"));
    m_stages->setHorizontalHeaderLabels({tr("Stage"), tr("Required"), tr("State"), tr("Open findings")});
    m_stages->verticalHeader()->hide();
    m_stages->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stages->setSelectionMode(QAbstractItemView::NoSelection);
    m_stages->setFocusPolicy(Qt::NoFocus);
    m_stages->setShowGrid(false);
    m_stages->setAlternatingRowColors(true);
    m_stages->horizontalHeader()->setHighlightSections(false);
    m_stages->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_stages->horizontalHeader()->setStretchLastSection(true);
    m_stages->horizontalHeader()->resizeSection(0, 130);
    m_stages->horizontalHeader()->resizeSection(1, 80);
    m_stages->horizontalHeader()->resizeSection(2, 130);
    m_stages->verticalHeader()->setDefaultSectionSize(m_stages->fontMetrics().height() + 10);
    m_stages->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stages->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_stages->setFixedHeight(m_stages->horizontalHeader()->sizeHint().height()
                             + 3 * m_stages->verticalHeader()->defaultSectionSize() + 2 * m_stages->frameWidth());

    m_blockersGrid->setContentsMargins(6, 4, 6, 4);
    m_blockersGrid->setHorizontalSpacing(10);
    m_blockersGrid->setVerticalSpacing(4);
    m_blockersGrid->setColumnStretch(1, 3);
    m_blockersGrid->setColumnStretch(3, 2);
    m_blockersScroll = new QScrollArea(this);
    m_blockersScroll->setObjectName(QStringLiteral("gateBlockers"));
    m_blockersScroll->setWidget(m_blockersBox);
    m_blockersScroll->setWidgetResizable(true);
    m_blockersScroll->setMinimumHeight(90);
    m_blockersScroll->setBackgroundRole(QPalette::Base);
    m_blockersBox->setBackgroundRole(QPalette::Base);
    m_blockersBox->setAutoFillBackground(true);

    m_noBlockers->setObjectName(QStringLiteral("gateNoBlockers"));
    m_noBlockers->setWordWrap(true);

    m_latest->setObjectName(QStringLiteral("gateLatest"));
    m_latest->setTextFormat(Qt::RichText);
    m_latest->setWordWrap(true);
    m_latest->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_reviewer->setObjectName(QStringLiteral("gateReviewer"));
    m_reviewer->setPlaceholderText(tr("Your name"));
    m_role->setObjectName(QStringLiteral("gateRole"));
    m_role->setMinimumWidth(140);
    m_reasons->setObjectName(QStringLiteral("gateReasons"));
    m_reasons->setPlaceholderText(tr("Why: one reason per line (at least one)"));
    m_reasons->setTabChangesFocus(true);
    m_reasons->setFixedHeight(m_reasons->fontMetrics().height() * 4 + 12);

    m_pass->setObjectName(QStringLiteral("gatePass"));
    m_revise->setObjectName(QStringLiteral("gateRevise"));
    m_reject->setObjectName(QStringLiteral("gateReject"));
    m_pass->setIcon(dot(gatepalette::good()));
    m_revise->setIcon(dot(gatepalette::warning()));
    m_reject->setIcon(dot(gatepalette::blocker()));
    for (QPushButton *b : {m_pass, m_revise, m_reject}) {
        b->setMinimumWidth(96);
        b->setMinimumHeight(30);
        b->setAutoDefault(false);
    }

    m_message->setObjectName(QStringLiteral("gateMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *who = new QHBoxLayout;
    who->addWidget(m_reviewer, 1);
    who->addSpacing(8);
    who->addWidget(new QLabel(tr("Role:"), this));
    who->addWidget(m_role);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Reviewer:"), who);
    form->addRow(tr("Reasons:"), m_reasons);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_revise);
    buttons->addWidget(m_pass);

    auto *line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(m_heading);
    layout->addWidget(sectionTitle(tr("Stages"), this));
    layout->addWidget(m_stages);
    layout->addWidget(m_blockersTitle);
    layout->addWidget(m_noBlockers);
    layout->addWidget(m_blockersScroll, 1);
    layout->addWidget(m_latest);
    layout->addWidget(line);
    layout->addWidget(sectionTitle(tr("Decision"), this));
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    connect(m_role, &QComboBox::currentIndexChanged, this, [this] {
        rebuildBlockers();
        updateButtons();
    });
    connect(m_reviewer, &QLineEdit::textChanged, this, &GatePanel::updateButtons);
    connect(m_pass, &QPushButton::clicked, this, [this] { decide(Outcome::Pass); });
    connect(m_revise, &QPushButton::clicked, this, [this] { decide(Outcome::Revise); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(Outcome::Reject); });

    rebuild();
}

void GatePanel::setRunbook(const Runbook &runbook)
{
    m_runbook = runbook;
    updateRoles();
    rebuild();
}

void GatePanel::setEvaluation(const GateEvaluation &evaluation)
{
    // rebuild() keeps what the reviewer typed for blockers that are still open.
    m_evaluation = evaluation;
    m_haveEvaluation = true;
    rebuild();
}

void GatePanel::setReviewerName(const QString &name)
{
    m_reviewer->setText(name);
}

QString GatePanel::reviewerName() const
{
    return m_reviewer->text().trimmed();
}

void GatePanel::setRole(const QString &role)
{
    const int i = m_role->findData(role);
    if (i >= 0)
        m_role->setCurrentIndex(i);
}

QString GatePanel::role() const
{
    return m_role->currentData().toString();
}

QStringList GatePanel::roles() const
{
    QStringList out;
    for (int i = 0; i < m_role->count(); ++i)
        out << m_role->itemData(i).toString();
    return out;
}

void GatePanel::setReasons(const QStringList &reasons)
{
    m_reasons->setPlainText(reasons.join(QLatin1Char('\n')));
}

QStringList GatePanel::reasons() const
{
    QStringList out;
    for (const QString &line : m_reasons->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            out << line.trimmed();
    return out;
}

GatePanel::BlockerRow *GatePanel::row(const QString &code)
{
    for (BlockerRow &r : m_rows)
        if (r.code == code)
            return &r;
    return nullptr;
}

const GatePanel::BlockerRow *GatePanel::row(const QString &code) const
{
    for (const BlockerRow &r : m_rows)
        if (r.code == code)
            return &r;
    return nullptr;
}

bool GatePanel::setWaiver(const QString &code, bool waive, const QString &reason)
{
    BlockerRow *r = row(code);
    if (!r || !r->waive->isEnabled())
        return false;
    r->waive->setChecked(waive);
    r->reason->setText(reason);
    updateButtons();
    return true;
}

QList<Waiver> GatePanel::waivers() const
{
    QList<Waiver> out;
    for (const BlockerRow &r : m_rows)
        if (r.waive->isChecked())
            out.append({r.code, r.reason->text().trimmed()});
    return out;
}

QStringList GatePanel::blockerCodes() const
{
    QStringList out;
    for (const BlockerRow &r : m_rows)
        out << r.code;
    return out;
}

QStringList GatePanel::unwaivedBlockers() const
{
    QStringList out;
    for (const BlockerRow &r : m_rows)
        if (!r.waive->isChecked() || r.reason->text().trimmed().isEmpty())
            out << r.code;
    return out;
}

QCheckBox *GatePanel::waiveBox(const QString &code) const
{
    const BlockerRow *r = row(code);
    return r ? r->waive : nullptr;
}

QLineEdit *GatePanel::waiveReasonEdit(const QString &code) const
{
    const BlockerRow *r = row(code);
    return r ? r->reason : nullptr;
}

QString GatePanel::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

QString GatePanel::latestDecisionText() const
{
    return m_latest->text();
}

void GatePanel::updateRoles()
{
    const QString previous = role();
    const QSignalBlocker block(m_role);
    m_role->clear();
    if (!m_runbook)
        return;
    for (const QString &r : runbookRoles(*m_runbook)) {
        QStringList may;
        for (const QString &outcome : {QStringLiteral("pass"), QStringLiteral("revise"), QStringLiteral("reject")})
            if (m_runbook->mayDecide(r, outcome))
                may << outcome;
        m_role->addItem(r, r);
        m_role->setItemData(m_role->count() - 1,
                            may.isEmpty() ? tr("%1 may not decide").arg(r)
                                          : tr("%1 may decide: %2").arg(r, may.join(QStringLiteral(", "))),
                            Qt::ToolTipRole);
    }
    const int i = m_role->findData(previous);
    m_role->setCurrentIndex(i >= 0 ? i : 0);
}

void GatePanel::rebuild()
{
    if (!m_haveEvaluation) {
        m_heading->setText(tr("<b>Gate</b> \u2014 no run loaded"));
    } else {
        const RunRecord &run = m_evaluation.run;
        m_heading->setText(tr("<span style='font-size:13pt'><b>%1</b> [%2]</span><br/>"
                              "<span style='color:%3'>run %4 \u00b7 workload %5 \u00b7 manifest %6</span>")
                               .arg(run.spec.specId.toHtmlEscaped(), ledgerVariant(run.spec.variant).toHtmlEscaped(),
                                    gatepalette::muted().name(), run.id.toHtmlEscaped(),
                                    m_evaluation.workload.toHtmlEscaped(),
                                    m_evaluation.manifestSha256.isEmpty()
                                        ? tr("unreadable")
                                        : QString(m_evaluation.manifestSha256.left(12) + QStringLiteral("\u2026"))));
    }
    rebuildStages();
    rebuildBlockers();
    updateLatest();
    updateButtons();
}

void GatePanel::rebuildStages()
{
    const Stage order[] = {Stage::Structural, Stage::Deterministic, Stage::Semantic};
    for (int rowIndex = 0; rowIndex < 3; ++rowIndex) {
        const GateStage *s = m_haveEvaluation ? m_evaluation.stage(order[rowIndex]) : nullptr;
        GateStage empty;
        empty.stage = order[rowIndex];
        empty.state = QStringLiteral("not-run");
        const GateStage &stage = s ? *s : empty;
        const QColor color = s ? stageColor(stage) : gatepalette::muted();

        auto *name = new QTableWidgetItem(capitalized(toString(stage.stage)));
        QFont bold = name->font();
        bold.setBold(true);
        name->setFont(bold);
        auto *required = new QTableWidgetItem(stage.required ? tr("required") : tr("optional"));
        if (!stage.required)
            required->setForeground(gatepalette::muted());
        auto *state = new QTableWidgetItem(dot(color), s ? stateText(stage) : QStringLiteral("\u2014"));
        state->setForeground(color);
        state->setFont(bold);
        auto *counts = new QTableWidgetItem(s ? stageCounts(stage) : QString());
        if (stage.openBlockers)
            counts->setForeground(gatepalette::blocker());
        m_stages->setItem(rowIndex, 0, name);
        m_stages->setItem(rowIndex, 1, required);
        m_stages->setItem(rowIndex, 2, state);
        m_stages->setItem(rowIndex, 3, counts);
    }
}

void GatePanel::rebuildBlockers()
{
    // Remember what was typed across a rebuild (a role change rebuilds too).
    QHash<QString, QPair<bool, QString>> typed;
    for (const BlockerRow &r : m_rows)
        typed.insert(r.code, {r.waive->isChecked(), r.reason->text()});
    while (QLayoutItem *item = m_blockersGrid->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->deleteLater();
        }
        delete item;
    }
    m_rows.clear();

    const Findings blockers = m_haveEvaluation ? m_evaluation.openBlockers() : Findings();
    QStringList codes;
    for (const Finding &f : blockers)
        if (!codes.contains(f.code))
            codes << f.code;
    m_blockersTitle->setText(codes.isEmpty() ? tr("Open blockers")
                                             : tr("Open blockers (%1)").arg(blockers.size()));
    m_noBlockers->setVisible(codes.isEmpty());
    m_blockersScroll->setVisible(!codes.isEmpty());
    if (codes.isEmpty()) {
        m_noBlockers->setText(m_haveEvaluation ? tr("No blocker is open: a pass can be recorded.")
                                               : tr("Load a run to see its blockers."));
        m_noBlockers->setStyleSheet(m_haveEvaluation ? gatepalette::bannerStyle(gatepalette::good()) : QString());
        return;
    }

    const QString role = this->role();
    const Rational fps = reviewexport::runFps(m_evaluation);
    int gridRow = 0;
    for (const QString &code : codes) {
        Findings same;
        for (const Finding &f : blockers)
            if (f.code == code)
                same << f;
        const Finding &first = same.first();

        BlockerRow r;
        r.code = code;
        r.waivableBy = m_runbook ? m_runbook->rolesThatMayWaive(code) : QStringList();
        const bool mayWaive = m_runbook && m_runbook->mayWaive(role, code);

        r.waive = new QCheckBox(tr("Waive"), m_blockersBox);
        r.waive->setObjectName(QStringLiteral("waive:") + code);
        r.waive->setEnabled(mayWaive);
        r.waive->setToolTip(mayWaive ? tr("Waive %1 in this decision, with a reason").arg(code)
                            : r.waivableBy.isEmpty()
                                ? tr("The runbook lets nobody waive %1: it has to be fixed.").arg(code)
                                : tr("The role '%1' may not waive %2 (roles that may: %3)")
                                      .arg(role.isEmpty() ? tr("(none)") : role, code,
                                           r.waivableBy.join(QStringLiteral(", "))));

        QString where;
        if (first.frames)
            where = QStringLiteral("%1 (%2\u2013%3)")
                        .arg(ReviewSession::timecode(first.frames->start, fps))
                        .arg(first.frames->start)
                        .arg(first.frames->end);
        else
            where = tr("whole run");
        if (same.size() > 1)
            where += tr(" \u00b7 %1 findings").arg(same.size());
        auto *what = new QLabel(m_blockersBox);
        what->setTextFormat(Qt::RichText);
        what->setWordWrap(true);
        what->setText(QStringLiteral("<b style='color:%1'>%2</b> <span style='color:%3'>%4 \u00b7 %5</span><br/>"
                                     "<span>%6</span>")
                          .arg(gatepalette::blocker().name(), code.toHtmlEscaped(), gatepalette::muted().name(),
                               toString(first.stage), where, first.message.toHtmlEscaped()));
        what->setToolTip(first.message);

        r.roles = new QLabel(m_blockersBox);
        r.roles->setWordWrap(true);
        r.roles->setText(r.waivableBy.isEmpty()
                             ? QStringLiteral("<span style='color:%1'>%2</span>")
                                   .arg(gatepalette::blocker().name(), tr("not waivable"))
                             : QStringLiteral("<span style='color:%1'>%2</span><br/>%3")
                                   .arg(gatepalette::muted().name(), tr("waivable by"),
                                        r.waivableBy.join(QStringLiteral(", ")).toHtmlEscaped()));

        r.reason = new QLineEdit(m_blockersBox);
        r.reason->setObjectName(QStringLiteral("waiveReason:") + code);
        r.reason->setPlaceholderText(tr("Reason for waiving (required)"));
        r.reason->setEnabled(false);
        r.reason->setMinimumWidth(160);

        QCheckBox *box = r.waive;
        QLineEdit *reason = r.reason;
        connect(box, &QCheckBox::toggled, this, [this, reason](bool on) {
            reason->setEnabled(on);
            if (on)
                reason->setFocus();
            updateButtons();
        });
        connect(reason, &QLineEdit::textChanged, this, &GatePanel::updateButtons);

        if (gridRow > 0) {
            auto *sep = new QFrame(m_blockersBox);
            sep->setFrameShape(QFrame::HLine);
            sep->setFrameShadow(QFrame::Plain);
            sep->setStyleSheet(QStringLiteral("color: #dde3e6;"));
            m_blockersGrid->addWidget(sep, gridRow++, 0, 1, 4);
        }
        m_blockersGrid->addWidget(r.waive, gridRow, 0, Qt::AlignTop);
        m_blockersGrid->addWidget(what, gridRow, 1);
        m_blockersGrid->addWidget(r.roles, gridRow, 2, Qt::AlignTop);
        m_blockersGrid->addWidget(r.reason, gridRow, 3, Qt::AlignTop);
        ++gridRow;
        if (mayWaive && typed.contains(code)) {
            r.waive->setChecked(typed.value(code).first);
            r.reason->setText(typed.value(code).second);
            r.reason->setEnabled(r.waive->isChecked());
        }
        m_rows.append(r);
    }
    m_blockersGrid->setRowStretch(gridRow, 1);
}

void GatePanel::updateLatest()
{
    if (!m_haveEvaluation) {
        m_latest->clear();
        return;
    }
    if (!m_evaluation.latest) {
        m_latest->setText(tr("<span style='color:%1'>No decision recorded for this variant yet.</span>")
                              .arg(gatepalette::muted().name()));
        return;
    }
    const Decision &d = *m_evaluation.latest;
    const QString applies = m_evaluation.latestAppliesToRun()
                                ? tr("on this run as it is now")
                            : d.runId == m_evaluation.run.id
                                ? QStringLiteral("<span style='color:%1'>%2</span>")
                                      .arg(gatepalette::blocker().name(),
                                           tr("on this run, but its manifest has changed since"))
                                : tr("on another run (%1)").arg(d.runId.toHtmlEscaped());
    m_latest->setText(tr("Latest decision <b>#%1</b>: <b style='color:%2'>%3</b> by %4 (%5), %6 \u2014 %7")
                          .arg(d.seq)
                          .arg(gatepalette::outcome(d.outcome).name(), toString(d.outcome).toUpper(),
                               d.reviewer.toHtmlEscaped(), d.role.toHtmlEscaped(), d.decidedAt.toHtmlEscaped(),
                               applies));
    m_latest->setToolTip(d.reasons.join(QLatin1Char('\n')));
}

void GatePanel::updateButtons()
{
    const QString role = this->role();
    const bool ready = m_haveEvaluation && m_runbook.has_value();
    const auto permit = [&](QPushButton *button, Outcome outcome) -> bool {
        const QString name = toString(outcome);
        if (!ready) {
            button->setEnabled(false);
            button->setToolTip(tr("Load a run and its runbook first."));
            return false;
        }
        if (!m_runbook->mayDecide(role, name)) {
            const QStringList may = m_runbook->rolesThatMayDecide(name);
            button->setEnabled(false);
            button->setToolTip(tr("The role '%1' may not decide %2 (roles that may: %3).")
                                   .arg(role.isEmpty() ? tr("(none)") : role, name,
                                        may.isEmpty() ? tr("none") : may.join(QStringLiteral(", "))));
            return false;
        }
        button->setEnabled(true);
        button->setToolTip(tr("Record %1 in the ledger").arg(name));
        return true;
    };
    permit(m_revise, Outcome::Revise);
    permit(m_reject, Outcome::Reject);
    if (permit(m_pass, Outcome::Pass)) {
        const QStringList open = unwaivedBlockers();
        if (!open.isEmpty()) {
            m_pass->setEnabled(false);
            m_pass->setToolTip(tr("A pass needs every blocker fixed, or waived with a reason by a role the runbook "
                                  "allows. Still open: %1")
                                   .arg(open.join(QStringLiteral(", "))));
        } else if (m_evaluation.manifestSha256.isEmpty()) {
            m_pass->setEnabled(false);
            m_pass->setToolTip(tr("The run has no readable manifest.json to name in the decision."));
        } else if (!m_rows.isEmpty()) {
            m_pass->setToolTip(tr("Record pass in the ledger with %1 waived")
                                   .arg(DisplayFormat::count(int(m_rows.size()), tr("blocker code"),
                                                             tr("blocker codes"))));
        }
    }
}

void GatePanel::showMessage(const QString &text, bool ok)
{
    m_message->setText(text);
    m_message->setStyleSheet(gatepalette::bannerStyle(ok ? gatepalette::good() : gatepalette::blocker()));
    m_message->show();
}

Result<Decision> GatePanel::decide(Outcome outcome)
{
    if (!m_haveEvaluation || !m_runbook) {
        const Error e = makeError(QStringLiteral("gate.panel"), tr("Load a run and its runbook first."));
        showMessage(e.toString(), false);
        return e;
    }
    GateRequest request;
    request.outcome = outcome;
    request.reasons = reasons();
    request.waivers = waivers();
    request.reviewer = reviewerName();
    request.role = role();
    if (request.reviewer.isEmpty()) {
        const Error e = makeError(QStringLiteral("gate.reviewer"), tr("A decision names who decides: enter your name."));
        showMessage(e.toString(), false);
        return e;
    }
    auto ledger = Ledger::open(m_evaluation.ledgerPath, Ledger::OpenMode::ReadWrite);
    if (!ledger) {
        showMessage(ledger.error().toString(), false);
        return ledger.error();
    }
    auto decision = decideGate(m_evaluation, request, *m_runbook, *ledger);
    if (!decision) {
        showMessage((isGateRefusal(decision.error().code) ? tr("Refused: ") : QString()) + decision.error().toString(),
                    false);
        return decision;
    }
    showMessage(tr("Recorded decision #%1 (%2) for run %3 in %4\nRow hash %5")
                    .arg(decision->seq)
                    .arg(toString(decision->outcome), decision->runId,
                         QDir::toNativeSeparators(m_evaluation.ledgerPath), decision->rowHash),
                true);
    m_evaluation.latest = *decision;
    updateLatest();
    m_reasons->clear();
    Q_EMIT decisionRecorded(*decision);
    return decision;
}

} // namespace greenlight
