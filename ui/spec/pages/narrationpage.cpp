#include "narrationpage.h"

#include "narration/speechestimate.h"
#include "sceneedits.h"
#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QString str(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return toQString(object[key].get<std::string>());
}

QString seconds(double s)
{
    return QLocale().toString(s, 'f', 1);
}

} // namespace

NarrationPage::NarrationPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_settingsBinder(new FieldBinder(document, this)),
      m_binder(new FieldBinder(document, this)), m_stack(new QStackedWidget(this)),
      m_addNarration(new QPushButton(tr("&Add Narration"), this))
{
    setObjectName(QStringLiteral("narrationPage"));
    // Without narration: say so and offer to add it.
    auto *empty = new QWidget(m_stack);
    auto *emptyLabel = new QLabel(tr("This spec has no narration. Add it to give each scene a voice-over "
                                     "(and captions made from it)."), empty);
    emptyLabel->setWordWrap(true);
    emptyLabel->setAlignment(Qt::AlignCenter);
    m_addNarration->setObjectName(QStringLiteral("addNarration"));
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyLabel);
    emptyLayout->addWidget(m_addNarration, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    connect(m_addNarration, &QPushButton::clicked, this, &NarrationPage::addNarration);

    auto *scroll = new QScrollArea(m_stack);
    scroll->setObjectName(QStringLiteral("narrationScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QWidget(scroll);
    auto *formLayout = new QVBoxLayout(m_form);
    formLayout->addWidget(makeSettings(m_form));
    m_scenesBox = new QWidget(m_form);
    m_scenesLayout = new QVBoxLayout(m_scenesBox);
    m_scenesLayout->setContentsMargins(0, 0, 0, 0);
    formLayout->addWidget(m_scenesBox);
    formLayout->addStretch(1);
    scroll->setWidget(m_form);

    m_stack->addWidget(empty);
    m_stack->addWidget(scroll);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    connect(document, &SpecDocument::changed, this, &NarrationPage::onDocumentChanged);
    rebuild();
}

QString NarrationPage::title() const
{
    return tr("Narration");
}

QStringList NarrationPage::pointerPrefixes() const
{
    return {QStringLiteral("/narration")};
}

QWidget *NarrationPage::makeSettings(QWidget *parent)
{
    auto *group = new QGroupBox(tr("Voice"), parent);
    auto *form = new QFormLayout(group);
    auto *voice = new QLineEdit(group);
    voice->setObjectName(QStringLiteral("narrationVoice"));
    voice->setToolTip(tr("The voice the engine speaks with (\"en-us\" for the local voice)."));
    auto *language = new QLineEdit(group);
    language->setObjectName(QStringLiteral("narrationLanguage"));
    language->setPlaceholderText(tr("from the voice"));
    auto *runtime = new QComboBox(group);
    runtime->setObjectName(QStringLiteral("narrationRuntimeClass"));
    runtime->addItem(tr("Runbook default"), QString());
    runtime->addItem(tr("Local"), QStringLiteral("local"));
    runtime->addItem(tr("Remote, self-hosted"), QStringLiteral("remote-self-hosted"));
    runtime->addItem(tr("Remote API"), QStringLiteral("remote-api"));
    auto *engine = new QLineEdit(group);
    engine->setObjectName(QStringLiteral("narrationEngine"));
    engine->setPlaceholderText(tr("runbook default"));
    auto *model = new QLineEdit(group);
    model->setObjectName(QStringLiteral("narrationModel"));
    model->setPlaceholderText(tr("engine default"));
    auto *speed = new QDoubleSpinBox(group);
    speed->setObjectName(QStringLiteral("narrationSpeed"));
    speed->setRange(0.24, 4.0); // one step below the schema's 0.25 means "not set"
    speed->setDecimals(2);
    speed->setSingleStep(0.05);
    speed->setSpecialValueText(tr("normal (1.0)"));
    speed->setSuffix(QStringLiteral(" ×"));
    auto *gain = new QDoubleSpinBox(group);
    gain->setObjectName(QStringLiteral("narrationGain"));
    gain->setRange(-30.5, 30.0);
    gain->setDecimals(1);
    gain->setSingleStep(0.5);
    gain->setSpecialValueText(tr("none"));
    gain->setSuffix(tr(" dB"));
    m_removeNarration = new QPushButton(tr("Remove Narration"), group);
    m_removeNarration->setObjectName(QStringLiteral("removeNarration"));
    m_removeNarration->setToolTip(tr("Remove the narration and all its segments (captions made from the "
                                     "narration will then report that they have no source)."));
    connect(m_removeNarration, &QPushButton::clicked, this, &NarrationPage::removeNarration);

    form->addRow(tr("&Voice:"), voice);
    form->addRow(tr("&Language:"), language);
    form->addRow(tr("R&untime:"), runtime);
    form->addRow(tr("&Engine:"), engine);
    form->addRow(tr("&Model:"), model);
    form->addRow(tr("S&peed:"), speed);
    form->addRow(tr("&Gain:"), gain);
    auto *removeRow = new QHBoxLayout;
    removeRow->addWidget(m_removeNarration);
    removeRow->addStretch(1);
    form->addRow(removeRow);
    for (QDoubleSpinBox *box : {speed, gain})
        box->setMaximumWidth(180);
    runtime->setMaximumWidth(260);
    using P = FieldBinder::Presence;
    m_settingsBinder->bindLineEdit(voice, QStringLiteral("/narration/voice"));
    m_settingsBinder->bindLineEdit(language, QStringLiteral("/narration/language"), P::Optional);
    m_settingsBinder->bindComboBox(runtime, QStringLiteral("/narration/runtimeClass"), P::Optional);
    m_settingsBinder->bindLineEdit(engine, QStringLiteral("/narration/engine"), P::Optional);
    m_settingsBinder->bindLineEdit(model, QStringLiteral("/narration/model"), P::Optional);
    m_settingsBinder->bindDoubleSpinBox(speed, QStringLiteral("/narration/speed"), P::Optional);
    m_settingsBinder->bindDoubleSpinBox(gain, QStringLiteral("/narration/gainDb"), P::Optional);
    return group;
}

QString NarrationPage::structure() const
{
    QStringList parts;
    parts.append(document()->has(QStringLiteral("/narration")) ? QStringLiteral("N") : QStringLiteral("-"));
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    for (size_t i = 0; scenes.is_array() && i < scenes.size(); ++i)
        parts.append(str(scenes[i], "id"));
    parts.append(QStringLiteral("|"));
    const Json segments = document()->value(QStringLiteral("/narration/segments"));
    for (size_t i = 0; segments.is_array() && i < segments.size(); ++i)
        parts.append(str(segments[i], "scene"));
    return parts.join(QLatin1Char('\n'));
}

void NarrationPage::onDocumentChanged(const QString &pointer)
{
    if (!pointer.isEmpty() && !FieldBinder::isUnder(pointer, QStringLiteral("/narration"))
        && !FieldBinder::isUnder(pointer, QStringLiteral("/scenes")) && !FieldBinder::isUnder(pointer, QStringLiteral("/canvas"))
        && !FieldBinder::isUnder(QStringLiteral("/narration"), pointer))
        return;
    if (structure() != m_structure)
        rebuild();
    else
        updateEstimates();
}

QWidget *NarrationPage::makeSegmentRow(int k, int segmentCount, bool withScene, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const QString at = QStringLiteral("/narration/segments/%1").arg(k);
    if (withScene) {
        auto *scene = new QLineEdit(row);
        scene->setObjectName(QStringLiteral("segmentScene-%1").arg(k));
        scene->setToolTip(tr("The id of the scene this segment is spoken over."));
        scene->setMaximumWidth(140);
        layout->addWidget(scene, 0, Qt::AlignTop);
        m_binder->bindLineEdit(scene, at + QStringLiteral("/scene"));
    }
    auto *text = new QPlainTextEdit(row);
    text->setObjectName(QStringLiteral("segmentText-%1").arg(k));
    text->setAccessibleName(tr("Narration text"));
    text->setTabChangesFocus(true);
    text->setPlaceholderText(tr("What the voice says over this scene"));
    text->setFixedHeight(text->fontMetrics().lineSpacing() * 3 + 12);
    layout->addWidget(text, 1);
    m_binder->bindPlainTextEdit(text, at + QStringLiteral("/text"));
    m_segmentEdits.insert(k, text);
    auto *remove = new QToolButton(row);
    remove->setObjectName(QStringLiteral("removeSegment-%1").arg(k));
    remove->setText(QStringLiteral("✕"));
    remove->setEnabled(segmentCount > 1);
    remove->setToolTip(segmentCount > 1 ? tr("Remove this segment")
                                        : tr("The narration needs a segment; remove the narration instead"));
    layout->addWidget(remove, 0, Qt::AlignTop);
    connect(remove, &QToolButton::clicked, this, [this, at] { document()->removeValue(at, tr("Remove Narration Segment")); });
    return row;
}

QWidget *NarrationPage::makeSceneGroup(int sceneIndex, const QString &sceneId, QWidget *parent)
{
    auto *group = new QGroupBox(parent);
    group->setObjectName(QStringLiteral("narrationScene-%1").arg(sceneId));
    auto *layout = new QVBoxLayout(group);
    const Json segments = document()->value(QStringLiteral("/narration/segments"));
    const int count = segments.is_array() ? int(segments.size()) : 0;
    bool any = false;
    for (int k = 0; k < count; ++k) {
        if (str(segments[size_t(k)], "scene") != sceneId)
            continue;
        any = true;
        layout->addWidget(makeSegmentRow(k, count, false, group));
    }
    if (!any) {
        auto *add = new QPushButton(tr("Add narration for this scene"), group);
        add->setObjectName(QStringLiteral("addSegment-%1").arg(sceneId));
        connect(add, &QPushButton::clicked, this, [this, sceneId] { addSegment(sceneId); });
        layout->addWidget(add, 0, Qt::AlignLeft);
    }
    auto *estimate = new QLabel(group);
    estimate->setObjectName(QStringLiteral("estimate-%1").arg(sceneId));
    estimate->setTextFormat(Qt::PlainText);
    layout->addWidget(estimate);
    m_estimates.insert(sceneId, estimate);
    m_groups.insert(sceneId, group);
    Q_UNUSED(sceneIndex)
    return group;
}

void NarrationPage::rebuild()
{
    m_structure = structure();
    const bool has = document()->has(QStringLiteral("/narration"));
    m_stack->setCurrentIndex(has ? 1 : 0);
    m_binder->clear();
    m_estimates.clear();
    m_groups.clear();
    m_segmentEdits.clear();
    // The old rows go later: this can run inside one of their buttons' clicked().
    while (QLayoutItem *item = m_scenesLayout->takeAt(0)) {
        if (QWidget *w = item->widget()) {
            w->hide();
            w->setParent(nullptr);
            w->deleteLater();
        }
        delete item;
    }
    if (!has)
        return;
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    QStringList ids;
    for (size_t i = 0; scenes.is_array() && i < scenes.size(); ++i) {
        ids.append(str(scenes[i], "id"));
        m_scenesLayout->addWidget(makeSceneGroup(int(i), ids.last(), m_scenesBox));
        m_scenesLayout->itemAt(m_scenesLayout->count() - 1)->widget()->show();
    }
    // Segments whose scene does not exist: editable, so the binding can be fixed here.
    const Json segments = document()->value(QStringLiteral("/narration/segments"));
    const int count = segments.is_array() ? int(segments.size()) : 0;
    QGroupBox *orphans = nullptr;
    for (int k = 0; k < count; ++k) {
        if (ids.contains(str(segments[size_t(k)], "scene")))
            continue;
        if (!orphans) {
            orphans = new QGroupBox(tr("Segments bound to no scene"), m_scenesBox);
            orphans->setObjectName(QStringLiteral("orphanSegments"));
            new QVBoxLayout(orphans);
            m_scenesLayout->addWidget(orphans);
            orphans->show();
        }
        orphans->layout()->addWidget(makeSegmentRow(k, count, true, orphans));
    }
    m_binder->registerWidget(m_scenesBox, QStringLiteral("/narration/segments"));
    m_binder->showFindings(m_findings);
    updateEstimates();
}

void NarrationPage::updateEstimates()
{
    const Rational fps = SceneEdits::canvasFps(document());
    const Json speedValue = document()->value(QStringLiteral("/narration/speed"));
    const double speed = speedValue.is_number() ? speedValue.get<double>() : 1.0;
    const Json segments = document()->value(QStringLiteral("/narration/segments"));
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    m_overrun.clear();
    for (size_t i = 0; scenes.is_array() && i < scenes.size(); ++i) {
        const QString id = str(scenes[i], "id");
        const qint64 frames = scenes[i].value("durationFrames", Json(0)).is_number_integer()
                                  ? scenes[i]["durationFrames"].get<qint64>() : 0;
        const double sceneSeconds = SceneEdits::secondsForFrames(frames, fps);
        if (QGroupBox *group = m_groups.value(id))
            group->setTitle(tr("%1. %2 (%3) · %4 s").arg(int(i) + 1).arg(id, str(scenes[i], "role"), seconds(sceneSeconds)));
        QLabel *label = m_estimates.value(id);
        if (!label)
            continue;
        int words = 0;
        bool any = false;
        for (size_t k = 0; segments.is_array() && k < segments.size(); ++k) {
            if (str(segments[k], "scene") != id)
                continue;
            any = true;
            words += countSpokenWords(str(segments[k], "text"));
        }
        const double spoken = estimateSpeechSeconds(words, speed);
        const bool over = any && spoken > sceneSeconds;
        m_overrun.insert(id, over);
        QString text;
        if (!any)
            text = tr("No narration over this scene (%1 s).").arg(seconds(sceneSeconds));
        else
            text = tr("%1 · about %2 s spoken of the scene's %3 s")
                       .arg(words == 1 ? tr("1 word") : tr("%1 words").arg(words), seconds(spoken), seconds(sceneSeconds));
        if (over)
            text += tr(" — %1 s too long: trim the text or lengthen the scene").arg(seconds(spoken - sceneSeconds));
        label->setText(text);
        label->setToolTip(tr("Estimated at %1 words per second × speed %2.")
                              .arg(QLocale().toString(kNarrationWordsPerSecond, 'f', 1), QLocale().toString(speed, 'f', 2)));
        label->setStyleSheet(over ? QStringLiteral("QLabel { color: #b71c1c; background: #fdecea; border-radius: 3px; padding: 2px 4px; }")
                                  : QStringLiteral("QLabel { color: palette(placeholder-text); padding: 2px 4px; }"));
    }
}

void NarrationPage::showFindings(const Findings &findings)
{
    m_findings = findings;
    m_settingsBinder->showFindings(findings);
    m_binder->showFindings(findings);
}

bool NarrationPage::focusPointer(const QString &pointer)
{
    if (!FieldBinder::isUnder(pointer, QStringLiteral("/narration")))
        return false;
    QWidget *w = m_binder->widgetFor(pointer);
    if (!w || w == m_scenesBox)
        w = m_settingsBinder->widgetFor(pointer) ? m_settingsBinder->widgetFor(pointer) : w;
    if (!w)
        w = document()->has(QStringLiteral("/narration")) ? nullptr : m_addNarration;
    if (!w)
        return false;
    if (auto *scroll = findChild<QScrollArea *>(QStringLiteral("narrationScroll")); scroll && scroll->isAncestorOf(w))
        scroll->ensureWidgetVisible(w);
    w->setFocus(Qt::OtherFocusReason);
    return true;
}

QString NarrationPage::firstTextOf(const QString &sceneId) const
{
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    for (size_t i = 0; scenes.is_array() && i < scenes.size(); ++i) {
        if (str(scenes[i], "id") != sceneId)
            continue;
        for (const Json &layer : scenes[i].value("layers", Json::array()))
            if (str(layer, "type") == QLatin1String("text") && !str(layer, "content").trimmed().isEmpty())
                return str(layer, "content").simplified();
    }
    return {};
}

bool NarrationPage::addNarration()
{
    if (document()->has(QStringLiteral("/narration")))
        return false;
    const QString first = str(document()->value(QStringLiteral("/scenes/0")), "id");
    Json narration = {{"voice", "en-us"}, {"segments", Json::array()}};
    if (!first.isEmpty())
        narration["segments"].push_back({{"id", toStd(QStringLiteral("n-") + first)}, {"scene", toStd(first)},
                                         {"text", toStd(firstTextOf(first))}});
    const bool ok = document()->setValue(QStringLiteral("/narration"), narration, tr("Add Narration"));
    if (ok && m_segmentEdits.value(0))
        m_segmentEdits.value(0)->setFocus(Qt::OtherFocusReason);
    return ok;
}

bool NarrationPage::removeNarration()
{
    return document()->removeValue(QStringLiteral("/narration"), tr("Remove Narration"));
}

int NarrationPage::addSegment(const QString &sceneId)
{
    if (!document()->has(QStringLiteral("/narration")))
        return -1;
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    QStringList order;
    for (size_t i = 0; scenes.is_array() && i < scenes.size(); ++i)
        order.append(str(scenes[i], "id"));
    const int sceneIndex = int(order.indexOf(sceneId));
    if (sceneIndex < 0)
        return -1;
    // Segments stay in scene order: the new one goes before the first of a later scene.
    const Json segments = document()->value(QStringLiteral("/narration/segments"));
    const int count = segments.is_array() ? int(segments.size()) : 0;
    int at = count;
    QStringList ids;
    for (int k = 0; k < count; ++k) {
        ids.append(str(segments[size_t(k)], "id"));
        if (at == count && order.indexOf(str(segments[size_t(k)], "scene")) > sceneIndex)
            at = k;
    }
    const QString id = SceneEdits::uniqueId(ids, QStringLiteral("n-") + sceneId, true);
    const Json segment = {{"id", toStd(id)}, {"scene", toStd(sceneId)}, {"text", toStd(firstTextOf(sceneId))}};
    if (!document()->insertValue(QStringLiteral("/narration/segments"), at, segment, tr("Add Narration Segment")))
        return -1;
    if (QPlainTextEdit *edit = m_segmentEdits.value(at))
        edit->setFocus(Qt::OtherFocusReason);
    return at;
}

QLabel *NarrationPage::estimateLabel(const QString &sceneId) const
{
    return m_estimates.value(sceneId);
}

QPlainTextEdit *NarrationPage::segmentEdit(int segmentIndex) const
{
    return m_segmentEdits.value(segmentIndex);
}

bool NarrationPage::isOverrunning(const QString &sceneId) const
{
    return m_overrun.value(sceneId);
}

} // namespace greenlight
