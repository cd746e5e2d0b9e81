package ui

import (
	"errors"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"lastmile/data"
)

// reporter turns errors into words for people. An error a person can act
// on (a *data.UserError) is shown as it is; any other error is logged with
// its full chain and shown generically, with where the log is.
type reporter struct {
	log     *slog.Logger
	logPath string // empty when the log goes to standard error only
}

// text returns what to tell the person about err, logging internal errors
// under what (a short lowercase description of the work that failed).
func (r reporter) text(what string, err error) string {
	if ue, ok := data.AsUserError(err); ok {
		if ue.Err != nil && !errors.Is(ue.Err, data.ErrNotWorkspace) {
			r.log.Info(what, "err", ue.Err)
		}
		return ue.Msg
	}
	r.log.Error(what, "err", err)
	msg := "Something went wrong inside Lastmile (" + what + "). Nothing was changed."
	if r.logPath != "" {
		msg += " The details were written to " + r.logPath + "; please send that file with a report."
	}
	return msg
}

// dialog shows err in a dialog titled title.
func (r reporter) dialog(win fyne.Window, title, what string, err error) {
	label := widget.NewLabel(r.text(what, err))
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(title, "OK", label, win)
	d.Resize(fyne.NewSize(480, 1))
	d.Show()
}
