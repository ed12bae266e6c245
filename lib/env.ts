import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

/** An empty value (`S3_PREFIX=` in a compose file) counts as not set. */
function blankAsUnset<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
}

/** What ATTACHMENT_STORE=s3 cannot do without. */
const S3_REQUIRED = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;

/** Server environment, validated once. Unknown or malformed values stop the process with a clear message. */
const envSchema = z.object({
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * Server mode (a city's platform, several app instances): the PostgreSQL database, e.g.
   * postgres://keytasks:密码@10.0.0.5:5432/keytasks. Without it the app runs on SQLite under DATA_DIR.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, 'DATABASE_URL 必须是 PostgreSQL 连接串，例如 postgres://用户名:密码@主机:5432/库名')
    .optional(),
  /** Next.js encrypts server-action references with it; several instances must share one (base64 of 32 bytes). */
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'NEXT_SERVER_ACTIONS_ENCRYPTION_KEY 必须是 32 字节密钥的 base64 编码（可用 openssl rand -base64 32 生成）')
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET 至少需要 32 个字符').optional(),
  /** Pins "today" for demos and tests, e.g. 2023-11-20 or 2023-11-20T09:00:00+08:00. */
  APP_NOW: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'APP_NOW 必须是 ISO 日期，例如 2023-11-20')
    .optional(),
  /** Demo mode seeds demo accounts and sample reports, and lists the accounts on the login page. */
  DEMO_MODE: z
    .enum(['0', '1', 'true', 'false'], { error: 'DEMO_MODE 只能是 0 或 1' })
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** Optional e-mail of the daily digest: on only when SMTP_HOST is given. */
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number({ error: 'SMTP_PORT 必须是数字' }).int().positive().default(465),
  SMTP_SECURE: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().optional(),
  /** The reminder and digest schedule inside the server (0 turns it off, e.g. when a system cron runs `npm run digest`). */
  SCHEDULER: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
  /** Minutes between two runs of that schedule (both jobs are idempotent; a short interval only costs queries). */
  SCHEDULER_EVERY_MINUTES: z.coerce
    .number({ error: 'SCHEDULER_EVERY_MINUTES 必须是数字（分钟）' })
    .min(0.05, 'SCHEDULER_EVERY_MINUTES 不能小于 0.05（3 秒）')
    .max(1440, 'SCHEDULER_EVERY_MINUTES 不能大于 1440（一天）')
    .default(30),
  /**
   * Where attachments are stored: `directory` (DATA_DIR/files; with several instances a directory
   * they all share, e.g. NFS) or `s3` (an S3-compatible object store, given by the S3_* variables).
   */
  ATTACHMENT_STORE: z.enum(['directory', 's3'], { error: 'ATTACHMENT_STORE 只能是 directory 或 s3' }).default('directory'),
  S3_ENDPOINT: blankAsUnset(z.url({ protocol: /^https?$/, error: 'S3_ENDPOINT 必须是 http(s) 网址，例如 https://oss-cn-hangzhou.aliyuncs.com 或 http://10.0.0.8:9000' }).optional()),
  S3_REGION: blankAsUnset(z.string().default('us-east-1')),
  S3_BUCKET: blankAsUnset(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'S3_BUCKET 必须是存储桶名称（3–63 个小写字母、数字、点或连字符）').optional()),
  S3_ACCESS_KEY_ID: blankAsUnset(z.string().optional()),
  S3_SECRET_ACCESS_KEY: blankAsUnset(z.string().optional()),
  /** Keys start with it (e.g. `keytasks/`), so one bucket can hold other data beside the attachments. */
  S3_PREFIX: blankAsUnset(z.string().regex(/^[A-Za-z0-9!_.*'()/-]+$/, "S3_PREFIX 只能包含字母、数字和 / ! - _ . * ' ( )").optional()),
  /** Path-style URLs (http://host/bucket/key): MinIO and most self-hosted stores need them; 0 for virtual-hosted style (bucket.host). */
  S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false'], { error: 'S3_FORCE_PATH_STYLE 只能是 0 或 1' })
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** Largest attachment accepted, in MB. */
  MAX_UPLOAD_MB: z.coerce.number({ error: 'MAX_UPLOAD_MB 必须是数字' }).positive().max(200).default(20),
  /**
   * How many reverse proxies stand in front of the server: the client address is read that many
   * entries further back in X-Forwarded-For (lib/auth/client-address.ts). 0 without a proxy.
   */
  TRUST_PROXY_HOPS: z.coerce
    .number({ error: 'TRUST_PROXY_HOPS 必须是 0 或正整数（前面反向代理的层数）' })
    .int('TRUST_PROXY_HOPS 必须是 0 或正整数（前面反向代理的层数）')
    .min(0, 'TRUST_PROXY_HOPS 必须是 0 或正整数（前面反向代理的层数）')
    .default(0),
  /**
   * 统一身份认证 (optional OIDC login): the issuer URL, the client registered there, and the
   * button's name. All of the first three or none.
   */
  OIDC_ISSUER: z.url('OIDC_ISSUER 必须是网址，例如 https://sso.example.gov.cn').optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().trim().min(1).max(30).default('统一身份认证'),
})
  .refine((v) => [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET].every((x) => x === undefined) || [v.OIDC_ISSUER, v.OIDC_CLIENT_ID, v.OIDC_CLIENT_SECRET].every((x) => x !== undefined), {
    path: ['OIDC_ISSUER'],
    message: 'OIDC_ISSUER、OIDC_CLIENT_ID、OIDC_CLIENT_SECRET 须同时设置或同时不设置',
  })
  // The S3 store needs all four; S3 settings without ATTACHMENT_STORE=s3 would silently keep the
  // files on each instance's own disk. Only the names go into a message, never a value.
  .superRefine((v, ctx) => {
    if (v.ATTACHMENT_STORE === 's3') {
      const missing = S3_REQUIRED.filter((name) => v[name] === undefined);
      if (missing.length) {
        ctx.addIssue({
          code: 'custom',
          path: [missing[0]!],
          message: `使用 S3 兼容存储（ATTACHMENT_STORE=s3）时必须设置 ${missing.join('、')}（${S3_REQUIRED.join('、')} 须同时设置）`,
        });
      }
    } else if (v.S3_ENDPOINT !== undefined || v.S3_BUCKET !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['ATTACHMENT_STORE'],
        message: '已设置 S3_ENDPOINT 或 S3_BUCKET，但 ATTACHMENT_STORE 不是 s3（附件仍会存放在 DATA_DIR/files）：使用 S3 兼容存储请设置 ATTACHMENT_STORE=s3，否则请删除 S3_* 变量',
      });
    }
  })
  // Several instances behind a load balancer must sign sessions and encrypt actions alike: a secret
  // generated per instance (the embedded mode's file) would log users out at every other request.
  .refine((v) => !v.DATABASE_URL || v.AUTH_SECRET !== undefined, {
    path: ['AUTH_SECRET'],
    message: '使用 PostgreSQL（DATABASE_URL）时必须设置 AUTH_SECRET，且所有应用实例相同',
  })
  .refine((v) => !v.DATABASE_URL || v.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY !== undefined, {
    path: ['NEXT_SERVER_ACTIONS_ENCRYPTION_KEY'],
    message: '使用 PostgreSQL（DATABASE_URL）时必须设置 NEXT_SERVER_ACTIONS_ENCRYPTION_KEY，且所有应用实例相同（openssl rand -base64 32）',
  });

/** In demo mode "today" defaults to a day inside the 2023 plan, so the sample data is live. */
export const DEMO_DEFAULT_NOW = '2023-11-22T09:30:00+08:00';

export type AppEnv = z.infer<typeof envSchema> & { dataDir: string; authSecret: string };

let cached: AppEnv | undefined;

export function parseEnv(source: NodeJS.ProcessEnv): z.infer<typeof envSchema> {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`环境变量配置有误：\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * The auth secret comes from AUTH_SECRET, or else from a file generated in the data directory on
 * first start, so a fresh machine needs no manual step and no secret is ever committed.
 */
export function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function getEnv(): AppEnv {
  if (cached) return cached;
  const parsed = parseEnv(process.env);
  const dataDir = path.resolve(parsed.DATA_DIR);
  const authSecret = parsed.AUTH_SECRET ?? loadOrCreateSecret(dataDir);
  const APP_NOW = parsed.APP_NOW ?? (parsed.DEMO_MODE ? DEMO_DEFAULT_NOW : undefined);
  cached = { ...parsed, APP_NOW, dataDir, authSecret };
  return cached;
}
