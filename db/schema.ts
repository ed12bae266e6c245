import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Roles of the design card: 填报员 / 单位负责人 / 督查员 / 领导 / 管理员. */
export const ROLES = ['reporter', 'unit_head', 'supervisor', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['department', 'town', 'street', 'park', 'office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** 单位: a real unit (局/办/中心/镇街/园区). One row per real unit; other spellings live in unitAliases. */
export const units = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: UNIT_KINDS }).notNull().default('department'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});
export type Unit = typeof units.$inferSelect;

/** Other names of a unit as notices write them (e.g. 区投资促进中心 → 区投资促进服务中心). */
export const unitAliases = sqliteTable('unit_aliases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  alias: text('alias').notNull().unique(),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id, { onDelete: 'cascade' }),
});

/** 年度任务清单: one notice (通知) and its year. */
export const plans = sqliteTable('plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 文号, e.g. 临东政办字〔2023〕19号; the identity of a notice across re-imports. */
  code: text('code').notNull().unique(),
  title: text('title').notNull(),
  year: integer('year').notNull(),
  issuedOn: text('issued_on'),
  /** sha256 of the imported text: a re-import of the same text changes nothing. */
  sourceHash: text('source_hash').notNull(),
  createdAt: createdAt(),
});
export type Plan = typeof plans.$inferSelect;

/** 部分: 一、积极培育现代产业体系 … */
export const sections = sqliteTable(
  'sections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    no: integer('no').notNull(),
    numeral: text('numeral').notNull(),
    title: text('title').notNull(),
  },
  (t) => [uniqueIndex('sections_plan_no').on(t.planId, t.no)],
);
export type Section = typeof sections.$inferSelect;

/** 任务 */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    sectionId: integer('section_id')
      .notNull()
      .references(() => sections.id),
    no: integer('no').notNull(),
    title: text('title').notNull(),
    /** 任务全文: the whole task as the notice states it, without the unit clause. */
    text: text('text').notNull(),
    /** The notice ended a unit list with 等: more units may be involved than listed. */
    openEnded: integer('open_ended', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('tasks_plan_no').on(t.planId, t.no), index('tasks_section').on(t.sectionId)],
);
export type Task = typeof tasks.$inferSelect;

export const TASK_UNIT_ROLES = ['lead', 'participating'] as const;
export type TaskUnitRole = (typeof TASK_UNIT_ROLES)[number];

/** 牵头单位 (lead) / 参与单位 (participating) of a task, in the notice's order. */
export const taskUnits = sqliteTable(
  'task_units',
  {
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role', { enum: TASK_UNIT_ROLES }).notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unitId, t.role] }), index('task_units_unit').on(t.unitId, t.role)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  unitId: integer('unit_id').references(() => units.id),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Set for accounts whose password was chosen by someone else (admin, operator CLI). */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** Bumped on logout, password change, role change and disabling: older session tokens stop working. */
  sessionVersion: integer('session_version').notNull().default(1),
  createdAt: createdAt(),
});
export type UserRow = typeof users.$inferSelect;

/**
 * Failed-login counter keyed by the normalised username typed, whether or not such an account
 * exists, so that lockout cannot be used to tell real accounts from unknown ones.
 */
export const loginThrottle = sqliteTable('login_throttle', {
  usernameKey: text('username_key').primaryKey(),
  failedCount: integer('failed_count').notNull().default(0),
  lockedUntil: integer('locked_until', { mode: 'timestamp_ms' }),
  lastFailedAt: integer('last_failed_at', { mode: 'timestamp_ms' }),
});
