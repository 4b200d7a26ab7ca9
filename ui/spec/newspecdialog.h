#pragma once

#include "spec/newspec.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace greenlight {

// File > New Spec: a title, an id made from it (editable), a format and a frame rate.
class NewSpecDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewSpecDialog(const QString &projectRoot, QWidget *parent = nullptr);

    NewSpecOptions options() const;
    // Where the spec will be saved (specs/<id>.greenlight.json, made unique).
    QString path() const;

    QLineEdit *titleEdit() const { return m_title; }
    QLineEdit *idEdit() const { return m_id; }
    QComboBox *formatCombo() const { return m_format; }
    QComboBox *fpsCombo() const { return m_fps; }

private:
    void update();

    QString m_projectRoot;
    QLineEdit *m_title = nullptr;
    QLineEdit *m_id = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_fps = nullptr;
    QLabel *m_where = nullptr;
    QPushButton *m_okButton = nullptr;
    bool m_idEdited = false;
};

} // namespace greenlight
