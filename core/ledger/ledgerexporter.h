#pragma once

#include "common/result.h"

#include <QByteArray>

class QIODevice;

namespace greenlight {

struct Decision;

// Writes decisions as they stream out of the ledger: CSV (header line, RFC 4180 quoting,
// CRLF; reasons and waivers as their JSON arrays so nothing is lost) or a JSON array of
// decision objects (schemas/decision.schema.json), one per line. Cells are written as
// recorded; a spreadsheet user should import them as text.
class LedgerExporter
{
public:
    enum class Format { Csv, Json };

    LedgerExporter(QIODevice &device, Format format);

    Status begin();
    Status write(const Decision &decision);
    Status end();

    static QByteArray csvHeader();
    static QByteArray csvLine(const Decision &decision);

private:
    Status put(const QByteArray &bytes);

    QIODevice &m_device;
    Format m_format;
    qint64 m_count = 0;
};

} // namespace greenlight
