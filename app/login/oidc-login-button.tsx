import { Button } from '@/components/ui/button';
import { formAction } from '@/lib/actions/form-action';
import { oidcLoginAction } from './actions';

/** 使用统一身份认证登录: shown only when OIDC is configured (lib/env.ts OIDC_*). */
export function OidcLoginButton({ callbackUrl, displayName }: { callbackUrl?: string; displayName: string }) {
  return (
    <form action={formAction(oidcLoginAction)} className="flex flex-col">
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ''} />
      <Button type="submit" variant="outline">
        使用{displayName}登录
      </Button>
    </form>
  );
}
