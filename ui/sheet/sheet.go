package sheet

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"shuangsui/sampling"
	"shuangsui/store/excel"
	"shuangsui/ui/lang"
)

// Text returns the text sheet of the given kind for ceremony id: UTF-8,
// at most LineWidth cells a line, pages separated by form feeds.
func Text(id string, c *sampling.Ceremony, kind Kind, l lang.Lang) (string, error) {
	d, err := build(id, c, kind, l)
	if err != nil {
		return "", fmt.Errorf("见证记录 %s: %w", id, err)
	}
	return renderText(d, l), nil
}

// XLSX writes the xlsx sheet of the given kind for ceremony id to path,
// with permissions 0600, replacing the file atomically.
func XLSX(id string, c *sampling.Ceremony, kind Kind, l lang.Lang, path string) error {
	d, err := build(id, c, kind, l)
	if err != nil {
		return fmt.Errorf("见证记录 %s: %w", id, err)
	}
	f, err := renderXLSX(d, l)
	if err != nil {
		return fmt.Errorf("见证记录 %s: %w", id, err)
	}
	defer f.Close()
	if err := excel.Stamp(f); err != nil {
		return fmt.Errorf("见证记录 %s: %w", id, err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("见证记录 %s: 生成 xlsx: %w", id, err)
	}
	return writeFile(path, buf.Bytes())
}

// WriteAll writes the text and the xlsx sheet of the kind the ceremony's
// phase calls for (KindFor: the amendment sheet once a sealed ceremony has
// substitutions) into dir and returns their paths, xlsx first.
// The files are named after the ceremony and the kind, e.g.
// 2026-11-25-001-见证记录-抽取结果.xlsx, and are readable by the owner only.
func WriteAll(dir, id string, c *sampling.Ceremony, l lang.Lang) ([]string, error) {
	kind, err := KindFor(c)
	if err != nil {
		return nil, fmt.Errorf("见证记录 %s: %w", id, err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("创建目录 %s: %w", dir, err)
	}
	base := filepath.Join(dir, FileBase(id, kind, l))
	xlsxPath, textPath := base+".xlsx", base+".txt"
	if err := XLSX(id, c, kind, l, xlsxPath); err != nil {
		return nil, err
	}
	text, err := Text(id, c, kind, l)
	if err != nil {
		return nil, err
	}
	if err := writeFile(textPath, TextFile(text)); err != nil {
		return nil, err
	}
	return []string{xlsxPath, textPath}, nil
}

// TextFile is a text sheet as written to a .txt file: UTF-8 with a byte
// order mark and CRLF line ends (form feeds kept), which old Windows
// Notepad and the printers' drivers read correctly.
func TextFile(text string) []byte {
	return []byte("\uFEFF" + strings.ReplaceAll(text, "\n", "\r\n"))
}

// FileBase is the file name, without extension, WriteAll gives a sheet.
func FileBase(id string, kind Kind, l lang.Lang) string {
	safe := strings.Map(func(r rune) rune {
		if r < 0x20 || strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, id)
	switch kind {
	case KindPre:
		return safe + l.T("-见证记录-抽取前承诺页", "-witness-sheet-pre-draw")
	case KindAmend:
		return safe + l.T("-见证记录-替换修订", "-witness-sheet-amendment")
	default:
		return safe + l.T("-见证记录-抽取结果", "-witness-sheet-final")
	}
}

// writeFile writes data to path through a temporary file in the same
// directory, with permissions 0600, so a reader never sees half a sheet.
func writeFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".sheet-*")
	if err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	name := tmp.Name()
	defer os.Remove(name) // after a successful rename this does nothing
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("写入 %s: 设置权限: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("写入 %s: %w", path, err)
	}
	return nil
}
