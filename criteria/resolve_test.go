package criteria_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nongthonmoi/ntm/criteria"
	"github.com/nongthonmoi/ntm/rules"
)

// The fixtures: base.yaml declares test.resolve@1, layer.yaml extends it by id and version
// on line 5.
const layerExtendsLine = 5

// layerExtending is layer.yaml with another extends value.
func layerExtending(t *testing.T, ext string) string {
	t.Helper()
	s := fixture(t, "layer.yaml")
	require.Contains(t, s, "\nextends: test.resolve@1\n")
	return strings.Replace(s, "\nextends: test.resolve@1\n", "\nextends: "+ext+"\n", 1)
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "resolve", name))
	require.NoError(t, err)
	return string(data)
}

// staleBase is a copy of base.yaml with the same id and version but another target: the kind
// of leftover that must never be picked silently.
func staleBase(t *testing.T) string {
	t.Helper()
	s := fixture(t, "base.yaml")
	require.Contains(t, s, "value: 45,")
	return strings.Replace(s, "value: 45,", "value: 30,", 1)
}

// writeDir writes files (slash-separated names) into a new temporary folder and returns it.
func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

// extendsError returns the single E-EXTENDS problem of err, which must be reported on the
// extends line of layer.yaml.
func extendsError(t *testing.T, err error) *criteria.Error {
	t.Helper()
	require.Error(t, err)
	list := criteria.Errors(err)
	require.Len(t, list, 1, lines(err))
	e := list[0]
	assert.Equal(t, criteria.CodeExtends, e.Code, e.Error())
	assert.Equal(t, "layer.yaml", e.File, e.Error())
	assert.Equal(t, layerExtendsLine, e.Line, e.Error())
	assert.Positive(t, e.Column, e.Error())
	assert.Equal(t, "extends", e.Path, e.Error())
	return e
}

// withinWatchdog runs load on its own goroutine and fails the test when it has not returned
// after a generous delay: opening a named pipe for reading blocks until a writer comes, and
// reading a device may never end.
func withinWatchdog(t *testing.T, load func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- load() }()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("loading did not return within 10 s: a special file was opened for reading")
		return nil
	}
}

// mkfifo creates a named pipe, or skips the test where there are none.
func mkfifo(t *testing.T, p string) {
	t.Helper()
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skipf("named pipes in a folder need a unix system; %s has none", runtime.GOOS)
	}
	tool, err := exec.LookPath("mkfifo")
	if err != nil {
		t.Skip("named pipes need the unix mkfifo command, which is not installed")
	}
	out, err := exec.Command(tool, p).CombinedOutput()
	if err != nil {
		t.Skipf("this system refuses to create a named pipe: %v %s", err, out)
	}
	st, err := os.Lstat(p)
	require.NoError(t, err)
	require.Equal(t, fs.ModeNamedPipe, st.Mode().Type(), "mkfifo did not create a named pipe")
}

func TestResolveTwoFilesInFolderDeclaringSameRef(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml":    fixture(t, "layer.yaml"),
		"base.yaml":     fixture(t, "base.yaml"),
		"old-base.yaml": staleBase(t),
	})
	_, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "base.yaml")
	assert.Contains(t, e.Message, "old-base.yaml")
	assert.Contains(t, e.Message, "test.resolve@1")
}

func TestResolveSameRefInFolderAndBase(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml":      fixture(t, "layer.yaml"),
		"copy-of-v1.yaml": staleBase(t),
	})
	base := fstest.MapFS{"sets/base.yaml": {Data: []byte(fixture(t, "base.yaml"))}}
	_, err := criteria.Load(os.DirFS(dir), "layer.yaml", criteria.WithBase(base))
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "copy-of-v1.yaml")
	assert.Contains(t, e.Message, "sets/base.yaml")
}

func TestResolveSameRefTwiceInBases(t *testing.T) {
	dir := writeDir(t, map[string]string{"layer.yaml": fixture(t, "layer.yaml")})

	t.Run("one base", func(t *testing.T) {
		base := fstest.MapFS{
			"a/base.yaml":     {Data: []byte(fixture(t, "base.yaml"))},
			"b/c/stale.yaml":  {Data: []byte(staleBase(t))},
			"b/c/notes.yaml":  {Data: []byte("just: notes\n")},
			"b/c/broken.yaml": {Data: []byte("format: [\n")},
		}
		_, err := criteria.Load(os.DirFS(dir), "layer.yaml", criteria.WithBase(base))
		e := extendsError(t, err)
		assert.Contains(t, e.Message, "a/base.yaml")
		assert.Contains(t, e.Message, "b/c/stale.yaml")
	})
	t.Run("two bases", func(t *testing.T) {
		b1 := fstest.MapFS{"base.yaml": {Data: []byte(fixture(t, "base.yaml"))}}
		b2 := fstest.MapFS{"stale.yaml": {Data: []byte(staleBase(t))}}
		_, err := criteria.Load(os.DirFS(dir), "layer.yaml", criteria.WithBase(b1), criteria.WithBase(b2))
		e := extendsError(t, err)
		assert.Contains(t, e.Message, "base.yaml")
		assert.Contains(t, e.Message, "stale.yaml")
	})
}

func TestResolveSubfolderIsNotSearched(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml":         fixture(t, "layer.yaml"),
		"archive/base.yaml":  fixture(t, "base.yaml"),
		"archive/deep/x.yml": staleBase(t),
	})
	_, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "test.resolve@1")
	assert.Contains(t, e.Message, "not searched", "the message should say sub-folders are not searched")
	assert.Contains(t, e.Message, "relative path", "the message should say how to name a file elsewhere")
	assert.Contains(t, e.Message, "WithBase")
}

func TestResolveSameFolderAndRelativePath(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml":        fixture(t, "layer.yaml"),
		"base.yaml":         fixture(t, "base.yaml"),
		"sub/layer.yaml":    layerExtending(t, "../base.yaml"),
		"sub/other.yaml":    layerExtending(t, "deeper/b.yaml"),
		"sub/deeper/b.yaml": fixture(t, "base.yaml"),
	})
	fsys := os.DirFS(dir)
	for _, name := range []string{"layer.yaml", "sub/layer.yaml", "sub/other.yaml"} {
		rs, err := criteria.Load(fsys, name)
		require.NoError(t, err, "%s: %s", name, lines(err))
		require.NotNil(t, rs.Base, name)
		assert.Equal(t, "test.resolve@1", rs.Base.Ref(), name)
	}
	rs, err := criteria.Load(fsys, "sub/other.yaml")
	require.NoError(t, err)
	assert.Equal(t, []string{"sub/deeper/b.yaml", "sub/other.yaml"}, rs.Files())
}

func TestResolveFIFOBesideTheFile(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml": fixture(t, "layer.yaml"),
		"base.yaml":  fixture(t, "base.yaml"),
	})
	mkfifo(t, filepath.Join(dir, "x.yaml"))
	err := withinWatchdog(t, func() error {
		_, err := criteria.Load(os.DirFS(dir), "layer.yaml")
		return err
	})
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "x.yaml")
	assert.Contains(t, e.Message, "not a regular file")
}

func TestResolveFIFONamedDirectly(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml": layerExtending(t, "pipe.yaml"),
	})
	mkfifo(t, filepath.Join(dir, "pipe.yaml"))
	fsys := os.DirFS(dir)

	err := withinWatchdog(t, func() error {
		_, err := criteria.Load(fsys, "pipe.yaml")
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "not a regular file")

	err = withinWatchdog(t, func() error {
		_, err := criteria.Load(fsys, "layer.yaml")
		return err
	})
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "not a regular file")
}

// spyFS records every file opened and refuses to open the ones named in never, so a test can
// tell a file was refused without being read.
type spyFS struct {
	fsys   fs.FS
	never  map[string]bool
	opened []string
}

func (s *spyFS) Open(name string) (fs.File, error) {
	s.opened = append(s.opened, name)
	if s.never[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("this file must not be opened")}
	}
	return s.fsys.Open(name)
}

func (s *spyFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fsys, name) }

func (s *spyFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys, name) }

func TestResolveSymlinkToDevZeroIsNotRead(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("this system has no /dev/zero")
	}
	dir := writeDir(t, map[string]string{
		"layer.yaml": fixture(t, "layer.yaml"),
		"base.yaml":  fixture(t, "base.yaml"),
	})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "x.yaml")); err != nil {
		t.Skipf("this system cannot create a symbolic link: %v", err)
	}
	fsys := &spyFS{fsys: os.DirFS(dir), never: map[string]bool{"x.yaml": true}}
	_, err := criteria.Load(fsys, "layer.yaml")
	assert.NotContains(t, fsys.opened, "x.yaml", "the device was opened")
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "x.yaml")
	assert.Contains(t, e.Message, "not a regular file")
	assert.Contains(t, e.Message, "device")
}

func TestResolveDirectoryNamedYAMLBesideTheFile(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml":        fixture(t, "layer.yaml"),
		"base.yaml":         fixture(t, "base.yaml"),
		"folder.yaml/a.txt": "not a rule file\n",
	})
	_, err := criteria.Load(os.DirFS(dir), "layer.yaml")
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "folder.yaml")
	assert.Contains(t, e.Message, "not a regular file")
}

// endlessFS holds one file that says it is small but never ends; it counts what is read.
type endlessFS struct{ read int64 }

const endlessStop = 64 << 20 // a safety stop, far past the 8 MB rule-file limit

func (e *endlessFS) Open(name string) (fs.File, error) {
	if name != "big.yaml" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &endlessFile{fs: e}, nil
}

type endlessFile struct{ fs *endlessFS }

func (f *endlessFile) Stat() (fs.FileInfo, error) { return endlessInfo{}, nil }
func (f *endlessFile) Close() error               { return nil }
func (f *endlessFile) Read(p []byte) (int, error) {
	if f.fs.read >= endlessStop {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = '#'
	}
	f.fs.read += int64(len(p))
	return len(p), nil
}

type endlessInfo struct{}

func (endlessInfo) Name() string       { return "big.yaml" }
func (endlessInfo) Size() int64        { return 100 }
func (endlessInfo) Mode() fs.FileMode  { return 0o644 }
func (endlessInfo) ModTime() time.Time { return time.Time{} }
func (endlessInfo) IsDir() bool        { return false }
func (endlessInfo) Sys() any           { return nil }

func TestReadIsBoundedWhenTheSizeLies(t *testing.T) {
	fsys := &endlessFS{}
	_, err := criteria.Load(fsys, "big.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at most")
	assert.LessOrEqual(t, fsys.read, int64(8<<20+1)+64<<10, "read %d bytes past an 8 MB limit", fsys.read)
}

func TestResolveSameMapFSAsFileAndBase(t *testing.T) {
	m := fstest.MapFS{
		"p/layer.yaml": {Data: []byte(fixture(t, "layer.yaml"))},
		"p/base.yaml":  {Data: []byte(fixture(t, "base.yaml"))},
	}
	require.NotPanics(t, func() {
		rs, err := criteria.Load(m, "p/layer.yaml", criteria.WithBase(m))
		require.NoError(t, err, lines(err))
		assert.Equal(t, []string{"p/base.yaml", "p/layer.yaml"}, rs.Files())
	})
}

func TestResolveDiskLayerOverShippedSet(t *testing.T) {
	layer := layerExtending(t, "vn.xa-ntm@2016-2020")
	layer = strings.Replace(layer, "[south]", "[dbscl]", 1)
	dir := writeDir(t, map[string]string{"layer.yaml": layer})

	rs, err := criteria.Load(os.DirFS(dir), "layer.yaml", criteria.WithBase(rules.FS))
	require.NoError(t, err, lines(err))
	assert.Equal(t, "vn.xa-ntm@2016-2020", rs.Base.Ref())

	_, err = criteria.Load(os.DirFS(dir), "layer.yaml")
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "WithBase")

	// The shipped set is embedded: loading from it searches all of it, as before.
	rs, err = criteria.Load(rules.FS, "camau/xa-ntm-2016-2020.yaml")
	require.NoError(t, err, lines(err))
	assert.Equal(t, "vn.mttq-xa-ntm@2016-2020", rs.Base.Ref())
}

func TestResolveFindsWhatLoadFinds(t *testing.T) {
	fsys, name, err := criteria.Resolve(nil, "", "vn.xa-ntm@2016-2020", rules.FS)
	require.NoError(t, err)
	assert.Equal(t, "vn/xa-ntm-2016-2020.yaml", name)
	rs, err := criteria.Load(fsys, name)
	require.NoError(t, err, lines(err))
	assert.Equal(t, "vn.xa-ntm@2016-2020", rs.Ref())

	dir := writeDir(t, map[string]string{
		"layer.yaml":    fixture(t, "layer.yaml"),
		"base.yaml":     fixture(t, "base.yaml"),
		"sub/base.yaml": staleBase(t),
	})
	disk := os.DirFS(dir)
	_, name, err = criteria.Resolve(disk, "layer.yaml", "test.resolve@1")
	require.NoError(t, err)
	assert.Equal(t, "base.yaml", name)
	_, name, err = criteria.Resolve(disk, "layer.yaml", "sub/base.yaml")
	require.NoError(t, err)
	assert.Equal(t, "sub/base.yaml", name)
	_, name, err = criteria.Resolve(disk, "sub/x.yaml", "test.resolve@1")
	require.NoError(t, err)
	assert.Equal(t, "sub/base.yaml", name, "the folder searched is the folder of from")
}

func TestResolveErrors(t *testing.T) {
	dir := writeDir(t, map[string]string{
		"layer.yaml": fixture(t, "layer.yaml"),
		"base.yaml":  fixture(t, "base.yaml"),
	})
	disk := os.DirFS(dir)
	for _, tc := range []struct {
		fsys                fs.FS
		from, ext           string
		bases               []fs.FS
		message, suggestion string
	}{
		{nil, "", "vn.xa-ntm@2016-2021", []fs.FS{rules.FS}, "no rule file declares", "vn.xa-ntm@2016-2020"},
		{disk, "layer.yaml", "test.resolv@1", nil, "none was given with criteria.WithBase", "test.resolve@1"},
		{disk, "layer.yaml", "test.resolve@1", []fs.FS{disk, fstest.MapFS{"v1.yaml": {Data: []byte(staleBase(t))}}},
			"base.yaml and v1.yaml (in base 2)", ""},
		{nil, "", "test.resolve@1", nil, "none was given with criteria.WithBase", ""},
		{nil, "", "base.yaml", nil, "a path needs a file system", ""},
		{disk, "layer.yaml", "test.resolve", nil, "expected id@version", ""},
		{disk, "layer.yaml", "../outside.yaml", nil, "outside the file system", ""},
		{disk, "layer.yaml", "missing.yaml", nil, "no such file missing.yaml", ""},
	} {
		_, _, err := criteria.Resolve(tc.fsys, tc.from, tc.ext, tc.bases...)
		var e *criteria.Error
		require.ErrorAs(t, err, &e, tc.ext)
		assert.Equal(t, criteria.CodeExtends, e.Code, e.Error())
		assert.Equal(t, tc.from, e.File, e.Error())
		assert.Equal(t, "extends", e.Path, e.Error())
		assert.Contains(t, e.Message, tc.message)
		assert.Equal(t, tc.suggestion, e.Suggest, e.Error())
	}
}

func TestParseLooksOnlyInTheBases(t *testing.T) {
	layer := []byte(fixture(t, "layer.yaml"))
	_, err := criteria.Parse("layer.yaml", layer)
	e := extendsError(t, err)
	assert.Contains(t, e.Message, "WithBase")

	rs, err := criteria.Parse("layer.yaml", layer, criteria.WithBase(os.DirFS(filepath.Join("testdata", "resolve"))))
	require.NoError(t, err, lines(err))
	assert.Equal(t, []string{"base.yaml", "layer.yaml"}, rs.Files())
}
