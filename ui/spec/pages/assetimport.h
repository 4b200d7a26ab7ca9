#pragma once

#include <QCoreApplication>
#include <QPromise>
#include <QString>
#include <QStringList>

namespace greenlight {

// One picked file after import.
struct ImportedFile
{
    QString source;       // the file that was picked
    QString relativePath; // where it is in the project ("assets/logo-2.png"); empty on error
    QString kind;         // image | video | audio | font; empty on error
    QString error;        // why it was not imported
    bool reused = false;  // the same file was already in the project: nothing was copied
};

// Copies picked files into a project's assets/ folder and finds out what they are. Meant to
// run on a worker thread (QtConcurrent): progress is reported in KiB copied, one result per
// file, and cancelling stops between blocks without leaving partial files behind.
//
// Each copy is atomic: the bytes go to a hidden temporary file in assets/ that is renamed to
// its name only when complete, and a rename never replaces a file. A different file with the
// same name is never overwritten: the copy gets the next free name ("logo-2.png"); an
// identical file already there is reused.
class AssetImport
{
    Q_DECLARE_TR_FUNCTIONS(AssetImport)
public:
    static void run(QPromise<ImportedFile> &promise, const QStringList &sources, const QString &projectRoot);

    // image | video | audio | font by content (fonts by extension, then loaded), or "" with
    // `why` set when the file is none of these.
    static QString detectKind(const QString &path, QString *why = nullptr);
    // An asset id made from a file name ("Product Shot.PNG" -> "product-shot"), unique among `used`.
    static QString idForFile(const QString &fileName, const QStringList &used);
    // "name.ext", "name-2.ext", "name-3.ext", ... : the n-th candidate name for a file.
    static QString candidateName(const QString &fileName, int n);
};

} // namespace greenlight
