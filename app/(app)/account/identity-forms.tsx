'use client';

import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { bindIdentityAction, unbindIdentityAction } from './security-actions';

/** 绑定: off to the OIDC provider (the action throws the redirect); back on /account when bound. */
export function IdentityBindButton({ label }: { label: string }) {
  const { message, pending, run } = useActionMessage();
  return (
    <div className="flex flex-col gap-2">
      <ActionAlert message={message} />
      <div>
        <Button type="button" disabled={pending} onClick={() => run(() => bindIdentityAction({}))}>
          {pending ? '正在跳转…' : label}
        </Button>
      </div>
    </div>
  );
}

export function IdentityUnbindButton({ id }: { id: number }) {
  const { pending, run } = useActionMessage({ refresh: true });
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() => {
        if (!window.confirm('确定解除绑定？解除后不能再用该统一身份账号登录本账户。')) return;
        run(() => unbindIdentityAction({ id }));
      }}
    >
      解除绑定
    </Button>
  );
}
