#pragma once

#include "common/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace greenlight {

// API keys for remote speech engines. A key is looked up by its key name (usually the
// engine name: "elevenlabs", "openai", "kokoro", "openai-speech"), in this order:
//   1. the environment: GREENLIGHT_<NAME>_API_KEY, the name upper-cased with every
//      character other than A-Z and 0-9 turned into '_' (GREENLIGHT_ELEVENLABS_API_KEY,
//      GREENLIGHT_OPENAI_API_KEY, GREENLIGHT_KOKORO_API_KEY,
//      GREENLIGHT_OPENAI_SPEECH_API_KEY);
//   2. the desktop keyring through libsecret's `secret-tool` program, when installed:
//      `secret-tool lookup service greenlight engine <name>` (store one with
//      `secret-tool store --label=Greenlight service greenlight engine <name>`).
// A key that is found is registered for redaction, so redact() removes it from any text.
// Keys are never logged, and never written into errors, details or files.
class Secrets
{
public:
    Secrets();

    // Test seams: the environment to read and the keyring program to run ("" = no keyring).
    void setEnvironment(const QProcessEnvironment &environment);
    void setSecretToolProgram(const QString &program);
    void setKeyringTimeout_ms(int timeout_ms);

    static QString environmentVariableFor(const QString &keyName);

    // The key, or tts.auth.missing-key with a message saying how to provide it.
    Result<QString> apiKey(const QString &keyName) const;
    // The key or an empty string when none is configured (for optional keys).
    QString optionalApiKey(const QString &keyName) const;

    // How a person provides the key (used in tts.auth messages).
    static QString howToProvide(const QString &keyName);

    // Replaces every registered key (and every key in `extra`) in `text` with "[redacted]".
    static QString redact(const QString &text, const QStringList &extra = {});
    static QByteArray redact(const QByteArray &text, const QStringList &extra = {});
    // Registers a key obtained elsewhere (e.g. from settings) so redact() knows it.
    static void registerSecret(const QString &secret);

private:
    QString lookupKeyring(const QString &keyName) const;

    QProcessEnvironment m_environment;
    QString m_secretTool;
    int m_keyringTimeout_ms = 5000;
};

} // namespace greenlight
