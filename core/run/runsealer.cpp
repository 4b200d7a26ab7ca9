#include "run/runsealer.h"

#include "common/hashing.h"
#include "run/manifest.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace greenlight {

namespace {

void removeFile(const RunFolder &folder, const QString &rel)
{
    QFile::remove(folder.filePath(rel));
    // Drop the folder it was in when that is now empty ("chunks/").
    const QString dir = QFileInfo(rel).path();
    if (dir != QLatin1String("."))
        QDir(folder.path()).rmdir(dir);
}

} // namespace

Status sealRun(RunFolder &folder, RunRecord &record, const RunOutputs &outputs)
{
    for (const QString &rel : outputs.discard)
        removeFile(folder, rel);

    record.artifacts.clear();
    if (record.status == RunStatus::Succeeded) {
        for (const QString &rel : outputs.outputs) {
            const QString abs = folder.filePath(rel);
            Result<QString> hash = sha256File(abs);
            if (!hash) {
                record.status = RunStatus::Failed;
                if (RunAttempt *a = record.currentAttempt())
                    a->error = makeError(QStringLiteral("run.output.unreadable"),
                                         QStringLiteral("the output %1 cannot be read back after the render: %2")
                                             .arg(rel, hash.error().message),
                                         rel);
                record.artifacts.clear();
                break;
            }
            record.artifacts.append({rel, roleForRunFile(rel), *hash, QFileInfo(abs).size()});
        }
    }
    if (record.status != RunStatus::Succeeded) {
        for (const QString &rel : outputs.outputs)
            removeFile(folder, rel);
    }
    const QDir logs(folder.filePath(QStringLiteral("logs")));
    for (const QString &name : logs.entryList(QDir::Files, QDir::Name)) {
        const QString rel = QStringLiteral("logs/") + name;
        if (Result<QString> hash = sha256File(folder.filePath(rel)))
            record.artifacts.append({rel, QStringLiteral("log"), *hash, QFileInfo(folder.filePath(rel)).size()});
    }

    const QString now = utcNowIso();
    record.endedAt = now;
    if (RunAttempt *a = record.currentAttempt()) {
        a->endedAt = now;
        a->outcome = record.status;
    }
    if (Status s = saveRunRecord(folder.filePath(QStringLiteral("run.json")), record); !s)
        return s;
    if (Result<Manifest> m = writeManifest(folder.path(), record.id); !m)
        return m.error();
    return folder.finalize();
}

} // namespace greenlight
