#include "common/jsonschema.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QFile>
#include <QHash>
#include <QMutex>

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

SchemaViolation classify(const QString &description, const QString &pointer, const Json &document)
{
    using K = SchemaViolation::Kind;
    if (description.startsWith(QLatin1String("Missing required property"))) {
        const QString name = quotedName(description);
        return {K::Required, pointer + QLatin1Char('/') + escapeToken(name),
                QStringLiteral("required field \"%1\" is missing; add it").arg(name)};
    }
    if (description.startsWith(QLatin1String("Object contains a property"))) {
        const QString name = quotedName(description);
        return {K::UnknownField, pointer + QLatin1Char('/') + escapeToken(name),
                QStringLiteral("field \"%1\" is not part of the format here; remove it or fix its spelling").arg(name)};
    }
    const QString found = describeValue(document, pointer);
    const QString suffix = found.isEmpty() ? QString() : QStringLiteral(" (found %1)").arg(found);
    if (description.startsWith(QLatin1String("Value type not permitted")))
        return {K::Type, pointer, QStringLiteral("this field has the wrong type%1").arg(suffix)};
    const bool valueRule = description.contains(QLatin1String("enum")) || description.contains(QLatin1String("regex"))
                           || description.startsWith(QLatin1String("Expected number"))
                           || description.startsWith(QLatin1String("String should"))
                           || description.startsWith(QLatin1String("Array should"))
                           || description.startsWith(QLatin1String("Value should be a multiple"))
                           || description.contains(QLatin1String("'const'"));
    QString text = description;
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text[0].toLower();
    return {valueRule ? K::Value : K::Invalid, pointer, text + suffix};
}

} // namespace

struct JsonSchema::Private
{
    valijson::Schema schema;
};

JsonSchema::JsonSchema() : d(std::make_unique<Private>()) {}
JsonSchema::~JsonSchema() = default;

Result<std::shared_ptr<const JsonSchema>> JsonSchema::fromJson(const Json &schemaJson)
{
    try {
        std::shared_ptr<JsonSchema> s(new JsonSchema());
        const nlohmann::json plain = toPlain(schemaJson);
        valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
        valijson::adapters::NlohmannJsonAdapter adapter(plain);
        parser.populateSchema(adapter, s->d->schema);
        return std::shared_ptr<const JsonSchema>(s);
    } catch (const std::exception &e) {
        return makeError(QStringLiteral("schema.load"), QStringLiteral("invalid schema: ") + QString::fromUtf8(e.what()));
    }
}

Result<std::shared_ptr<const JsonSchema>> JsonSchema::load(const QString &resourcePath)
{
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const JsonSchema>> cache;
    QMutexLocker lock(&mutex);
    if (auto it = cache.constFind(resourcePath); it != cache.constEnd())
        return *it;
    auto json = readJsonFile(resourcePath);
    if (!json)
        return json.error();
    auto schema = fromJson(*json);
    if (!schema)
        return Error{schema.error().message, schema.error().code, resourcePath};
    cache.insert(resourcePath, *schema);
    return *schema;
}

QList<SchemaViolation> JsonSchema::validate(const Json &document) const
{
    const nlohmann::json plain = toPlain(document);
    // A Validator caches compiled "pattern" regular expressions; one per thread.
    thread_local valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(plain);
    QList<SchemaViolation> out;
    if (validator.validate(d->schema, adapter, &results))
        return out;

    struct Raw { QString pointer; QString description; };
    std::vector<Raw> raw;
    valijson::ValidationResults::Error error;
    while (results.popError(error))
        raw.push_back({pointerFromContext(error.context), toQString(error.description)});

    // Keep the most specific errors: a wrapper ("Failed to validate ...") is dropped when a
    // more specific error sits at or below its location.
    std::set<std::pair<int, QString>> seen;
    for (const Raw &r : raw) {
        if (isWrapper(r.description)) {
            const bool covered = std::any_of(raw.begin(), raw.end(), [&](const Raw &o) {
                return !isWrapper(o.description)
                       && (o.pointer == r.pointer || o.pointer.startsWith(r.pointer + QLatin1Char('/')));
            });
            if (covered)
                continue;
        }
        SchemaViolation v = classify(r.description, r.pointer, document);
        if (seen.insert({int(v.kind), v.pointer}).second)
            out.append(v);
    }
    return out;
}

QString describeViolations(const QList<SchemaViolation> &violations, int max)
{
    QStringList parts;
    for (const SchemaViolation &v : violations) {
        if (parts.size() == max) {
            parts.append(QStringLiteral("and %1 more").arg(violations.size() - max));
            break;
        }
        parts.append((v.pointer.isEmpty() ? QStringLiteral("/") : v.pointer) + QStringLiteral(": ") + v.message);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace greenlight
