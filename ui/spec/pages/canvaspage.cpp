#include "canvaspage.h"

#include "spec/fieldbinder.h"
#include "spec/schemaform.h"
#include "spec/specdocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cstdlib>
#include <numeric>

namespace greenlight {

namespace {

struct FrameRate
{
    const char *label;
    int num;
    int den;
};

constexpr FrameRate kFrameRates[] = {
    {"23.976", 24000, 1001}, {"24", 24, 1},       {"25", 25, 1}, {"29.97", 30000, 1001},
    {"30", 30, 1},           {"50", 50, 1},       {"59.94", 60000, 1001}, {"60", 60, 1},
};

struct Format
{
    const char *id;
    const char *label;
};

const Format kFormats[] = {
    {"vertical-short", QT_TRANSLATE_NOOP("greenlight::CanvasPage", "Vertical short (9:16)")},
    {"square-feed", QT_TRANSLATE_NOOP("greenlight::CanvasPage", "Square feed (1:1)")},
    {"landscape-explainer", QT_TRANSLATE_NOOP("greenlight::CanvasPage", "Landscape explainer (16:9)")},
};

constexpr int kMaxCanvas_px = 16384;

QLabel *hintLabel(const QString &text, QWidget *parent, bool wrap = true)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(wrap);
    label->setForegroundRole(QPalette::PlaceholderText);
    if (wrap)
        label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    return label;
}

QString aspectText(int width, int height)
{
    if (width <= 0 || height <= 0)
        return {};
    const int g = std::gcd(width, height);
    return QStringLiteral("%1:%2").arg(width / g).arg(height / g);
}

} // namespace

QLabel *CanvasPage::messageLabel(const QString &pointer, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QStringLiteral("message:") + pointer);
    m_binder->setMessageLabel(pointer, label);
    return label;
}

CanvasPage::CanvasPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_binder(new FieldBinder(document, this)), m_scroll(new QScrollArea(this))
{
    auto *content = new QWidget(m_scroll);
    auto *column = new QVBoxLayout(content);

    // The spec itself.
    auto *specGroup = new QGroupBox(tr("Spec"), content);
    auto *specForm = new QFormLayout(specGroup);
    specForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_title = new QLineEdit(specGroup);
    m_title->setAccessibleName(tr("Title"));
    m_binder->bindLineEdit(m_title, QStringLiteral("/title"));
    specForm->addRow(tr("Title *"), m_title);
    specForm->addRow(QString(), messageLabel(QStringLiteral("/title"), specGroup));
    m_description = new QPlainTextEdit(specGroup);
    m_description->setAccessibleName(tr("Description"));
    m_description->setTabChangesFocus(true);
    m_description->setMaximumHeight(72);
    m_binder->bindPlainTextEdit(m_description, QStringLiteral("/description"), FieldBinder::Presence::Optional);
    specForm->addRow(tr("Description"), m_description);
    m_id = new QLineEdit(specGroup);
    m_id->setAccessibleName(tr("ID"));
    m_id->setReadOnly(true);
    m_binder->bindLineEdit(m_id, QStringLiteral("/id"));
    m_renameId = new QToolButton(specGroup);
    m_renameId->setText(tr("Rename…"));
    m_renameId->setCheckable(true);
    m_renameId->setToolTip(tr("Allow editing the ID"));
    auto *idRow = new QHBoxLayout;
    idRow->addWidget(m_id, 1);
    idRow->addWidget(m_renameId);
    auto *idColumn = new QVBoxLayout;
    idColumn->setSpacing(2);
    idColumn->addLayout(idRow);
    idColumn->addWidget(messageLabel(QStringLiteral("/id"), specGroup));
    idColumn->addWidget(hintLabel(tr("Runs are filed under the ID: renaming it starts a new run folder, "
                                     "and earlier runs stay under the old name."),
                                  specGroup));
    specForm->addRow(tr("ID *"), idColumn);
    connect(m_renameId, &QToolButton::toggled, this, [this](bool on) {
        m_id->setReadOnly(!on);
        if (on)
            m_id->setFocus();
    });
    connect(m_id, &QLineEdit::editingFinished, this, [this] { m_renameId->setChecked(false); });
    column->addWidget(specGroup);

    // Format, canvas, frame rate and duration.
    auto *canvasGroup = new QGroupBox(tr("Format and canvas"), content);
    auto *canvasForm = new QFormLayout(canvasGroup);
    canvasForm->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_format = new QComboBox(canvasGroup);
    m_format->setAccessibleName(tr("Format"));
    for (const Format &f : kFormats)
        m_format->addItem(tr(f.label), QString::fromLatin1(f.id));
    m_binder->registerWidget(m_format, QStringLiteral("/format"));
    m_applyFormatSize = new QCheckBox(tr("Also set the canvas to the format's size"), canvasGroup);
    m_applyFormatSize->setChecked(true);
    auto *formatRow = new QHBoxLayout;
    formatRow->addWidget(m_format);
    formatRow->addWidget(m_applyFormatSize);
    formatRow->addStretch(1);
    canvasForm->addRow(tr("Format *"), formatRow);
    canvasForm->addRow(QString(), messageLabel(QStringLiteral("/format"), canvasGroup));

    m_width = new QSpinBox(canvasGroup);
    m_height = new QSpinBox(canvasGroup);
    for (QSpinBox *box : {m_width, m_height}) {
        box->setRange(1, kMaxCanvas_px);
        box->setSingleStep(2);
        box->setSuffix(tr(" px"));
        box->setMinimumWidth(110);
    }
    m_width->setAccessibleName(tr("Canvas width"));
    m_height->setAccessibleName(tr("Canvas height"));
    m_binder->bindSpinBox(m_width, QStringLiteral("/canvas/width"));
    m_binder->bindSpinBox(m_height, QStringLiteral("/canvas/height"));
    m_aspect = hintLabel(QString(), canvasGroup, false);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), canvasGroup));
    sizeRow->addWidget(m_height);
    sizeRow->addWidget(m_aspect);
    sizeRow->addWidget(messageLabel(QStringLiteral("/canvas/width"), canvasGroup), 1);
    sizeRow->addWidget(messageLabel(QStringLiteral("/canvas/height"), canvasGroup), 1);
    sizeRow->addStretch(1);
    canvasForm->addRow(tr("Canvas *"), sizeRow);

    m_frameRate = new QComboBox(canvasGroup);
    m_frameRate->setAccessibleName(tr("Frame rate"));
    m_frameRate->setMinimumWidth(110);
    m_binder->registerWidget(m_frameRate, QStringLiteral("/canvas/fps"));
    auto *frameRateRow = new QHBoxLayout;
    frameRateRow->addWidget(m_frameRate);
    frameRateRow->addWidget(messageLabel(QStringLiteral("/canvas/fps"), canvasGroup), 1);
    frameRateRow->addStretch(1);
    canvasForm->addRow(tr("Frame rate *"), frameRateRow);

    m_duration = new QSpinBox(canvasGroup);
    m_duration->setAccessibleName(tr("Total duration in frames"));
    m_duration->setRange(1, 100000000);
    m_duration->setSuffix(tr(" frames"));
    m_duration->setMinimumWidth(130);
    m_binder->bindSpinBox(m_duration, QStringLiteral("/durationFrames"));
    m_durationSeconds = hintLabel(QString(), canvasGroup, false);
    auto *durationRow = new QHBoxLayout;
    durationRow->addWidget(m_duration);
    durationRow->addWidget(m_durationSeconds);
    durationRow->addWidget(messageLabel(QStringLiteral("/durationFrames"), canvasGroup), 1);
    durationRow->addStretch(1);
    canvasForm->addRow(tr("Duration *"), durationRow);
    m_scenesSum = new QLabel(canvasGroup);
    m_scenesSum->setWordWrap(true);
    m_scenesSum->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_matchScenes = new QPushButton(tr("Match scenes"), canvasGroup);
    m_matchScenes->setToolTip(tr("Set the duration to the sum of the scene durations"));
    auto *scenesRow = new QHBoxLayout;
    scenesRow->addWidget(m_matchScenes);
    scenesRow->addWidget(m_scenesSum, 1);
    canvasForm->addRow(QString(), scenesRow);
    column->addWidget(canvasGroup);

    // Defaults, generated from the schema.
    auto *defaultsGroup = new QGroupBox(tr("Defaults"), content);
    auto *defaultsLayout = new QVBoxLayout(defaultsGroup);
    defaultsLayout->addWidget(hintLabel(tr("Used by every scene and text layer that does not set its own."),
                                        defaultsGroup));
    const Json &schema = SchemaForm::specSchema();
    m_defaults = new SchemaForm(document, m_binder, SchemaForm::schemaForPointer(schema, QStringLiteral("/defaults")),
                                schema, QStringLiteral("/defaults"), {}, defaultsGroup);
    defaultsLayout->addWidget(m_defaults);
    column->addWidget(defaultsGroup);
    column->addStretch(1);

    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    connect(m_format, &QComboBox::currentIndexChanged, this, &CanvasPage::applyFormat);
    connect(m_frameRate, &QComboBox::currentIndexChanged, this, &CanvasPage::applyFrameRate);
    connect(m_matchScenes, &QPushButton::clicked, this, &CanvasPage::matchScenes);
    connect(document, &SpecDocument::changed, this, &CanvasPage::onDocumentChanged);
    onDocumentChanged(QString());
}

QString CanvasPage::title() const
{
    return tr("Canvas & format");
}

QStringList CanvasPage::pointerPrefixes() const
{
    return {QStringLiteral("/schemaVersion"), QStringLiteral("/id"),     QStringLiteral("/title"),
            QStringLiteral("/description"),   QStringLiteral("/format"), QStringLiteral("/canvas"),
            QStringLiteral("/durationFrames"), QStringLiteral("/defaults")};
}

void CanvasPage::showFindings(const Findings &findings)
{
    m_binder->showFindings(findings);
}

bool CanvasPage::focusPointer(const QString &pointer)
{
    return m_binder->focusField(pointer, m_scroll);
}

QSize CanvasPage::canvasSizeForFormat(const QString &format)
{
    if (format == QLatin1String("vertical-short"))
        return {1080, 1920};
    if (format == QLatin1String("square-feed"))
        return {1080, 1080};
    if (format == QLatin1String("landscape-explainer"))
        return {1920, 1080};
    return {};
}

qint64 CanvasPage::scenesDurationFrames() const
{
    qint64 sum = 0;
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    if (!scenes.is_array())
        return 0;
    for (const Json &scene : scenes) {
        if (scene.is_object() && scene.contains("durationFrames") && scene["durationFrames"].is_number_integer())
            sum += scene["durationFrames"].get<qint64>();
    }
    return sum;
}

void CanvasPage::onDocumentChanged(const QString &pointer)
{
    auto touches = [&pointer](const char *prefix) {
        const QString p = QString::fromLatin1(prefix);
        return FieldBinder::isUnder(pointer, p) || FieldBinder::isUnder(p, pointer);
    };
    if (touches("/format"))
        refreshFormat();
    if (touches("/canvas"))
        refreshFrameRate();
    if (touches("/canvas") || touches("/durationFrames") || touches("/scenes"))
        updateDurationInfo();
}

void CanvasPage::refreshFormat()
{
    const Json format = document()->value(QStringLiteral("/format"));
    const int index = format.is_string() ? m_format->findData(toQString(format)) : -1;
    m_updating = true;
    m_format->setCurrentIndex(index);
    m_updating = false;
}

void CanvasPage::refreshFrameRate()
{
    const Json fps = document()->value(QStringLiteral("/canvas/fps"));
    const bool valid = fps.is_object() && fps.value("num", Json()).is_number_integer()
                       && fps.value("den", Json()).is_number_integer();
    const qint64 num = valid ? fps["num"].get<qint64>() : 0;
    const qint64 den = valid ? fps["den"].get<qint64>() : 0;
    m_updating = true;
    m_frameRate->clear();
    int index = -1;
    for (const FrameRate &rate : kFrameRates) {
        m_frameRate->addItem(tr("%1 fps").arg(QString::fromLatin1(rate.label)),
                             QVariantList{rate.num, rate.den});
        if (rate.num == num && rate.den == den)
            index = m_frameRate->count() - 1;
    }
    if (index < 0 && valid) {
        // A rate the list does not offer stays visible as it is.
        const QString label = den == 1 ? QString::number(num) : QStringLiteral("%1/%2").arg(num).arg(den);
        m_frameRate->addItem(tr("%1 fps (custom)").arg(label), QVariantList{num, den});
        index = m_frameRate->count() - 1;
    }
    m_frameRate->setCurrentIndex(index);
    m_updating = false;
}

void CanvasPage::updateDurationInfo()
{
    const Json fps = document()->value(QStringLiteral("/canvas/fps"));
    const double num = fps.is_object() && fps.value("num", Json()).is_number() ? fps["num"].get<double>() : 0.0;
    const double den = fps.is_object() && fps.value("den", Json()).is_number() ? fps["den"].get<double>() : 0.0;
    const Json total = document()->value(QStringLiteral("/durationFrames"));
    const qint64 frames = total.is_number_integer() ? total.get<qint64>() : 0;
    auto seconds = [num, den](qint64 f) {
        return num > 0 && den > 0 ? QString::number(double(f) * den / num, 'f', 2) : QStringLiteral("?");
    };
    m_durationSeconds->setText(tr("= %1 s").arg(seconds(frames)));
    m_aspect->setText(aspectText(m_width->value(), m_height->value()));

    const qint64 sum = scenesDurationFrames();
    if (sum == frames) {
        m_scenesSum->setText(tr("✓ Matches the scenes: %1 frames (%2 s).").arg(sum).arg(seconds(sum)));
        m_scenesSum->setStyleSheet(QString());
    } else {
        m_scenesSum->setText(tr("The scenes add up to %1 frames (%2 s), %3 frames %4 this duration.")
                                 .arg(sum)
                                 .arg(seconds(sum))
                                 .arg(std::abs(sum - frames))
                                 .arg(sum > frames ? tr("more than") : tr("less than")));
        m_scenesSum->setStyleSheet(QStringLiteral("color: #b26a00;"));
    }
    m_matchScenes->setEnabled(sum > 0 && sum != frames);
}

void CanvasPage::applyFormat(int index)
{
    if (m_updating || index < 0)
        return;
    const QString format = m_format->itemData(index).toString();
    const QSize size = canvasSizeForFormat(format);
    const bool resize = m_applyFormatSize->isChecked() && size.isValid()
                        && (m_width->value() != size.width() || m_height->value() != size.height());
    if (!resize) {
        document()->setValue(QStringLiteral("/format"), Json(toStd(format)), tr("Change Format"));
        return;
    }
    document()->beginMacro(tr("Change Format"));
    document()->setValue(QStringLiteral("/format"), Json(toStd(format)));
    m_binder->writeValue(QStringLiteral("/canvas/width"), Json(size.width()));
    m_binder->writeValue(QStringLiteral("/canvas/height"), Json(size.height()));
    document()->endMacro();
}

void CanvasPage::applyFrameRate(int index)
{
    if (m_updating || index < 0)
        return;
    const QVariantList rate = m_frameRate->itemData(index).toList();
    if (rate.size() != 2)
        return;
    Json fps = Json::object();
    fps["num"] = rate.at(0).toLongLong();
    fps["den"] = rate.at(1).toLongLong();
    m_binder->writeValue(QStringLiteral("/canvas/fps"), fps, tr("Change Frame Rate"));
}

void CanvasPage::matchScenes()
{
    const qint64 sum = scenesDurationFrames();
    if (sum > 0)
        document()->setValue(QStringLiteral("/durationFrames"), Json(sum), tr("Match Duration to Scenes"));
}

} // namespace greenlight
