package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDocsUpToDate fails when the documentation generated from the rule files is stale.
func TestDocsUpToDate(t *testing.T) {
	var out, errw bytes.Buffer
	assert.Equal(t, 0, run("../../../docs", true, &out, &errw), errw.String())
}
