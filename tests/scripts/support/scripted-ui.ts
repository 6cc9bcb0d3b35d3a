/**
 * A UIProvider for tests: answers prompts from a script of expected questions and records every line
 * written, so a test asserts the exact output and that no unexpected question was asked.
 */
import { Address } from '@ton/core';
import type { UIProvider } from '@ton/blueprint';

export type Answer = string | boolean | Address;

export class ScriptedUI implements UIProvider {
    readonly lines: string[] = [];
    readonly asked: string[] = [];
    private answers: Answer[] = [];

    answer(...answers: Answer[]): this {
        this.answers.push(...answers);
        return this;
    }

    pending(): number {
        return this.answers.length;
    }

    write(message: string): void {
        this.lines.push(...message.split('\n'));
    }

    async prompt(message: string): Promise<boolean> {
        const a = this.next(message);
        if (typeof a !== 'boolean') throw new Error(`prompt "${message}" got a non-boolean answer`);
        return a;
    }

    async inputAddress(message: string, fallback?: Address): Promise<Address> {
        const a = this.next(message, fallback);
        if (a instanceof Address) return a;
        if (typeof a === 'string') return Address.parse(a);
        throw new Error(`address prompt "${message}" got a boolean answer`);
    }

    async input(message: string): Promise<string> {
        const a = this.next(message);
        if (typeof a !== 'string') throw new Error(`input "${message}" got a non-string answer`);
        return a;
    }

    async choose<T>(message: string, choices: T[], display: (v: T) => string): Promise<T> {
        const a = this.next(message);
        const found = choices.find((c) => display(c) === a);
        if (found === undefined) throw new Error(`choice "${message}": no option "${String(a)}"`);
        return found;
    }

    setActionPrompt(): void {}

    clearActionPrompt(): void {}

    /** Every line written that starts with `error:`. */
    errors(): string[] {
        return this.lines.filter((l) => l.startsWith('error:'));
    }

    private next(message: string, fallback?: Address): Answer {
        this.asked.push(message);
        const a = this.answers.shift();
        if (a === undefined) {
            if (fallback) return fallback;
            throw new Error(`unexpected question: ${message}`);
        }
        return a;
    }
}
