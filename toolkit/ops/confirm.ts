/**
 * Every script that sends shows what it is about to do and asks before it acts; `yes` answers for
 * unattended runs. Declining sends nothing.
 */
import { OpsProvider } from './provider';

/** `yes`: the script's `yes` flag, read before `args.finish()`. */
export async function confirmSend(p: OpsProvider, yes: boolean, title: string, summary: string[]): Promise<boolean> {
    const ui = p.ui();
    ui.write(title);
    for (const line of summary) ui.write(`  ${line}`);
    if (yes) return true;
    const go = await ui.prompt('Send?');
    if (!go) ui.write('cancelled: nothing sent');
    return go;
}
