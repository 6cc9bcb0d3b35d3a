/**
 * The deployment file `deployments/<network>.json`: what deployPool created (addresses, code hashes,
 * owner, operator, time). Every other script reads it and checks it against the chain before it sends
 * (see verify.ts); the scripts that change the owner or the operator keep it up to date.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { Address } from '@ton/core';
import { OpsError } from './errors';
import { parseAddress } from './args';

export interface DeployedContract {
    address: Address;
    codeHash: string;
}

export interface Deployment {
    network: string;
    createdAt: string;
    registry: DeployedContract;
    pool: DeployedContract;
    owner: Address;
    operator: Address;
}

/** `deployment=FILE` overrides the default `deployments/<network>.json`. */
export function deploymentPath(network: string, override?: string): string {
    return override ?? join('deployments', `${network}.json`);
}

export function writeDeployment(path: string, d: Deployment): void {
    mkdirSync(dirname(path), { recursive: true });
    const json = {
        network: d.network,
        createdAt: d.createdAt,
        registry: { address: d.registry.address.toString(), codeHash: d.registry.codeHash },
        pool: { address: d.pool.address.toString(), codeHash: d.pool.codeHash },
        owner: d.owner.toString(),
        operator: d.operator.toString(),
    };
    writeFileSync(path, JSON.stringify(json, null, 2) + '\n');
}

export function readDeployment(path: string, network: string): Deployment {
    let text: string;
    try {
        text = readFileSync(path, 'utf8');
    } catch {
        throw new OpsError(`${path}: no deployment file; run deployPool first or pass deployment=FILE`);
    }
    let raw: Record<string, unknown>;
    try {
        raw = JSON.parse(text);
    } catch {
        throw new OpsError(`${path}: not valid JSON`);
    }
    const field = (key: string): string => {
        const parts = key.split('.');
        let v: unknown = raw;
        for (const part of parts)
            v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[part] : undefined;
        if (typeof v !== 'string' || v.length === 0) throw new OpsError(`${path}: field "${key}" is missing`);
        return v;
    };
    const hash = (key: string): string => {
        const h = field(key);
        if (!/^[0-9a-f]{64}$/.test(h)) throw new OpsError(`${path}: field "${key}" is not a 256-bit hex hash`);
        return h;
    };
    if (field('network') !== network)
        throw new OpsError(`${path}: made for ${field('network')}, but this run is on ${network}`);
    return {
        network,
        createdAt: field('createdAt'),
        registry: {
            address: parseAddress(`${path} registry.address`, field('registry.address')),
            codeHash: hash('registry.codeHash'),
        },
        pool: { address: parseAddress(`${path} pool.address`, field('pool.address')), codeHash: hash('pool.codeHash') },
        owner: parseAddress(`${path} owner`, field('owner')),
        operator: parseAddress(`${path} operator`, field('operator')),
    };
}
