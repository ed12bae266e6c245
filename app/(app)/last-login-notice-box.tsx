'use client';

import { useEffect, useState } from 'react';

const storageKey = (loginKey: string) => `last-login-notice:${loginKey}`;

/**
 * Shows the 上次登录 line once per login: from the first page after it until dismissed (the shared
 * layout keeps it across in-app navigation, redirects after login included); a later full page
 * load of the same login no longer shows it (remembered in sessionStorage at once).
 * Rendered hidden on the server and shown after hydration, so a page seen already never flashes it.
 */
export function LastLoginNoticeBox({ loginKey, text, warning }: { loginKey: string; text: string; warning: string | null }) {
  const [visible, setVisible] = useState(false);

  useEffect(() => {
    let seen = false;
    try {
      seen = sessionStorage.getItem(storageKey(loginKey)) !== null;
    } catch {
      // Storage blocked: show it (at worst once per page load).
    }
    setVisible(!seen);
    remember(loginKey);
  }, [loginKey]);

  if (!visible) return null;
  return (
    <div role="status" data-testid="last-login-notice" className="mb-3 flex items-start justify-between gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
      <span>
        {text}
        <span className="max-sm:hidden">（如非本人登录，请立即修改密码）</span>
        {warning && (
          <span className="block" data-testid="password-expiry-warning">
            {warning}
          </span>
        )}
      </span>
      <button
        type="button"
        className="shrink-0 rounded px-1.5 text-sky-900 hover:bg-sky-100"
        aria-label="关闭上次登录提示"
        onClick={() => {
          setVisible(false);
          remember(loginKey);
        }}
      >
        ×
      </button>
    </div>
  );
}

function remember(loginKey: string) {
  try {
    sessionStorage.setItem(storageKey(loginKey), '1');
  } catch {
    // Storage blocked: nothing to remember it in.
  }
}
