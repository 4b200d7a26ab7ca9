#pragma once

#include "common/jsonio.h"
#include "common/result.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

struct RetrySettings
{
    int maxAttempts = 1;
    qint64 initialBackoff_ms = 500;
    qint64 maxBackoff_ms = 8000;
    qint64 budget_ms = 60000;
    std::optional<qint64> timeout_ms;
};

struct Workload
{
    QString id;
    QString kind; // render | tts | review
    QString description;
    QStringList runtimeClasses;      // fallback order; the first is the default
    QMap<QString, QString> engines;  // runtime class -> engine name
    bool cache = false;
    RetrySettings retry;
    bool rerouteEnabled = false;
    QStringList rerouteOnErrors;     // empty = any retryable failure
    QStringList requiredStages;      // structural | deterministic | semantic

    QString engineFor(const QString &runtimeClass) const { return engines.value(runtimeClass); }
    // The runtime class to try after `current` fails, when rerouting allows it for `errorCode`.
    std::optional<QString> rerouteAfter(const QString &current, const QString &errorCode) const;
};

// The machine-readable part of an operator runbook (schemas/runbook.schema.json).
class Runbook
{
public:
    // Loads and validates a runbook file (errors: io.read, json.parse, runbook.invalid).
    static Result<Runbook> load(const QString &path);
    static Result<Runbook> fromJson(const Json &json, const QString &label);
    // The runbook a project works under: <project>/runbook.json when present, otherwise the
    // embedded default policy (runbooks/default.runbook.json).
    static Result<Runbook> forProject(const QString &projectRoot);
    static QString defaultPath();

    QString id() const { return m_id; }
    QString title() const { return m_title; }
    QString source() const { return m_source; }
    const QList<Workload> &workloads() const { return m_workloads; }
    const Workload *workload(const QString &id) const;
    QStringList workloadIds(const QString &kind = {}) const;

    // Raw QA thresholds object ("qa"), handed to the QA stage.
    const Json &qaThresholds() const { return m_qa; }
    const Json &retention() const { return m_retention; }

    // outcome: pass | revise | reject
    bool mayDecide(const QString &role, const QString &outcome) const;
    QStringList rolesThatMayDecide(const QString &outcome) const;
    bool mayWaive(const QString &role, const QString &findingCode) const;
    QStringList rolesThatMayWaive(const QString &findingCode) const;

    Json toJson() const { return m_json; }

private:
    QString m_id;
    QString m_title;
    QString m_source;
    QList<Workload> m_workloads;
    Json m_qa;
    Json m_retention;
    Json m_roles;
    Json m_json;
};

} // namespace greenlight
