#include "preferences/enginespage.h"

#include "preferences/theme.h"

#include "tts/engineconfig.h"
#include "tts/secrets.h"

#include <QAction>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

namespace {

constexpr const char *kBaseUrl = "baseUrl";
constexpr const char *kVoice = "voice";
constexpr const char *kModel = "model";

QString title(const QString &engine)
{
    if (engine == QLatin1String("kokoro"))
        return EnginesPage::tr("Kokoro (self-hosted)");
    if (engine == QLatin1String("openai-speech"))
        return EnginesPage::tr("OpenAI speech (or a server speaking its API)");
    if (engine == QLatin1String("elevenlabs"))
        return EnginesPage::tr("ElevenLabs");
    return engine;
}

QString stored(const Json &engine, const char *key)
{
    return engine.is_object() && engine.contains(key) && engine.at(key).is_string()
               ? toQString(engine.at(key).get<std::string>())
               : QString();
}

QString normalizedUrl(const QString &text)
{
    return QUrl(text.trimmed()).adjusted(QUrl::StripTrailingSlash).toString();
}

} // namespace

EnginesPage::EnginesPage(const Json &settings, QWidget *parent)
    : QWidget(parent), m_original(settings.is_object() ? settings : Json::object())
{
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    auto *intro = new QLabel(tr("Narration runs on a remote runtime class reach these engines. API keys are never "
                                "stored here: each engine reads its key from an environment variable or the "
                                "desktop keyring."),
                             content);
    intro->setWordWrap(true);
    column->addWidget(intro);
    for (const QString &engine : EngineConfig::engineNames())
        column->addWidget(makeEngineBox(engine));
    column->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
}

QWidget *EnginesPage::makeEngineBox(const QString &engine)
{
    const RemoteEngineSettings defaults = *EngineConfig::defaults(engine);
    const Json &saved = m_original.contains(toStd(engine)) ? m_original.at(toStd(engine)) : Json();
    auto *box = new QGroupBox(title(engine));
    box->setObjectName(engine + QStringLiteral("EngineBox"));
    Fields f;
    auto lineEdit = [&](const char *key, const QString &fallback) {
        auto *edit = new QLineEdit(box);
        edit->setObjectName(engine + QLatin1Char('.') + QString::fromLatin1(key));
        edit->setPlaceholderText(fallback);
        const QString value = stored(saved, key);
        edit->setText(value.isEmpty() ? fallback : value);
        edit->setClearButtonEnabled(true);
        connect(edit, &QLineEdit::textChanged, this, &EnginesPage::changed);
        return edit;
    };
    f.url = lineEdit(kBaseUrl, defaults.baseUrl.toString());
    f.url->setToolTip(tr("scheme://host:port and an optional path prefix, without /v1"));
    f.voice = lineEdit(kVoice, defaults.voice);
    f.voice->setToolTip(tr("The voice used when a narration names none"));
    f.model = lineEdit(kModel, defaults.model);
    f.model->setToolTip(tr("The model used when a narration names none"));
    f.urlError = new QLabel(box);
    f.urlError->setObjectName(engine + QStringLiteral(".urlError"));
    f.urlError->setWordWrap(true);
    f.urlError->hide();
    f.key = new QLabel(box);
    f.key->setObjectName(engine + QStringLiteral(".keyStatus"));
    f.key->setWordWrap(true);
    f.key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    f.reset = new QPushButton(tr("Reset to Defaults"), box);
    f.reset->setObjectName(engine + QStringLiteral(".reset"));
    f.reset->setToolTip(tr("Base URL, voice and model of %1 as Greenlight ships them").arg(engine));

    auto *form = new QFormLayout(box);
    form->addRow(tr("Base &URL:"), f.url);
    form->addRow(QString(), f.urlError);
    form->addRow(tr("Default &voice:"), f.voice);
    form->addRow(tr("Default &model:"), f.model);
    form->addRow(tr("API key:"), f.key);
    auto *resetRow = new QHBoxLayout;
    resetRow->addStretch(1);
    resetRow->addWidget(f.reset);
    form->addRow(resetRow);
    m_fields.insert(engine, f);

    connect(f.url, &QLineEdit::textChanged, this, [this, engine] {
        checkUrl(engine);
        updateKey(engine);
    });
    connect(f.reset, &QPushButton::clicked, this, [this, engine] { resetToDefaults(engine); });
    checkUrl(engine);
    updateKey(engine);
    return box;
}

QString EnginesPage::urlProblem(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("Enter an http:// or https:// address, e.g. http://gpu-box:8880.");
    if (url.host().isEmpty())
        return tr("The address needs a host name, e.g. http://gpu-box:8880.");
    if (!url.userInfo().isEmpty())
        return tr("Leave the user name and password out: API keys come from the environment or the keyring.");
    if (url.path().endsWith(QLatin1String("/v1")) || url.path().endsWith(QLatin1String("/v1/")))
        return tr("Leave out /v1: the engine adds its API path itself.");
    return {};
}

void EnginesPage::checkUrl(const QString &engine)
{
    const Fields f = m_fields.value(engine);
    const QString problem = urlProblem(f.url->text());
    f.urlError->setText(problem);
    f.urlError->setVisible(!problem.isEmpty());
    f.urlError->setStyleSheet(QStringLiteral("color: %1;").arg(Theme::toneColor(this, Theme::Tone::Problem).name()));
    const QList<QAction *> marks = f.url->actions();
    for (QAction *a : marks)
        if (a->objectName() == QLatin1String("urlProblem"))
            delete a;
    if (!problem.isEmpty()) {
        QAction *mark = f.url->addAction(style()->standardIcon(QStyle::SP_MessageBoxWarning), QLineEdit::TrailingPosition);
        mark->setObjectName(QStringLiteral("urlProblem"));
        mark->setToolTip(problem);
    }
    f.url->setAccessibleDescription(problem);
}

QString EnginesPage::keyNameFor(const QString &engine) const
{
    Json one = Json::object();
    const QString url = m_fields.value(engine).url->text().trimmed();
    if (!url.isEmpty() && urlProblem(url).isEmpty())
        one[toStd(engine)][kBaseUrl] = toStd(url);
    if (m_original.contains(toStd(engine)) && m_original.at(toStd(engine)).contains("keyName"))
        one[toStd(engine)]["keyName"] = m_original.at(toStd(engine)).at("keyName");
    Result<EngineConfig> config = EngineConfig::fromJson(one);
    const auto settings = config ? config->engine(engine) : EngineConfig::defaults(engine);
    return settings ? settings->keyName : engine;
}

void EnginesPage::updateKey(const QString &engine)
{
    const Fields f = m_fields.value(engine);
    const QString keyName = keyNameFor(engine);
    const QString variable = Secrets::environmentVariableFor(keyName);
    Json one = Json::object();
    const QString url = f.url->text().trimmed();
    if (!url.isEmpty() && urlProblem(url).isEmpty())
        one[toStd(engine)][kBaseUrl] = toStd(url);
    Result<EngineConfig> config = EngineConfig::fromJson(one);
    const bool required = config && config->engine(engine) && config->engine(engine)->requireKey;

    QString where;
    bool found = false;
    if (!qEnvironmentVariable(qPrintable(variable)).isEmpty()) {
        where = tr("found in %1").arg(variable);
        found = true;
    } else if (m_keyringHas.value(keyName)) {
        where = tr("found in the desktop keyring");
        found = true;
    } else if (!m_keyringAsked.value(keyName) && !QStandardPaths::findExecutable(QStringLiteral("secret-tool")).isEmpty()) {
        // The keyring may prompt or be slow: ask once, off the UI thread.
        m_keyringAsked.insert(keyName, true);
        auto *watcher = new QFutureWatcher<bool>(this);
        connect(watcher, &QFutureWatcher<bool>::finished, this, [this, watcher, keyName, engine] {
            m_keyringHas.insert(keyName, watcher->result());
            watcher->deleteLater();
            if (keyNameFor(engine) == keyName)
                updateKey(engine);
        });
        watcher->setFuture(QtConcurrent::run([keyName] { return !Secrets().optionalApiKey(keyName).isEmpty(); }));
        where = tr("looking in the desktop keyring\u2026");
    } else {
        where = required ? tr("not set (required)") : tr("not set (optional for this server)");
    }
    const QString color = found      ? Theme::toneColor(this, Theme::Tone::Good).name()
                          : required ? Theme::toneColor(this, Theme::Tone::Caution).name()
                                     : QString();
    f.key->setText(QStringLiteral("<span%1>%2</span><br><small>%3</small>")
                       .arg(color.isEmpty() ? QString() : QStringLiteral(" style=\"color:%1\"").arg(color),
                            where.toHtmlEscaped(),
                            tr("%1, or the keyring entry for \u201c%2\u201d (secret-tool)").arg(variable, keyName).toHtmlEscaped()));
    f.key->setToolTip(tr("To provide it: %1").arg(Secrets::howToProvide(keyName)));
}

void EnginesPage::resetToDefaults(const QString &engine)
{
    const Fields f = m_fields.value(engine);
    const RemoteEngineSettings defaults = *EngineConfig::defaults(engine);
    f.url->setText(defaults.baseUrl.toString());
    f.voice->setText(defaults.voice);
    f.model->setText(defaults.model);
}

QLineEdit *EnginesPage::firstInvalidField() const
{
    for (const QString &engine : EngineConfig::engineNames())
        if (QLineEdit *url = m_fields.value(engine).url; url && !urlProblem(url->text()).isEmpty())
            return url;
    return nullptr;
}

Json EnginesPage::settings() const
{
    Json out = m_original;
    for (const QString &engine : EngineConfig::engineNames()) {
        const Fields f = m_fields.value(engine);
        const RemoteEngineSettings defaults = *EngineConfig::defaults(engine);
        const std::string name = toStd(engine);
        Json one = out.contains(name) && out.at(name).is_object() ? out.at(name) : Json::object();
        auto put = [&one](const char *key, const QString &value, bool isDefault) {
            if (value.isEmpty() || isDefault)
                one.erase(key);
            else
                one[key] = toStd(value);
        };
        const QString url = f.url->text().trimmed();
        put(kBaseUrl, url, normalizedUrl(url) == normalizedUrl(defaults.baseUrl.toString()));
        put(kVoice, f.voice->text().trimmed(), f.voice->text().trimmed() == defaults.voice);
        put(kModel, f.model->text().trimmed(), f.model->text().trimmed() == defaults.model);
        if (one.empty())
            out.erase(name);
        else
            out[name] = one;
    }
    return out;
}

} // namespace greenlight
