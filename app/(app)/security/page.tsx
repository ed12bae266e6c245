import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { listLockedAccounts, searchUsersForSecurity } from '@/lib/admin/security-admin-service';
import { can } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getSecurityPolicy } from '@/lib/auth/security-policy';
import { formatDateTime } from '@/lib/format';
import { requestContext } from '@/lib/request-context';
import { EmptyRow, FilterField, ListFilter } from '../admin/admin-list';
import { SecurityPolicyForm, UnlockButton, UserSecurityButtons } from './security-forms';

export const metadata: Metadata = { title: '安全管理' };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

/** 安全管理: the security administrator's console (三员分立). */
export default async function SecurityPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'security.manage')) redirect('/');
  const { q: rawQ } = await searchParams;
  const q = (Array.isArray(rawQ) ? rawQ[0] : rawQ) ?? '';
  const [policy, locked, accounts] = await Promise.all([getSecurityPolicy(ctx.db), listLockedAccounts(ctx), searchUsersForSecurity(ctx, q)]);

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">安全管理</h1>
        <p className="text-sm text-muted-foreground">密码与会话策略、账户解锁、动态口令重置和强制下线。所有操作记入审计日志，由审计管理员查阅。</p>
      </div>

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">安全策略</CardTitle>
        </CardHeader>
        <CardContent>
          <SecurityPolicyForm values={policy} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">已锁定的账户</CardTitle>
          <p className="text-sm text-muted-foreground">连续输错密码的账户被暂时锁定；核实是本人后可提前解锁。</p>
        </CardHeader>
        <CardContent>
          <Table caption="已锁定的账户：账户、角色、失败次数、锁定至" minWidth={340}>
            <TableHeader>
              <TableRow>
                <TableHead>账户</TableHead>
                <TableHead className="hidden sm:table-cell">失败次数</TableHead>
                <TableHead>锁定至</TableHead>
                <TableHead>操作</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {locked.map((a) => (
                <TableRow key={a.userId} data-locked-username={a.username}>
                  <TableCell>
                    <span className="font-medium">{a.username}</span>
                    <div className="text-xs text-muted-foreground">
                      {a.displayName} · {ROLE_LABELS[a.role]}
                      {a.unitName ? ` · ${a.unitName}` : ''}
                    </div>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">{a.failedCount}</TableCell>
                  <TableCell>{formatDateTime(a.lockedUntil)}</TableCell>
                  <TableCell>{a.userId === ctx.actor.userId ? <span className="text-xs text-muted-foreground">须由另一位安全管理员解锁</span> : <UnlockButton username={a.username} />}</TableCell>
                </TableRow>
              ))}
              {locked.length === 0 && <EmptyRow colSpan={4}>目前没有被锁定的账户</EmptyRow>}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader className="pb-2 md:pb-2">
          <CardTitle className="text-base">账户的动态口令与登录</CardTitle>
          <p className="text-sm text-muted-foreground">手机丢失或更换时重置动态口令（下次登录重新绑定）；账户疑似被盗用时强制下线。重置密码请联系系统管理员。</p>
        </CardHeader>
        <CardContent className="flex flex-col gap-3">
          <ListFilter label="查找账户">
            <FilterField id="security-q" label="用户名或姓名" grow>
              <Input id="security-q" name="q" defaultValue={q} />
            </FilterField>
          </ListFilter>
          <Table caption="账户：动态口令、在线会话与操作" minWidth={340}>
            <TableHeader>
              <TableRow>
                <TableHead>账户</TableHead>
                <TableHead>动态口令</TableHead>
                <TableHead className="hidden sm:table-cell">在线会话</TableHead>
                <TableHead>操作</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {accounts.map((u) => (
                <TableRow key={u.id} data-username={u.username}>
                  <TableCell>
                    <span className="font-medium">{u.username}</span>
                    {!u.active && (
                      <Badge variant="secondary" className="ml-1">
                        已停用
                      </Badge>
                    )}
                    <div className="text-xs text-muted-foreground">
                      {u.displayName} · {ROLE_LABELS[u.role]}
                      {u.unitName ? ` · ${u.unitName}` : ''}
                    </div>
                  </TableCell>
                  <TableCell>{u.totpEnabled ? <Badge className="whitespace-nowrap">已绑定</Badge> : <Badge variant="secondary" className="whitespace-nowrap">未绑定</Badge>}</TableCell>
                  <TableCell className="hidden sm:table-cell">{u.openSessions}</TableCell>
                  <TableCell>
                    <UserSecurityButtons userId={u.id} username={u.username} totpEnabled={u.totpEnabled} isSelf={u.id === ctx.actor.userId} />
                  </TableCell>
                </TableRow>
              ))}
              {accounts.length === 0 && <EmptyRow colSpan={4}>没有符合条件的账户</EmptyRow>}
            </TableBody>
          </Table>
          {accounts.length === 50 && <p className="text-xs text-muted-foreground">只列出前 50 个账户，请输入用户名或姓名查找。</p>}
        </CardContent>
      </Card>
    </div>
  );
}
