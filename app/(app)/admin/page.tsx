import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { can, type Permission } from '@/lib/auth/permissions';
import { requestContext } from '@/lib/request-context';

export const metadata: Metadata = { title: '系统管理' };

const SECTIONS: { href: string; title: string; text: string; permission: Permission }[] = [
  { href: '/admin/units', title: '单位管理', text: '单位改名、别名、合并重复单位、停用与启用', permission: 'units.manage' },
  { href: '/admin/users', title: '用户管理', text: '新建账户、修改角色与单位、重置密码、停用与启用', permission: 'users.manage' },
  { href: '/lists', title: '任务清单', text: '导入通知（Word、Excel、PDF、网页、文本），分解政府工作报告，归档往年清单', permission: 'plans.import' },
  { href: '/admin/unit-groups', title: '单位组', text: '“各镇街”“区直各部门”等说法对应哪些单位，导入通知时展开', permission: 'units.manage' },
  { href: '/admin/calendar', title: '调度日历', text: '调度月份与每月报送截止日期', permission: 'calendar.manage' },
  { href: '/admin/settings', title: '预警设置', text: '预警阈值、法定节假日与调休', permission: 'settings.manage' },
];

/** 系统管理: the admin's console. */
export default async function AdminPage() {
  const { actor } = await requestContext();
  const sections = SECTIONS.filter((s) => can(actor, s.permission));
  if (sections.length === 0) redirect('/');
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">系统管理</h1>
        <p className="text-sm text-muted-foreground">所有修改都记入审计日志（由审计管理员查阅）。账户解锁、动态口令重置由安全管理员办理。</p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="管理功能">
        {sections.map((s) => (
          <li key={s.href}>
            <Link
              href={s.href}
              className="flex h-full flex-col gap-1 rounded-lg border bg-white p-4 shadow-sm transition-colors hover:border-primary focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              <span className="font-semibold text-primary">{s.title}</span>
              <span className="text-sm text-muted-foreground">{s.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
