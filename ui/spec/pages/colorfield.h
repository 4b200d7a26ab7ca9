#pragma once

#include <QWidget>

class QLineEdit;
class QToolButton;

namespace greenlight {

class FieldBinder;

// A colour of the spec ("#RRGGBB" or "#RRGGBBAA"): the hex text, bound like any field, and
// a swatch that shows the colour and opens a colour picker.
class ColorField : public QWidget
{
    Q_OBJECT
public:
    explicit ColorField(QWidget *parent = nullptr);

    // Binds the text to `pointer`; a picked colour is written there as one undo step. An
    // optional colour is removed from the document when its text is emptied.
    void bind(FieldBinder *binder, const QString &pointer, bool optional = false);
    QLineEdit *lineEdit() const { return m_edit; }
    QToolButton *swatch() const { return m_swatch; }

    // "#RRGGBB[AA]" to QColor (invalid when the text is not a colour of that form).
    static QColor parse(const QString &text);
    static QString format(const QColor &color);

private:
    void updateSwatch();
    void pick();

    QLineEdit *m_edit;
    QToolButton *m_swatch;
    FieldBinder *m_binder = nullptr;
    QString m_pointer;
};

} // namespace greenlight
