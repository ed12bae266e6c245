/**
 * Collective phrases among the units of a task: 各镇街, 各街道, 各镇（街道）, 区直各部门, 各有关单位,
 * 全区经济运行各专班, 区疫情防控指挥部成员单位 … They name no single unit; the importer maps them to
 * unit groups (or shows them as a note), so the parser keeps them apart, as written.
 */

/** Words after 各/有关/相关 that make a phrase collective (各镇, 有关部门, 相关乡镇办 …). */
const MEMBER_WORDS = '单位|部门|专班|园区|镇|乡|街道|街|办事处|政府|企业|学校|医院|机构|成员|县|区|市|村|社区|管委会';

const COLLECTIVE_PATTERNS: readonly RegExp[] = [
  // 各镇街, 各街道, 各镇（街道）, 各镇人民政府（街道办事处）, 各有关单位, 各区县政府（含…）, 各园区
  /^各/u,
  // 区直各部门, 县直有关单位, 市直各单位, 市级各有关部门, 市级其他有关单位, 区直相关单位
  /^(?:区|县|市|省|州|旗)(?:直|级|属)(?:各|有关|相关|其他|其它|部门|单位)/u,
  // 全区经济运行各专班, 全县各乡镇
  /^全(?:区|县|市|省|州|旗)/u,
  // 有关单位, 相关部门, 其他有关单位, 相关乡镇办
  new RegExp(`^(?:有关|相关|其他|其它|其余|涉及的?)(?:[\\u4e00-\\u9fff]{0,6})(?:${MEMBER_WORDS})`, 'u'),
  // 区疫情防控指挥部成员单位, 区创文工作领导小组成员单位
  /成员单位$/u,
  // 区政府有关部门, 市级其他有关单位, 县直相关单位
  /(?:有关|相关|其他|其它)(?:部门|单位|镇|乡|街道|企业)$/u,
  // 街道办事处, 乡镇人民政府: a kind of unit without a place name (各 left out: 各乡镇人民政府、街道办事处)
  /^(?:乡镇|镇|乡|街道|镇街)(?:人民政府|政府|办事处|办)?$|^街道办事处$/u,
  // …各专班, …各成员单位, …各部门 (X各Y in the middle)
  new RegExp(`各(?:有关|相关)?(?:${MEMBER_WORDS})(?:[(（][^)）]*[)）])?$`, 'u'),
];

/** Is this (normalised or raw) piece of a unit list a collective phrase rather than one unit? */
export function isCollectivePhrase(piece: string): boolean {
  const s = piece.replace(/\s+/gu, '');
  if (s === '') return false;
  return COLLECTIVE_PATTERNS.some((re) => re.test(s));
}

/** A collective phrase as written: only spaces and list punctuation around it removed. */
export function groupAsWritten(piece: string): string {
  return piece.replace(/\s+/gu, '').replace(/^[。，,；;、.．：:]+|[。，,；;、.．：:]+$/gu, '');
}
