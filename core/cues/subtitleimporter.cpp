#include "cues/subtitleimporter.h"

#include "tts/wordspans.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace greenlight {

Result<CueTimeline> SubtitleImporter::importFile(const QString &path, const SubtitleImportOptions &options,
                                                 QStringList *warnings)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("io.read"), QStringLiteral("cannot read the file: ") + file.errorString(), path);
    return importBytes(file.readAll(), path, options, warnings);
}

Result<CueTimeline> SubtitleImporter::importBytes(const QByteArray &bytes, const QString &fileName,
                                                  const SubtitleImportOptions &options, QStringList *warnings)
{
    if (options.sampleRate <= 0 || options.fps.num <= 0 || options.fps.den <= 0)
        return makeError(QStringLiteral("cues.parse"), QStringLiteral("the sample rate and frame rate must be positive"));
    Result<ParsedSubtitles> parsed = SubtitleParser::parse(bytes, fileName);
    if (!parsed)
        return parsed.error();
    if (warnings)
        *warnings += parsed->warnings;
    return fromParsed(*parsed, fileName, options);
}

CueTimeline SubtitleImporter::fromParsed(const ParsedSubtitles &parsed, const QString &fileName,
                                         const SubtitleImportOptions &options)
{
    CueTimeline t;
    t.sampleRate = options.sampleRate;
    t.fps = options.fps;
    t.origin.kind = QStringLiteral("import");
    t.origin.format = parsed.format;
    t.origin.file = QFileInfo(fileName).fileName();
    if (options.spec)
        t.specId = options.spec->id;
    const TimeBase tb = t.timeBase();

    QList<SubtitleCue> cues = parsed.cues;
    std::stable_sort(cues.begin(), cues.end(),
                     [](const SubtitleCue &a, const SubtitleCue &b) { return a.startMs < b.startMs; });
    const QList<qint64> sceneStarts = options.spec ? options.spec->sceneStartFrames() : QList<qint64>();

    QSet<QString> used;
    qint64 lastSample = 0;
    int number = 0;
    for (const SubtitleCue &c : cues) {
        ++number;
        CueSegment s;
        s.id = c.identifier;
        if (s.id.isEmpty() || used.contains(s.id))
            s.id = QStringLiteral("cue-%1").arg(number);
        while (used.contains(s.id))
            s.id += QLatin1Char('x');
        used.insert(s.id);
        s.speaker = c.speaker;
        s.sourceText = c.lines.join(QLatin1Char('\n'));
        s.spokenText = s.sourceText;
        s.charStart = 0;
        s.charEnd = codePointLength(s.sourceText);
        s.startSample = tb.msToSamples(c.startMs);
        s.endSample = tb.msToSamples(c.endMs);
        s.startFrame = tb.msToFrames(c.startMs);
        s.endFrame = tb.msToFrames(c.endMs);
        s.words = estimateWordTimings(s.sourceText, splitWords(s.sourceText), s.startSample, s.endSample);
        if (options.spec) {
            for (qsizetype k = 0; k + 1 < sceneStarts.size(); ++k)
                if (s.startFrame >= sceneStarts[k] && s.startFrame < sceneStarts[k + 1])
                    s.scene = options.spec->scenes[k].id;
        }
        lastSample = std::max(lastSample, s.endSample);
        t.segments.append(s);
    }
    t.durationSamples = lastSample;
    return t;
}

} // namespace greenlight
