'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { bindIdentityAction, unbindIdentityAction } from './security-actions';

/** 绑定: off to the OIDC provider (the action throws the redirect); back on /account when bound. */
export function IdentityBindButton({ label }: { label: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-2">
      {error && <Alert variant="error">{error}</Alert>}
      <div>
        <Button
          type="button"
          disabled={pending}
          onClick={() =>
            startTransition(async () => {
              const result = await bindIdentityAction({});
              if (result && !result.ok) setError(result.error);
            })
          }
        >
          {pending ? '正在跳转…' : label}
        </Button>
      </div>
    </div>
  );
}

export function IdentityUnbindButton({ id }: { id: number }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() => {
        if (!window.confirm('确定解除绑定？解除后不能再用该统一身份账号登录本账户。')) return;
        startTransition(async () => {
          await unbindIdentityAction({ id });
          router.refresh();
        });
      }}
    >
      解除绑定
    </Button>
  );
}
