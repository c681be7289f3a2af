package excel

import (
	"fmt"
	"shuangsui/store"
	"strings"
)

// Kind names one library.
type Kind string

// The five libraries that move through spreadsheets.
const (
	Units      Kind = "units"      // 检查对象名录库
	Inspectors Kind = "inspectors" // 执法检查人员名录库
	Matters    Kind = "matters"    // 随机抽查事项清单
	Counties   Kind = "counties"   // 县(市、区)
	History    Kind = "history"    // 检查记录
)

// Kinds lists every kind in the order the demo data loads them.
var Kinds = []Kind{Counties, Matters, Units, Inspectors, History}

// ParseKind reads a kind name in English or Chinese.
func ParseKind(s string) (Kind, error) {
	switch key(s) {
	case "units", "unit", "检查对象", "单位", "检查对象名录":
		return Units, nil
	case "inspectors", "inspector", "执法人员", "检查人员", "执法检查人员":
		return Inspectors, nil
	case "matters", "matter", "事项", "抽查事项":
		return Matters, nil
	case "counties", "county", "县区", "区县":
		return Counties, nil
	case "history", "inspections", "检查记录", "历史":
		return History, nil
	}
	return "", fmt.Errorf("未知的名录 %q: 应为 units、inspectors、matters、counties 或 history", s)
}

// Title is the Chinese name of the library, used as the sheet name.
func (k Kind) Title() string {
	switch k {
	case Units:
		return "检查对象名录"
	case Inspectors:
		return "执法检查人员名录"
	case Matters:
		return "随机抽查事项清单"
	case Counties:
		return "县(市、区)"
	case History:
		return "检查记录"
	}
	return string(k)
}

// choice is the list a column's values come from.
type choice int

const (
	free        choice = iota
	chCounty           // a county name (or code)
	chCategory         // a unit category
	chSpecialty        // one specialty
	chSpecList         // several specialties
	chYesNo            // 是/否
	chStatus           // 正常/关闭/注销
	chDate             // a date
)

// Column describes one column of a library's spreadsheet.
type Column struct {
	Key      string   // English header, also accepted on import
	Header   string   // Chinese header written in templates and exports
	Aliases  []string // other header names accepted on import
	Required bool
	Code     bool    // a code: formatted as text so Excel keeps every digit
	Width    float64 // column width in templates and exports
	Max      int     // longest accepted value in characters
	Example  string
	Note     string
	choice   choice
}

// Columns returns the columns of a kind in template order.
func Columns(k Kind) []Column { return schemas[k] }

var idAliases = []string{"统一社会信用代码", "信用代码", "社会信用代码", "统一代码", "社会统一信用代码", "统一社会信用代码(组织机构代码)", "单位代码", "组织机构代码", "代码", "uscc", "creditcode", "unifiedsocialcreditcode", "id", "code"}

// Column indexes, per kind, in the order of schemas below.
const (
	uID = iota
	uName
	uCounty
	uCategory
	uAddress
	uContact
	uDirect
	uKey
	uDishonestFrom
	uDishonestTo
	uStatus
	uOverride
	uReason
	uBy
	uAt
)

const (
	iID = iota
	iName
	iDept
	iHome
	iSpec
	iLeader
	iValid
	iActive
	iConflictCounties
	iConflictUnits
	iTraining
)

const (
	mCode = iota
	mName
	mBasis
	mSubject
	mContent
	mMethod
	mOrg
	mSpecialty
	mCategories
	mFrequency
	mRatio
	mEffective
	mRetired
)

const (
	cCode = iota
	cName
	cActive
)

const (
	hUnit = iota
	hUnitName
	hDate
	hMatter
	hSource
)

var schemas = map[Kind][]Column{
	Units: {
		{Key: "id", Header: "统一社会信用代码", Aliases: idAliases, Required: true, Code: true, Width: 24, Max: 40, Example: "91130802MA0A0B1C2X",
			Note: "18 位统一社会信用代码(GB 32100-2015, 末位为校验码); 没有的单位可填其他唯一代码(如组织机构代码); 17–19 位的代码按统一社会信用代码校验"},
		{Key: "name", Header: "单位名称", Aliases: []string{"单位详细名称", "名称", "企业名称", "单位全称", "企业(单位)名称", "市场主体名称", "主体名称", "unitname", "companyname"}, Required: true, Width: 36, Max: 200, Example: "承德示例机械制造有限公司",
			Note: "单位全称, 同一文件内不得重复"},
		{Key: "county", Header: "县(市、区)", Aliases: []string{"县市区", "所在县区", "所属县区", "县区", "区县", "所在地区", "地区", "区划", "行政区划", "所在县(市、区)", "所属县(市、区)", "县(区)", "所属区划", "所在区划", "所属行政区划", "所在行政区划", "行政区划代码", "区划代码", "县区代码", "县级区划", "area", "district"}, Required: true, Width: 22, Max: 40, Example: "双桥区",
			Note: "县(市、区)名称或区划代码, 须是名录库中已有的县区(见“县(市、区)”名录)", choice: chCounty},
		{Key: "category", Header: "单位类别", Aliases: []string{"类别", "单位类型", "专业类别", "专业", "单位专业", "报表类别", "type"}, Required: true, Width: 16, Max: 40, Example: "规上工业",
			Note: "从下拉列表选择: 规上工业、限上批零住餐、规上服务业、资质内建筑业、房地产开发、投资项目、其他(可在设置中修改)", choice: chCategory},
		{Key: "address", Header: "详细地址", Aliases: []string{"地址", "单位地址", "单位所在地", "注册地址", "经营地址", "住所", "经营场所", "住所(经营场所)", "详细地址(住所)"}, Width: 36, Max: 200, Example: "承德市双桥区示例路1号", Note: "选填"},
		{Key: "contact", Header: "联系方式", Aliases: []string{"联系电话", "电话", "联系人", "联系人及电话", "固定电话", "移动电话", "phone"}, Width: 18, Max: 100, Example: "0314-0000000", Note: "选填"},
		{Key: "direct_reporting", Header: "一套表联网直报", Aliases: []string{"联网直报", "是否联网直报", "直报单位", "一套表单位", "directreporting"}, Width: 14, Max: 10, Example: "是",
			Note: "是/否; 不填视为“是”(名录通常来自一套表联网直报系统)", choice: chYesNo},
		{Key: "key", Header: "重点单位", Aliases: []string{"是否重点单位", "重点", "keyunit"}, Width: 10, Max: 10, Example: "否",
			Note: "是/否; 重点单位每年检查全覆盖; 不填视为“否”", choice: chYesNo},
		{Key: "dishonest_from", Header: "严重失信起始日期", Aliases: []string{"失信开始日期", "列入严重失信日期", "严重失信开始日期", "列入日期", "dishonestfrom"}, Width: 16, Max: 30,
			Note: "列入统计严重失信企业名单的日期, 如 2024-05-20、2024/5/20 或 2024年5月20日; 不是失信企业留空", choice: chDate},
		{Key: "dishonest_to", Header: "严重失信截止日期", Aliases: []string{"失信截止日期", "移出日期", "严重失信结束日期", "失信结束日期", "dishonestto"}, Width: 16, Max: 30,
			Note: "移出严重失信名单的日期; 仍在名单内留空", choice: chDate},
		{Key: "status", Header: "状态", Aliases: []string{"单位状态", "经营状态", "营业状态"}, Width: 10, Max: 20, Example: "正常",
			Note: "正常/关闭/注销; 不填视为“正常”", choice: chStatus},
		{Key: "check_override", Header: "校验码例外", Aliases: []string{"代码例外", "校验例外", "checkoverride", "override"}, Width: 12, Max: 10, Example: "否",
			Note: "代码不符合校验规则但确属登记在册时填“是”, 并填写例外原因和确认人; 否则留空或填“否”", choice: chYesNo},
		{Key: "override_reason", Header: "例外原因", Aliases: []string{"校验码例外原因", "overridereason"}, Width: 24, Max: 200, Note: "校验码例外时必填, 如“登记机关赋码, 已核实营业执照”"},
		{Key: "override_by", Header: "例外确认人", Aliases: []string{"确认人", "overrideby"}, Width: 12, Max: 40, Note: "校验码例外时填写; 留空则记为导入操作人"},
		{Key: "override_at", Header: "例外确认日期", Aliases: []string{"确认日期", "overrideat"}, Width: 14, Max: 30, Note: "校验码例外的确认日期; 留空则记为导入当天", choice: chDate},
	},
	Inspectors: {
		{Key: "id", Header: "执法证号", Aliases: []string{"执法证编号", "执法证件号", "执法证号码", "执法证件编号", "证件编号", "证号", "执法证", "certificate", "certificateno", "code"}, Required: true, Code: true, Width: 18, Max: 40, Example: "13080000001",
			Note: "执法证件编号, 名录库内唯一"},
		{Key: "name", Header: "姓名", Aliases: []string{"名字", "执法人员姓名", "人员姓名"}, Required: true, Width: 10, Max: 40, Example: "张三"},
		{Key: "department", Header: "所在部门", Aliases: []string{"部门", "科室", "所在科室", "工作单位", "单位", "dept"}, Width: 20, Max: 100, Example: "市统计局法规科", Note: "所在单位和科室"},
		{Key: "home_county", Header: "所属县(市、区)", Aliases: []string{"所在县区", "所属县区", "县区", "县(市、区)", "区县", "所在县(市、区)", "homecounty", "county"}, Width: 20, Max: 40, Example: "",
			Note: "人员所属的县(市、区); 市统计局人员留空", choice: chCounty},
		{Key: "specialties", Header: "专业", Aliases: []string{"执法专业", "专业领域", "专业类别", "specialty"}, Required: true, Width: 20, Max: 100, Example: "工业、综合",
			Note: "一个或多个专业, 用顿号“、”分隔: 工业、贸易、服务业、建筑业、房地产、投资、综合(可在设置中修改)", choice: chSpecList},
		{Key: "leader_qualified", Header: "可任组长", Aliases: []string{"组长资格", "是否可任组长", "组长", "leader"}, Width: 10, Max: 10, Example: "否",
			Note: "是/否; 不填视为“否”", choice: chYesNo},
		{Key: "valid_until", Header: "执法证有效期至", Aliases: []string{"有效期至", "有效期", "证件有效期", "执法证有效期", "validuntil"}, Required: true, Width: 16, Max: 30, Example: "2028-12-31",
			Note: "执法证有效期的最后一天", choice: chDate},
		{Key: "active", Header: "在岗", Aliases: []string{"是否在岗", "在职"}, Width: 8, Max: 10, Example: "是",
			Note: "是/否; 不填视为“是”; 离岗人员不参加抽取", choice: chYesNo},
		{Key: "conflict_counties", Header: "回避县区", Aliases: []string{"利害关系县区", "回避县(市、区)", "回避地区", "conflictcounties"}, Width: 20, Max: 200,
			Note: "与本人有利害关系、须回避的县(市、区), 多个用顿号分隔"},
		{Key: "conflict_units", Header: "回避单位", Aliases: []string{"利害关系单位", "回避单位代码", "conflictunits"}, Width: 24, Max: 2000,
			Note: "须回避单位的统一社会信用代码, 多个用顿号分隔"},
		{Key: "training", Header: "培训记录", Aliases: []string{"培训", "培训情况"}, Width: 36, Max: 2000, Example: "2026-03-10 1天 双随机一公开实务; 2026-09-02 1天 统计法",
			Note: "每条写“日期 天数 内容”, 多条用分号分隔, 如“2026-03-10 1天 统计法”"},
	},
	Matters: {
		{Key: "code", Header: "事项编码", Aliases: []string{"编码", "事项代码", "代码", "编号", "事项编号"}, Required: true, Code: true, Width: 12, Max: 40, Example: "SJ-001", Note: "事项的唯一编码"},
		{Key: "name", Header: "抽查事项", Aliases: []string{"事项名称", "抽查事项名称", "随机抽查事项", "名称", "事项"}, Required: true, Width: 40, Max: 500, Example: "调查对象依法建立原始记录、统计台账和统计资料管理制度执行情况"},
		{Key: "basis", Header: "抽查依据", Aliases: []string{"依据", "检查依据"}, Width: 40, Max: 4000, Example: "《中华人民共和国统计法》"},
		{Key: "subject", Header: "抽查主体", Aliases: []string{"主体", "检查主体"}, Width: 16, Max: 200, Example: "承德市统计局"},
		{Key: "content", Header: "抽查内容", Aliases: []string{"内容", "检查内容"}, Width: 40, Max: 4000, Example: "调查单位执行统计制度、建立原始记录、统计台账、统计资料管理情况"},
		{Key: "method", Header: "抽查方式", Aliases: []string{"方式", "检查方式"}, Width: 14, Max: 200, Example: "双随机抽查"},
		{Key: "organisation", Header: "抽查组织", Aliases: []string{"组织", "组织实施", "实施机构", "organization"}, Width: 16, Max: 200, Example: "市统计局法规科"},
		{Key: "specialty", Header: "专业", Aliases: []string{"所属专业", "执法专业"}, Required: true, Width: 10, Max: 40, Example: "综合",
			Note: "选派检查人员时要求的专业", choice: chSpecialty},
		{Key: "categories", Header: "适用单位类别", Aliases: []string{"单位类别", "抽查对象类别", "适用类别"}, Width: 24, Max: 400,
			Note: "本事项抽查的单位类别, 多个用顿号分隔; 留空表示全部类别"},
		{Key: "frequency", Header: "抽查频次", Aliases: []string{"频次"}, Width: 10, Max: 100, Example: "每年2次"},
		{Key: "ratio", Header: "抽查比例", Aliases: []string{"比例"}, Width: 10, Max: 100, Example: "不低于5%"},
		{Key: "effective_from", Header: "生效日期", Aliases: []string{"启用日期", "effectivefrom"}, Width: 14, Max: 30, Example: "2021-01-05",
			Note: "本版本事项的生效日期; 留空则为导入当天", choice: chDate},
		{Key: "retired", Header: "已停用", Aliases: []string{"停用", "是否停用"}, Width: 8, Max: 10, Example: "否", Note: "是/否; 不填视为“否”", choice: chYesNo},
	},
	Counties: {
		{Key: "code", Header: "区划代码", Aliases: []string{"行政区划代码", "代码", "编码", "区划编码"}, Required: true, Code: true, Width: 12, Max: 20, Example: "130802",
			Note: "GB/T 2260 行政区划代码; 高新区等没有国标代码的可用本地代码(如 130871)"},
		{Key: "name", Header: "名称", Aliases: []string{"县(市、区)", "县区名称", "区划名称", "县(市、区)名称", "县区"}, Required: true, Width: 26, Max: 60, Example: "双桥区"},
		{Key: "active", Header: "启用", Aliases: []string{"是否启用", "有效"}, Width: 8, Max: 10, Example: "是", Note: "是/否; 不填视为“是”", choice: chYesNo},
	},
	History: {
		{Key: "unit", Header: "统一社会信用代码", Aliases: idAliases, Required: true, Code: true, Width: 24, Max: 40, Example: "91130802MA0A0B1C2X",
			Note: "被检查单位的代码, 须是名录库中已有的单位"},
		{Key: "unit_name", Header: "单位名称", Aliases: []string{"名称", "企业名称", "单位详细名称"}, Width: 36, Max: 200, Example: "承德示例机械制造有限公司", Note: "仅供核对, 导入时不使用"},
		{Key: "date", Header: "检查日期", Aliases: []string{"抽查日期", "日期", "检查时间"}, Required: true, Width: 14, Max: 30, Example: "2025-06-18", choice: chDate,
			Note: "三年内检查过的单位不再抽取"},
		{Key: "matter", Header: "抽查事项编码", Aliases: []string{"事项编码", "事项代码", "抽查事项"}, Required: true, Code: true, Width: 14, Max: 40, Example: "SJ-001", Note: "须是抽查事项清单中已有的编码"},
		{Key: "source", Header: "来源", Aliases: []string{"数据来源"}, Width: 20, Max: 100, Example: "import", Note: "留空记为 import; 本程序抽取产生的记录为 ceremony:<编号>; 以“双随机”或“定向”开头的(如 双随机(省平台))计入 5% 下限和事项比例, 其他来源不计"},
	},
}

// ParseColumns reads an explicit column mapping such as
// "单位类别=专业类别,单位名称=企业名称": each pair names a column of k (its
// Chinese header, English key or any accepted alias) and the header of the
// file's column that feeds it. It returns column index → headerKey of the
// file's header.
func ParseColumns(k Kind, s string) (map[int]string, error) {
	out := map[int]string{}
	cols := schemas[k]
	for _, pair := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == '；' }) {
		field, file, ok := strings.Cut(strings.ReplaceAll(pair, "＝", "="), "=")
		field, file = strings.TrimSpace(field), strings.TrimSpace(file)
		if !ok || field == "" || file == "" {
			return nil, fmt.Errorf("--columns 中的 %q 应写成“字段=文件中的列名”, 如 单位名称=企业名称", pair)
		}
		c := findColumn(cols, headerKey(field))
		if c < 0 {
			var names []string
			for _, col := range cols {
				names = append(names, col.Header)
			}
			return nil, fmt.Errorf("--columns: %s没有字段“%s”; 可用的字段: %s", k.Title(), field, strings.Join(names, "、"))
		}
		if _, dup := out[c]; dup {
			return nil, fmt.Errorf("--columns: 字段“%s”指定了两次", cols[c].Header)
		}
		out[c] = headerKey(file)
	}
	return out, nil
}

// headerKey is the comparison form of a header cell: NFKC, lowercase, no
// white space, no "*" required-field marks, no "_".
func headerKey(s string) string {
	s = key(s)
	return strings.NewReplacer("*", "", "_", "", "-", "", ":", "").Replace(s)
}

// matchHeader returns, for each column of k, the index of the cell in row
// that names it (-1 if absent), and how many columns matched. A trailing
// parenthesised note such as "(必填)" is ignored when the full name does not
// match.
func matchHeader(k Kind, row []string) ([]int, int) {
	return matchHeaderWith(k, row, nil)
}

// matchHeaderWith is matchHeader with an explicit mapping first: mapping
// gives, for a column index of k, the header (headerKey form) of the cell
// that feeds it. Mapped cells are not matched again by name.
func matchHeaderWith(k Kind, row []string, mapping map[int]string) ([]int, int) {
	cols := schemas[k]
	idx := make([]int, len(cols))
	for i := range idx {
		idx[i] = -1
	}
	n := 0
	taken := map[int]bool{}
	for c, want := range mapping {
		for pos, cell := range row {
			if !taken[pos] && headerKey(cell) == want {
				idx[c], taken[pos] = pos, true
				n++
				break
			}
		}
	}
	for pos, cell := range row {
		h := headerKey(cell)
		if h == "" || taken[pos] {
			continue
		}
		c := findColumn(cols, h)
		if c < 0 {
			if i := strings.LastIndexByte(h, '('); i > 0 && strings.HasSuffix(h, ")") {
				c = findColumn(cols, h[:i])
			}
		}
		if c >= 0 && idx[c] < 0 {
			idx[c] = pos
			n++
		}
	}
	return idx, n
}

func findColumn(cols []Column, h string) int {
	for i, c := range cols {
		if headerKey(c.Header) == h || headerKey(c.Key) == h {
			return i
		}
	}
	for i, c := range cols {
		for _, a := range c.Aliases {
			if headerKey(a) == h {
				return i
			}
		}
	}
	return -1
}

func init() {
	// The example code of the templates is a valid USCC.
	body := "91130802MA0A0B1C2"
	c, err := store.USCCCheckChar(body)
	if err != nil {
		panic(err)
	}
	schemas[Units][uID].Example = body + string(c)
	schemas[History][hUnit].Example = body + string(c)
}
