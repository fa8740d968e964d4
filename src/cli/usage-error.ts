/** A mistake in how prodcheck was called: one line on stderr, exit 2, no stack trace. */
export class UsageError extends Error {}
