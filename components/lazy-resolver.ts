import type { FieldValues, Resolver } from 'react-hook-form';

export type LazyResolver<TFieldValues extends FieldValues, TContext, TTransformed> = Resolver<TFieldValues, TContext, TTransformed> & {
  /** Starts loading the schema ahead of the first validation (e.g. when the form gets focus). */
  preload: () => void;
};

/**
 * A react-hook-form resolver whose schema module is imported on first use. The forms validate
 * with the same zod schemas as the server actions, but zod (~35 kB gzipped) then stays out of
 * the page's first-load JavaScript: nothing validates before the first submit.
 *
 *   const resolver = lazyResolver(() => withZodResolver(import('@/lib/x/schemas')).then(([zodResolver, m]) => zodResolver(m.xSchema)));
 */
export function lazyResolver<TFieldValues extends FieldValues, TContext, TTransformed>(
  load: () => Promise<Resolver<TFieldValues, TContext, TTransformed>>,
): LazyResolver<TFieldValues, TContext, TTransformed> {
  let loading: Promise<Resolver<TFieldValues, TContext, TTransformed>> | null = null;
  const get = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = null; // let the next attempt retry (e.g. after a network hiccup)
      throw error;
    }));
  const resolver = async (values: TFieldValues, context: TContext | undefined, options: Parameters<Resolver<TFieldValues, TContext, TTransformed>>[2]) =>
    (await get())(values, context, options);
  return Object.assign(resolver, { preload: () => void get().catch(() => undefined) });
}

/**
 * @hookform/resolvers' zodResolver, loaded with the schema: like zod, it is only needed once the form
 * validates, so it stays out of the page's first-load JavaScript too.
 *
 *   const resolver = lazyResolver(() => withZodResolver(import('@/lib/x/schemas')).then(([zodResolver, m]) => zodResolver(m.xSchema)));
 */
export function withZodResolver<T>(schemas: Promise<T>) {
  return Promise.all([import('@hookform/resolvers/zod').then((m) => m.zodResolver), schemas]);
}
