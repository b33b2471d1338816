package store

import (
	"context"
	"log/slog"

	"github.com/sirupsen/logrus"
)

// logrusHandler is a slog.Handler that forwards River's records at warn and
// above to a logrus logger; River's info chatter is dropped.
type logrusHandler struct {
	logger logrus.FieldLogger
	fields logrus.Fields
	group  string
}

// newSlogLogger returns a *slog.Logger writing to logger.
func newSlogLogger(logger logrus.FieldLogger) *slog.Logger {
	return slog.New(&logrusHandler{logger: logger, fields: logrus.Fields{}})
}

// Enabled reports whether level is warn or above.
func (h *logrusHandler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= slog.LevelWarn
}

// Handle writes r with its attributes as logrus fields.
func (h *logrusHandler) Handle(_ context.Context, r slog.Record) error {
	fields := make(logrus.Fields, len(h.fields)+r.NumAttrs()+1)
	for k, v := range h.fields {
		fields[k] = v
	}
	fields["component"] = "river"
	r.Attrs(func(a slog.Attr) bool {
		addAttr(fields, h.group, a)
		return true
	})
	entry := h.logger.WithFields(fields)
	if r.Level >= slog.LevelError {
		entry.Error(r.Message)
	} else {
		entry.Warn(r.Message)
	}
	return nil
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *logrusHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	fields := make(logrus.Fields, len(h.fields)+len(attrs))
	for k, v := range h.fields {
		fields[k] = v
	}
	for _, a := range attrs {
		addAttr(fields, h.group, a)
	}
	return &logrusHandler{logger: h.logger, fields: fields, group: h.group}
}

// WithGroup returns a handler that prefixes later attribute keys with name.
func (h *logrusHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return &logrusHandler{logger: h.logger, fields: h.fields, group: joinKey(h.group, name)}
}

// addAttr flattens a into fields, groups becoming dotted keys.
func addAttr(fields logrus.Fields, prefix string, a slog.Attr) {
	v := a.Value.Resolve()
	if v.Kind() == slog.KindGroup {
		for _, ga := range v.Group() {
			addAttr(fields, joinKey(prefix, a.Key), ga)
		}
		return
	}
	if a.Key == "" {
		return
	}
	fields[joinKey(prefix, a.Key)] = v.Any()
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	if key == "" {
		return prefix
	}
	return prefix + "." + key
}
