import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/** Roles of the design card: 填报员 / 单位负责人 / 督查员 / 领导 / 管理员. */
/**
 * admin is the system administrator (系统管理员); security_admin (安全管理员) and audit_admin (审计管理员)
 * are the other two of 三员分立. One role per account, so no account holds two of them.
 */
export const ROLES = ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'security_admin', 'audit_admin', 'city_supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['department', 'town', 'street', 'park', 'office'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/**
 * 行政区: one district of the deployment, the tenant. An embedded installation holds one; a city's
 * deployment holds all its districts. Units, users, lists, settings, notice numbering and scores
 * belong to one district, and every query of a district's data names it (lib/districts).
 */
export const districts = sqliteTable('districts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** 行政区划代码: six digits, e.g. 371312. */
  code: text('code').notNull().unique(),
  /** e.g. 河东区 */
  name: text('name').notNull(),
  /** The issuer of the 督办单 and the 通报, e.g. 河东区人民政府督查室. */
  officeName: text('office_name').notNull(),
  createdAt: createdAt(),
});
export type District = typeof districts.$inferSelect;

/** The district a row belongs to (no default: every insert names it). */
const districtIdColumn = () =>
  integer('district_id')
    .notNull()
    .references(() => districts.id);

/** 单位: a real unit (局/办/中心/镇街/园区). One row per real unit; other spellings live in unitAliases. */
export const units = sqliteTable(
  'units',
  {
  id: integer('id').primaryKey({ autoIncrement: true }),
  districtId: districtIdColumn(),
  name: text('name').notNull(),
  kind: text('kind', { enum: UNIT_KINDS }).notNull().default('department'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** 负责人审阅: the unit asked that its head read the month before its staff submit it. */
  requiresSignOff: integer('requires_sign_off', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_district_name').on(t.districtId, t.name)],
);
export type Unit = typeof units.$inferSelect;

/** Other names of a unit as notices write them (e.g. 区投资促进中心 → 区投资促进服务中心). */
export const unitAliases = sqliteTable(
  'unit_aliases',
  {
  id: integer('id').primaryKey({ autoIncrement: true }),
  districtId: districtIdColumn(),
  alias: text('alias').notNull(),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('unit_aliases_district_alias').on(t.districtId, t.alias)],
);

/**
 * 单位组: what a collective phrase of a notice (各镇街, 区直各部门 …) stands for, kept by the admin.
 * `phrases` are the spellings that map to the group, separated by 、.
 */
export const unitGroups = sqliteTable(
  'unit_groups',
  {
  id: integer('id').primaryKey({ autoIncrement: true }),
  districtId: districtIdColumn(),
  name: text('name').notNull(),
  phrases: text('phrases').notNull().default(''),
  /** Kinds of unit that belong to the group whatever their number (各镇街 = every town and street, also ones added later), 、-separated. */
  unitKinds: text('unit_kinds').notNull().default(''),
  },
  (t) => [uniqueIndex('unit_groups_district_name').on(t.districtId, t.name)],
);
export type UnitGroup = typeof unitGroups.$inferSelect;

export const unitGroupMembers = sqliteTable(
  'unit_group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => unitGroups.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.unitId] })],
);

/** 清单类型 (see lib/plan-import/parsed-plan.ts for the labels). */
export const PLAN_KIND_VALUES = ['key_tasks', 'work_report', 'livelihood', 'meeting', 'leader_assigned'] as const;
/** draft: being decomposed (分解), seen only by the office; active: in the loop; archived: read-only history. */
export const PLAN_STATUSES = ['draft', 'active', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/**
 * 调度周期: monthly reports, quarterly reports (Mar/Jun/Sep/Dec), or per item (按事项期限: monthly
 * periods, each task reported on once by its own deadline; see dueInPeriod in lib/reporting/calendar.ts).
 */
export const PLAN_CADENCES = ['monthly', 'quarterly', 'per_item'] as const;
export type PlanCadence = (typeof PLAN_CADENCES)[number];

/** 任务清单: one list of tasks (a notice, a decomposed work report, registered items) and its year. */
export const plans = sqliteTable(
  'plans',
  {
  id: integer('id').primaryKey({ autoIncrement: true }),
  districtId: districtIdColumn(),
  /** 文号, e.g. 临东政办字〔2023〕19号 (or a generated code); the identity of a list across re-imports (within its district). */
  code: text('code').notNull(),
  title: text('title').notNull(),
  /** 简称: how a task is named across lists, e.g. 重点任务 40. */
  shortName: text('short_name').notNull().default(''),
  kind: text('kind', { enum: PLAN_KIND_VALUES }).notNull().default('key_tasks'),
  status: text('status', { enum: PLAN_STATUSES }).notNull().default('active'),
  cadence: text('cadence', { enum: PLAN_CADENCES }).notNull().default('monthly'),
  /** Weight of this list in the cross-list assessment (考核权重). */
  weight: real('weight').notNull().default(1),
  year: integer('year').notNull(),
  issuedOn: text('issued_on'),
  /** sha256 of the imported text: a re-import of the same text changes nothing. */
  sourceHash: text('source_hash').notNull(),
  createdAt: createdAt(),
  },
  (t) => [uniqueIndex('plans_district_code').on(t.districtId, t.code)],
);
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

export const TASK_STATUSES = ['active', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** 任务 */
export const tasks = sqliteTable(
  'tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Its list's district, copied on insert: the one predicate almost every query needs, without a join. */
    districtId: districtIdColumn(),
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
    /** 责任领导, as written (JSON array of strings). */
    leaders: text('leaders', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** 完成时限 as a date (YYYY-MM-DD), and as written. */
    deadline: text('deadline'),
    deadlineText: text('deadline_text'),
    /** Headings between the section and the task (JSON array), e.g. ['（一）推进制造业升级']. */
    headingPath: text('heading_path', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** Collective phrases of the notice not mapped to units (各有关单位 …), kept as a note (JSON array). */
    groupNote: text('group_note', { mode: 'json' }).$type<string[]>().notNull().default([]),
    /** 立项来源: the meeting or instruction an item registered by hand comes from. */
    source: text('source'),
    /** 完成时限 as first set, kept when an extension moves `deadline` (null: never moved). */
    originalDeadline: text('original_deadline'),
    /** 办结销号: a closed task takes no more monthly reports; reopening is an audited decision. */
    status: text('status', { enum: TASK_STATUSES }).notNull().default('active'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    closedBy: integer('closed_by').references((): AnySQLiteColumn => users.id),
  },
  (t) => [uniqueIndex('tasks_plan_no').on(t.planId, t.no), index('tasks_section').on(t.sectionId), index('tasks_district').on(t.districtId)],
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
    /** 交办日期 (YYYY-MM-DD): when the list was confirmed or the item registered; 签收 is due a set number of working days later. */
    assignedOn: text('assigned_on'),
    /** 签收: when and by whom the unit signed for the task (null: not yet). */
    signedAt: integer('signed_at', { mode: 'timestamp_ms' }),
    signedBy: integer('signed_by').references((): AnySQLiteColumn => users.id),
  },
  (t) => [primaryKey({ columns: [t.taskId, t.unitId, t.role] }), index('task_units_unit').on(t.unitId, t.role)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  /** The district the account works in; null for the deployment's own (市督查员, 安全/审计管理员). */
  districtId: integer('district_id').references(() => districts.id),
  /**
   * 市督查员 only: the district it views, read-only (null: none chosen, the comparison on /city). Kept
   * apart from district_id so that the city account never counts as one of that district's accounts.
   */
  viewDistrictId: integer('view_district_id').references((): AnySQLiteColumn => districts.id),
  unitId: integer('unit_id').references(() => units.id),
  /** For the optional daily digest by e-mail. */
  email: text('email'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** Set for accounts whose password was chosen by someone else (admin, operator CLI). */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
  /** Bumped on logout, password change, role change and disabling: older session tokens stop working. */
  sessionVersion: integer('session_version').notNull().default(1),
  /** 清单筛选: the list this user last chose to see (null: every active list). */
  listFilterPlanId: integer('list_filter_plan_id').references((): AnySQLiteColumn => plans.id, { onDelete: 'set null' }),
  /** When the password was last set (null: before this was recorded — counts from createdAt). Drives expiry. */
  passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }),
  /** TOTP second factor (动态口令): the secret, sealed; enabledAt is set once the user proved a code. */
  totpSecret: text('totp_secret'),
  totpEnabledAt: integer('totp_enabled_at', { mode: 'timestamp_ms' }),
  /** The last TOTP time step accepted: a code is good once (no replay within its window). */
  totpLastStep: integer('totp_last_step'),
  createdAt: createdAt(),
});
export type UserRow = typeof users.$inferSelect;

/** Earlier password hashes of a user: a new password may not be one of the last few (等保: no reuse). */
export const passwordHistory = sqliteTable(
  'password_history',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    passwordHash: text('password_hash').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('password_history_user').on(t.userId, t.createdAt)],
);

/**
 * One row per login (会话): the session token carries its id, and every request checks it here, so
 * idle and absolute limits hold server-side, logout ends one session and "log out everywhere" all.
 * The rows are also the login history (上次登录时间和地址).
 */
export const userSessions = sqliteTable(
  'user_sessions',
  {
    /** Random, unguessable (base64url of 32 bytes). */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** password | oidc */
    method: text('method').notNull().default('password'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    /** logout | logout_all | idle | absolute | password | disabled | admin */
    endReason: text('end_reason'),
    /** 上次登录: the user's login before this one (time and address), fixed when this one starts; null for a first login. */
    previousLoginAt: integer('previous_login_at', { mode: 'timestamp_ms' }),
    previousLoginIp: text('previous_login_ip'),
  },
  (t) => [index('user_sessions_user').on(t.userId, t.createdAt)],
);

/** 统一身份认证: an external OIDC subject bound to one account. */
export const userIdentities = sqliteTable(
  'user_identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('user_identities_subject').on(t.issuer, t.subject), index('user_identities_user').on(t.userId)],
);

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
/**
 * 指标类型: cumulative (累计, paced by 序时进度), level (水平/比率, the figure as it stands), growth
 * (同比增长, against last year), ceiling (≤, 控制类 such as 能耗 or PM2.5), binary (完成/未完成).
 */
export const INDICATOR_KINDS = ['cumulative', 'level', 'growth', 'ceiling', 'binary'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

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
    /** How the figure is judged: paced through the year, as it stands, against last year, as a ceiling, or done/not done. */
    kind: text('kind', { enum: INDICATOR_KINDS }).notNull().default('cumulative'),
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
    // The review queue's waiting items, by task: a district's view seeks its own tasks' waiting
    // reports and sorts them (a deployment of 100 districts holds 100 queues; walking them all in
    // submission order read every one). Partial, so that it only serves queries that say
    // status = 'submitted' literally and never misleads the planner elsewhere.
    index('reports_waiting').on(t.taskId, t.submittedAt).where(sql`status = 'submitted'`),
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
  // By indicator: a task's figures month by month (the task page) without scanning every report's values.
  (t) => [primaryKey({ columns: [t.reportId, t.indicatorId] }), index('report_indicator_values_indicator_idx').on(t.indicatorId)],
);

export const CONTRIBUTION_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const;
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
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewComment: text('review_comment'),
  },
  (t) => [
    uniqueIndex('contributions_task_period_unit').on(t.taskId, t.periodId, t.unitId),
    index('contributions_unit_period').on(t.unitId, t.periodId),
    // One month's parts (dashboard counts, first submissions for the on-time rate and the assessment):
    // without it a month's query reads every district's parts. reports_period_status is its twin.
    index('contributions_period_status').on(t.periodId, t.status),
    index('contributions_waiting').on(t.taskId, t.submittedAt).where(sql`status = 'submitted'`),
  ],
);
export type Contribution = typeof contributions.$inferSelect;

export const ATTACHMENT_OWNERS = ['report', 'contribution', 'notice_response', 'milestone_plan', 'extension_request', 'closure_request', 'problem'] as const;
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
  (t) => [index('attachments_owner').on(t.ownerType, t.ownerId), index('attachments_sha').on(t.sha256), index('attachments_unit').on(t.unitId)],
);
export type Attachment = typeof attachments.$inferSelect;

/**
 * A frozen copy of a report or part at each submission, return and approval: the review page
 * diffs a resubmission against the version that was returned.
 */
export const submissionSnapshots = sqliteTable(
  'submission_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerType: text('owner_type', { enum: ['report', 'contribution'] }).notNull(),
    ownerId: integer('owner_id').notNull(),
    event: text('event', { enum: ['submitted', 'returned', 'approved'] }).notNull(),
    /** JSON of the fields as they were. */
    content: text('content').notNull(),
    comment: text('comment'),
    actorId: integer('actor_id').references(() => users.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('snapshots_owner').on(t.ownerType, t.ownerId),
    // When each report or part was first submitted (on-time rate, assessment): one index seek each.
    index('snapshots_owner_event_at').on(t.ownerType, t.ownerId, t.event, t.at),
  ],
);

export const FLAG_LEVELS = ['yellow', 'red'] as const;
export type FlagLevel = (typeof FLAG_LEVELS)[number];

/** 人工亮灯: a supervisor's yellow or red flag on a task, always with a reason; lifted with a reason. */
export const taskFlags = sqliteTable(
  'task_flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    level: text('level', { enum: FLAG_LEVELS }).notNull(),
    reason: text('reason').notNull(),
    raisedBy: integer('raised_by')
      .notNull()
      .references(() => users.id),
    raisedAt: integer('raised_at', { mode: 'timestamp_ms' }).notNull(),
    liftedBy: integer('lifted_by').references(() => users.id),
    liftedAt: integer('lifted_at', { mode: 'timestamp_ms' }),
    liftReason: text('lift_reason'),
  },
  (t) => [index('task_flags_task').on(t.taskId)],
);

export const NOTICE_LEVELS = ['hint', 'yellow', 'red'] as const; // 提示 → 黄牌督办 → 红牌督办
export type NoticeLevel = (typeof NOTICE_LEVELS)[number];

/** 督办单: a numbered supervision notice to one or more responsible units. */
export const supervisionNotices = sqliteTable(
  'supervision_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Numbering runs per district and year. */
    districtId: districtIdColumn(),
    year: integer('year').notNull(),
    /** 督办〔year〕第 seq 号 */
    seq: integer('seq').notNull(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id),
    level: text('level', { enum: NOTICE_LEVELS }).notNull(),
    /** The warning rule that caused it (e.g. late.lead.overdue), if any, and its reason at the time. */
    triggerRule: text('trigger_rule'),
    triggerReason: text('trigger_reason'),
    problem: text('problem').notNull(),
    requirement: text('requirement').notNull(),
    dueDate: text('due_date').notNull(),
    /** The due date as issued, kept when an extension moves `dueDate` (null: never moved). */
    originalDueDate: text('original_due_date'),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    issuedBy: integer('issued_by')
      .notNull()
      .references(() => users.id),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('notices_district_year_seq').on(t.districtId, t.year, t.seq), index('notices_task').on(t.taskId)],
);
export type SupervisionNotice = typeof supervisionNotices.$inferSelect;

export const NOTICE_TARGET_STATUSES = ['pending', 'answered', 'sent_back', 'accepted'] as const;
export type NoticeTargetStatus = (typeof NOTICE_TARGET_STATUSES)[number];

/** One responsible unit of a notice and its 整改反馈. */
export const noticeTargets = sqliteTable(
  'notice_targets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    noticeId: integer('notice_id')
      .notNull()
      .references(() => supervisionNotices.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    status: text('status', { enum: NOTICE_TARGET_STATUSES }).notNull().default('pending'),
    response: text('response').notNull().default(''),
    respondedAt: integer('responded_at', { mode: 'timestamp_ms' }),
    respondedBy: integer('responded_by').references(() => users.id),
    reviewComment: text('review_comment'),
    reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('notice_targets_notice_unit').on(t.noticeId, t.unitId), index('notice_targets_unit').on(t.unitId)],
);

/** 约谈 and other notes kept on a notice. */
export const noticeNotes = sqliteTable('notice_notes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  noticeId: integer('notice_id')
    .notNull()
    .references(() => supervisionNotices.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['interview', 'note'] }).notNull(),
  content: text('content').notNull(),
  authorId: integer('author_id')
    .notNull()
    .references(() => users.id),
  at: integer('at', { mode: 'timestamp_ms' }).notNull(),
});

/** 领导批示 on a task. */
export const instructions = sqliteTable(
  'instructions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    content: text('content').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('instructions_task').on(t.taskId)],
);

/** Each responsible unit's receipt of an instruction: acknowledged, and optionally answered. */
export const instructionReceipts = sqliteTable(
  'instruction_receipts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    instructionId: integer('instruction_id')
      .notNull()
      .references(() => instructions.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    acknowledgedAt: integer('acknowledged_at', { mode: 'timestamp_ms' }),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    reply: text('reply'),
    repliedAt: integer('replied_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('receipts_instruction_unit').on(t.instructionId, t.unitId), index('receipts_unit').on(t.unitId)],
);

/** In-app notification centre. `dedupeKey` keeps scheduled reminders from repeating. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    /** An overdue item may be sent at weekends; everything else waits for a working day. */
    urgent: integer('urgent', { mode: 'boolean' }).notNull().default(false),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    digestedAt: integer('digested_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('notifications_user_read').on(t.userId, t.readAt)],
);

/** One digest per user per day (in-app, and by e-mail when SMTP is configured). */
export const digests = sqliteTable(
  'digests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    itemCount: integer('item_count').notNull(),
    body: text('body').notNull(),
    emailedAt: integer('emailed_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('digests_user_date').on(t.userId, t.date)],
);

/**
 * 审计日志: append-only. The migration adds triggers that make UPDATE and DELETE fail, so no code
 * path can rewrite history.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id'),
    taskId: integer('task_id'),
    /** The unit whose data this is (null for office-wide events): unit staff see their own unit's rows. */
    unitId: integer('unit_id'),
    detail: text('detail'),
    ip: text('ip'),
  },
  (t) => [
    index('audit_task').on(t.taskId, t.at),
    index('audit_entity').on(t.entityType, t.entityId),
    // The audit page (审计日志) filters by time, and by person within a time range.
    index('audit_at').on(t.at),
    index('audit_actor').on(t.actorId, t.at),
  ],
);

/** The deployment's own settings (the security policy the 安全管理员 sets for every account), as JSON. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** A district's settings (warning thresholds, working-day calendar, assessment weights, attachment quota), as JSON. */
export const districtSettings = sqliteTable(
  'district_settings',
  {
    districtId: integer('district_id')
      .notNull()
      .references(() => districts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtId, t.key] })],
);

/** 考核锁定: once the office locks a period, its scores are kept as they were. */
export const assessmentLocks = sqliteTable('assessment_locks', {
  periodId: integer('period_id')
    .primaryKey()
    .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
  lockedBy: integer('locked_by')
    .notNull()
    .references(() => users.id),
  lockedAt: integer('locked_at', { mode: 'timestamp_ms' }).notNull(),
});

/** The scores of a locked period, frozen at the moment of locking. */
export const assessmentScores = sqliteTable(
  'assessment_scores',
  {
    periodId: integer('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    total: real('total').notNull(),
    rank: integer('rank').notNull(),
    /** The order the ranking was frozen in (units of equal rank keep it). */
    position: integer('position').notNull().default(0),
    /** JSON: the components with their facts, rates and weights. */
    breakdown: text('breakdown').notNull(),
  },
  (t) => [primaryKey({ columns: [t.periodId, t.unitId] })],
);

/** A unit's explanation (情况说明) of its score, sent within the window before locking. */
export const assessmentExplanations = sqliteTable(
  'assessment_explanations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    periodId: integer('period_id')
      .notNull()
      .references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    content: text('content').notNull(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('explanations_period_unit').on(t.periodId, t.unitId)],
);

/**
 * 月度综合考核 of a locked month: each unit's score over the lists (任务清单) it was scored in that
 * month — the weighted mean of its list scores by the lists' weights — frozen when the month was
 * locked, with each list's part (weight, score, rank, components) in `breakdown`.
 */
export const assessmentMonthScores = sqliteTable(
  'assessment_month_scores',
  {
    /** YYYY-MM */
    month: text('month').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    total: real('total').notNull(),
    rank: integer('rank').notNull(),
    /** The order the ranking was frozen in (units of equal rank keep it). */
    position: integer('position').notNull().default(0),
    /** JSON: the lists' parts, each with the list's id, short name, weight, score, rank and components. */
    breakdown: text('breakdown').notNull(),
    lockedBy: integer('locked_by')
      .notNull()
      .references(() => users.id),
    lockedAt: integer('locked_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.unitId] })],
);

export const REVIEW_STATES = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** 时间节点计划: the lead unit's plan of milestones for a task, approved or returned by the office. */
export const milestonePlans = sqliteTable('milestone_plans', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  taskId: integer('task_id')
    .notNull()
    .unique()
    .references(() => tasks.id, { onDelete: 'cascade' }),
  unitId: integer('unit_id')
    .notNull()
    .references(() => units.id),
  status: text('status', { enum: REVIEW_STATES }).notNull().default('draft'),
  version: integer('version').notNull().default(1),
  submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }),
  submittedBy: integer('submitted_by').references(() => users.id),
  reviewedAt: integer('reviewed_at', { mode: 'timestamp_ms' }),
  reviewedBy: integer('reviewed_by').references(() => users.id),
  reviewComment: text('review_comment'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});
export type MilestonePlan = typeof milestonePlans.$inferSelect;

/** 时间节点: a dated deliverable of a task, optionally an indicator value to reach by then. */
export const milestones = sqliteTable(
  'milestones',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    planId: integer('milestone_plan_id')
      .notNull()
      .references(() => milestonePlans.id, { onDelete: 'cascade' }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The date in force (YYYY-MM-DD): moved by an approved extension. */
    dueOn: text('due_on').notNull(),
    /** The date first approved, kept when an extension moves `dueOn` (null: never moved). */
    originalDueOn: text('original_due_on'),
    deliverable: text('deliverable').notNull(),
    indicatorId: integer('indicator_id').references(() => indicators.id, { onDelete: 'set null' }),
    indicatorValue: real('indicator_value'),
    /** Ticked off by a monthly report, with its evidence. */
    doneOn: text('done_on'),
    doneReportId: integer('done_report_id').references(() => reports.id, { onDelete: 'set null' }),
    evidence: text('evidence'),
  },
  (t) => [index('milestones_task').on(t.taskId, t.dueOn), index('milestones_plan').on(t.planId, t.position)],
);
export type Milestone = typeof milestones.$inferSelect;

export const EXTENSION_SUBJECTS = ['milestone', 'task_deadline', 'notice', 'report'] as const;
export type ExtensionSubject = (typeof EXTENSION_SUBJECTS)[number];
/** pending → (leader_pending when longer than the set length) → approved | refused; or withdrawn. */
export const EXTENSION_STATUSES = ['pending', 'leader_pending', 'approved', 'refused', 'withdrawn'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** 延期申请: a unit asks to move a date; the office (and above a set length a leader) decides. */
export const extensionRequests = sqliteTable(
  'extension_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subject: text('subject', { enum: EXTENSION_SUBJECTS }).notNull(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    milestoneId: integer('milestone_id').references(() => milestones.id, { onDelete: 'cascade' }),
    noticeId: integer('notice_id').references(() => supervisionNotices.id, { onDelete: 'cascade' }),
    periodId: integer('period_id').references(() => reportingPeriods.id, { onDelete: 'cascade' }),
    /** The date in force when asked, and the date asked for (YYYY-MM-DD). */
    fromDate: text('from_date').notNull(),
    toDate: text('to_date').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: EXTENSION_STATUSES }).notNull().default('pending'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    officeBy: integer('office_by').references(() => users.id),
    officeAt: integer('office_at', { mode: 'timestamp_ms' }),
    officeComment: text('office_comment'),
    leaderBy: integer('leader_by').references(() => users.id),
    leaderAt: integer('leader_at', { mode: 'timestamp_ms' }),
    leaderComment: text('leader_comment'),
  },
  (t) => [index('extensions_task').on(t.taskId), index('extensions_unit').on(t.unitId, t.status), index('extensions_status').on(t.status)],
);
export type ExtensionRequest = typeof extensionRequests.$inferSelect;

export const CLOSURE_STATUSES = ['pending', 'approved', 'returned', 'withdrawn'] as const;
export type ClosureStatus = (typeof CLOSURE_STATUSES)[number];

/** 办结申请: the lead unit applies to close a task that is done; the office verifies it. */
export const closureRequests = sqliteTable(
  'closure_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    summary: text('summary').notNull(),
    status: text('status', { enum: CLOSURE_STATUSES }).notNull().default('pending'),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    decisionComment: text('decision_comment'),
  },
  (t) => [index('closures_task').on(t.taskId), index('closures_status').on(t.status)],
);
export type ClosureRequest = typeof closureRequests.$inferSelect;

export const PROBLEM_ADDRESSEES = ['office', 'leader'] as const;
export const PROBLEM_STATUSES = ['open', 'answered', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

/** 问题协调: a problem a unit raises from its report, tracked to an answer and a close. */
export const problems = sqliteTable(
  'problems',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    reportId: integer('report_id').references(() => reports.id, { onDelete: 'set null' }),
    addressedTo: text('addressed_to', { enum: PROBLEM_ADDRESSEES }).notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: PROBLEM_STATUSES }).notNull().default('open'),
    raisedBy: integer('raised_by')
      .notNull()
      .references(() => users.id),
    raisedAt: integer('raised_at', { mode: 'timestamp_ms' }).notNull(),
    answer: text('answer'),
    answeredBy: integer('answered_by').references(() => users.id),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('problems_task').on(t.taskId), index('problems_unit').on(t.unitId, t.status), index('problems_status').on(t.status)],
);
export type Problem = typeof problems.$inferSelect;

/**
 * 负责人审阅: the unit head's sign-off of a unit's month, with the version of each report and part
 * as the head read it. Where the unit asks for it, staff may submit only what was signed at the
 * version signed; a later edit needs a new sign-off. One row per unit and month (a new sign-off replaces it).
 */
export const monthSignOffs = sqliteTable(
  'month_sign_offs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    /** YYYY-MM. */
    month: text('month').notNull(),
    /** JSON: { "report:<id>": version, "contribution:<id>": version }. */
    versions: text('versions').notNull(),
    /** JSON: { "report:<id>": [attachment ids] }: evidence added or removed since also needs a new sign-off (uploads leave the version alone). */
    files: text('files').notNull().default('{}'),
    signedBy: integer('signed_by')
      .notNull()
      .references(() => users.id),
    signedAt: integer('signed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('month_sign_offs_unit_month').on(t.unitId, t.month)],
);
export type MonthSignOff = typeof monthSignOffs.$inferSelect;

/**
 * The data generation: one row whose number a trigger on every table bumps in each writing
 * transaction (both engines; the triggers are in the migrations). Caches of expensive reads in
 * every app instance are keyed by it (lib/cache/generation-memo.ts). The sign-in bookkeeping
 * (user_sessions, login_throttle: GENERATION_EXEMPT_TABLES) does not bump it, so a session's
 * once-a-minute "last seen" leaves everyone's caches standing.
 */
export const dataGenerationCounter = sqliteTable('data_generation', {
  id: integer('id').primaryKey(),
  n: integer('n').notNull().default(0),
});

/**
 * The data generation at which each task's lights last may have changed: triggers on every table
 * the lights read note the task of each written row (db/generation-triggers.ts, TASK_VERSION_SOURCES).
 * Task 0 stands for every task (a list's months, its year, a unit's name). The plan-wide lights are
 * brought up to date from it, recomputing only the tasks written since (lib/warnings/signal-service.ts).
 * No foreign key: a deleted task keeps its row, which is how its lights are dropped.
 */
export const taskVersions = sqliteTable(
  'task_versions',
  {
    taskId: integer('task_id').primaryKey(),
    version: integer('version').notNull(),
  },
  (t) => [index('task_versions_version').on(t.version)],
);

/**
 * Tables whose writes do not bump the data generation: no cached computation reads them
 * (task_versions is written only by triggers, inside writes that bump it already).
 */
export const GENERATION_EXEMPT_TABLES = ['user_sessions', 'login_throttle', 'data_generation', 'task_versions'] as const;
