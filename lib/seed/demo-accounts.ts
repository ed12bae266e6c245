import type { Role } from '@/db/schema';

/** Shared by every demo account; shown on the login page in demo mode only. */
export const DEMO_PASSWORD = 'Hedong@2023';

export type DemoAccount = { username: string; displayName: string; role: Role; unitName: string | null; note: string };

/**
 * One account per role, plus several units so that the lead/participating split can be tried. Only
 * the unit roles have a unit: the oversight roles judge every unit's work, none as their own.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', unitName: null, note: '管理单位、用户、年度任务导入' },
  { username: 'duchashi', displayName: '王督查', role: 'supervisor', unitName: null, note: '审核、督办、考核' },
  { username: 'lingdao', displayName: '李区长', role: 'leader', unitName: null, note: '查看全局、作出批示' },
  { username: 'fgj', displayName: '发改局填报员', role: 'reporter', unitName: '区发展和改革局', note: '牵头任务最多的单位' },
  { username: 'fgj_head', displayName: '发改局负责人', role: 'unit_head', unitName: '区发展和改革局', note: '本单位负责人' },
  { username: 'gxj', displayName: '工信局填报员', role: 'reporter', unitName: '区工业和信息化局', note: '牵头任务多，可在“月度填报”一页填报全月' },
  { username: 'gxj_head', displayName: '工信局负责人', role: 'unit_head', unitName: '区工业和信息化局', note: '可在“月度填报”审阅全月' },
  { username: 'sthj', displayName: '生态环境分局填报员', role: 'reporter', unitName: '河东生态环境分局', note: '任务40 牵头单位' },
  { username: 'kjj', displayName: '科技局填报员', role: 'reporter', unitName: '区科学技术局', note: '任务40 参与单位' },
  // 三员分立: the security and audit administrators, each with only their own console. Last, so
  // that the ids of the accounts above stay as they were.
  { username: 'anquan', displayName: '安全管理员', role: 'security_admin', unitName: null, note: '安全策略、解锁账户、重置动态口令' },
  { username: 'shenji', displayName: '审计管理员', role: 'audit_admin', unitName: null, note: '查询、导出审计日志' },
];
