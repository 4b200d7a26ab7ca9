#include "render/jobinputs.h"

namespace greenlight {

int JobInputs::add(const QString &path, const QStringList &inputOptions)
{
    m_inputs.append({path, inputOptions});
    return int(m_inputs.size()) - 1;
}

QStringList JobInputs::args() const
{
    QStringList args;
    for (const Input &in : m_inputs)
        args << in.options << QStringLiteral("-i") << in.path;
    return args;
}

} // namespace greenlight
