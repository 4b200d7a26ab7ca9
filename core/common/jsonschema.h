#pragma once

#include "common/jsonio.h"
#include "common/result.h"

#include <QList>
#include <QString>

#include <memory>

namespace greenlight {

// One way a document breaks its schema, at the most specific place it can be named.
struct SchemaViolation
{
    enum class Kind { Required, UnknownField, Type, Value, Invalid };
    Kind kind = Kind::Invalid;
    QString pointer; // JSON pointer of the offending field
    QString message; // for a person: what is wrong, with the value found where useful
};

// A draft-07 JSON Schema (valijson), loaded once and shared; validate() is thread-safe.
class JsonSchema
{
public:
    // Loads an embedded schema, e.g. ":/schemas/runbook.schema.json". Schemas are parsed once
    // per process and cached.
    static Result<std::shared_ptr<const JsonSchema>> load(const QString &resourcePath);
    static Result<std::shared_ptr<const JsonSchema>> fromJson(const Json &schema);

    ~JsonSchema();
    QList<SchemaViolation> validate(const Json &document) const;

private:
    JsonSchema();
    struct Private;
    std::unique_ptr<Private> d;
};

// "required field \"x\" is missing" etc. joined into one line, for errors that are not findings.
QString describeViolations(const QList<SchemaViolation> &violations, int max = 3);

} // namespace greenlight
