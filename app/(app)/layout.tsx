import Link from 'next/link';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { unreadCount } from '@/lib/notifications/notification-service';
import { ListSwitcher } from '@/components/list-switcher';
import { formAction } from '@/lib/actions/form-action';
import { planShortName } from '@/lib/plans/plan-scope';
import { requestContext, requestPlanScope } from '@/lib/request-context';
import { isCityActor } from '@/lib/districts/district-scope';
import { districtById } from '@/lib/districts/district-service';
import { chooseListAction, logoutAction } from './actions';
import { viewDistrictAction } from './city/actions';
import { NavLinks } from './nav-links';
import { LastLoginNotice } from './last-login-notice';

function NotificationBell({ count }: { count: number }) {
  return (
    <Link href="/notifications" className="header-button" aria-label={count ? `消息，${count} 条未读` : '消息'}>
      消息
      {count > 0 && (
        <span className="unread-count" data-testid="unread-count">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}

// The header's classes are named once in app/globals.css (.app-header …): the layout is part of every
// page, and a server component's classes travel twice (HTML and RSC payload).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { db, actor } = await requestContext();
  const city = isCityActor(actor);
  const [unread, scope, viewing] = await Promise.all([
    unreadCount(db, actor),
    requestPlanScope(),
    city && actor.districtId !== null ? districtById(db, actor.districtId) : null,
  ]);
  // 三员分立: the security and audit administrators see their own console only (no business data).
  // The city office reads a district's pages once it chose one on /city.
  const business = can(actor, 'ledger.read') && !(city && !viewing);
  const nav = [
    ...(can(actor, 'city.read') ? [{ href: '/city', label: '全市对比' }] : []),
    ...(can(actor, 'reports.write')
      ? [
          { href: '/my', label: '本单位任务' },
          { href: '/my/month', label: '月度填报' },
        ]
      : []),
    ...(business
      ? [
          { href: '/dashboard', label: '总览' },
          { href: '/tasks', label: '工作台账' },
          { href: '/overdue', label: '逾期' },
          { href: '/units', label: '责任单位' },
        ]
      : []),
    ...(business && can(actor, 'reports.readAll') ? [{ href: '/review', label: '审核' }] : []),
    ...(business && can(actor, 'reports.readAll') ? [{ href: '/approvals', label: '待审批' }] : []),
    ...(business
      ? [
          { href: '/notices', label: '督办' },
          { href: '/problems', label: '问题协调' },
          { href: '/assessment', label: '考核' },
          { href: '/exports', label: '导出' },
        ]
      : []),
    ...(can(actor, 'plans.manage') ? [{ href: '/lists', label: '任务清单' }] : []),
    ...(can(actor, 'indicators.manage') ? [{ href: '/indicators', label: '目标指标' }] : []),
    ...(can(actor, 'users.manage') ? [{ href: '/admin', label: '系统管理' }] : []),
    ...(can(actor, 'security.manage') ? [{ href: '/security', label: '安全管理' }] : []),
    ...(can(actor, 'audit.read') ? [{ href: '/audit', label: '审计日志' }] : []),
  ];
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="skip-link">
        跳到正文
      </a>
      <header className="app-header">
        <div className="app-header-bar">
          <Link href="/" className="app-name">
            重点任务督查督办系统
          </Link>
          <div className="app-user">
            {business && <NotificationBell count={unread} />}
            <span data-testid="current-user">
              {actor.displayName}
              <span className="opacity-80 max-sm:hidden">
                （{ROLE_LABELS[actor.role]}
                {actor.unitName ? ` · ${actor.unitName}` : ''}）
              </span>
            </span>
            <Link href="/account" className="account-link">
              账户与安全
            </Link>
            {/* 退出 is posted by the form itself (it works without JavaScript); the action redirects. */}
            <form action={formAction(logoutAction)}>
              <button type="submit" className="header-button outlined">
                退出
              </button>
            </form>
          </div>
        </div>
        {viewing && (
          <form action={formAction(viewDistrictAction)} className="mx-auto flex max-w-6xl items-center gap-2 px-3 pb-1 text-sm md:px-6" data-testid="city-viewing">
            <span>
              正在查看：<strong>{viewing.name}</strong>（只读）
            </span>
            <input type="hidden" name="district" value="none" />
            <button type="submit" className="whitespace-nowrap rounded-md border border-white/40 px-2 py-0.5 hover:bg-white/15">
              返回全市
            </button>
          </form>
        )}
        <nav aria-label="主导航" className="app-nav">
          <NavLinks items={nav} />
        </nav>
        {business && scope.active.length > 1 && (
          <div className="mx-auto max-w-6xl px-3 pb-2 md:px-6">
            <ListSwitcher
              lists={scope.active.map((p) => ({ id: p.id, label: `${planShortName(p)}（${p.year}）`, title: p.title }))}
              chosen={scope.chosen?.id ?? null}
              action={chooseListAction}
            />
          </div>
        )}
      </header>
      <main id="main" className="app-main">
        <LastLoginNotice actor={actor} />
        {children}
      </main>
    </div>
  );
}
