#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// Spec files are named <id>.greenlight.json: a desktop can claim that glob for Greenlight,
// and the file stays plain JSON. Any other specs/*.json (an older project) is a spec too.
QString specFileSuffix(); // ".greenlight.json"
// The name a spec is shown by: its file name without .greenlight.json or .json
// ("specs/a.greenlight.json" and "specs/a.json" -> "a").
QString specDisplayName(const QString &path);

// A project folder on disk (see DESIGN.md): specs/*.json, assets/, runs/, cache/, ledger.sqlite.
class Project
{
public:
    // Opens a project folder, or the project a spec file belongs to (its specs/ parent).
    // Errors: project.not-found when the path does not exist or has no specs/ folder.
    static Result<Project> open(const QString &path);

    QString root() const { return m_root; }
    QString name() const;
    QString specsDir() const;
    QString assetsDir() const;
    QString runsDir() const;
    QString cacheDir() const;
    QString ledgerPath() const;

    // Spec files as paths relative to the project root ("specs/a.greenlight.json", "specs/b.json"),
    // sorted.
    QStringList specFiles() const;
    // The spec the project was opened on, when a spec file was given; otherwise empty.
    QString focusedSpec() const { return m_focusedSpec; }

    QString absolutePath(const QString &relative) const;
    QString relativePath(const QString &absolute) const;

private:
    QString m_root;
    QString m_focusedSpec;
};

} // namespace greenlight
