#pragma once

#include <QMainWindow>

namespace greenlight {

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    bool openPath(const QString &path);
};

} // namespace greenlight
