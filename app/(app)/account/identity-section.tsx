import { SectionCard } from '@/components/ui/card';
import type { Actor } from '@/lib/auth/actor';
import { formatLoginTime } from '@/lib/auth/login-display';
import { listIdentities, OIDC_MESSAGES, oidcConfig } from '@/lib/auth/oidc';
import { ADMIN_ROLES } from '@/lib/auth/roles';
import type { Reader } from '@/lib/db';
import { IdentityBindButton, IdentityUnbindButton } from './identity-forms';

/** 统一身份认证: the external accounts bound to this one; shown only when OIDC is configured. */
export async function IdentitySection({ db, actor }: { db: Reader; actor: Actor }) {
  const config = oidcConfig();
  if (!config) return null;
  const identities = await listIdentities(db, actor.userId);
  const admin = ADMIN_ROLES.includes(actor.role);
  return (
    <SectionCard
      title={config.displayName}
      titleId="identity-title"
      aria-labelledby="identity-title"
      data-testid="identities"
      description={<p className="text-sm text-muted-foreground">绑定后可在登录页使用{config.displayName}登录本账户。</p>}
    >
      <div className="flex flex-col gap-3 text-sm">
        {admin ? (
          <p>{OIDC_MESSAGES.oidc_admin}，不能绑定{config.displayName}。</p>
        ) : (
          <>
            {identities.length === 0 ? (
              <p data-testid="identity-status">未绑定</p>
            ) : (
              <ul className="flex flex-col divide-y">
                {identities.map((i) => (
                  <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="identity">
                    <span>
                      已绑定：<code className="font-mono">{i.subject}</code>
                      <span className="ml-2 text-muted-foreground">（{formatLoginTime(i.createdAt)}）</span>
                    </span>
                    <IdentityUnbindButton id={i.id} />
                  </li>
                ))}
              </ul>
            )}
            {identities.length === 0 && <IdentityBindButton label={`绑定${config.displayName}`} />}
          </>
        )}
      </div>
    </SectionCard>
  );
}
