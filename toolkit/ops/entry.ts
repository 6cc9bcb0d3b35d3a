/**
 * Entry-point wrapper for `npx blueprint run <script>`: runs the script's logic and turns any failure
 * into one clear line and exit code 1. Blueprint's CLI would otherwise print the error with its stack,
 * and func-js rethrows unhandled rejections with ~100 KB of minified compiler code.
 */
import { oneLine } from './errors';
import { parseArgs, ScriptArgs } from './args';
import { OpsProvider } from './provider';

export type ScriptMain = (provider: OpsProvider, args: ScriptArgs) => Promise<void>;

export async function runScript(provider: OpsProvider, argv: string[], main: ScriptMain): Promise<void> {
    try {
        await main(provider, parseArgs(argv));
    } catch (e) {
        provider.ui().write(`error: ${oneLine(e)}`);
        process.exit(1);
    }
}
