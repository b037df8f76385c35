package criteria

import (
	"errors"

	"github.com/expr-lang/expr/file"
)

func asExprFileError(err error) *file.Error {
	var fe *file.Error
	if errors.As(err, &fe) {
		return fe
	}
	return nil
}
