/**
 * The one gas reporter: tests record (handler, scenario, gas, bound) rows and print one table at
 * the end of the suite; the benchmark reuses the same rows for its output.
 */
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

    /** Prints the table unless GAS_REPORT=0. */
    print(): void {
        if (process.env.GAS_REPORT === '0' || this.rows.length === 0) return;
        process.stdout.write(`\n${this.title}\n${this.toMarkdown()}\n`);
    }
}
