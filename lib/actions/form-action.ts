/** What React accepts as `<form action={…}>`. */
export type FormActionFn = (formData: FormData) => void | Promise<void>;

/**
 * A pipeline action (it returns a Result) posted by a `<form action={…}>` itself, so that the form
 * works before its JavaScript has loaded (退出, the login form, the list switcher). React types a
 * form action as returning nothing; this gives the action that type and returns the SAME function
 * (a server action's reference must reach the form unchanged: a wrapper would be a client function
 * and the form would no longer post without JavaScript).
 *
 * Safe because nothing reads what a form post returns: React drops it, and these actions carry
 * their outcome in a redirect (the page the user came from, the login page with an error code).
 * A form that needs the result calls the action itself (in onSubmit) and reads it there.
 *
 * Client-safe: no server-only imports; it only changes the type.
 */
export function formAction(fn: (formData: FormData) => Promise<unknown>): FormActionFn {
  return fn as (formData: FormData) => Promise<void>;
}
