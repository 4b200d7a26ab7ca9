#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// The ordered `-i` inputs of one ffmpeg job; indices are what the filter graph refers to.
class JobInputs
{
public:
    // Adds an input file with its input options (e.g. {"-t", "2.5"}); returns its index.
    int add(const QString &path, const QStringList &inputOptions = {});
    int count() const { return int(m_inputs.size()); }
    QStringList args() const;

private:
    struct Input
    {
        QString path;
        QStringList options;
    };
    QList<Input> m_inputs;
};

} // namespace greenlight
