#include "captionspage.h"

#include "spec/fieldbinder.h"
#include "spec/schemaform.h"
#include "spec/specdocument.h"

#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace greenlight {

namespace {

const QString kCaptions = QStringLiteral("/captions");
const QString kCta = QStringLiteral("/cta");

QLabel *hintLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

} // namespace

CaptionsPage::CaptionsPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_binder(new FieldBinder(document, this)), m_scroll(new QScrollArea(this))
{
    const Json &schema = SchemaForm::specSchema();
    auto *content = new QWidget(m_scroll);
    auto *column = new QVBoxLayout(content);

    m_captionsGroup = new QGroupBox(tr("Captions"), content);
    m_captionsGroup->setCheckable(true);
    m_captionsGroup->setAccessibleName(tr("Captions"));
    auto *captionsLayout = new QVBoxLayout(m_captionsGroup);
    captionsLayout->addWidget(hintLabel(tr("Source \"narration\" captions the narration text as it is spoken; "
                                           "\"lines\" shows the lines written below. Burn-in draws them into the "
                                           "video, sidecar writes a subtitle file next to it."),
                                        m_captionsGroup));
    const QHash<QString, QStringList> sceneChoices{{QStringLiteral("scene"), sceneIds()}};
    m_captionsForm = new SchemaForm(document, m_binder, SchemaForm::schemaForPointer(schema, kCaptions), schema,
                                    kCaptions, sceneChoices, {}, m_captionsGroup);
    captionsLayout->addWidget(m_captionsForm);
    m_binder->registerWidget(m_captionsGroup, kCaptions);
    column->addWidget(m_captionsGroup);

    m_ctaGroup = new QGroupBox(tr("Call to action"), content);
    m_ctaGroup->setCheckable(true);
    m_ctaGroup->setAccessibleName(tr("Call to action"));
    auto *ctaLayout = new QVBoxLayout(m_ctaGroup);
    ctaLayout->addWidget(hintLabel(tr("What the viewer is asked to do, where it leads (https:// or mailto:), "
                                      "the scene that shows it and, optionally, the text layer that carries it."),
                                   m_ctaGroup));
    m_ctaForm = new SchemaForm(document, m_binder, SchemaForm::schemaForPointer(schema, kCta), schema, kCta,
                               sceneChoices, {}, m_ctaGroup);
    ctaLayout->addWidget(m_ctaForm);
    m_binder->registerWidget(m_ctaGroup, kCta);
    column->addWidget(m_ctaGroup);
    column->addStretch(1);

    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll);

    connect(m_captionsGroup, &QGroupBox::toggled, this, [this](bool on) { toggleSection(kCaptions, on); });
    connect(m_ctaGroup, &QGroupBox::toggled, this, [this](bool on) { toggleSection(kCta, on); });
    connect(document, &SpecDocument::changed, this, &CaptionsPage::onDocumentChanged);
    refreshSections();
    refreshChoices();
}

QString CaptionsPage::title() const
{
    return tr("Captions & CTA");
}

QStringList CaptionsPage::pointerPrefixes() const
{
    return {kCaptions, kCta};
}

void CaptionsPage::showFindings(const Findings &findings)
{
    m_binder->showFindings(findings);
}

bool CaptionsPage::focusPointer(const QString &pointer)
{
    return m_binder->focusField(pointer, m_scroll);
}

QStringList CaptionsPage::sceneIds() const
{
    QStringList ids;
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    if (!scenes.is_array())
        return ids;
    for (const Json &scene : scenes) {
        if (scene.is_object() && scene.contains("id") && scene["id"].is_string())
            ids.append(toQString(scene["id"]));
    }
    return ids;
}

QStringList CaptionsPage::layerIds(const QString &sceneId) const
{
    QStringList ids;
    const Json scenes = document()->value(QStringLiteral("/scenes"));
    if (!scenes.is_array())
        return ids;
    for (const Json &scene : scenes) {
        if (!scene.is_object() || scene.value("id", Json()) != Json(toStd(sceneId)))
            continue;
        for (const Json &layer : scene.value("layers", Json::array())) {
            if (layer.is_object() && layer.contains("id") && layer["id"].is_string())
                ids.append(toQString(layer["id"]));
        }
    }
    return ids;
}

void CaptionsPage::onDocumentChanged(const QString &pointer)
{
    auto touches = [&pointer](const QString &p) {
        return FieldBinder::isUnder(pointer, p) || FieldBinder::isUnder(p, pointer);
    };
    if (touches(kCaptions) || touches(kCta))
        refreshSections();
    if (touches(QStringLiteral("/scenes")) || touches(kCta))
        refreshChoices();
}

void CaptionsPage::refreshSections()
{
    for (auto [group, pointer] : {std::pair{m_captionsGroup, kCaptions}, std::pair{m_ctaGroup, kCta}}) {
        const bool present = document()->has(pointer);
        if (group->isChecked() != present) {
            const QSignalBlocker blocker(group);
            group->setChecked(present);
        }
        // An absent section shows its explanation only.
        (group == m_captionsGroup ? m_captionsForm : m_ctaForm)->setVisible(present);
    }
}

void CaptionsPage::refreshChoices()
{
    const QStringList scenes = sceneIds();
    m_captionsForm->setChoices(QStringLiteral("scene"), scenes);
    m_ctaForm->setChoices(QStringLiteral("scene"), scenes);
    const Json ctaScene = document()->value(kCta + QStringLiteral("/scene"));
    m_ctaForm->setChoices(QStringLiteral("layer"), ctaScene.is_string() ? layerIds(toQString(ctaScene)) : QStringList());
}

void CaptionsPage::toggleSection(const QString &pointer, bool on)
{
    const QString name = pointer == kCaptions ? tr("Captions") : tr("Call to Action");
    if (!on) {
        document()->removeValue(pointer, tr("Remove %1").arg(name));
        return;
    }
    if (document()->has(pointer))
        return;
    Json value = SchemaForm::defaultValue(SchemaForm::schemaForPointer(SchemaForm::specSchema(), pointer),
                                          SchemaForm::specSchema());
    if (pointer == kCta) {
        // Start the call to action in the scene meant for it (role "cta"), else the last one.
        const Json scenes = document()->value(QStringLiteral("/scenes"));
        QString scene;
        if (scenes.is_array()) {
            for (const Json &s : scenes) {
                if (!s.is_object() || !s.value("id", Json()).is_string())
                    continue;
                const bool isCta = s.value("role", Json()) == Json("cta");
                if (isCta || scene.isEmpty() || &s == &scenes.back())
                    scene = toQString(s["id"]);
                if (isCta)
                    break;
            }
        }
        value["scene"] = toStd(scene);
    }
    document()->setValue(pointer, value, tr("Add %1").arg(name));
}

} // namespace greenlight
