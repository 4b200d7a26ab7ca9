#include "review/reviewfindingsobservationdialog.h"

#include "displayformat.h"
#include "icons.h"
#include "review/gatepalette.h"
#include "review/reviewsession.h"
#include "semantic/semanticcodes.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace greenlight {

namespace {

QString categoryLabel(const QString &category)
{
    if (category == QLatin1String("contradiction"))
        return ReviewFindingsObservationDialog::tr("Contradiction");
    if (category == QLatin1String("caption-visual-mismatch"))
        return ReviewFindingsObservationDialog::tr("Caption does not match the picture");
    if (category == QLatin1String("promise-delivery-mismatch"))
        return ReviewFindingsObservationDialog::tr("Promise not delivered");
    if (category == QLatin1String("pronunciation"))
        return ReviewFindingsObservationDialog::tr("Pronunciation");
    if (category == QLatin1String("brand"))
        return ReviewFindingsObservationDialog::tr("Brand");
    if (category == QLatin1String("other"))
        return ReviewFindingsObservationDialog::tr("Other");
    return category;
}

} // namespace

ReviewFindingsObservationDialog::ReviewFindingsObservationDialog(QWidget *parent)
    : QDialog(parent), m_category(new QComboBox(this)), m_severity(new QComboBox(this)),
      m_text(new QPlainTextEdit(this)), m_start(new QSpinBox(this)), m_end(new QSpinBox(this)),
      m_timecodes(new QLabel(this)), m_reviewer(new QLineEdit(this)), m_problem(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add observation"));
    setObjectName(QStringLiteral("addObservationDialog"));

    for (const QString &c : observationCategories())
        m_category->addItem(categoryLabel(c), c);
    m_category->setCurrentIndex(std::max(0, m_category->findData(QStringLiteral("other"))));
    m_category->setObjectName(QStringLiteral("observationCategory"));

    for (Severity s : {Severity::Blocker, Severity::Warning, Severity::Info})
        m_severity->addItem(Icons::severity(s), DisplayFormat::severity(s), int(s));
    m_severity->setCurrentIndex(1);
    m_severity->setObjectName(QStringLiteral("observationSeverity"));

    m_text->setObjectName(QStringLiteral("observationText"));
    m_text->setPlaceholderText(tr("What is wrong on these frames, and what should change"));
    m_text->setTabChangesFocus(true);
    m_text->setMinimumHeight(90);

    for (QSpinBox *box : {m_start, m_end}) {
        box->setRange(0, std::numeric_limits<int>::max());
        box->setAccelerated(true);
        box->setMinimumWidth(90);
    }
    m_start->setObjectName(QStringLiteral("observationStart"));
    m_end->setObjectName(QStringLiteral("observationEnd"));
    m_start->setToolTip(tr("First frame of the range"));
    m_end->setToolTip(tr("Frame after the last one (the range is half-open)"));
    m_timecodes->setForegroundRole(QPalette::PlaceholderText);

    m_reviewer->setObjectName(QStringLiteral("observationReviewer"));
    m_reviewer->setPlaceholderText(tr("Your name"));

    m_problem->setObjectName(QStringLiteral("observationProblem"));
    m_problem->setWordWrap(true);
    QPalette warn = m_problem->palette();
    warn.setColor(QPalette::WindowText, gatepalette::blocker());
    m_problem->setPalette(warn);

    auto *frames = new QHBoxLayout;
    frames->addWidget(m_start);
    frames->addWidget(new QLabel(QStringLiteral("\u2192"), this));
    frames->addWidget(m_end);
    frames->addSpacing(8);
    frames->addWidget(m_timecodes, 1);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Category:"), m_category);
    form->addRow(tr("&Severity:"), m_severity);
    auto *framesLabel = new QLabel(tr("&Frames:"), this);
    framesLabel->setBuddy(m_start);
    form->addRow(framesLabel, frames);
    form->addRow(tr("&Observation:"), m_text);
    form->addRow(tr("&Reviewer:"), m_reviewer);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add observation"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_text, &QPlainTextEdit::textChanged, this, &ReviewFindingsObservationDialog::updateState);
    connect(m_reviewer, &QLineEdit::textChanged, this, &ReviewFindingsObservationDialog::updateState);
    connect(m_start, &QSpinBox::valueChanged, this, &ReviewFindingsObservationDialog::updateState);
    connect(m_end, &QSpinBox::valueChanged, this, &ReviewFindingsObservationDialog::updateState);
    resize(520, sizeHint().height());
    updateState();
}

void ReviewFindingsObservationDialog::setFrames(qint64 start, qint64 end, qint64 frameCount, const Rational &fps)
{
    m_fps = fps.num > 0 && fps.den > 0 ? fps : Rational{30, 1};
    const int max = frameCount > 0 ? int(std::min<qint64>(frameCount, std::numeric_limits<int>::max()))
                                   : std::numeric_limits<int>::max();
    m_start->setRange(0, std::max(0, max - 1));
    m_end->setRange(1, max);
    m_start->setValue(int(std::clamp<qint64>(start, 0, max)));
    m_end->setValue(int(std::clamp<qint64>(std::max(end, start + 1), 1, max)));
    updateState();
}

void ReviewFindingsObservationDialog::setReviewerName(const QString &name)
{
    m_reviewer->setText(name);
}

void ReviewFindingsObservationDialog::setCategory(const QString &category)
{
    const int i = m_category->findData(category);
    if (i >= 0)
        m_category->setCurrentIndex(i);
}

void ReviewFindingsObservationDialog::setSeverity(Severity severity)
{
    m_severity->setCurrentIndex(std::max(0, m_severity->findData(int(severity))));
}

void ReviewFindingsObservationDialog::setText(const QString &text)
{
    m_text->setPlainText(text);
}

QString ReviewFindingsObservationDialog::reviewerName() const
{
    return m_reviewer->text().trimmed();
}

ObservationInput ReviewFindingsObservationDialog::input() const
{
    ObservationInput in;
    in.frames = FrameRange{m_start->value(), m_end->value()};
    in.category = m_category->currentData().toString();
    in.severity = Severity(m_severity->currentData().toInt());
    in.text = m_text->toPlainText().trimmed();
    in.evidenceFrames = {in.frames.start};
    in.reviewer.kind = QStringLiteral("human");
    in.reviewer.name = reviewerName();
    return in;
}

bool ReviewFindingsObservationDialog::isComplete() const
{
    return !m_text->toPlainText().trimmed().isEmpty() && !reviewerName().isEmpty()
           && m_end->value() > m_start->value();
}

void ReviewFindingsObservationDialog::updateState()
{
    const qint64 start = m_start->value();
    const qint64 end = m_end->value();
    m_timecodes->setText(tr("%1 \u2013 %2 \u00b7 %3")
                             .arg(ReviewSession::timecode(start, m_fps), ReviewSession::timecode(end, m_fps),
                                  DisplayFormat::count(int(std::max<qint64>(0, end - start)), tr("frame"),
                                                       tr("frames"))));
    QString problem;
    if (end <= start)
        problem = tr("The range ends before it starts: the end frame is the one after the last.");
    else if (reviewerName().isEmpty() && !m_text->toPlainText().trimmed().isEmpty())
        problem = tr("Say who observes it.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isComplete());
}

} // namespace greenlight
