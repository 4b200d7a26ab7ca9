#pragma once

#include "common/jsonio.h"

#include <QHash>
#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace greenlight {

// Preferences > Speech engines: for each remote engine of EngineConfig its base URL, default
// voice and model, and where its API key comes from and whether one is there. The key itself
// is never shown or stored: it stays in the environment or the desktop keyring (Secrets).
// An empty field means the engine's default (shown as the placeholder).
class EnginesPage : public QWidget
{
    Q_OBJECT
public:
    // settings: AppSettings::engineSettings(), only what differs from the defaults.
    explicit EnginesPage(const Json &settings, QWidget *parent = nullptr);

    // The settings as edited, only what differs from the defaults; values the page does not
    // show (timeouts, retry written by hand) are kept.
    Json settings() const;
    // The first URL field that cannot be used, or nullptr.
    QLineEdit *firstInvalidField() const;
    void resetToDefaults(const QString &engine);

    // Why a base URL cannot be used, or empty when it can (empty text = the default).
    static QString urlProblem(const QString &text);

    QLineEdit *urlEdit(const QString &engine) const { return m_fields.value(engine).url; }
    QLineEdit *voiceEdit(const QString &engine) const { return m_fields.value(engine).voice; }
    QLineEdit *modelEdit(const QString &engine) const { return m_fields.value(engine).model; }
    QLabel *urlError(const QString &engine) const { return m_fields.value(engine).urlError; }
    QLabel *keyStatus(const QString &engine) const { return m_fields.value(engine).key; }
    QPushButton *resetButton(const QString &engine) const { return m_fields.value(engine).reset; }

Q_SIGNALS:
    void changed();

private:
    struct Fields
    {
        QLineEdit *url = nullptr;
        QLineEdit *voice = nullptr;
        QLineEdit *model = nullptr;
        QLabel *urlError = nullptr;
        QLabel *key = nullptr;
        QPushButton *reset = nullptr;
    };
    QWidget *makeEngineBox(const QString &engine);
    void checkUrl(const QString &engine);
    void updateKey(const QString &engine);
    // The key name the engine would use with the URL as edited.
    QString keyNameFor(const QString &engine) const;

    Json m_original;
    QHash<QString, Fields> m_fields;
    QHash<QString, bool> m_keyringHas; // key name -> found in the keyring (once looked up)
    QHash<QString, bool> m_keyringAsked;
};

} // namespace greenlight
