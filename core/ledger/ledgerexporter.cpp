#include "ledger/ledgerexporter.h"

#include "ledger/canonicaljson.h"
#include "ledger/decision.h"

#include <QIODevice>

namespace greenlight {

namespace {

void appendCell(QByteArray &line, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (!line.isEmpty())
        line.append(',');
    const bool quote = utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r');
    if (!quote) {
        line.append(utf8);
        return;
    }
    line.append('"');
    for (const char c : utf8) {
        if (c == '"')
            line.append('"');
        line.append(c);
    }
    line.append('"');
}

} // namespace

LedgerExporter::LedgerExporter(QIODevice &device, Format format) : m_device(device), m_format(format) {}

QByteArray LedgerExporter::csvHeader()
{
    return QByteArrayLiteral("seq,decided_at,spec_id,spec_path,variant,run_id,manifest_sha256,spec_sha256,outcome,"
                             "reasons,waivers,reviewer,role,prev_hash,row_hash\r\n");
}

QByteArray LedgerExporter::csvLine(const Decision &d)
{
    QByteArray line;
    const QString cells[] = {QString::number(d.seq),
                             d.decidedAt,
                             d.specId,
                             d.specPath,
                             d.variant,
                             d.runId,
                             d.manifestSha256,
                             d.specSha256,
                             toString(d.outcome),
                             QString::fromUtf8(CanonicalJson::stringArray(d.reasons)),
                             QString::fromUtf8(CanonicalJson::waivers(d.waivers)),
                             d.reviewer,
                             d.role,
                             d.prevHash,
                             d.rowHash};
    for (const QString &cell : cells)
        appendCell(line, cell);
    line.append("\r\n");
    return line;
}

Status LedgerExporter::put(const QByteArray &bytes)
{
    if (m_device.write(bytes) != bytes.size())
        return makeError(QStringLiteral("io.write"), QStringLiteral("export failed: ") + m_device.errorString());
    return {};
}

Status LedgerExporter::begin()
{
    m_count = 0;
    return put(m_format == Format::Csv ? csvHeader() : QByteArrayLiteral("["));
}

Status LedgerExporter::write(const Decision &decision)
{
    if (m_format == Format::Csv)
        return put(csvLine(decision));
    const std::string json = decision.toJson().dump(-1, ' ', false, Json::error_handler_t::replace);
    QByteArray bytes(m_count ? ",\n" : "\n");
    bytes.append(json.data(), qsizetype(json.size()));
    ++m_count;
    return put(bytes);
}

Status LedgerExporter::end()
{
    if (m_format == Format::Csv)
        return {};
    return put(m_count ? QByteArrayLiteral("\n]\n") : QByteArrayLiteral("]\n"));
}

} // namespace greenlight
