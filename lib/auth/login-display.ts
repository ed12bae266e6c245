/**
 * How logins and sessions read on screen (上次登录, the account page's session list). Pure and
 * client-safe: the notice and the page share the wording, the tests pin it.
 */
import { APP_TIME_ZONE } from '@/lib/format';

const loginTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** "2023年11月21日 09:12" in China Standard Time. */
export function formatLoginTime(at: Date): string {
  const parts = Object.fromEntries(loginTimeFormat.formatToParts(at).map((p) => [p.type, p.value]));
  // Some ICU versions write midnight as 24:00 with hour12 off.
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.year}年${parts.month}月${parts.day}日 ${hour}:${parts.minute}`;
}

/** The address as shown: a v4-mapped v6 address reads as v4; none known reads 未知. */
export function formatAddress(ip: string | null): string {
  if (!ip) return '未知';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** 上次登录：2023年11月21日 09:12，地址 10.0.0.3 — or 首次登录 when there was none. */
export function describePreviousLogin(previous: { at: Date; ip: string | null } | null): string {
  if (!previous) return '首次登录';
  return `上次登录：${formatLoginTime(previous.at)}，地址 ${formatAddress(previous.ip)}`;
}

/** A short browser and system name from a user agent ("Chrome 120 · Windows"), enough to recognise one's own devices. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return '未知浏览器';
  const ua = userAgent;
  const version = (re: RegExp) => ua.match(re)?.[1]?.split('.')[0];
  let browser = '其他浏览器';
  // Order matters: Edge and Chromium-based Chinese browsers also say Chrome; Chrome also says Safari.
  if (/MicroMessenger\//.test(ua)) browser = '微信';
  else if (/Edg(e|A|iOS)?\//.test(ua)) browser = `Edge ${version(/Edg(?:e|A|iOS)?\/([\d.]+)/) ?? ''}`.trim();
  else if (/Firefox\//.test(ua)) browser = `Firefox ${version(/Firefox\/([\d.]+)/) ?? ''}`.trim();
  else if (/(Chrome|CriOS|Chromium)\//.test(ua)) browser = `Chrome ${version(/(?:Chrome|CriOS|Chromium)\/([\d.]+)/) ?? ''}`.trim();
  else if (/Safari\//.test(ua)) browser = `Safari ${version(/Version\/([\d.]+)/) ?? ''}`.trim();
  let system = '';
  if (/Windows/.test(ua)) system = 'Windows';
  else if (/Android/.test(ua)) system = 'Android';
  else if (/iPhone|iPad|iPod/.test(ua)) system = 'iOS';
  else if (/Mac OS X|Macintosh/.test(ua)) system = 'macOS';
  else if (/Linux/.test(ua)) system = 'Linux';
  return system ? `${browser} · ${system}` : browser;
}
