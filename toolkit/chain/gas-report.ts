/**
 * The one gas reporter: tests record (handler, scenario, gas, bound) rows and print one table at
 * the end of the suite; the benchmark reuses the same rows for its output.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { formatTable } from './table';

export interface GasRow {
    handler: string;
    scenario: string;
    gas: bigint;
    bound: bigint;
}

export class GasReport {
    private readonly rows: GasRow[] = [];

    constructor(readonly title: string) {}

    record(handler: string, scenario: string, gas: bigint, bound: bigint | number): GasRow {
        const row = { handler, scenario, gas, bound: BigInt(bound) };
        this.rows.push(row);
        return row;
    }

    all(): readonly GasRow[] {
        return this.rows;
    }

    toMarkdown(): string {
        return formatTable(
            ['handler', 'scenario', 'gas', 'bound', 'headroom'],
            this.rows.map((r) => [
                r.handler,
                r.scenario,
                r.gas,
                r.bound,
                `${Number(((r.bound - r.gas) * 100n) / r.bound)}%`,
            ]),
        );
    }

    /** The file name `save` writes this report to: the title's first word (the contract). */
    get fileName(): string {
        return `${this.title.split(/\s+/)[0]}.json`;
    }

    /** Writes the rows (gas and bound as numbers) to `dir`/fileName, for `npm run bench:handlers`. */
    save(dir: string): string {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, this.fileName);
        const rows = this.rows.map((r) => ({ ...r, gas: Number(r.gas), bound: Number(r.bound) }));
        writeFileSync(file, `${JSON.stringify({ title: this.title, rows }, null, 2)}\n`);
        return file;
    }

    /** Prints the table unless GAS_REPORT=0; with GAS_REPORT_DIR set, also saves the rows there. */
    print(): void {
        if (process.env.GAS_REPORT_DIR && this.rows.length > 0) this.save(process.env.GAS_REPORT_DIR);
        if (process.env.GAS_REPORT === '0' || this.rows.length === 0) return;
        process.stdout.write(`\n${this.title}\n${this.toMarkdown()}\n`);
    }
}
