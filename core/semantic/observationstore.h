#pragma once

#include "common/result.h"
#include "qa/finding.h"
#include "semantic/observation.h"
#include "semantic/observationparser.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace greenlight {

// Fields an edit changes; unset fields stay as they are. The id stays too.
struct ObservationEdit
{
    std::optional<FrameRange> frames;
    std::optional<QString> category;
    std::optional<Severity> severity;
    std::optional<QString> text;
    std::optional<QList<qint64>> evidenceFrames;
    std::optional<QStringList> evidenceCueIds;
};

struct ImportSummary
{
    QStringList addedIds;
    QStringList duplicateIds; // already in the store: skipped, so importing twice adds nothing
};

// The semantic observations of one run: <run-dir>/observations.json, a findings document
// (schemas/findings.schema.json) holding only stage-semantic findings. Every change is written
// atomically before it shows in memory; a failed write leaves both file and store as they were.
// Errors: io.read, json.parse, observations.store (the file is not a valid observations
// document), observations.invalid, observations.unknown-id, observations.ambiguous-id,
// observations.duplicate, observations.state, io.write.
class ObservationStore
{
public:
    static QString fileName() { return QStringLiteral("observations.json"); }

    // Opens the store of a run folder; a folder without observations.json is an empty store.
    static Result<ObservationStore> open(const QString &runDir);

    QString runDir() const { return m_runDir; }
    QString filePath() const;
    const Findings &observations() const { return m_observations; }

    // By id, or by a unique prefix of at least four characters.
    Result<Finding> find(const QString &idOrPrefix) const;

    Result<Finding> add(const ObservationInput &input);
    Result<Finding> edit(const QString &id, const ObservationEdit &edit, const QString &by);
    Result<Finding> resolve(const QString &id, const QString &by, const QString &note = {});
    // Records the reason and who waived; whether that person may waive is the gate's call.
    Result<Finding> waive(const QString &id, const QString &reason, const QString &by);
    Result<Finding> reopen(const QString &id, const QString &by);

    // Adds a checked batch (all or nothing). Observations already present (same id) are skipped.
    Result<ImportSummary> importBatch(const ObservationBatch &batch);
    // Parses and checks a reviewer's file (schemas/observations.schema.json) and imports it.
    Result<ImportSummary> importFile(const QString &path, const std::optional<Reviewer> &reviewerOverride = {});
    // Adds findings made elsewhere (the model reviewer); each must be a semantic finding with id.
    Result<ImportSummary> addFindings(const Findings &findings);

    // Wall clock for history entries (tests pin it).
    void setClock(std::function<QDateTime()> clock_utc) { m_clock = std::move(clock_utc); }

private:
    explicit ObservationStore(QString runDir) : m_runDir(std::move(runDir)) {}
    Result<qsizetype> indexOf(const QString &idOrPrefix) const;
    Status commit(const Findings &next);
    Result<Finding> change(const QString &id, const std::function<Status(Finding &)> &apply);
    QDateTime now() const;

    QString m_runDir;
    Findings m_observations;
    std::function<QDateTime()> m_clock;
};

} // namespace greenlight
