/**
 * The errors the operations scripts raise on purpose, each with its exit code (cli/exit-codes.ts):
 * a message an operator can act on, printed as a single line by the entry point (cli/script.ts).
 * `OpsError` is a refusal after reading the chain; `BadInput` is found offline, before any network
 * use; `PartlyDone` follows a send. Anything else that escapes is classified by `exitCodeOf`: a
 * network failure, or a bug (printed as one line too, prefixed with its class name).
 */
import { ExitCode, ExitCodeValue } from './cli/exit-codes';

export class OpsError extends Error {
    constructor(
        message: string,
        readonly exitCode: ExitCodeValue = ExitCode.refused,
    ) {
        super(message);
        this.name = 'OpsError';
    }
}

/** An argument, a value or a file that is wrong in itself: refused before any network use. */
export class BadInput extends OpsError {
    constructor(message: string) {
        super(message, ExitCode.badInput);
        this.name = 'BadInput';
    }
}

/** Messages were sent and not every effect is visible (yet): the operator re-runs or reconciles. */
export class PartlyDone extends OpsError {
    constructor(message: string) {
        super(message, ExitCode.partial);
        this.name = 'PartlyDone';
    }
}

const NETWORK_CODES = new Set([
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    'ECONNABORTED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'EPIPE',
    'ERR_NETWORK',
    'ERR_BAD_RESPONSE',
]);

/** A failure of the network or of its HTTP API (axios errors, DNS, sockets, blueprint's 429 retries). */
export function isNetworkError(e: unknown): boolean {
    if (typeof e !== 'object' || e === null) return false;
    const x = e as { code?: unknown; isAxiosError?: unknown; message?: unknown };
    if (x.isAxiosError === true) return true;
    if (typeof x.code === 'string' && NETWORK_CODES.has(x.code)) return true;
    return (
        typeof x.message === 'string' &&
        /^(Max attempts reached|socket hang up|getaddrinfo |connect ECONNREFUSED|timeout of \d+ms exceeded)/.test(
            x.message,
        )
    );
}

export function exitCodeOf(e: unknown): ExitCodeValue {
    if (e instanceof OpsError) return e.exitCode;
    if (isNetworkError(e)) return ExitCode.network;
    return ExitCode.failed;
}

/** One line for the operator: no stack, no minified compiler source, no newlines, no doubled prefix. */
export function oneLine(e: unknown): string {
    let text: string;
    if (e instanceof OpsError) text = e.message;
    else if (isNetworkError(e))
        text = `network: ${(e as Error).message}; check the connection and the API endpoint (docs/OPERATIONS.md, "Network and API key")`;
    else if (e instanceof Error) text = e.name === 'Error' ? e.message : `${e.name}: ${e.message}`;
    else text = String(e);
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > 400 ? flat.slice(0, 397) + '...' : flat;
}
