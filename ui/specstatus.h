#pragma once

#include "qa/finding.h"
#include "spec/videospec.h"

#include <QString>

#include <optional>

namespace greenlight {

class SpecValidator;

// What the desk knows about one spec file of the open project: a summary of the spec (when it
// loads) and its structural findings. A plain value, made on a worker thread by evaluate() and
// handed to the GUI thread.
struct SpecStatus
{
    enum class State
    {
        Pending,
        Clean,
        Warnings,
        Blockers,
        InvalidJson,
        Unreadable
    };

    struct Summary
    {
        QString id;
        QString title;
        QString format;
        Canvas canvas;
        qint64 durationFrames = 0;
        int variantCount = 0;
    };

    QString relativePath;           // "specs/a.greenlight.json", relative to the project root
    bool validated = false;         // false until the first result, and again while revalidating
    std::optional<Summary> summary; // empty when the file does not load as a spec
    Findings findings;

    // Pending while not validated; otherwise the worst thing found.
    State state() const;
    int blockerCount() const;
    int warningCount() const;
    QString displayName() const; // the file name without .greenlight.json / .json

    // Validates one spec and reads its summary. Thread-safe (SpecValidator is).
    static SpecStatus evaluate(const SpecValidator &validator, const QString &projectRoot,
                               const QString &relativePath);
};

} // namespace greenlight
