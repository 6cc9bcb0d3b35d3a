/**
 * The scripts' test bench: a sandbox with the pool's wallets (owner, operator, members, a Cocoon proxy
 * standing in for revenue), and `run()` which executes a script's real `run(provider, args)` entry point
 * as `npx blueprint run` would, returning its exit code, its output and every message it sent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Blockchain, BlockchainSnapshot, SandboxContract, TreasuryContract } from '@ton/sandbox';
import { journalPath } from '../../../toolkit/ops/journal';
import { OpsProvider } from '../../../toolkit/ops/provider';
import { ProviderOptions, SandboxProvider, SandboxWallet, SentMessage } from './sandbox-provider';
import { Answer, ScriptedUI } from './scripted-ui';

export interface Script {
    run(provider: OpsProvider, args: string[]): Promise<void>;
}

export interface RunResult {
    exitCode: number;
    lines: string[];
    errors: string[];
    asked: string[];
    sent: SentMessage[];
    /** What a `json` run printed on stdout, parsed. */
    json: unknown[];
}

class ExitCalled extends Error {
    constructor(readonly code: number) {
        super(`process.exit(${code})`);
    }
}

/** The sandbox, the deployment file and the submission journal together: scripts change all three. */
export interface EnvSnapshot {
    chain: BlockchainSnapshot;
    files: Map<string, string | null>;
}

export class ScriptsEnv {
    readonly dir = mkdtempSync(join(tmpdir(), 'ops-scripts-'));
    readonly deploymentFile = join(this.dir, 'deployments', 'testnet.json');
    readonly journalFile = journalPath(this.deploymentFile);

    private constructor(
        readonly blockchain: Blockchain,
        readonly owner: SandboxContract<TreasuryContract>,
        readonly operator: SandboxContract<TreasuryContract>,
        readonly members: SandboxContract<TreasuryContract>[],
        readonly proxy: SandboxContract<TreasuryContract>,
        readonly stranger: SandboxContract<TreasuryContract>,
    ) {}

    static async create(memberCount = 4): Promise<ScriptsEnv> {
        const blockchain = await Blockchain.create();
        const members: SandboxContract<TreasuryContract>[] = [];
        for (let i = 0; i < memberCount; i++) members.push(await blockchain.treasury(`member-${i}`));
        return new ScriptsEnv(
            blockchain,
            await blockchain.treasury('owner'),
            await blockchain.treasury('operator'),
            members,
            await blockchain.treasury('cocoon-proxy'),
            await blockchain.treasury('stranger'),
        );
    }

    snapshot(): EnvSnapshot {
        const files = new Map<string, string | null>();
        for (const f of [this.deploymentFile, this.journalFile])
            files.set(f, existsSync(f) ? readFileSync(f, 'utf8') : null);
        return { chain: this.blockchain.snapshot(), files };
    }

    async restore(s: EnvSnapshot): Promise<void> {
        await this.blockchain.loadFrom(s.chain);
        for (const [f, text] of s.files) {
            if (text === null) rmSync(f, { force: true });
            else writeFileSync(f, text);
        }
    }

    path(name: string): string {
        return join(this.dir, name);
    }

    provider(
        wallet: SandboxWallet,
        ui = new ScriptedUI(),
        sent: SentMessage[] = [],
        options: ProviderOptions = {},
    ): SandboxProvider {
        return new SandboxProvider(this.blockchain, wallet, ui, sent, options);
    }

    /**
     * Runs `script` from `wallet` with `args` (plus `deployment=<this bench's file>` unless given),
     * answering its questions with `answers`. A script that calls process.exit reports the code.
     */
    async run(
        script: Script,
        wallet: SandboxWallet,
        args: string[],
        answers: Answer[] = [],
        options: ProviderOptions = {},
    ): Promise<RunResult> {
        const ui = new ScriptedUI().answer(...answers);
        const sent: SentMessage[] = [];
        const provider = this.provider(wallet, ui, sent, options);
        const argv = args.some((a) => a.startsWith('deployment='))
            ? args
            : [...args, `deployment=${this.deploymentFile}`];
        const exit = jest.spyOn(process, 'exit').mockImplementation(((code?: number) => {
            throw new ExitCalled(code ?? 0);
        }) as never);
        let exitCode = 0;
        try {
            await script.run(provider, argv);
        } catch (e) {
            if (!(e instanceof ExitCalled)) throw e;
            exitCode = e.code;
        } finally {
            exit.mockRestore();
        }
        expect(ui.pending()).toBe(0);
        return {
            exitCode,
            lines: ui.lines,
            errors: ui.errors(),
            asked: ui.asked,
            sent,
            json: provider.emitted.map((t) => JSON.parse(t)),
        };
    }
}
