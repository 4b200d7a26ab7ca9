#include "mainwindow.h"

namespace greenlight {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent) {}

bool MainWindow::openPath(const QString &) { return false; }

} // namespace greenlight
