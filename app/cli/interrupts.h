#pragma once

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace greenlight::cli {

// Ctrl+C and SIGTERM for verbs with long work: the signals become a byte on a socket the
// event loop watches (the only safe way out of a signal handler), delivered as interrupted()
// on the GUI thread. A file-size limit makes writes fail instead of killing the process.
class Interrupts : public QObject
{
    Q_OBJECT

public:
    explicit Interrupts(QObject *parent = nullptr);
    ~Interrupts() override;

Q_SIGNALS:
    void interrupted();

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace greenlight::cli
