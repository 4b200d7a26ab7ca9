#pragma once

// Validates a document against schemas/cues.schema.json with valijson (draft-07).
#include "common/jsonio.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QFile>
#include <QString>

#include "testsupport.h"

namespace greenlight::test {

inline nlohmann::json plainJson(const Json &j) { return nlohmann::json::parse(j.dump()); }

inline bool cuesSchemaValid(const Json &doc, QString *why = nullptr)
{
    QFile f(test::sourceDir() + QStringLiteral("/schemas/cues.schema.json"));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const nlohmann::json schemaJson = nlohmann::json::parse(f.readAll().toStdString());
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaJson);
    parser.populateSchema(schemaAdapter, schema);
    valijson::Validator validator;
    const nlohmann::json target = plainJson(doc);
    valijson::adapters::NlohmannJsonAdapter adapter(target);
    valijson::ValidationResults results;
    const bool ok = validator.validate(schema, adapter, &results);
    valijson::ValidationResults::Error e;
    while (why && results.popError(e))
        *why += QString::fromStdString(e.description) + QLatin1Char(' ');
    return ok;
}

} // namespace greenlight::test
