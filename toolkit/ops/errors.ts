/**
 * The one error type the operations scripts raise on purpose: a message an operator can act on,
 * printed as a single line by the entry point (see entry.ts). Anything else that escapes is a bug
 * and is printed as one line too, prefixed with its class name.
 */
export class OpsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'OpsError';
    }
}

/** One line for the operator: no stack, no minified compiler source, no newlines. */
export function oneLine(e: unknown): string {
    const text = e instanceof OpsError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 400 ? flat.slice(0, 397) + '...' : flat;
}
