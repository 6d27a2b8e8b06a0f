package binframe

import "errors"

var errMalformed = errors.New("binframe: malformed record")
