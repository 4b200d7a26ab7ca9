#include "settings.h"

#include <QDir>
#include <QLatin1String>
#include <QSettings>
#include <QVariant>

#include <algorithm>

namespace greenlight {

namespace {

// One persistent setting: its key, its type (T) and its default.
template <typename T> struct Setting
{
    const char *key;
    T (*fallback)();

    T read(const QSettings &settings) const
    {
        const QVariant value = settings.value(QLatin1String(key));
        return value.isValid() && value.canConvert<T>() ? value.value<T>() : fallback();
    }
    void write(QSettings &settings, const T &value) const
    {
        settings.setValue(QLatin1String(key), QVariant::fromValue(value));
    }
};

// The table: every setting of the app, once.
constexpr Setting<QStringList> kRecentProjects{"project/recent", [] { return QStringList(); }};
constexpr Setting<QString> kLastOpenFolder{"project/lastOpenFolder",
                                           [] { return QDir::homePath(); }};
constexpr Setting<QByteArray> kMainWindowGeometry{"mainWindow/geometry",
                                                  [] { return QByteArray(); }};
constexpr Setting<QByteArray> kMainWindowState{"mainWindow/state", [] { return QByteArray(); }};
constexpr Setting<QVariantMap> kReviewShortcuts{"review/shortcuts", [] { return QVariantMap(); }};
constexpr Setting<int> kFrameCacheMiB{"review/frameCacheMiB", [] { return 512; }};
constexpr Setting<QByteArray> kReviewWindowGeometry{"review/geometry", [] { return QByteArray(); }};
constexpr Setting<QByteArray> kReviewWindowState{"review/state", [] { return QByteArray(); }};
// A JSON array of SshHostProfile objects.
constexpr Setting<QString> kSshHosts{"remote/sshHosts", [] { return QString(); }};
constexpr Setting<QString> kReviewerName{"review/reviewer", [] { return qEnvironmentVariable("USER"); }};
constexpr Setting<QVariantMap> kMainWindowShortcuts{"mainWindow/shortcuts", [] { return QVariantMap(); }};
constexpr Setting<QString> kTheme{"appearance/theme", [] { return QStringLiteral("desktop"); }};
// A JSON object of EngineConfig settings, only what differs from the defaults.
constexpr Setting<QString> kEngineSettings{"tts/engines", [] { return QString(); }};

QHash<QString, QString> toStringHash(const QVariantMap &map)
{
    QHash<QString, QString> out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QVariantMap toVariantMap(const QHash<QString, QString> &hash)
{
    QVariantMap map;
    for (auto it = hash.cbegin(); it != hash.cend(); ++it)
        map.insert(it.key(), it.value());
    return map;
}

} // namespace

AppSettings::AppSettings() : m_settings(std::make_unique<QSettings>()) {}

AppSettings::~AppSettings() = default;

QStringList AppSettings::recentProjects() const
{
    QStringList paths = kRecentProjects.read(*m_settings);
    paths.removeAll(QString());
    paths.removeDuplicates();
    if (paths.size() > maxRecentProjects)
        paths.resize(maxRecentProjects);
    return paths;
}

void AppSettings::setRecentProjects(const QStringList &projectRoots)
{
    kRecentProjects.write(*m_settings, projectRoots.mid(0, maxRecentProjects));
}

QString AppSettings::lastOpenFolder() const
{
    return kLastOpenFolder.read(*m_settings);
}
void AppSettings::setLastOpenFolder(const QString &folder)
{
    kLastOpenFolder.write(*m_settings, folder);
}

QByteArray AppSettings::mainWindowGeometry() const
{
    return kMainWindowGeometry.read(*m_settings);
}
void AppSettings::setMainWindowGeometry(const QByteArray &geometry)
{
    kMainWindowGeometry.write(*m_settings, geometry);
}

QByteArray AppSettings::mainWindowState() const
{
    return kMainWindowState.read(*m_settings);
}
void AppSettings::setMainWindowState(const QByteArray &state)
{
    kMainWindowState.write(*m_settings, state);
}

void AppSettings::sync()
{
    m_settings->sync();
}

QHash<QString, QString> AppSettings::reviewShortcuts() const
{
    return toStringHash(kReviewShortcuts.read(*m_settings));
}
void AppSettings::setReviewShortcuts(const QHash<QString, QString> &shortcuts)
{
    kReviewShortcuts.write(*m_settings, toVariantMap(shortcuts));
}

QHash<QString, QString> AppSettings::mainWindowShortcuts() const
{
    return toStringHash(kMainWindowShortcuts.read(*m_settings));
}
void AppSettings::setMainWindowShortcuts(const QHash<QString, QString> &shortcuts)
{
    kMainWindowShortcuts.write(*m_settings, toVariantMap(shortcuts));
}

QString AppSettings::theme() const
{
    const QString theme = kTheme.read(*m_settings);
    return theme == QLatin1String("light") || theme == QLatin1String("dark") ? theme : kTheme.fallback();
}
void AppSettings::setTheme(const QString &theme)
{
    kTheme.write(*m_settings, theme);
}

Json AppSettings::engineSettings() const
{
    Result<Json> json = parseJson(kEngineSettings.read(*m_settings).toUtf8(), QStringLiteral("tts/engines"));
    if (!json || !json->is_object())
        return Json::object();
    // Hand-written files may use EngineConfig's {"engines": {...}} wrapper.
    if (json->contains("engines") && json->at("engines").is_object())
        return json->at("engines");
    return *json;
}
void AppSettings::setEngineSettings(const Json &settings)
{
    kEngineSettings.write(*m_settings, settings.is_object() && !settings.empty() ? toQString(settings.dump()) : QString());
}

QString AppSettings::fileName() const
{
    return m_settings->fileName();
}

int AppSettings::frameCacheMiB() const
{
    return std::clamp(kFrameCacheMiB.read(*m_settings), 64, 16384);
}
void AppSettings::setFrameCacheMiB(int mib)
{
    kFrameCacheMiB.write(*m_settings, std::clamp(mib, 64, 16384));
}

QByteArray AppSettings::reviewWindowGeometry() const
{
    return kReviewWindowGeometry.read(*m_settings);
}
void AppSettings::setReviewWindowGeometry(const QByteArray &geometry)
{
    kReviewWindowGeometry.write(*m_settings, geometry);
}
QByteArray AppSettings::reviewWindowState() const
{
    return kReviewWindowState.read(*m_settings);
}
void AppSettings::setReviewWindowState(const QByteArray &state)
{
    kReviewWindowState.write(*m_settings, state);
}

QString AppSettings::reviewerName() const
{
    return kReviewerName.read(*m_settings);
}
void AppSettings::setReviewerName(const QString &name)
{
    kReviewerName.write(*m_settings, name);
}

QList<SshHostProfile> AppSettings::sshHosts() const
{
    QList<SshHostProfile> hosts;
    Result<Json> json = parseJson(kSshHosts.read(*m_settings).toUtf8(), QStringLiteral("remote/sshHosts"));
    if (!json || !json->is_array())
        return hosts;
    for (const Json &item : *json)
        if (Result<SshHostProfile> profile = SshHostProfile::fromJson(item))
            hosts.append(*profile);
    return hosts;
}

void AppSettings::setSshHosts(const QList<SshHostProfile> &hosts)
{
    Json array = Json::array();
    for (const SshHostProfile &h : hosts)
        array.push_back(h.toJson());
    kSshHosts.write(*m_settings, toQString(array.dump()));
}

} // namespace greenlight
