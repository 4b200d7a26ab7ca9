#include "review/reviewexport.h"

#include "media/framedecoder.h"
#include "review/reviewsession.h"
#include "semantic/observation.h"

#include <QAbstractTextDocumentLayout>
#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTextBlock>
#include <QTextDocument>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <memory>
#include <vector>

namespace greenlight::reviewexport {

namespace {

const QString kStillsFolder = QStringLiteral("stills");
const QString kNotesFile = QStringLiteral("notes.csv");

// Stills through one FrameDecoder per export: opened on first use, kept for the next frame.
class DecoderStills
{
public:
    Result<QImage> operator()(const QString &videoPath, qint64 frame, int width)
    {
        if (!m_decoder || m_path != videoPath) {
            m_decoder = std::make_shared<FrameDecoder>();
            m_path = videoPath;
            if (Status s = m_decoder->open(videoPath); !s) {
                m_decoder.reset();
                return s.error();
            }
        }
        m_decoder->setOutputSize(width > 0 ? QSize(width, 1 << 14) : QSize());
        const qint64 last = m_decoder->frameCount() - 1;
        auto decoded = m_decoder->frame(std::clamp<qint64>(frame, 0, std::max<qint64>(0, last)));
        if (!decoded)
            return decoded.error();
        QImage image = decoded->image;
        if (width > 0 && image.width() > width)
            image = image.scaledToWidth(width, Qt::SmoothTransformation);
        return image;
    }

private:
    std::shared_ptr<FrameDecoder> m_decoder;
    QString m_path;
};

StillSource stillSource(const ExportOptions &options)
{
    if (options.stills)
        return options.stills;
    auto decoder = std::make_shared<DecoderStills>();
    return [decoder](const QString &path, qint64 frame, int width) { return (*decoder)(path, frame, width); };
}

QString csvField(const QString &value)
{
    const bool quote = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
                       || value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
    if (!quote)
        return value;
    QString escaped = value;
    escaped.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString reviewerOf(const Finding &f)
{
    if (!f.reviewer)
        return {};
    const QString label = observation::reviewerLabel(*f.reviewer);
    return f.reviewer->kind.isEmpty() ? label : QString(f.reviewer->kind + QLatin1Char(':') + label);
}

QString stillName(int note)
{
    return QStringLiteral("%1.png").arg(note, 3, 10, QLatin1Char('0'));
}

// Makes the stills of every note with frames in `dir`; names[i] is note i's file (relative to
// the folder holding stills/), empty for notes without one.
Result<QStringList> writeStills(const GateEvaluation &ev, const QString &dir, const ExportOptions &options)
{
    QStringList names;
    const QString video = runVideoPath(ev);
    StillSource source;
    for (qsizetype i = 0; i < ev.findings.size(); ++i) {
        const qint64 frame = stillFrame(ev.findings.at(i));
        if (frame < 0) {
            names.append(QString());
            continue;
        }
        if (video.isEmpty())
            return makeError(QStringLiteral("review.export.video"),
                             QStringLiteral("run %1 has no video to take stills from").arg(ev.run.id), ev.runDir);
        if (!source)
            source = stillSource(options);
        auto image = source(video, frame, options.stillWidth);
        if (!image)
            return image.error();
        const QString name = stillName(int(i) + 1);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image->save(&buffer, "PNG"))
            return makeError(QStringLiteral("io.write"), QStringLiteral("could not encode the still of frame %1").arg(frame),
                             dir + QLatin1Char('/') + name);
        if (Status s = writeFileAtomically(dir + QLatin1Char('/') + name, png); !s)
            return s.error();
        names.append(kStillsFolder + QLatin1Char('/') + name);
    }
    return names;
}

QString utcText(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

// ---- PDF ----------------------------------------------------------------------------------

QString severityColor(Severity s)
{
    switch (s) {
    case Severity::Blocker: return QStringLiteral("#c62828");
    case Severity::Warning: return QStringLiteral("#e08a00");
    case Severity::Info: return QStringLiteral("#1b7fa6");
    }
    return QStringLiteral("#555555");
}

QString outcomeColor(Outcome o)
{
    switch (o) {
    case Outcome::Pass: return QStringLiteral("#2e7d32");
    case Outcome::Revise: return QStringLiteral("#e08a00");
    case Outcome::Reject: return QStringLiteral("#c62828");
    }
    return QStringLiteral("#555555");
}

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString stageCounts(const GateStage &s)
{
    QStringList parts;
    if (s.openBlockers)
        parts << QStringLiteral("<span style='color:%1'><b>%2 blocker%3</b></span>")
                     .arg(severityColor(Severity::Blocker))
                     .arg(s.openBlockers)
                     .arg(s.openBlockers == 1 ? QString() : QStringLiteral("s"));
    if (s.openWarnings)
        parts << QStringLiteral("<span style='color:%1'>%2 warning%3</span>")
                     .arg(severityColor(Severity::Warning))
                     .arg(s.openWarnings)
                     .arg(s.openWarnings == 1 ? QString() : QStringLiteral("s"));
    if (s.openInfo)
        parts << QStringLiteral("%1 info").arg(s.openInfo);
    if (s.closed)
        parts << QStringLiteral("%1 resolved or waived").arg(s.closed);
    return parts.isEmpty() ? QStringLiteral("&mdash;") : parts.join(QStringLiteral(", "));
}

QString stateColor(const GateStage &s)
{
    if (s.openBlockers || (s.required && s.state == QLatin1String("not-run")))
        return severityColor(Severity::Blocker);
    if (s.state == QLatin1String("findings") || s.state == QLatin1String("changed"))
        return severityColor(Severity::Warning);
    if (s.state == QLatin1String("clean"))
        return QStringLiteral("#2e7d32");
    return QStringLiteral("#777777");
}

QString stateLabel(const GateStage &s)
{
    if (s.state == QLatin1String("not-run"))
        return QStringLiteral("not run");
    if (s.state == QLatin1String("changed"))
        return QStringLiteral("spec changed");
    return s.state;
}

QString frameText(const Finding &f, const Rational &fps)
{
    if (!f.frames)
        return QStringLiteral("whole run");
    return QStringLiteral("frames %1&ndash;%2<br/>%3 &ndash; %4")
        .arg(f.frames->start)
        .arg(f.frames->end)
        .arg(ReviewSession::timecode(f.frames->start, fps), ReviewSession::timecode(f.frames->end, fps));
}

QString decisionHtml(const GateEvaluation &ev)
{
    if (!ev.latest)
        return QStringLiteral("<p>No decision has been recorded for this spec variant.</p>");
    const Decision &d = *ev.latest;
    QString html = QStringLiteral("<table width='100%' cellspacing='0' cellpadding='4' class='kv'>");
    const auto row = [&html](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td width='22%' class='key'>%1</td><td>%2</td></tr>").arg(k, v);
    };
    row(QStringLiteral("Outcome"), QStringLiteral("<span style='color:%1; font-size:13pt'><b>%2</b></span>")
                                       .arg(outcomeColor(d.outcome), esc(toString(d.outcome).toUpper())));
    row(QStringLiteral("Decision"), QStringLiteral("#%1, %2").arg(d.seq).arg(esc(d.decidedAt)));
    row(QStringLiteral("Reviewer"), QStringLiteral("%1 (%2)").arg(esc(d.reviewer), esc(d.role)));
    row(QStringLiteral("Applies to"),
        ev.latestAppliesToRun() ? QStringLiteral("this run, as it is now")
        : d.runId == ev.run.id  ? QStringLiteral("<span style='color:#c62828'>this run, but its manifest has changed "
                                                 "since</span>")
                                : QStringLiteral("another run: %1").arg(esc(d.runId)));
    QStringList reasons;
    for (const QString &r : d.reasons)
        reasons << esc(r);
    row(QStringLiteral("Reasons"), reasons.isEmpty() ? QStringLiteral("&mdash;") : reasons.join(QStringLiteral("<br/>")));
    QStringList waivers;
    for (const Waiver &w : d.waivers)
        waivers << QStringLiteral("<span class='code'>%1</span>: %2").arg(esc(w.code), esc(w.reason));
    row(QStringLiteral("Waivers"), waivers.isEmpty() ? QStringLiteral("none") : waivers.join(QStringLiteral("<br/>")));
    row(QStringLiteral("Row hash"), QStringLiteral("<span class='hash'>%1</span>").arg(esc(d.rowHash)));
    html += QStringLiteral("</table>");
    return html;
}

QString reportHtml(const GateEvaluation &ev, const QString &generatedAt)
{
    const Rational fps = runFps(ev);
    QString html;
    html += QStringLiteral("<p class='brand'>GREENLIGHT &middot; REVIEW REPORT</p>");
    html += QStringLiteral("<h1>%1</h1>").arg(esc(ev.run.spec.specId.isEmpty() ? ev.run.spec.path : ev.run.spec.specId));
    html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3' class='kv'>");
    const auto meta = [&html](const QString &k, const QString &v) {
        html += QStringLiteral("<tr><td width='22%' class='key'>%1</td><td>%2</td></tr>").arg(k, v);
    };
    meta(QStringLiteral("Spec"), esc(ev.run.spec.path));
    meta(QStringLiteral("Variant"), esc(ledgerVariant(ev.run.spec.variant)));
    meta(QStringLiteral("Run"), QStringLiteral("%1 (%2, %3)").arg(esc(ev.run.id), esc(toString(ev.run.kind)),
                                                                 esc(toString(ev.run.status))));
    if (ev.run.media)
        meta(QStringLiteral("Video"), QStringLiteral("%1&times;%2 at %3 fps, %4 frames (%5)")
                                          .arg(ev.run.media->width)
                                          .arg(ev.run.media->height)
                                          .arg(QString::number(fps.toDouble(), 'f', fps.den == 1 ? 0 : 3))
                                          .arg(ev.run.media->durationFrames)
                                          .arg(ReviewSession::timecode(ev.run.media->durationFrames, fps)));
    meta(QStringLiteral("Workload"), esc(ev.workload));
    meta(QStringLiteral("Manifest sha256"),
         QStringLiteral("<span class='hash'>%1</span>")
             .arg(ev.manifestSha256.isEmpty() ? QStringLiteral("(unreadable)") : esc(ev.manifestSha256)));
    meta(QStringLiteral("Report date"), esc(generatedAt));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h2>Stage summary</h2>");
    html += QStringLiteral("<table width='100%' cellspacing='0' cellpadding='5' class='grid'>"
                           "<thead><tr><th align='left'>Stage</th><th align='left'>Required</th>"
                           "<th align='left'>State</th><th align='left'>Open findings</th></tr></thead>");
    for (const GateStage &s : ev.stages)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td><td><span style='color:%3'><b>%4</b></span></td>"
                               "<td>%5</td></tr>")
                    .arg(esc(toString(s.stage)), s.required ? QStringLiteral("yes") : QStringLiteral("no"),
                         stateColor(s), esc(stateLabel(s)), stageCounts(s));
    html += QStringLiteral("</table>");
    const int blockers = int(ev.openBlockers().size());
    html += QStringLiteral("<p>%1</p>")
                .arg(blockers == 0 ? QStringLiteral("No blocker is open: a pass can be recorded.")
                                   : QStringLiteral("<span style='color:%1'><b>%2 open blocker%3</b></span>: a pass "
                                                    "needs each fixed or waived by a role the runbook allows.")
                                         .arg(severityColor(Severity::Blocker))
                                         .arg(blockers)
                                         .arg(blockers == 1 ? QString() : QStringLiteral("s")));

    html += QStringLiteral("<h2>Decision</h2>") + decisionHtml(ev);

    html += QStringLiteral("<h2>Findings (%1)</h2>").arg(ev.findings.size());
    if (ev.findings.isEmpty())
        html += QStringLiteral("<p>No findings in any stage.</p>");
    return html;
}

// One finding as a block of its own: number, still and text side by side.
QString findingHtml(const GateEvaluation &ev, qsizetype i, const QSize &stillSize)
{
    const Rational fps = runFps(ev);
    const Finding &f = ev.findings.at(i);
    QString still = QStringLiteral("<span class='muted'>%1</span>")
                        .arg(f.frames ? QStringLiteral("no still") : QStringLiteral("no frames"));
    if (stillSize.isValid()) {
        const QSize s = stillSize.scaled(QSize(150, 120), Qt::KeepAspectRatio);
        still = QStringLiteral("<img src='still://%1' width='%2' height='%3'/>").arg(i).arg(s.width()).arg(s.height());
    }
    QString body = QStringLiteral("<span style='color:%1'><b>%2</b></span> &nbsp;<span class='code'>%3</span>"
                                  " &nbsp;<span class='muted'>%4 &middot; %5</span><br/>")
                       .arg(severityColor(f.severity), esc(toString(f.severity).toUpper()), esc(f.code),
                            esc(toString(f.stage)), esc(toString(f.status)));
    body += QStringLiteral("<span class='muted'>%1</span><br/>").arg(frameText(f, fps));
    body += esc(f.message);
    if (!f.waiverReason.isEmpty())
        body += QStringLiteral("<br/><i>Waived: %1</i>").arg(esc(f.waiverReason));
    if (const QString who = reviewerOf(f); !who.isEmpty())
        body += QStringLiteral("<br/><span class='muted'>Reviewer: %1%2</span>")
                    .arg(esc(who), f.id.isEmpty() ? QString() : QString(QStringLiteral(" &middot; ") + esc(f.id)));
    else if (!f.pointer.isEmpty() || !f.path.isEmpty())
        body += QStringLiteral("<br/><span class='muted'>%1%2</span>")
                    .arg(esc(f.path), f.pointer.isEmpty() ? QString() : QString(QStringLiteral(" ") + esc(f.pointer)));
    return QStringLiteral("<table width='100%' cellspacing='0' cellpadding='3'><tr>"
                          "<td width='7%' class='num'><b>%1</b></td><td width='27%'>%2</td><td>%3</td>"
                          "</tr></table>")
        .arg(i + 1)
        .arg(still, body);
}

// Places documents one after the other on pages of `pageHeight`: a block that does not fit
// what is left of a page starts the next one; a block taller than a page is paginated by the
// text layout (which never cuts a line) and continues on the pages after.
class Pager
{
public:
    struct Slice
    {
        int doc = 0;
        int page = 0;
        qreal y = 0;      // where on the page
        qreal top = 0;    // where in the document
        qreal height = 0;
        bool separator = false;
    };

    Pager(qreal width, qreal pageHeight, qreal gap) : m_width(width), m_height(pageHeight), m_gap(gap) {}

    void add(int index, QTextDocument &doc, bool separator)
    {
        doc.setTextWidth(m_width);
        const qreal h = doc.size().height();
        if (m_y > 0 && m_y + m_gap + h > m_height) {
            ++m_page;
            m_y = 0;
        } else if (m_y > 0) {
            m_y += m_gap;
        }
        if (h <= m_height - m_y) {
            m_slices.append({index, m_page, m_y, 0, h, separator && m_y > 0});
            m_y += h;
            return;
        }
        if (m_y > 0) {
            ++m_page;
            m_y = 0;
        }
        doc.setPageSize(QSizeF(m_width, m_height));
        const int pages = std::max(1, doc.pageCount());
        const qreal lastBottom = doc.documentLayout()->blockBoundingRect(doc.lastBlock()).bottom();
        for (int p = 0; p < pages; ++p) {
            const qreal used = p + 1 < pages ? m_height : std::max<qreal>(0, lastBottom - p * m_height);
            m_slices.append({index, m_page, 0, p * m_height, p + 1 < pages ? m_height : used, false});
            if (p + 1 < pages)
                ++m_page;
            m_y = used;
        }
    }

    const QList<Slice> &slices() const { return m_slices; }
    int pageCount() const { return m_page + 1; }

private:
    qreal m_width;
    qreal m_height;
    qreal m_gap;
    qreal m_y = 0;
    int m_page = 0;
    QList<Slice> m_slices;
};

const char *kReportCss = R"(
body { font-family: 'DejaVu Sans', 'Noto Sans', sans-serif; font-size: 9pt; color: #1d1d1f; }
h1 { font-size: 18pt; margin-top: 2px; margin-bottom: 8px; }
h2 { font-size: 12pt; margin-top: 16px; margin-bottom: 6px; color: #2d3b45; }
p.brand { font-size: 8pt; color: #2e7d32; font-weight: bold; margin-bottom: 0px; }
td.key { color: #5f6b73; }
table.grid { border-color: #c9d1d6; border-style: solid; }
th { background-color: #eef2f4; color: #2d3b45; }
.code { font-family: 'DejaVu Sans Mono', monospace; }
.hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 7.5pt; }
.muted { color: #6b767d; }
)";

} // namespace

Rational runFps(const GateEvaluation &ev)
{
    if (ev.run.media && ev.run.media->fps.num > 0 && ev.run.media->fps.den > 0)
        return ev.run.media->fps;
    return Rational{30, 1};
}

QString runVideoPath(const GateEvaluation &ev)
{
    const QDir dir(ev.runDir);
    for (const RunArtifact &a : ev.run.artifacts)
        if (a.role == QLatin1String("video"))
            return QDir::cleanPath(dir.absoluteFilePath(a.path));
    const QString fallback = dir.absoluteFilePath(QStringLiteral("output.mp4"));
    return QFileInfo::exists(fallback) ? fallback : QString();
}

qint64 stillFrame(const Finding &f)
{
    return f.frames ? std::max<qint64>(0, f.frames->start) : -1;
}

QByteArray notesCsv(const GateEvaluation &ev, const QStringList &stillFiles)
{
    const Rational fps = runFps(ev);
    const QString crlf = QStringLiteral("\r\n");
    QString text = QStringLiteral("note,id,code,stage,severity,status,frame_start,frame_end,timecode_in,timecode_out,"
                                  "message,reviewer,waiver_reason,still")
                   + crlf;
    for (qsizetype i = 0; i < ev.findings.size(); ++i) {
        const Finding &f = ev.findings.at(i);
        QStringList row{QString::number(i + 1), f.id, f.code, toString(f.stage), toString(f.severity),
                        toString(f.status)};
        if (f.frames)
            row << QString::number(f.frames->start) << QString::number(f.frames->end)
                << ReviewSession::timecode(f.frames->start, fps) << ReviewSession::timecode(f.frames->end, fps);
        else
            row << QString() << QString() << QString() << QString();
        row << f.message << reviewerOf(f) << f.waiverReason << stillFiles.value(i);
        for (QString &field : row)
            field = csvField(field);
        text += row.join(QLatin1Char(',')) + crlf;
    }
    return text.toUtf8();
}

Result<QString> exportNotesCsv(const GateEvaluation &ev, const QString &outDir, const ExportOptions &options)
{
    const QString dir = QDir(outDir).absolutePath();
    if (!QDir().mkpath(dir))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create the folder"), dir);
    const QString token = QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString staging = dir + QStringLiteral("/.stills-staging-") + token;
    const QString previous = dir + QStringLiteral("/.stills-previous-") + token;
    const QString stills = dir + QLatin1Char('/') + kStillsFolder;
    if (!QDir().mkpath(staging))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create the folder"), staging);
    const auto dropStaging = [&] { QDir(staging).removeRecursively(); };

    auto names = writeStills(ev, staging, options);
    if (!names) {
        dropStaging();
        return names.error();
    }

    // Swap the new stills in; keep the previous ones until notes.csv is in place.
    const bool hadStills = QFileInfo(stills).isDir();
    if (hadStills && !QDir().rename(stills, previous)) {
        dropStaging();
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot replace the earlier stills"), stills);
    }
    if (!QDir().rename(staging, stills)) {
        if (hadStills)
            QDir().rename(previous, stills);
        dropStaging();
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot move the stills into place"), stills);
    }
    const QString csvPath = dir + QLatin1Char('/') + kNotesFile;
    if (Status s = writeFileAtomically(csvPath, notesCsv(ev, *names)); !s) {
        QDir(stills).removeRecursively();
        if (hadStills)
            QDir().rename(previous, stills);
        return s.error();
    }
    if (hadStills)
        QDir(previous).removeRecursively();
    return csvPath;
}

Status exportReportPdf(const GateEvaluation &ev, const QString &outPath, const ExportOptions &options)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return makeError(QStringLiteral("review.export.gui"),
                         QStringLiteral("the PDF report needs Qt's font machinery (a QGuiApplication); this program "
                                        "started without it"),
                         outPath);

    // Stills first: a failure leaves nothing behind.
    QList<QImage> stills;
    QList<QSize> sizes;
    const QString video = runVideoPath(ev);
    StillSource source;
    for (const Finding &f : ev.findings) {
        const qint64 frame = stillFrame(f);
        if (frame < 0 || video.isEmpty()) {
            stills.append(QImage());
            sizes.append(QSize());
            continue;
        }
        if (!source)
            source = stillSource(options);
        auto image = source(video, frame, std::min(options.stillWidth, 480));
        if (!image)
            return image.error();
        stills.append(*image);
        sizes.append(image->size());
    }

    const QString generatedAt =
        options.generatedAt.isEmpty() ? utcText(QDateTime::currentDateTimeUtc()) : options.generatedAt;

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(16, 16, 16, 14), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(QStringLiteral("Review report: %1 [%2] run %3")
                            .arg(ev.run.spec.specId, ledgerVariant(ev.run.spec.variant), ev.run.id));
        writer.setCreator(QStringLiteral("Greenlight"));

        QPainter painter;
        if (!painter.begin(&writer))
            return makeError(QStringLiteral("review.export.pdf"), QStringLiteral("cannot start the PDF"), outPath);

        const QRect page = painter.viewport();
        const qreal dpi = writer.resolution();
        const qreal footer = dpi * 0.35; // inches
        const qreal bodyHeight = page.height() - footer;
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSizeF(9);

        // The title block, stage summary and decision, then one block per finding.
        std::vector<std::unique_ptr<QTextDocument>> docs;
        const auto makeDoc = [&](const QString &html) {
            auto doc = std::make_unique<QTextDocument>();
            doc->documentLayout()->setPaintDevice(&writer);
            doc->setDefaultStyleSheet(QString::fromUtf8(kReportCss));
            doc->setDefaultFont(font);
            doc->setDocumentMargin(0);
            for (qsizetype i = 0; i < stills.size(); ++i)
                if (!stills.at(i).isNull() && html.contains(QStringLiteral("still://%1'").arg(i)))
                    doc->addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("still://%1").arg(i)),
                                     stills.at(i));
            doc->setHtml(html);
            docs.push_back(std::move(doc));
            return docs.back().get();
        };
        Pager pager(page.width(), bodyHeight, dpi * 0.06);
        pager.add(0, *makeDoc(reportHtml(ev, generatedAt)), false);
        for (qsizetype i = 0; i < ev.findings.size(); ++i) {
            QTextDocument *doc = makeDoc(findingHtml(ev, i, sizes.value(i)));
            pager.add(int(docs.size()) - 1, *doc, true);
        }

        QFont footerFont(QStringLiteral("DejaVu Sans"));
        footerFont.setPointSizeF(7.5);
        const QString footerLeft = QStringLiteral("%1 [%2] \u00b7 run %3 \u00b7 %4")
                                       .arg(ev.run.spec.specId, ledgerVariant(ev.run.spec.variant), ev.run.id, generatedAt);
        const int pages = pager.pageCount();
        int current = 0;
        const auto drawFooter = [&](int p) {
            painter.save();
            painter.setFont(footerFont);
            painter.setPen(QColor(0x6b, 0x76, 0x7d));
            const QRectF footerRect(0, page.height() - footer * 0.6, page.width(), footer * 0.6);
            painter.drawLine(QPointF(0, footerRect.top()), QPointF(page.width(), footerRect.top()));
            painter.drawText(footerRect, Qt::AlignLeft | Qt::AlignBottom, footerLeft);
            painter.drawText(footerRect, Qt::AlignRight | Qt::AlignBottom,
                             QStringLiteral("Page %1 of %2").arg(p + 1).arg(pages));
            painter.restore();
        };
        for (const Pager::Slice &slice : pager.slices()) {
            while (current < slice.page) {
                drawFooter(current);
                if (!writer.newPage())
                    return makeError(QStringLiteral("review.export.pdf"),
                                     QStringLiteral("cannot add page %1").arg(current + 2), outPath);
                ++current;
            }
            if (slice.separator) {
                painter.save();
                painter.setPen(QPen(QColor(0xdd, 0xe3, 0xe6), dpi / 96.0));
                const qreal lineY = slice.y - dpi * 0.03;
                painter.drawLine(QPointF(0, lineY), QPointF(page.width(), lineY));
                painter.restore();
            }
            painter.save();
            painter.translate(0, slice.y - slice.top);
            docs.at(size_t(slice.doc))->drawContents(&painter, QRectF(0, slice.top, page.width(), slice.height));
            painter.restore();
        }
        drawFooter(current);
        if (!painter.end())
            return makeError(QStringLiteral("review.export.pdf"), QStringLiteral("cannot finish the PDF"), outPath);
    }
    if (!bytes.startsWith("%PDF"))
        return makeError(QStringLiteral("review.export.pdf"), QStringLiteral("the PDF writer produced no document"),
                         outPath);
    return writeFileAtomically(outPath, bytes);
}

namespace {

Json rationalTime(double value, double rate)
{
    return Json{{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", rate}, {"value", value}};
}

Json timeRange(qint64 start, qint64 duration, double rate)
{
    return Json{{"OTIO_SCHEMA", "TimeRange.1"},
                {"duration", rationalTime(double(duration), rate)},
                {"start_time", rationalTime(double(start), rate)}};
}

std::string markerColor(Severity s)
{
    switch (s) {
    case Severity::Blocker: return "RED";
    case Severity::Warning: return "ORANGE";
    case Severity::Info: return "CYAN";
    }
    return "GREEN";
}

qint64 clipFrames(const GateEvaluation &ev)
{
    qint64 frames = ev.run.media ? ev.run.media->durationFrames : 0;
    for (const Finding &f : ev.findings)
        if (f.frames)
            frames = std::max(frames, f.frames->end);
    return std::max<qint64>(frames, 1);
}

} // namespace

Json otioTimeline(const GateEvaluation &ev)
{
    const Rational fps = runFps(ev);
    const double rate = fps.toDouble();
    const qint64 frames = clipFrames(ev);
    const QString video = runVideoPath(ev);
    const QString clipName = video.isEmpty() ? ev.run.id : QFileInfo(video).fileName();

    Json markers = Json::array();
    for (const Finding &f : ev.findings) {
        const qint64 start = f.frames ? f.frames->start : 0;
        const qint64 duration = f.frames ? std::max<qint64>(0, f.frames->end - f.frames->start) : frames;
        Json meta{{"stage", toStd(toString(f.stage))},
                  {"severity", toStd(toString(f.severity))},
                  {"status", toStd(toString(f.status))},
                  {"wholeClip", !f.frames.has_value()}};
        if (!f.id.isEmpty())
            meta["id"] = toStd(f.id);
        if (f.reviewer)
            meta["reviewer"] = toStd(reviewerOf(f));
        if (f.frames)
            meta["timecode"] = toStd(ReviewSession::timecode(f.frames->start, fps) + QStringLiteral(" - ")
                                     + ReviewSession::timecode(f.frames->end, fps));
        if (!f.waiverReason.isEmpty())
            meta["waiverReason"] = toStd(f.waiverReason);
        markers.push_back(Json{{"OTIO_SCHEMA", "Marker.2"},
                               {"metadata", Json{{"greenlight", meta}}},
                               {"name", toStd(f.code)},
                               {"color", markerColor(f.severity)},
                               {"marked_range", timeRange(start, duration, rate)},
                               {"comment", toStd(f.message)}});
    }

    Json reference{{"OTIO_SCHEMA", "ExternalReference.1"},
                   {"metadata", Json::object()},
                   {"name", toStd(clipName)},
                   {"available_range", timeRange(0, frames, rate)},
                   {"available_image_bounds", nullptr},
                   {"target_url", video.isEmpty() ? std::string() : toStd(QUrl::fromLocalFile(video).toString())}};
    Json clip{{"OTIO_SCHEMA", "Clip.2"},
              {"metadata", Json{{"greenlight", Json{{"runId", toStd(ev.run.id)}, {"manifestSha256", toStd(ev.manifestSha256)}}}}},
              {"name", toStd(clipName)},
              {"source_range", timeRange(0, frames, rate)},
              {"effects", Json::array()},
              {"markers", markers},
              {"enabled", true},
              {"media_references", Json{{"DEFAULT_MEDIA", reference}}},
              {"active_media_reference_key", "DEFAULT_MEDIA"}};
    Json track{{"OTIO_SCHEMA", "Track.1"}, {"metadata", Json::object()},
               {"name", "Video"},          {"source_range", nullptr},
               {"effects", Json::array()}, {"markers", Json::array()},
               {"enabled", true},          {"children", Json::array({clip})},
               {"kind", "Video"}};
    Json stack{{"OTIO_SCHEMA", "Stack.1"}, {"metadata", Json::object()},
               {"name", "tracks"},         {"source_range", nullptr},
               {"effects", Json::array()}, {"markers", Json::array()},
               {"enabled", true},          {"children", Json::array({track})}};
    Json meta{{"specId", toStd(ev.run.spec.specId)},
              {"specPath", toStd(ev.run.spec.path)},
              {"variant", toStd(ledgerVariant(ev.run.spec.variant))},
              {"runId", toStd(ev.run.id)},
              {"manifestSha256", toStd(ev.manifestSha256)},
              {"fps", Json{{"num", fps.num}, {"den", fps.den}}}};
    if (ev.latest)
        meta["latestDecision"] = Json{{"seq", ev.latest->seq},
                                      {"outcome", toStd(toString(ev.latest->outcome))},
                                      {"reviewer", toStd(ev.latest->reviewer)},
                                      {"role", toStd(ev.latest->role)},
                                      {"appliesToRun", ev.latestAppliesToRun()}};
    return Json{{"OTIO_SCHEMA", "Timeline.1"},
                {"metadata", Json{{"greenlight", meta}}},
                {"name", toStd(QStringLiteral("%1 [%2] %3")
                                   .arg(ev.run.spec.specId, ledgerVariant(ev.run.spec.variant), ev.run.id))},
                {"global_start_time", rationalTime(0, rate)},
                {"tracks", stack}};
}

Status exportOtio(const GateEvaluation &ev, const QString &outPath)
{
    return writeJsonFile(outPath, otioTimeline(ev));
}

} // namespace greenlight::reviewexport
