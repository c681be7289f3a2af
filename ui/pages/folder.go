package pages

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"shuangsui/store"
	"shuangsui/ui/common"
	"shuangsui/ui/components"
)

// folderDialog lets the operator choose the folder that witness sheets and
// records are written to (Backend.ExportDir, shared by every screen for the
// rest of the run, and remembered in the database for the next run). It
// opens with the current folder; a folder that does not exist yet is
// created (mode 0700).
type folderDialog struct {
	open bool
	path components.Input
}

func (d *folderDialog) show(c *common.Common) {
	d.open = true
	d.path = components.Input{CharLimit: 1000}
	d.path.SetValue(exportDir(c))
	d.path.Focus()
}

// update handles a key while the dialog is open. A folder that cannot be
// used keeps the dialog open with the reason.
func (d *folderDialog) update(c *common.Common, km tea.KeyMsg) tea.Cmd {
	switch km.String() {
	case "esc":
		d.open = false
		return nil
	case "enter":
		dir, err := useFolder(c, d.path.Value())
		if err != nil {
			return common.Error(fmt.Errorf("%s: %w", c.T("输出文件夹不可用", "the output folder cannot be used"), err))
		}
		c.Backend.ExportDir = dir
		d.open = false
		// Remembered in the database, so that a resumed ceremony writes
		// to the same folder.
		if c.Backend.DB != nil {
			if err := c.Backend.DB.PutSetting(store.SettingExportDir, []byte(dir)); err != nil {
				return common.Error(fmt.Errorf("%s %s: %w", c.T("已改用文件夹, 但未能记住", "folder in use but not remembered"), dir, err))
			}
		}
		return common.Status(c.T("见证记录单和记录将写入文件夹 ", "sheets and records will be written to ") + dir)
	}
	d.path, _ = d.path.Update(km)
	return nil
}

// useFolder makes path absolute and checks that it is a folder, creating
// it (and its parents, mode 0700) when it does not exist.
func useFolder(c *common.Common, path string) (string, error) {
	path = strings.TrimSpace(path)
	if path == "" {
		return "", errors.New(c.T("请填写文件夹路径", "type a folder path"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(abs, 0o700); err != nil {
			return "", fmt.Errorf("%s %s: %w", c.T("创建文件夹", "creating folder"), abs, err)
		}
	case err != nil:
		return "", fmt.Errorf("%s: %w", abs, err)
	case !fi.IsDir():
		return "", fmt.Errorf("%s %s", abs, c.T("是文件,不是文件夹", "is a file, not a folder"))
	}
	return abs, nil
}

func (d *folderDialog) view(c *common.Common, width int) string {
	d.path.Width = max(10, width-14)
	return dialogBox(c, width,
		c.Styles.Label.Render(c.T("输出文件夹", "Output folder")),
		c.T("见证记录单(xlsx 与 txt)和导出的记录写入此文件夹;不存在则新建。",
			"Witness sheets (xlsx and txt) and exported records are written here; a missing folder is created."),
		c.T("文件夹: ", "Folder: ")+d.path.View(),
		c.T("enter 确定   esc 取消", "enter confirm   esc cancel"))
}
