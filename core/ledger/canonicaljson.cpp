#include "ledger/canonicaljson.h"

#include "ledger/decision.h"

namespace greenlight {

namespace {

inline void appendEscaped(QByteArray &out, char ch)
{
    static constexpr char hex[] = "0123456789abcdef";
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
    case '"': out.append("\\\""); break;
    case '\\': out.append("\\\\"); break;
    case '\b': out.append("\\b"); break;
    case '\f': out.append("\\f"); break;
    case '\n': out.append("\\n"); break;
    case '\r': out.append("\\r"); break;
    case '\t': out.append("\\t"); break;
    default:
        if (c < 0x20) {
            out.append("\\u00");
            out.append(hex[c >> 4]);
            out.append(hex[c & 0xf]);
        } else {
            out.append(ch);
        }
    }
}

void appendUtf8(QByteArray &out, const QByteArray &utf8)
{
    for (const char ch : utf8)
        appendEscaped(out, ch);
}

void appendKey(QByteArray &out, const char *key)
{
    out.append('"').append(key).append("\":");
}

} // namespace

void CanonicalJson::appendString(QByteArray &out, const QString &s)
{
    // Fast path for the usual ASCII text, written straight into the buffer (verify
    // re-serializes every row); anything else goes through Qt's UTF-8 encoder.
    const qsizetype start = out.size();
    out.resize(start + 2 + s.size() * 6); // worst case: every character as \u00XX
    char *p = out.data() + start;
    *p++ = '"';
    for (const QChar qc : s) {
        const char16_t c = qc.unicode();
        if (c >= 0x80) {
            out.truncate(start);
            out.append('"');
            appendUtf8(out, s.toUtf8());
            out.append('"');
            return;
        }
        if (c >= 0x20 && c != u'"' && c != u'\\') {
            *p++ = char(c);
            continue;
        }
        QByteArray escaped;
        appendEscaped(escaped, char(c));
        for (const char e : escaped)
            *p++ = e;
    }
    *p++ = '"';
    out.truncate(p - out.constData());
}

QByteArray CanonicalJson::stringArray(const QStringList &strings)
{
    QByteArray out("[");
    for (qsizetype i = 0; i < strings.size(); ++i) {
        if (i)
            out.append(',');
        appendString(out, strings[i]);
    }
    out.append(']');
    return out;
}

QByteArray CanonicalJson::waivers(const QList<Waiver> &waivers)
{
    QByteArray out("[");
    for (qsizetype i = 0; i < waivers.size(); ++i) {
        if (i)
            out.append(',');
        out.append('{');
        appendKey(out, "code");
        appendString(out, waivers[i].code);
        out.append(',');
        appendKey(out, "reason");
        appendString(out, waivers[i].reason);
        out.append('}');
    }
    out.append(']');
    return out;
}

QByteArray CanonicalJson::decision(const Decision &d)
{
    return decision(d, stringArray(d.reasons), waivers(d.waivers));
}

QByteArray CanonicalJson::decision(const Decision &d, const QByteArray &reasonsJson, const QByteArray &waiversJson)
{
    // Keys in byte order; keep in step with Decision::toJson (a test compares with fromJson()).
    QByteArray out;
    out.reserve(1024);
    out.append('{');
    appendKey(out, "decidedAt");
    appendString(out, d.decidedAt);
    out.append(',');
    appendKey(out, "manifestSha256");
    appendString(out, d.manifestSha256);
    out.append(',');
    appendKey(out, "outcome");
    appendString(out, toString(d.outcome));
    out.append(',');
    appendKey(out, "prevHash");
    appendString(out, d.prevHash);
    out.append(',');
    appendKey(out, "reasons");
    out.append(reasonsJson);
    out.append(',');
    appendKey(out, "reviewer");
    appendString(out, d.reviewer);
    out.append(',');
    appendKey(out, "role");
    appendString(out, d.role);
    out.append(',');
    appendKey(out, "runId");
    appendString(out, d.runId);
    out.append(',');
    appendKey(out, "seq");
    out.append(QByteArray::number(d.seq));
    out.append(',');
    appendKey(out, "specId");
    appendString(out, d.specId);
    out.append(',');
    appendKey(out, "specPath");
    appendString(out, d.specPath);
    out.append(',');
    appendKey(out, "specSha256");
    appendString(out, d.specSha256);
    out.append(',');
    appendKey(out, "variant");
    appendString(out, d.variant);
    out.append(',');
    appendKey(out, "waivers");
    out.append(waiversJson);
    out.append('}');
    return out;
}

QByteArray CanonicalJson::fromJson(const Json &json)
{
    // nlohmann::json (not ordered_json) keeps object keys in a std::map: sorted by bytes.
    const nlohmann::json sorted = nlohmann::json::parse(json.dump());
    const std::string s = sorted.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace greenlight
