#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// One cue as read from a WebVTT or SubRip file: times in milliseconds, text with markup
// removed (lines kept), the 1-based line of its timing line.
struct SubtitleCue
{
    QString identifier;
    qint64 startMs = 0;
    qint64 endMs = 0;
    QString settings; // WebVTT cue settings after the end time ("align:start position:10%")
    QStringList lines;
    std::optional<QString> speaker; // first voice span <v Name>
    int line = 0;
};

struct ParsedSubtitles
{
    QString format; // "webvtt" | "srt"
    QList<SubtitleCue> cues;
    QStringList warnings; // tolerated oddities, "file:line: what"
};

// Reads WebVTT and SubRip the way real files come: UTF-8 BOM, CRLF or CR line ends,
// NOTE/STYLE/REGION blocks, cue identifiers, cue settings, hours omitted (00:01.000),
// comma or dot before the milliseconds, voice spans and other tags (removed; entities
// decoded), a missing blank line before the next cue (tolerated with a warning).
// Malformed input gives Error code cues.parse with location "file:line".
class SubtitleParser
{
public:
    // WebVTT when the text starts with WEBVTT, else SubRip.
    static Result<ParsedSubtitles> parse(const QByteArray &bytes, const QString &fileName);
    static Result<ParsedSubtitles> parseWebVtt(const QByteArray &bytes, const QString &fileName);
    static Result<ParsedSubtitles> parseSrt(const QByteArray &bytes, const QString &fileName);

    // "[h...h:]mm:ss.ttt" (',' accepted for '.'); nullopt when malformed.
    static std::optional<qint64> parseTimestamp(const QString &text);
    // Removes markup; returns the first voice span's name through speaker (if asked).
    static QString stripMarkup(const QString &text, bool webVtt, std::optional<QString> *speaker = nullptr);
};

} // namespace greenlight
