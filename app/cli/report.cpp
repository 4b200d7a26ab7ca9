#include "report.h"

#include "command.h"

#include <algorithm>

namespace greenlight::cli {

void printFindingsReport(const QList<FileFindings> &files)
{
    int blockers = 0, warnings = 0, infos = 0, cleanFiles = 0;
    for (const FileFindings &file : files) {
        Findings sorted = file.findings;
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const Finding &a, const Finding &b) { return int(a.severity) < int(b.severity); });
        const int b = countBySeverity(sorted, Severity::Blocker);
        const int w = countBySeverity(sorted, Severity::Warning);
        blockers += b;
        warnings += w;
        infos += countBySeverity(sorted, Severity::Info);
        if (sorted.isEmpty()) {
            ++cleanFiles;
            out() << file.label << ": clean\n";
            continue;
        }
        out() << file.label << ": " << b << (b == 1 ? " blocker, " : " blockers, ") << w
              << (w == 1 ? " warning" : " warnings") << "\n";
        for (const Finding &f : sorted) {
            QString where = f.pointer.isEmpty() ? QString() : f.pointer;
            if (f.frames)
                where += QStringLiteral(" frames %1–%2").arg(f.frames->start).arg(f.frames->end);
            if (!f.variant.isEmpty())
                where += QStringLiteral(" [variant %1]").arg(f.variant);
            out() << "  " << toString(f.severity).leftJustified(8) << f.code;
            if (!where.trimmed().isEmpty())
                out() << "  " << where.trimmed();
            out() << "\n      " << f.message << "\n";
        }
    }
    out() << "\n" << files.size() << (files.size() == 1 ? " file, " : " files, ") << cleanFiles << " clean; "
          << blockers << " blockers, " << warnings << " warnings, " << infos << " info\n";
}

void printFindingsJson(const QList<FileFindings> &files)
{
    Findings all;
    for (const FileFindings &file : files)
        all += file.findings;
    Json doc = findingsToJson(all);
    doc["summary"] = {{"files", files.size()},
                      {"blockers", countBySeverity(all, Severity::Blocker)},
                      {"warnings", countBySeverity(all, Severity::Warning)},
                      {"info", countBySeverity(all, Severity::Info)}};
    out() << QString::fromUtf8(toJsonText(doc));
}

} // namespace greenlight::cli
