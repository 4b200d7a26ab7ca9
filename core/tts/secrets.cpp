#include "tts/secrets.h"

#include <QMutex>
#include <QMutexLocker>
#include <QProcess>
#include <QStandardPaths>

namespace greenlight {

namespace {

// Keys shorter than this are not redacted by substitution: replacing every "ab" in a text
// would mangle it and reveal the key anyway.
constexpr int kMinRedactLength = 6;
const QString kRedacted = QStringLiteral("[redacted]");

struct Registry
{
    QMutex mutex;
    QStringList secrets;
};

Registry &registry()
{
    static Registry r;
    return r;
}

QStringList registeredSecrets()
{
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    return r.secrets;
}

} // namespace

Secrets::Secrets()
    : m_environment(QProcessEnvironment::systemEnvironment())
    , m_secretTool(QStandardPaths::findExecutable(QStringLiteral("secret-tool")))
{
}

void Secrets::setEnvironment(const QProcessEnvironment &environment)
{
    m_environment = environment;
}

void Secrets::setSecretToolProgram(const QString &program)
{
    m_secretTool = program;
}

void Secrets::setKeyringTimeout_ms(int timeout_ms)
{
    m_keyringTimeout_ms = timeout_ms;
}

QString Secrets::environmentVariableFor(const QString &keyName)
{
    QString name;
    for (const QChar c : keyName.toUpper())
        name += (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))
                    ? c
                    : QLatin1Char('_');
    return QStringLiteral("GREENLIGHT_") + name + QStringLiteral("_API_KEY");
}

QString Secrets::howToProvide(const QString &keyName)
{
    return QStringLiteral("set the environment variable %1, or store it in the desktop keyring with "
                          "`secret-tool store --label=Greenlight service greenlight engine %2`")
        .arg(environmentVariableFor(keyName), keyName);
}

QString Secrets::lookupKeyring(const QString &keyName) const
{
    if (m_secretTool.isEmpty())
        return {};
    QProcess process;
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(m_secretTool, {QStringLiteral("lookup"), QStringLiteral("service"), QStringLiteral("greenlight"),
                                 QStringLiteral("engine"), keyName});
    if (!process.waitForStarted(m_keyringTimeout_ms))
        return {};
    process.closeWriteChannel();
    if (!process.waitForFinished(m_keyringTimeout_ms)) {
        process.kill();
        process.waitForFinished(1000);
        return {};
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return {};
    // secret-tool prints the secret without a newline; tolerate one anyway.
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

QString Secrets::optionalApiKey(const QString &keyName) const
{
    if (keyName.isEmpty())
        return {};
    QString key = m_environment.value(environmentVariableFor(keyName)).trimmed();
    if (key.isEmpty())
        key = lookupKeyring(keyName);
    if (!key.isEmpty())
        registerSecret(key);
    return key;
}

Result<QString> Secrets::apiKey(const QString &keyName) const
{
    const QString key = optionalApiKey(keyName);
    if (key.isEmpty())
        return makeError(QStringLiteral("tts.auth.missing-key"),
                         QStringLiteral("no API key for %1: %2").arg(keyName, howToProvide(keyName)));
    return key;
}

void Secrets::registerSecret(const QString &secret)
{
    if (secret.size() < kMinRedactLength)
        return;
    Registry &r = registry();
    QMutexLocker lock(&r.mutex);
    if (!r.secrets.contains(secret))
        r.secrets.append(secret);
}

QString Secrets::redact(const QString &text, const QStringList &extra)
{
    QString out = text;
    const QStringList all = registeredSecrets() + extra;
    for (const QString &secret : all) {
        if (secret.size() >= kMinRedactLength)
            out.replace(secret, kRedacted);
    }
    return out;
}

QByteArray Secrets::redact(const QByteArray &text, const QStringList &extra)
{
    QByteArray out = text;
    const QStringList all = registeredSecrets() + extra;
    for (const QString &secret : all) {
        if (secret.size() >= kMinRedactLength)
            out.replace(secret.toUtf8(), kRedacted.toUtf8());
    }
    return out;
}

} // namespace greenlight
