package excel

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"shuangsui/assets/version"
)

// Stamp names the program that made workbook f in its document properties
// (in Excel and WPS: 文件 → 属性): the author is "shuangsui", the comment
// the program's version line (version.String). Every workbook the program
// writes is stamped when it is saved. It is informational and invisible on
// the sheets, so an exported library imports again unchanged.
func Stamp(f *excelize.File) error {
	if err := f.SetDocProps(&excelize.DocProperties{
		Creator:        version.Name,
		LastModifiedBy: version.Name,
		Description:    version.String(),
	}); err != nil {
		return fmt.Errorf("写文档属性: %w", err)
	}
	return nil
}
