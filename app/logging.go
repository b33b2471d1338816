package app

import (
	"fmt"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/sirupsen/logrus"
)

// NewLogger returns the process logger: JSON in production, text on a terminal.
func NewLogger(format, level string, out io.Writer) (*logrus.Logger, error) {
	log := logrus.New()
	log.SetOutput(out)
	lvl, err := logrus.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("PRC_LOG_LEVEL: %w", err)
	}
	log.SetLevel(lvl)
	switch format {
	case "json":
		log.SetFormatter(&logrus.JSONFormatter{})
	case "text":
		log.SetFormatter(&logrus.TextFormatter{FullTimestamp: true})
	case "auto", "":
		if f, ok := out.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
			log.SetFormatter(&logrus.TextFormatter{FullTimestamp: true})
		} else {
			log.SetFormatter(&logrus.JSONFormatter{})
		}
	default:
		return nil, fmt.Errorf("PRC_LOG_FORMAT: want json, text or auto, got %q", format)
	}
	return log, nil
}
