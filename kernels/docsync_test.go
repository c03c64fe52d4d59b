package kernels_test

import (
	"bytes"
	"go/ast"
	"go/doc/comment"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mirrorFile holds the doc loops' mirrors.
const mirrorFile = "docloops_test.go"

// TestDocLoopsInSync checks that mirrorFile holds, up to gofmt, the helpers of the package documentation and each
// kernel's doc loop, the body of a function doc<Kernel> with the kernel's signature. It fails, showing the
// difference, where a doc loop and its mirror drift apart, and it fails for a kernel (an exported generic function)
// without exactly one doc loop, a doc loop without a mirror, and a function of mirrorFile that mirrors nothing, so
// that TestDocLoopsMatchKernels runs every doc loop there is.
func TestDocLoopsInSync(t *testing.T) {
	fset := token.NewFileSet()
	mirrorSrc, mirror := parseFile(t, fset, mirrorFile)
	mirrors := map[string]*ast.FuncDecl{}
	for _, d := range mirror.Decls {
		if f, ok := d.(*ast.FuncDecl); ok {
			mirrors[f.Name.Name] = f
		}
	}
	names, _ := filepath.Glob("*.go")
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		_, file := parseFile(t, fset, name)
		if file.Doc != nil {
			for _, block := range codeBlocks(file.Doc) {
				checkHelpers(t, fset, block, mirrorSrc, mirrors)
			}
		}
		for _, d := range file.Decls {
			f, ok := d.(*ast.FuncDecl)
			if !ok || f.Recv != nil || !f.Name.IsExported() {
				continue
			}
			kernel := f.Name.Name
			var blocks []string
			if f.Doc != nil {
				blocks = codeBlocks(f.Doc)
			}
			switch {
			case len(blocks) == 0 && f.Type.TypeParams != nil:
				t.Errorf("%s: a kernel without a doc loop", kernel)
				continue
			case len(blocks) == 0:
				continue
			case len(blocks) > 1:
				t.Errorf("%s: %d code blocks in its doc comment, want one doc loop", kernel, len(blocks))
				continue
			}
			m := mirrors["doc"+kernel]
			delete(mirrors, "doc"+kernel)
			if m == nil {
				t.Errorf("%s: no mirror doc%s of its doc loop in %s", kernel, kernel, mirrorFile)
				continue
			}
			if got, want := nodeText(t, fset, m.Type), nodeText(t, fset, f.Type); got != want {
				t.Errorf("%s: mirror's signature %s, want the kernel's, %s", kernel, got, want)
			}
			body := string(mirrorSrc[fset.Position(m.Body.Lbrace).Offset+1 : fset.Position(m.Body.Rbrace).Offset])
			compare(t, kernel+"'s doc loop", "doc"+kernel, funcOf(blocks[0]), funcOf(body))
		}
	}
	for name := range mirrors {
		t.Errorf("%s: %s declares it, but no doc comment holds it", name, mirrorFile)
	}
}

// checkHelpers compares each function of a code block of the package documentation with its mirror, and takes
// the mirror off the list.
func checkHelpers(t *testing.T, fset *token.FileSet, block string, mirrorSrc []byte, mirrors map[string]*ast.FuncDecl) {
	t.Helper()
	src := []byte("package p\n\n" + block)
	file, err := parser.ParseFile(fset, "package documentation", src, parser.ParseComments)
	if err != nil {
		t.Fatalf("a code block of the package documentation: %v", err)
	}
	for _, d := range file.Decls {
		f, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := f.Name.Name
		m := mirrors[name]
		delete(mirrors, name)
		if m == nil {
			t.Errorf("helper %s: no mirror in %s", name, mirrorFile)
			continue
		}
		compare(t, "the package documentation's "+name, name, declText(fset, src, f), declText(fset, mirrorSrc, m))
	}
}

// parseFile parses a file of the package with its comments.
func parseFile(t *testing.T, fset *token.FileSet, name string) ([]byte, *ast.File) {
	t.Helper()
	src, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return src, file
}

// codeBlocks returns the text of the code blocks (the indented ones) of a doc comment.
func codeBlocks(doc *ast.CommentGroup) []string {
	var p comment.Parser
	var blocks []string
	for _, b := range p.Parse(doc.Text()).Content {
		if c, ok := b.(*comment.Code); ok {
			blocks = append(blocks, c.Text)
		}
	}
	return blocks
}

// declText returns a function's declaration with its doc comment, as src spells it.
func declText(fset *token.FileSet, src []byte, f *ast.FuncDecl) string {
	start := f.Pos()
	if f.Doc != nil {
		start = f.Doc.Pos()
	}
	return string(src[fset.Position(start).Offset:fset.Position(f.End()).Offset])
}

// funcOf returns a function whose body is the statements stmts.
func funcOf(stmts string) string { return "func _() {\n" + strings.TrimSpace(stmts) + "\n}" }

// nodeText returns a node as gofmt prints it.
func nodeText(t *testing.T, fset *token.FileSet, n ast.Node) string {
	t.Helper()
	var b bytes.Buffer
	if err := format.Node(&b, fset, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// compare fails t, showing a line diff, unless the Go declarations doc and mirror are the same once gofmt has
// formatted them.
func compare(t *testing.T, what, mirrorName, doc, mirror string) {
	t.Helper()
	d, m := gofmt(t, what, doc), gofmt(t, mirrorName, mirror)
	if d != m {
		t.Errorf("%s (-) and its mirror %s in %s (+) differ:\n%s", what, mirrorName, mirrorFile, lineDiff(d, m))
	}
}

// gofmt formats Go declarations.
func gofmt(t *testing.T, what, decls string) string {
	t.Helper()
	out, err := format.Source([]byte("package p\n\n" + decls + "\n"))
	if err != nil {
		t.Fatalf("%s is not Go: %v", what, err)
	}
	return strings.TrimPrefix(string(out), "package p\n\n")
}

// lineDiff returns the lines of a and b, each marked " " (in both), "-" (a only) or "+" (b only), by a longest
// common subsequence.
func lineDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	lcs := make([][]int, len(x)+1) // lcs[i][j]: of x[i:] and y[j:]
	for i := range lcs {
		lcs[i] = make([]int, len(y)+1)
	}
	for i := len(x) - 1; i >= 0; i-- {
		for j := len(y) - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		switch {
		case i < len(x) && j < len(y) && x[i] == y[j]:
			out.WriteString("  " + x[i] + "\n")
			i, j = i+1, j+1
		case j == len(y) || i < len(x) && lcs[i+1][j] >= lcs[i][j+1]:
			out.WriteString("- " + x[i] + "\n")
			i++
		default:
			out.WriteString("+ " + y[j] + "\n")
			j++
		}
	}
	return out.String()
}
