/**
 * The exit codes of every operations script, in one place (docs/OPERATIONS.md shows this table and
 * tests/scripts/cli.spec.ts checks that the two agree). A wrapper script can branch on them: bad input
 * and refusals sent nothing; a network failure may have happened after a send (the message says
 * which); partly done means messages left and some of their effects are not (yet) visible.
 */
export const ExitCode = {
    /** Done, nothing to do, `check` passed, `help`, or the operator answered "no" (nothing sent). */
    ok: 0,
    /** An unexpected failure: a bug or an error no other code names (the line says what threw). */
    failed: 1,
    /** Bad input, found before any network use: an unknown or missing argument, a malformed value or file. */
    badInput: 2,
    /** Refused after reading the chain, nothing sent: wrong wallet, paused, unknown worker, a batch in flight... */
    refused: 3,
    /** The network or its API failed (unreachable, rate limited, timed out) before anything was sent. */
    network: 4,
    /** Partly done: some messages were sent and not every effect is visible; re-running is safe. */
    partial: 5,
    /** reconcile found differences between the ledger file and the chain. */
    differences: 6,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per code, for `help` and the operations guide. */
export const EXIT_CODE_MEANINGS: Record<ExitCodeValue, string> = {
    0: 'done, nothing to do, `check` passed, `help`, or answered "no" (nothing sent)',
    1: 'unexpected failure (a bug); the line names what threw',
    2: 'bad input, found offline before any network use; nothing sent',
    3: 'refused after reading the chain; nothing sent',
    4: 'network or API failure before anything was sent',
    5: 'partly done: sent, but not every effect is visible yet; re-running is safe',
    6: 'reconcile: the ledger file and the chain differ',
};
