/**
 * reconcile: compares the operator's ledger file (cumulative entitlements, the same format as
 * submitPayouts reads) with what the chain did, through the toolkit's ChainSource: the provider's when
 * it has one (the sandbox's in tests), the TonClient source on testnet/mainnet (blueprint's toncenter
 * client), and with the submission journal (journal.ts) so that "submitted but not applied" is told
 * from "not sent yet". The attributed books (what earnings addresses forwarded, commission, pay_owed's
 * payouts, bounces credited back) are replayed from the same history and compared with the pool's
 * attributed getters (toolkit/reconcile/attributed.ts).
 * Prints every difference with its cause and fails (exit code 1) when there is any.
 */
import { Cell } from '@ton/core';
import { TonClient } from '@ton/ton';
import {
    AttributedReconciliation,
    ChainSource,
    reconcile as reconcileLedger,
    reconcileAttributed,
    TonClientChainSource,
} from '../reconcile';
import {
    attributedStateReader,
    poolAttributedCodec,
    poolPayoutCodec,
    poolStateReader,
} from '../reconcile/pool-adapter';
import { parsePoolPayoutData } from '../../wrappers/PoolPayout';
import { formatTable } from '../chain/table';
import { formatTon } from './args';
import { liveFees } from './fees';
import { ExitCode } from './cli/exit-codes';
import { defineScript } from './cli/script';
import { kinds, required } from './cli/spec';
import { OpsError } from './errors';
import { journalPath, readSubmitted } from './journal';
import { DeployedPool, loadPool } from './pool';
import { OpsProvider } from './provider';

/**
 * The toolkit's ChainSource for this network. The pool's ledger is read from one snapshot of its
 * storage (one request for any number of workers; get_worker would take one each), its payouts,
 * bounces and attributed books from its transactions. The attributed totals are the getter's
 * (get_attributed_totals, one call), each worker's balance the same dict get_attributed_owed reads, from the snapshot.
 */
async function chainSource(p: OpsProvider, d: DeployedPool) {
    const pool = d.deployment.pool.address;
    const state = await p.getContractState(pool);
    if (state.state.type !== 'active' || !state.state.data) throw new OpsError(`pool ${pool} is not active`);
    const data = Cell.fromBoc(state.state.data)[0];
    const fees = await liveFees(p);
    const attributedCodec = poolAttributedCodec(fees, pool, parsePoolPayoutData(data).earningsCode);
    const attributedReader = { ...attributedStateReader(data), totals: () => d.pool.getAttributedTotals() };
    const options = { pool, reader: poolStateReader(data), codec: poolPayoutCodec(fees), attributedCodec };
    const source = async (): Promise<ChainSource> => {
        if (p.chainSource) return p.chainSource(options);
        const api = p.api();
        if (api instanceof TonClient) return new TonClientChainSource({ ...options, client: api });
        throw new OpsError(
            "reconcile reads the pool history through toncenter (blueprint's client for --testnet / --mainnet); this network uses another API",
        );
    };
    return { source: await source(), attributedCodec, attributedReader };
}

/** The attributed books: history against the pool's getters per kind of figure, then per worker. */
function writeAttributed(ui: ReturnType<OpsProvider['ui']>, a: AttributedReconciliation): void {
    const h = a.history;
    const row = (name: string, history: bigint, pool: bigint | undefined) => [
        name,
        history,
        pool ?? '-',
        pool === undefined ? '-' : pool - history,
    ];
    ui.write(
        formatTable(
            ['attributed (earnings addresses)', 'history', 'pool getters', 'difference'],
            [
                row('forwarded by earnings addresses', h.forwarded, undefined),
                row('kept as receipt fees', h.receiptFees, undefined),
                row('revenue booked', h.revenue, a.pool.revenue),
                row('commission', h.commission, a.pool.commission),
                row('paid by pay_owed', h.paid, a.pool.paid),
                row('returned by bounces', h.returned, a.pool.returned),
                row('owed', h.owed, a.pool.owed),
                row('workers owed', BigInt(h.entries), BigInt(a.pool.entries)),
            ],
        ),
    );
    if (a.workers.length > 0) {
        ui.write(
            formatTable(
                ['worker', 'forwarded', 'commission', 'paid', 'returned', 'owed (history)', 'owed (pool)'],
                a.workers.map((w) => [
                    String(w.workerIndex),
                    w.forwarded,
                    w.commission,
                    w.paid,
                    w.returned,
                    w.owed,
                    w.poolOwed,
                ]),
            ),
        );
    }
    if (a.forged.length > 0) {
        const value = a.forged.reduce((s, x) => s + x.value, 0n);
        ui.write(
            `forged attributed_revenue: ${a.forged.length} message(s), ${formatTon(value)}, not from the named worker's earnings address: booked as plain (operator-settled) revenue`,
        );
    }
}

export const reconcile = defineScript(
    {
        name: 'operator/reconcile',
        role: 'operator',
        about: "compares the operator's ledger file with what the chain did, per worker and in total, to the nanoton",
        example: 'ledger=epoch-1.csv',
        sends: false,
        args: {
            ledger: required(
                kinds.entitlements(),
                "the operator's ledger of cumulative entitlements (.csv or .json)",
                "The operator's ledger of cumulative entitlements (.csv or .json)",
            ),
        },
    },
    async (p, input, ctx) => {
        const file = input.ledger.path;
        const d = await loadPool(p, ctx);
        const intended = new Map(input.ledger.rows.map((r) => [r.workerIndex, r.cumulative]));
        const journal = journalPath(d.path);
        const submitted = readSubmitted(journal);
        const chain = await chainSource(p, d);
        const report = await reconcileLedger({
            intended,
            source: chain.source,
            submitted,
            minPayout: d.poolParams.minPayout,
        });
        const attributed = await reconcileAttributed({
            source: chain.source,
            codec: chain.attributedCodec,
            reader: chain.attributedReader,
            commissionBps: d.poolParams.commissionBps,
        });
        const ui = p.ui();
        ui.write(`journal: ${submitted.length} request(s) submitted so far (${journal})`);
        const t = report.totals;
        ui.write(
            formatTable(
                ['', 'nanoton'],
                [
                    ['intended (ledger file)', t.intended],
                    ['received by workers', t.received],
                    ['outstanding', t.outstanding],
                    ['pool: paid', t.chainPaid],
                    ['pool: returned by bounces', t.chainReturned],
                    ['pool: worker money held', t.workerMoneyHeld],
                ],
            ),
        );
        writeAttributed(ui, attributed);
        ctx.result.totals = t;
        ctx.result.attributed = {
            history: attributed.history,
            pool: attributed.pool,
            workers: attributed.workers,
            forged: attributed.forged,
        };
        const differences = [...report.differences, ...attributed.differences];
        ctx.result.differences = differences;
        if (differences.length === 0) {
            ui.write(
                `reconciled: ${report.workers.length} worker(s), ${formatTon(t.received)} received, no differences`,
            );
            return;
        }
        ui.write(
            formatTable(
                ['worker', 'cause', 'nanoton', 'critical', 'detail'],
                differences.map((x) => [
                    x.workerIndex === undefined ? 'total' : String(x.workerIndex),
                    x.cause,
                    x.amount,
                    x.critical ? 'yes' : 'no',
                    x.detail,
                ]),
            ),
        );
        const critical = differences.filter((x) => x.critical).length;
        const unexplained = report.unexplainedNanoton + attributed.unexplainedNanoton;
        const inBooks =
            attributed.differences.length === 0
                ? ''
                : `, ${attributed.differences.length} of them in the attributed books`;
        throw new OpsError(
            `${differences.length} difference(s) between ${file} and the chain${inBooks} (${critical} critical, ${unexplained} nanoton unexplained)`,
            ExitCode.differences,
        );
    },
);
