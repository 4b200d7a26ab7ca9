#pragma once

#include "common/result.h"

#include <QString>

namespace greenlight {

// A run folder written atomically: work happens in <runs>/.staging/<id>/ and the folder is
// renamed to <runs>/<id>/ only when the run ends (DESIGN.md, "A project on disk").
class RunFolder
{
public:
    // Creates <runsDir>/.staging/<runId>/ (errors: io.write).
    static Result<RunFolder> createStaging(const QString &runsDir, const QString &runId);

    QString runId() const { return m_runId; }
    QString runsDir() const { return m_runsDir; }
    QString path() const { return m_finalized ? finalPath() : stagingPath(); }
    QString stagingPath() const;
    QString finalPath() const;
    bool isFinalized() const { return m_finalized; }

    // Absolute path of a file inside the folder, wherever it currently lives.
    QString filePath(const QString &relative) const;
    // Creates a sub folder (errors: io.write).
    Status makeDir(const QString &relative) const;

    // Moves the staging folder into place; afterwards path() is the final folder.
    Status finalize();

private:
    QString m_runsDir;
    QString m_runId;
    bool m_finalized = false;
};

// The project a run folder belongs to: runs live in <project>/runs/<id>/.
QString projectRootOfRun(const QString &runDir);

} // namespace greenlight
