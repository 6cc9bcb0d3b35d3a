/**
 * A dependency-free progress display on stderr: a redrawn bar on a terminal, periodic plain lines
 * otherwise (CI logs, pipes), nothing at all when given no stream (tests).
 */
export interface ProgressStream {
    write(text: string): unknown;
    isTTY?: boolean;
    columns?: number;
}

const BAR_WIDTH = 28;
/** Redraws at most this often on a terminal. */
const TTY_INTERVAL_MS = 100;
/** Without a terminal: a line at every 10% step, and at least every this many ms. */
const LINE_INTERVAL_MS = 15_000;

export class Progress {
    private label = '';
    private total = 0;
    private done = 0;
    private startedAt = 0;
    private lastDrawAt = 0;
    private lastDecile = -1;

    constructor(
        private readonly stream: ProgressStream | null = process.stderr,
        private readonly now: () => number = Date.now,
    ) {}

    /** Starts a phase of `total` steps (closing the previous one). */
    phase(label: string, total: number): void {
        this.finish();
        this.label = label;
        this.total = Math.max(total, 1);
        this.done = 0;
        this.startedAt = this.now();
        this.lastDrawAt = 0;
        this.lastDecile = -1;
        this.draw(true);
    }

    /** Advances the current phase by `steps`. */
    tick(steps = 1): void {
        this.done = Math.min(this.done + steps, this.total);
        this.draw(false);
    }

    /** Closes the current phase with a final line. */
    finish(): void {
        if (!this.label) return;
        const complete = this.done === this.total;
        this.done = this.total;
        // A plain-text log already has its 100% line; a terminal redraws the final state.
        if (this.stream?.isTTY || !complete) this.draw(true);
        if (this.stream?.isTTY) this.stream.write('\n');
        this.label = '';
    }

    /** A one-off message that does not break the bar. */
    note(text: string): void {
        if (!this.stream) return;
        this.stream.write(this.stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
        if (this.label) this.draw(true);
    }

    private draw(force: boolean): void {
        if (!this.stream || !this.label) return;
        const t = this.now();
        const ratio = this.done / this.total;
        if (this.stream.isTTY) {
            if (!force && t - this.lastDrawAt < TTY_INTERVAL_MS) return;
            this.lastDrawAt = t;
            const filled = Math.round(ratio * BAR_WIDTH);
            const bar = '#'.repeat(filled) + '-'.repeat(BAR_WIDTH - filled);
            this.stream.write(`\r\x1b[2K${this.line(`[${bar}]`, ratio, t)}`);
            return;
        }
        const decile = Math.floor(ratio * 10);
        if (!force && decile === this.lastDecile && t - this.lastDrawAt < LINE_INTERVAL_MS) return;
        this.lastDecile = decile;
        this.lastDrawAt = t;
        this.stream.write(`${this.line('', ratio, t)}\n`);
    }

    private line(bar: string, ratio: number, t: number): string {
        const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
        const secs = ((t - this.startedAt) / 1000).toFixed(1);
        const count = `${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')}`;
        return [this.label.padEnd(22), bar, pct, count, `${secs}s`].filter((s) => s !== '').join(' ');
    }
}
