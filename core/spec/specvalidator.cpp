#include "spec/specvalidator.h"

#include "common/jsonschema.h"
#include "qa/findingcodes.h"
#include "spec/project.h"
#include "spec/specrules.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"


#include <QDir>
#include <QFile>
#include <QFileInfo>


namespace greenlight {

namespace {

Finding schemaFinding(const SchemaViolation &v)
{
    using K = SchemaViolation::Kind;
    const char *code = v.kind == K::Required       ? "spec.schema.required"
                       : v.kind == K::UnknownField ? "spec.schema.unknown-field"
                       : v.kind == K::Type         ? "spec.schema.type"
                       : v.kind == K::Value        ? "spec.schema.value"
                                                   : "spec.schema.invalid";
    return makeFinding(code, v.message, v.pointer);
}

} // namespace

struct SpecValidator::Private
{
    std::shared_ptr<const JsonSchema> schema;
    QString schemaError;

    Findings validateSchema(const Json &document) const
    {
        Findings out;
        if (!schema) {
            out.append(makeFinding("spec.schema.invalid",
                                   QStringLiteral("internal: the spec schema could not be loaded: ") + schemaError));
            return out;
        }
        for (const SchemaViolation &v : schema->validate(document))
            out.append(schemaFinding(v));
        return out;
    }
};

SpecValidator::SpecValidator() : d(std::make_unique<Private>())
{
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/videospec.schema.json"));
    if (schema)
        d->schema = *schema;
    else
        d->schemaError = schema.error().toString();
}

SpecValidator::~SpecValidator() = default;

Findings SpecValidator::validateFile(const QString &specPath, const QString &projectRoot) const
{
    const QString label = projectRoot.isEmpty()
                              ? specPath
                              : QDir(projectRoot).relativeFilePath(QFileInfo(specPath).absoluteFilePath());
    auto json = readJsonFile(specPath);
    if (!json) {
        Finding f = makeFinding(json.error().code == QLatin1String("json.parse") ? "json.parse" : "io.read",
                                json.error().message);
        f.path = label;
        // The location names file:line:column; keep the line and column in the evidence.
        // The location names file:line:column, relative to the project like every finding path.
        QString location = json.error().location;
        const QString absolute = QFileInfo(specPath).absoluteFilePath();
        if (location.startsWith(specPath))
            location = label + location.mid(specPath.size());
        else if (location.startsWith(absolute))
            location = label + location.mid(absolute.size());
        f.evidence = {{"location", toStd(location)}};
        f.message = location + QStringLiteral(": ") + json.error().message;
        return {f};
    }
    return validateDocument(*json, label, projectRoot);
}

Findings SpecValidator::validateDocument(const Json &document, const QString &specPath,
                                         const QString &projectRoot) const
{
    Findings out = d->validateSchema(document);
    const bool schemaOk = out.isEmpty();
    if (schemaOk) {
        auto spec = VideoSpec::fromJson(document);
        if (!spec) {
            out.append(makeFinding("spec.schema.invalid", spec.error().message, spec.error().location));
        } else {
            SpecRules rules(*spec, projectRoot);
            out += rules.checkAll();
        }
    }
    // Each variant must also be a valid spec once resolved. While the base breaks the
    // schema, variant findings would only repeat it in other words, so they wait.
    if (schemaOk && document.is_object() && document.contains("variants") && document["variants"].is_array()) {
        const Json &variants = document["variants"];
        for (size_t i = 0; i < variants.size(); ++i) {
            const Json &v = variants[i];
            if (!v.is_object() || !v.contains("id") || !v["id"].is_string() || !v.contains("overrides")
                || !v["overrides"].is_object())
                continue; // already reported by the schema
            const QString id = toQString(v["id"].get<std::string>());
            auto resolved = resolveVariantJson(document, id);
            if (!resolved)
                continue;
            Findings base = out;
            Findings variantFindings = d->validateSchema(*resolved);
            if (variantFindings.isEmpty()) {
                auto spec = VideoSpec::fromJson(*resolved);
                if (spec) {
                    SpecRules rules(*spec, projectRoot);
                    variantFindings = rules.checkAll(v["overrides"].contains("assets"));
                }
            }
            for (Finding &f : variantFindings) {
                // Report only what the variant adds: the same problem in the base is already listed.
                const bool inBase = std::any_of(base.begin(), base.end(), [&](const Finding &b) {
                    return b.variant.isEmpty() && b.code == f.code && b.pointer == f.pointer;
                });
                if (inBase)
                    continue;
                f.variant = id;
                f.message = QStringLiteral("in variant \"%1\": ").arg(id) + f.message;
                out.append(f);
            }
        }
    }
    for (Finding &f : out)
        if (f.path.isEmpty())
            f.path = specPath;
    return out;
}

QList<SpecReport> validateProject(const Project &project, const SpecValidator &validator)
{
    QList<SpecReport> reports;
    for (const QString &rel : project.specFiles())
        reports.append(SpecReport{rel, validator.validateFile(project.absolutePath(rel), project.root())});
    return reports;
}

} // namespace greenlight
