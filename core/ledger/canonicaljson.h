#pragma once

#include "common/jsonio.h"
#include "ledger/decisioninput.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace greenlight {

struct Decision;

// Canonical JSON: object keys sorted by their UTF-8 bytes, no insignificant whitespace,
// strings as raw UTF-8 with only '"', '\\' and control characters escaped (the RFC 8785
// string rules; our numbers are integers). Equal content gives equal bytes, so the bytes
// can be hashed. The decision writer is hand-rolled for speed (verify re-serializes every
// row); fromJson() is the generic reference it is tested against.
class CanonicalJson
{
public:
    static QByteArray decision(const Decision &d);
    // The same with reasons and waivers given as their canonical arrays (stored columns):
    // verify rebuilds rows this way without parsing them. Keys frame every value, so the
    // result can equal a genuine canonical copy only if each fragment is exactly the
    // genuine one.
    static QByteArray decision(const Decision &d, const QByteArray &reasonsJson, const QByteArray &waiversJson);
    static QByteArray stringArray(const QStringList &strings);
    static QByteArray waivers(const QList<Waiver> &waivers);
    static QByteArray fromJson(const Json &json);

    static void appendString(QByteArray &out, const QString &s);
};

} // namespace greenlight
