/** A mistake in the command line, shown as one line with exit code 2. */
export class UsageError extends Error {}
