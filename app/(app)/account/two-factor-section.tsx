import QRCode from 'qrcode';
import { SectionCard } from '@/components/ui/card';
import type { Actor } from '@/lib/auth/actor';
import { formatLoginTime } from '@/lib/auth/login-display';
import { formatTotpSecret } from '@/lib/auth/totp';
import { totpStatus } from '@/lib/auth/totp-service';
import type { Reader } from '@/lib/db';
import { TwoFactorConfirmForm, TwoFactorDisableForm, TwoFactorStartButton } from './two-factor-forms';

/**
 * 双因素认证 (动态口令): status; setting up (QR code and key, confirmed by a code); switching off
 * (not for administrators). On the account page, and alone on /two-factor for administrators who
 * must enrol before anything else (`forced`).
 */
export async function TwoFactorSection({ db, actor, forced = false }: { db: Reader; actor: Actor; forced?: boolean }) {
  const status = await totpStatus(db, actor);
  const qr = status.pending ? await QRCode.toDataURL(status.pending.uri, { margin: 1, width: 200 }) : null;
  return (
    <SectionCard
      title="双因素认证（动态口令）"
      titleId="two-factor-title"
      aria-labelledby="two-factor-title"
      data-testid="two-factor"
      description={
        <p className="text-sm text-muted-foreground">
          登录时除密码外，还须输入手机验证器（如微信小程序“腾讯身份验证器”、Google Authenticator）中显示的 6 位动态口令。
          {status.required && ' 管理员账户必须启用。'}
        </p>
      }
    >
      {status.enabledAt ? (
        <div className="flex flex-col gap-3 text-sm">
          <p data-testid="two-factor-status">已启用（{formatLoginTime(status.enabledAt)}）</p>
          {status.required ? <p className="text-muted-foreground">管理员账户不能关闭动态口令。</p> : <TwoFactorDisableForm />}
        </div>
      ) : status.pending && qr ? (
        <div className="flex flex-col gap-3 text-sm">
          <p>1. 用验证器扫描二维码，或手动输入密钥：</p>
          {/* A data URL made on the server: the key never goes to a third-party QR service. */}
          <img src={qr} alt="动态口令二维码" width={200} height={200} className="rounded border" />
          <p>
            密钥：
            <code className="break-all rounded bg-muted px-1 font-mono" data-testid="totp-secret">
              {formatTotpSecret(status.pending.secret)}
            </code>
          </p>
          <p>2. 输入验证器中显示的 6 位数字，完成设置：</p>
          <TwoFactorConfirmForm redirectTo={forced ? '/' : undefined} />
        </div>
      ) : (
        <div className="flex flex-col gap-2 text-sm">
          <p data-testid="two-factor-status">未启用</p>
          <TwoFactorStartButton />
        </div>
      )}
    </SectionCard>
  );
}
