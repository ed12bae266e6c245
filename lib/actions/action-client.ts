import 'server-only';
import { revalidatePath } from 'next/cache';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import type { z } from 'zod';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, type Permission } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';
import type { ServiceContext } from '@/lib/context';
import { requestContext } from '@/lib/request-context';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { fail, failureOf, invalid, type Result } from '@/lib/result';

/** A path to revalidate after a success: a path, or a route pattern with its type. */
export type Revalidation = string | readonly [path: string, type: 'page' | 'layout'];

type ActionDefinition<S extends z.ZodType, T extends object> = {
  /** The schema the form uses: the input is parsed once, here, and the service gets the output. */
  schema: S;
  /** Checked before the service runs (the service checks it again: it is also called from scripts and tests). */
  permission?: Permission;
  /** What the success changes on screen. */
  revalidate?: readonly Revalidation[];
  /**
   * Whether this success changes what other pages show (default: always). A revalidation makes Next
   * render the caller's whole page into the action's answer; a draft save, whose form keeps its own
   * state, is spared that render.
   */
  revalidateIf?: (input: z.input<S>) => boolean;
  /** Users who must change their password may still call it (only the password change itself). */
  allowPasswordChange?: boolean;
  /** Administrators who must still enrol 动态口令 may call it (the enrolment itself). */
  allowTotpEnrolment?: boolean;
  /** The message of a refused parse when the schema has no better one. */
  invalidMessage?: string;
  run: (ctx: ServiceContext, input: z.output<S>) => Promise<Result<T>>;
};

/**
 * The one way to write a server action (app/**\/actions.ts may export nothing else; a lint rule
 * keeps it so). The pipeline authenticates (a redirect to login without a session), parses the
 * input with the form's schema, checks the permission, builds one context (db, actor, now,
 * today, request details), runs the service, maps refusals to the result type every form reads,
 * and revalidates what the action declares.
 */
export function action<S extends z.ZodType, T extends object = object>(definition: ActionDefinition<S, T>) {
  const revalidate = (input: z.input<S>) => {
    if (!(definition.revalidateIf?.(input) ?? true)) return;
    for (const entry of definition.revalidate ?? []) {
      if (typeof entry === 'string') revalidatePath(entry);
      else revalidatePath(entry[0], entry[1]);
    }
  };
  const serverAction = async (input: z.input<S>): Promise<Result<T>> => {
    const actor = await requireActor({ allowPasswordChange: definition.allowPasswordChange, allowTotpEnrolment: definition.allowTotpEnrolment });
    let result: Result<T>;
    try {
      result = await execute(definition, actor, input, requestContext);
    } catch (err) {
      // An action that ends in a redirect (the list switch, the login form) has succeeded too.
      if (isRedirectError(err)) revalidate(input);
      throw err;
    }
    if (result.ok) revalidate(input);
    return result;
  };
  DEFINITIONS.set(serverAction, definition as ActionDefinition<z.ZodType, object>);
  return serverAction;
}

const DEFINITIONS = new WeakMap<object, ActionDefinition<z.ZodType, object>>();

const NUL_REFUSAL = '输入中含有不可见的控制字符（NUL），请删除后重新提交';

/** Whether any text in the input holds a NUL, which no text column can store (PostgreSQL refuses it). */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 10 || value === null || typeof value !== 'object' || value instanceof Blob) return false;
  return Object.values(value).some((v) => holdsNul(v, depth + 1));
}

/** What the schema parses: a form's fields as an object; text with a NUL is refused before anything reads it. */
function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> | 'nul' {
  const raw = input instanceof FormData ? Object.fromEntries(input) : input;
  return holdsNul(raw) ? 'nul' : schema.safeParse(raw);
}

async function execute<S extends z.ZodType, T extends object>(
  definition: ActionDefinition<S, T>,
  actor: Actor,
  input: unknown,
  contextOf: (actor: Actor) => Promise<ServiceContext>,
  observe?: (outcome: ActionOutcome) => void,
): Promise<Result<T>> {
  const parsed = parseInput(definition.schema, input);
  if (parsed === 'nul') {
    observe?.('invalid');
    return fail(NUL_REFUSAL);
  }
  if (!parsed.success) {
    observe?.('invalid');
    const failure = invalid(parsed.error);
    return definition.invalidMessage ? { ...failure, error: definition.invalidMessage } : failure;
  }
  try {
    if (definition.permission) assertCan(actor, definition.permission);
    const result = await definition.run(await contextOf(actor), parsed.data);
    observe?.(result.ok ? 'ok' : result.conflict !== undefined ? 'conflict' : 'refused');
    return result;
  } catch (err) {
    const failure = failureOf(err);
    if (!failure) throw err;
    observe?.(
      err instanceof ForbiddenError ? 'forbidden' : err instanceof NotFoundError ? 'notFound' : err instanceof ConflictError ? 'conflict' : err instanceof AppError ? 'refused' : 'fault',
    );
    return failure;
  }
}

/**
 * How an action ended, as the permission matrix tells them apart: done; refused as not allowed,
 * as not found (or not visible to this actor), by a rule, as an edit conflict, for its input;
 * or a storage fault turned into a message.
 */
export type ActionOutcome = 'ok' | 'forbidden' | 'notFound' | 'refused' | 'conflict' | 'invalid' | 'fault';

/** Whether a module export was made by `action()` (the permission matrix enumerates the action files with it). */
export function isPipelineAction(value: unknown): boolean {
  return typeof value === 'function' && DEFINITIONS.has(value);
}

/** For tests: the schema and permission an action was declared with (the property test builds hostile inputs from the schema's shape). */
export function pipelineDefinitionOf(value: unknown): { schema: z.ZodType; permission?: Permission } | undefined {
  const definition = typeof value === 'function' ? DEFINITIONS.get(value) : undefined;
  return definition && { schema: definition.schema, permission: definition.permission };
}

/**
 * For tests: runs an action's pipeline (parse, permission, service, error mapping) with a given
 * context instead of a request's session, so the permission matrix calls every action as a
 * browser would, minus the cookie.
 */
export async function runActionAs<T extends object>(serverAction: (input: never) => Promise<Result<T>>, ctx: ServiceContext, input: unknown): Promise<Result<T>> {
  const definition = DEFINITIONS.get(serverAction);
  if (!definition) throw new Error('runActionAs: not a pipeline action');
  return execute(definition, ctx.actor, input, async () => ctx) as Promise<Result<T>>;
}

/** For tests: `runActionAs`, and how the action ended (see ActionOutcome). */
export async function traceActionAs<T extends object>(
  serverAction: (input: never) => Promise<Result<T>>,
  ctx: ServiceContext,
  input: unknown,
): Promise<{ outcome: ActionOutcome; result: Result<T> }> {
  const definition = DEFINITIONS.get(serverAction);
  if (!definition) throw new Error('traceActionAs: not a pipeline action');
  let outcome: ActionOutcome = 'fault';
  const result = (await execute(definition, ctx.actor, input, async () => ctx, (o) => (outcome = o))) as Result<T>;
  return { outcome, result };
}

/**
 * An action without a session (the login form): the same parse and error mapping, no actor.
 * Everything else goes through `action`.
 */
export function publicAction<S extends z.ZodType, T extends object = object>(definition: {
  schema: S;
  invalidMessage?: string;
  run: (input: z.output<S>) => Promise<Result<T>>;
}) {
  return async (input: z.input<S>): Promise<Result<T>> => {
    const parsed = parseInput(definition.schema, input);
    if (parsed === 'nul') return fail(NUL_REFUSAL);
    if (!parsed.success) {
      const failure = invalid(parsed.error);
      return definition.invalidMessage ? { ...failure, error: definition.invalidMessage } : failure;
    }
    try {
      return await definition.run(parsed.data);
    } catch (err) {
      const failure = failureOf(err);
      if (failure) return failure;
      throw err;
    }
  };
}
