/**
 * The event loop's other work runs before the promise settles (I/O, timers, other requests). Long work made of
 * steps that settle as microtasks (SQLite's synchronous statements, node:crypto's synchronous signatures) never
 * lets a timer or a request in on its own: it pauses here between steps.
 */
export const pauseForLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
