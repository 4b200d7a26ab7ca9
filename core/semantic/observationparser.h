#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "semantic/observation.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// A reviewer's hand-in (schemas/observations.schema.json), checked and ready to store.
struct ObservationBatch
{
    std::optional<Reviewer> reviewer; // as the document names it, when it does
    QList<ObservationInput> observations;
};

// Reads what a reviewer produced. Nothing counts until the whole document passes the schema
// and the checks a schema cannot express; the first problem is reported with its JSON pointer
// (Error::location) and code observations.invalid.
class ObservationParser
{
public:
    // frameCount: when known, ranges and evidence frames must lie inside [0, frameCount).
    // reviewerOverride: the reviewer to record (wins over the document's own; required when the
    // document names none).
    static Result<ObservationBatch> parse(const Json &document, const std::optional<Reviewer> &reviewerOverride = {},
                                          std::optional<qint64> frameCount = {});
    // Reads a file first (errors io.read, json.parse with file:line:column).
    static Result<ObservationBatch> parseFile(const QString &path, const std::optional<Reviewer> &reviewerOverride = {},
                                              std::optional<qint64> frameCount = {});
    static QString schemaResource() { return QStringLiteral(":/schemas/observations.schema.json"); }
};

} // namespace greenlight
