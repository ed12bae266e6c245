import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/** 月度调度周期: one month of a plan, with its two deadlines (dates in Asia/Shanghai, inclusive). */
export const reportingPeriods = sqliteTable(
  'reporting_periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    /** YYYY-MM */
    month: text('month').notNull(),
    /** 参与单位报送截止 YYYY-MM-DD */
    contributionDeadline: text('contribution_deadline').notNull(),
    /** 牵头单位报送截止 YYYY-MM-DD */
    leadDeadline: text('lead_deadline').notNull(),
  },
  (t) => [uniqueIndex('periods_plan_month').on(t.planId, t.month)],
);
export type ReportingPeriod = typeof reportingPeriods.$inferSelect;

export const INDICATOR_COMPARATORS = ['at_least', 'at_most'] as const;
export type IndicatorComparator = (typeof INDICATOR_COMPARATORS)[number];
export const INDICATOR_STATUSES = ['proposed', 'confirmed'] as const;

/** 目标指标: a figure a task must reach, traceable to the phrase of the notice that states it. */
export const indicators = sqliteTable(
  'indicators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    target: real('target').notNull(),
    targetMax: real('target_max'),
    unit: text('unit').notNull(),
    comparator: text('comparator', { enum: INDICATOR_COMPARATORS }).notNull().default('at_least'),
    sourcePhrase: text('source_phrase').notNull(),
    status: text('status', { enum: INDICATOR_STATUSES }).notNull().default('proposed'),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('indicators_task').on(t.taskId)],
);
export type Indicator = typeof indicators.$inferSelect;

/** 未填报 is the absence of a row; the rest are stored. 退回 comes with the review step. */
export const REPORT_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** 月度进展: a lead unit's monthly report on one task. */
export const reports = sqliteTable(
  'reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('draft'),
    progress: text('progress').notNull().default(''),
    percentDone: integer('percent_done'),
    problems: text('problems').notNull().default(''),
    nextSteps: text('next_steps').notNull().default(''),
    /** Optimistic concurrency: every save must name the version it started from. */
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    submittedBy: integer('submitted_by').references(() => users.id),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewComment: text('review_comment'),
  },
  (t) => [
    uniqueIndex('reports_task_period_unit').on(t.taskId, t.periodId, t.unitId),
    index('reports_unit_period').on(t.unitId, t.periodId),
    index('reports_period_status').on(t.periodId, t.status),
  ],
);
export type Report = typeof reports.$inferSelect;

/** Cumulative actual of an indicator as of a report. */
export const reportIndicatorValues = sqliteTable(
  'report_indicator_values',
  {
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    indicatorId: integer('indicator_id')
      .notNull()
      .references(() => indicators.id, { onDelete: 'cascade' }),
    value: real('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] })],
);

export const CONTRIBUTION_STATUSES = ['draft', 'submitted'] as const;
export type ContributionStatus = (typeof CONTRIBUTION_STATUSES)[number];

/** 协办反馈: a participating unit's part for one task and month, sent to the lead unit(s). */
export const contributions = sqliteTable(
  'contributions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    periodId: integer('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: CONTRIBUTION_STATUSES }).notNull().default('draft'),
    content: text('content').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
    submittedBy: integer('submitted_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('contributions_task_period_unit').on(t.taskId, t.periodId, t.unitId),
    index('contributions_unit_period').on(t.unitId, t.periodId),
  ],
);
export type Contribution = typeof contributions.$inferSelect;

export const ATTACHMENT_OWNERS = ['report', 'contribution'] as const;
export type AttachmentOwner = (typeof ATTACHMENT_OWNERS)[number];

/** 附件: metadata; the bytes live under DATA_DIR/files by content hash, never under the given name. */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerType: text('owner_type', { enum: ATTACHMENT_OWNERS }).notNull(),
    ownerId: integer('owner_id').notNull(),
    /** The unit that owns the report or part: every read is filtered by it or by the task's lead units. */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    mime: text('mime').notNull(),
    fileName: text('file_name').notNull(),
    uploadedBy: integer('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_owner').on(t.ownerType, t.ownerId), index('attachments_sha').on(t.sha256)],
);
export type Attachment = typeof attachments.$inferSelect;
