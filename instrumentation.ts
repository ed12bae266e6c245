/** Server start: begin the reminder/digest schedule (Node.js runtime only). */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startScheduler } = await import('./lib/notifications/scheduler');
  startScheduler();
}
