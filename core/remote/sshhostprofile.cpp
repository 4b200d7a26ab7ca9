#include "remote/sshhostprofile.h"

#include <QRegularExpression>

namespace greenlight {

namespace {

Error profileError(const QString &message, const QString &pointer = {})
{
    return makeError(QStringLiteral("ssh.profile"), message, pointer);
}

} // namespace

Status SshHostProfile::validate() const
{
    if (host.trimmed().isEmpty())
        return profileError(QStringLiteral("the host is empty: give an alias from ~/.ssh/config or user@host"),
                            QStringLiteral("/host"));
    if (host.startsWith(QLatin1Char('-')) || host.contains(QRegularExpression(QStringLiteral("[\\s'\"`$;|&<>]"))))
        return profileError(QStringLiteral("the host '%1' is not a valid ssh destination").arg(host), QStringLiteral("/host"));
    if (port && (*port < 1 || *port > 65535))
        return profileError(QStringLiteral("the port %1 is outside 1..65535").arg(*port), QStringLiteral("/port"));
    if (remoteProjectRoot.trimmed().isEmpty())
        return profileError(QStringLiteral("the remote project root is empty"), QStringLiteral("/remoteProjectRoot"));
    if (remoteCli.trimmed().isEmpty())
        return profileError(QStringLiteral("the remote greenlight-cli path is empty"), QStringLiteral("/remoteCli"));
    static const QRegularExpression option(QStringLiteral("^[A-Za-z][A-Za-z0-9]*=.+$"));
    for (qsizetype i = 0; i < options.size(); ++i)
        if (!option.match(options.at(i)).hasMatch())
            return profileError(QStringLiteral("the ssh option '%1' is not Key=Value").arg(options.at(i)),
                                QStringLiteral("/options/%1").arg(i));
    if (connectTimeout_s < 1 || aliveInterval_s < 1)
        return profileError(QStringLiteral("timeouts must be at least one second"));
    return Status::success();
}

Json SshHostProfile::toJson() const
{
    Json j = {{"host", toStd(host)}};
    if (port)
        j["port"] = *port;
    j["remoteProjectRoot"] = toStd(remoteProjectRoot);
    j["remoteCli"] = toStd(remoteCli);
    if (!configFile.isEmpty())
        j["configFile"] = toStd(configFile);
    if (!options.isEmpty()) {
        Json list = Json::array();
        for (const QString &o : options)
            list.push_back(toStd(o));
        j["options"] = list;
    }
    j["connectTimeout_s"] = connectTimeout_s;
    j["aliveInterval_s"] = aliveInterval_s;
    return j;
}

Result<SshHostProfile> SshHostProfile::fromJson(const Json &json)
{
    if (!json.is_object())
        return profileError(QStringLiteral("expected an object"));
    SshHostProfile p;
    auto text = [&](const char *key, QString &into) -> Status {
        const auto it = json.find(key);
        if (it == json.end())
            return Status::success();
        if (!it->is_string())
            return profileError(QStringLiteral("expected a string"), QStringLiteral("/") + QString::fromLatin1(key));
        into = toQString(it->get<std::string>());
        return Status::success();
    };
    auto number = [&](const char *key, int &into) -> Status {
        const auto it = json.find(key);
        if (it == json.end())
            return Status::success();
        if (!it->is_number_integer())
            return profileError(QStringLiteral("expected an integer"), QStringLiteral("/") + QString::fromLatin1(key));
        into = it->get<int>();
        return Status::success();
    };
    for (const Status &s : {text("host", p.host), text("remoteProjectRoot", p.remoteProjectRoot),
                            text("remoteCli", p.remoteCli), text("configFile", p.configFile),
                            number("connectTimeout_s", p.connectTimeout_s),
                            number("aliveInterval_s", p.aliveInterval_s)})
        if (!s)
            return s.error();
    if (const auto it = json.find("port"); it != json.end() && !it->is_null()) {
        if (!it->is_number_integer())
            return profileError(QStringLiteral("expected an integer"), QStringLiteral("/port"));
        p.port = it->get<int>();
    }
    if (const auto it = json.find("options"); it != json.end()) {
        if (!it->is_array())
            return profileError(QStringLiteral("expected an array of Key=Value strings"), QStringLiteral("/options"));
        for (const Json &o : *it) {
            if (!o.is_string())
                return profileError(QStringLiteral("expected an array of Key=Value strings"), QStringLiteral("/options"));
            p.options.append(toQString(o.get<std::string>()));
        }
    }
    if (const Status s = p.validate(); !s)
        return s.error();
    return p;
}

} // namespace greenlight
