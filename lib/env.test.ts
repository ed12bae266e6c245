import { describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/client-address';
import { parseEnv as parse } from './env';

/** A process environment with only these variables set. */
const parseEnv = (vars: Record<string, string>) => parse({ ...vars, NODE_ENV: 'test' });

describe('the validated environment', () => {
  it('DATABASE_URL switches to PostgreSQL and then needs the shared secrets, each refusal in Chinese', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const secret = 'x'.repeat(40);
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({ DATABASE_URL: 'postgres://app@db:5432/keytasks', AUTH_SECRET: secret, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key }).DATABASE_URL).toBe('postgres://app@db:5432/keytasks');
    expect(() => parseEnv({ DATABASE_URL: 'mysql://db/keytasks', AUTH_SECRET: secret, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key })).toThrow(/DATABASE_URL 必须是 PostgreSQL 连接串/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://app@db/keytasks', NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: key })).toThrow(/使用 PostgreSQL（DATABASE_URL）时必须设置 AUTH_SECRET/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://app@db/keytasks', AUTH_SECRET: secret })).toThrow(/必须设置 NEXT_SERVER_ACTIONS_ENCRYPTION_KEY/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://app@db/keytasks', AUTH_SECRET: secret, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: 'short' })).toThrow(/32 字节密钥的 base64/);
  });

  it('TRUST_PROXY_HOPS defaults to 0 (no proxy) and reads a number of hops', () => {
    expect(parseEnv({}).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: '' }).TRUST_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUST_PROXY_HOPS: '2' }).TRUST_PROXY_HOPS).toBe(2);
  });

  it('refuses a TRUST_PROXY_HOPS that is not a count of proxies, naming the variable in Chinese', () => {
    for (const bad of ['abc', '-1', '1.5']) {
      expect(() => parseEnv({ TRUST_PROXY_HOPS: bad })).toThrow(/环境变量配置有误[\s\S]*TRUST_PROXY_HOPS: TRUST_PROXY_HOPS 必须是 0 或正整数/);
    }
  });

  it('ATTACHMENT_STORE: the directory by default; s3 needs endpoint, bucket and keys together, and never shows a value', () => {
    expect(parseEnv({})).toMatchObject({ ATTACHMENT_STORE: 'directory', S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    const s3 = { ATTACHMENT_STORE: 's3', S3_ENDPOINT: 'http://10.0.0.8:9000', S3_BUCKET: 'keytasks', S3_ACCESS_KEY_ID: 'minio-user', S3_SECRET_ACCESS_KEY: 'very-secret-key-0123' };
    expect(parseEnv(s3)).toMatchObject({ ...s3, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    expect(parseEnv(s3).S3_PREFIX).toBeUndefined();
    // Empty values (a compose file's `S3_PREFIX=`) count as not set.
    const blanks = parseEnv({ ...s3, S3_PREFIX: '', S3_REGION: '', S3_FORCE_PATH_STYLE: '0' });
    expect(blanks).toMatchObject({ S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false });
    expect(blanks.S3_PREFIX).toBeUndefined();
    expect(parseEnv({ ...s3, S3_PREFIX: 'keytasks/prod', S3_REGION: 'cn-north-4' })).toMatchObject({ S3_PREFIX: 'keytasks/prod', S3_REGION: 'cn-north-4' });

    const missing = () => parseEnv({ ATTACHMENT_STORE: 's3', S3_ENDPOINT: s3.S3_ENDPOINT, S3_SECRET_ACCESS_KEY: s3.S3_SECRET_ACCESS_KEY, S3_ACCESS_KEY_ID: '' });
    expect(missing).toThrow(/使用 S3 兼容存储（ATTACHMENT_STORE=s3）时必须设置 S3_BUCKET、S3_ACCESS_KEY_ID/);
    expect(missing).not.toThrow(/very-secret-key/);
    expect(() => parseEnv({ ...s3, S3_ENDPOINT: 'oss-cn-hangzhou.aliyuncs.com' })).toThrow(/S3_ENDPOINT 必须是 http\(s\) 网址/);
    expect(() => parseEnv({ ...s3, S3_BUCKET: 'Keytasks_Files' })).toThrow(/S3_BUCKET 必须是存储桶名称/);
    expect(() => parseEnv({ ...s3, S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE 只能是 0 或 1/);
    expect(() => parseEnv({ ATTACHMENT_STORE: 'nfs' })).toThrow(/ATTACHMENT_STORE 只能是 directory 或 s3/);
    // S3 settings without ATTACHMENT_STORE=s3 would keep the files on each instance's disk: refused.
    const { ATTACHMENT_STORE: _store, ...withoutStore } = s3;
    expect(() => parseEnv(withoutStore)).toThrow(/ATTACHMENT_STORE 不是 s3/);
  });

  it('the client address looks as many hops back in X-Forwarded-For as there are proxies', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.2, 10.0.0.1' });
    expect(clientAddress(headers, 0)).toBe('10.0.0.1');
    expect(clientAddress(headers, 1)).toBe('10.0.0.2');
    expect(clientAddress(headers, 2)).toBe('203.0.113.9');
    // More hops than entries: the first entry, never past it.
    expect(clientAddress(headers, 5)).toBe('203.0.113.9');
    // Any client can send X-Real-IP: it names no address.
    expect(clientAddress(new Headers({ 'x-real-ip': '198.51.100.7' }), 0)).toBeNull();
    expect(clientAddress(new Headers(), 0)).toBeNull();
  });
});
