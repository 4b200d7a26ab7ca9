#include "spec/specvalidator.h"

#include "qa/findingcodes.h"
#include "spec/project.h"
#include "spec/specrules.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <set>

namespace greenlight {

namespace {

// valijson reads nlohmann::json; our documents keep key order (ordered_json).
nlohmann::json toPlain(const Json &j)
{
    switch (j.type()) {
    case Json::value_t::object: {
        nlohmann::json o = nlohmann::json::object();
        for (auto it = j.begin(); it != j.end(); ++it)
            o[it.key()] = toPlain(it.value());
        return o;
    }
    case Json::value_t::array: {
        nlohmann::json a = nlohmann::json::array();
        for (const Json &e : j)
            a.push_back(toPlain(e));
        return a;
    }
    case Json::value_t::string:
        return j.get<std::string>();
    case Json::value_t::boolean:
        return j.get<bool>();
    case Json::value_t::number_integer:
        return j.get<std::int64_t>();
    case Json::value_t::number_unsigned:
        return j.get<std::uint64_t>();
    case Json::value_t::number_float:
        return j.get<double>();
    default:
        return nullptr;
    }
}

QString escapeToken(QString token)
{
    return token.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
}

// valijson context ["<root>", "[scenes]", "[0]", "[id]"] -> "/scenes/0/id"
QString pointerFromContext(const std::vector<std::string> &context)
{
    QString p;
    for (const std::string &part : context) {
        if (part == "<root>")
            continue;
        QString token = toQString(part);
        if (token.startsWith(QLatin1Char('[')) && token.endsWith(QLatin1Char(']')))
            token = token.mid(1, token.size() - 2);
        p += QLatin1Char('/') + escapeToken(token);
    }
    return p;
}

// The last quoted name in a valijson message ("... constraints: 'colour'.").
QString quotedName(const QString &description)
{
    const qsizetype b = description.lastIndexOf(QLatin1Char('\''));
    const qsizetype a = b > 0 ? description.lastIndexOf(QLatin1Char('\''), b - 1) : -1;
    return (a >= 0 && b > a) ? description.mid(a + 1, b - a - 1) : QString();
}

QString describeValue(const Json &document, const QString &pointer)
{
    try {
        const Json &v = document.at(Json::json_pointer(toStd(pointer)));
        std::string s = v.dump();
        if (s.size() > 60)
            s = s.substr(0, 57) + "...";
        return toQString(s);
    } catch (const Json::exception &) {
        return {};
    }
}

bool isWrapper(const QString &d)
{
    return d.startsWith(QLatin1String("Failed to validate")) || d.startsWith(QLatin1String("Cannot validate"));
}

Finding schemaFinding(const QString &description, const QString &contextPointer, const Json &document)
{
    if (description.startsWith(QLatin1String("Missing required property"))) {
        const QString name = quotedName(description);
        return makeFinding("spec.schema.required",
                           QStringLiteral("required field \"%1\" is missing; add it").arg(name),
                           contextPointer + QLatin1Char('/') + escapeToken(name));
    }
    if (description.startsWith(QLatin1String("Object contains a property"))) {
        const QString name = quotedName(description);
        return makeFinding("spec.schema.unknown-field",
                           QStringLiteral("field \"%1\" is not part of the spec format here; remove it or fix its spelling")
                               .arg(name),
                           contextPointer + QLatin1Char('/') + escapeToken(name));
    }
    const QString found = describeValue(document, contextPointer);
    const QString suffix = found.isEmpty() ? QString() : QStringLiteral(" (found %1)").arg(found);
    if (description.startsWith(QLatin1String("Value type not permitted")))
        return makeFinding("spec.schema.type",
                           QStringLiteral("this field has the wrong type%1").arg(suffix), contextPointer);
    const bool valueRule = description.contains(QLatin1String("enum")) || description.contains(QLatin1String("regex"))
                           || description.startsWith(QLatin1String("Expected number"))
                           || description.startsWith(QLatin1String("String should"))
                           || description.startsWith(QLatin1String("Array should"))
                           || description.startsWith(QLatin1String("Value should be a multiple"))
                           || description.contains(QLatin1String("'const'"));
    QString text = description;
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    text[0] = text[0].toLower();
    return makeFinding(valueRule ? "spec.schema.value" : "spec.schema.invalid", text + suffix, contextPointer);
}

} // namespace

struct SpecValidator::Private
{
    valijson::Schema schema;
    bool schemaLoaded = false;
    QString schemaError;

    Findings validateSchema(const Json &document) const
    {
        Findings out;
        if (!schemaLoaded) {
            out.append(makeFinding("spec.schema.invalid",
                                   QStringLiteral("internal: the spec schema could not be loaded: ") + schemaError));
            return out;
        }
        const nlohmann::json plain = toPlain(document);
        // A Validator caches the compiled regular expressions of "pattern" constraints;
        // keep one per thread so they are compiled once, not per validation.
        thread_local valijson::Validator validator;
        valijson::ValidationResults results;
        valijson::adapters::NlohmannJsonAdapter adapter(plain);
        if (validator.validate(schema, adapter, &results))
            return out;

        struct Raw { QString pointer; QString description; };
        std::vector<Raw> raw;
        valijson::ValidationResults::Error error;
        while (results.popError(error))
            raw.push_back({pointerFromContext(error.context), toQString(error.description)});

        // Keep the most specific errors: drop wrappers ("Failed to validate ...") when a
        // more specific error sits at or below their location.
        std::set<std::pair<QString, QString>> seen;
        for (const Raw &r : raw) {
            if (isWrapper(r.description)) {
                const bool covered = std::any_of(raw.begin(), raw.end(), [&](const Raw &o) {
                    return !isWrapper(o.description)
                           && (o.pointer == r.pointer || o.pointer.startsWith(r.pointer + QLatin1Char('/')));
                });
                if (covered)
                    continue;
            }
            Finding f = schemaFinding(r.description, r.pointer, document);
            if (seen.insert({f.code, f.pointer}).second)
                out.append(f);
        }
        return out;
    }
};

SpecValidator::SpecValidator() : d(std::make_unique<Private>())
{
    QFile file(QStringLiteral(":/schemas/videospec.schema.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        d->schemaError = QStringLiteral("resource missing");
        return;
    }
    try {
        const nlohmann::json schemaJson = nlohmann::json::parse(file.readAll().toStdString());
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaJson);
        parser.populateSchema(schemaAdapter, d->schema);
        d->schemaLoaded = true;
    } catch (const std::exception &e) {
        d->schemaError = QString::fromUtf8(e.what());
    }
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
