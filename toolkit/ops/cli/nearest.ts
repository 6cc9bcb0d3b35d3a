/** The closest of `candidates` to a misspelt `word` (edit distance), or undefined when none is close. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    const w = word.toLowerCase();
    let best: { name: string; d: number } | undefined;
    for (const c of candidates) {
        const d = distance(w, c.toLowerCase());
        if (best === undefined || d < best.d) best = { name: c, d };
    }
    if (best === undefined) return undefined;
    return best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
export function distance(a: string, b: string): number {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
