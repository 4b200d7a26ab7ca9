#pragma once

#include "qa/finding.h"
#include "render/renderrequest.h"

#include <QString>

class QCommandLineParser;

namespace greenlight::cli {

// What to render, as `render` and `submit` take it: the options --variant, --out, --chunks,
// --narration and --preset, and the checks both make before anything runs (the spec opens,
// the output project can be made, the narration run and the variant exist, the spec has no
// structural blockers).
class RenderArguments
{
public:
    static void addOptions(QCommandLineParser &parser);

    // False when the options or the spec are refused; printRefusal() says why.
    bool resolve(const QCommandLineParser &parser, const QString &specPath);

    const RenderRequest &request() const { return m_request; }
    QString specLabel() const { return m_label; } // the spec relative to its project

    // "<verb>: <reason>" and any findings on stderr; with `json` (not for a malformed option)
    // also {"event": "refused", "reason", "findings"} on stdout.
    void printRefusal(const QString &verb, bool json) const;
    static void printRefusal(const QString &verb, bool json, const QString &reason, const QString &label = {},
                             const Findings &findings = {});

private:
    bool refuse(const QString &reason, const Findings &findings = {}, bool optionError = false);

    RenderRequest m_request;
    QString m_label;
    QString m_reason;
    Findings m_findings;
    bool m_optionError = false;
};

} // namespace greenlight::cli
