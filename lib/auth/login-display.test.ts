import { describe, expect, it } from 'vitest';
import { describePreviousLogin, describeUserAgent, formatLoginTime } from './login-display';

describe('上次登录 wording', () => {
  it('time in Beijing, address as stored; a first login says so', () => {
    expect(describePreviousLogin({ at: new Date('2023-11-21T01:12:00Z'), ip: '10.0.0.3' })).toBe('上次登录：2023年11月21日 09:12，地址 10.0.0.3');
    expect(describePreviousLogin({ at: new Date('2023-11-21T16:05:00Z'), ip: '::ffff:192.0.2.1' })).toBe('上次登录：2023年11月22日 00:05，地址 192.0.2.1');
    expect(describePreviousLogin({ at: new Date('2023-11-21T16:05:00Z'), ip: null })).toBe('上次登录：2023年11月22日 00:05，地址 未知');
    expect(describePreviousLogin(null)).toBe('首次登录');
    expect(formatLoginTime(new Date('2024-01-05T02:03:00Z'))).toBe('2024年1月5日 10:03');
  });

  it('a browser and system name from the user agent', () => {
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36')).toBe('Chrome 120 · Windows');
    expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91')).toBe('Edge 120 · Windows');
    expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1')).toBe('Safari 17 · iOS');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0')).toBe('Firefox 121 · Linux');
    expect(describeUserAgent(null)).toBe('未知浏览器');
  });
});
