import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { systemClock } from '../adapters/clock/system.js';
import { createVerifierDeps } from '../adapters/verification/remote-documents.js';
import type { Config } from '../config.js';
import { isAppError } from '../domain/shared/errors.js';
import { OFFLINE } from '../domain/verification/offline.js';
import type { VerifyAnyReport, VerifySource } from '../domain/verification/ports.js';
import { verifyAny } from '../domain/verification/verify-any.js';
import { VERIFY_USAGE } from './verify-usage.js';

const MAX_INPUT_BYTES = 10 * 1024 * 1024;

const FORMATS: Record<VerifyAnyReport['format'], string> = {
  'ob3-ldp': 'Open Badges 3.0 credential (Data Integrity proof)',
  'vc-jwt': 'Open Badges 3.0 credential (VC-JWT)',
  'ob2-jws': 'Open Badges 2.0 signed assertion (JWS)',
  'ob2-hosted': 'Open Badges 2.0 hosted assertion',
  unknown: 'not recognised',
  'vc-jwt-v1': 'verifiable credential (VC Data Model 1.1 JWT)',
  'vc-jose-cose': 'verifiable credential (VC-JOSE-COSE, vc+jwt)',
  'sd-jwt-vc': 'SD-JWT VC (selective disclosure)',
};

export interface VerifyCommandIo {
  out(text: string): void;
  err(text: string): void;
  stdin(): Promise<Uint8Array>;
}

const processIo: VerifyCommandIo = {
  out: (text) => console.log(text),
  err: (text) => console.error(text),
  stdin: async () => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of process.stdin) {
      size += (chunk as Buffer).length;
      if (size > MAX_INPUT_BYTES) throw new Error(`standard input is larger than ${MAX_INPUT_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
    return new Uint8Array(Buffer.concat(chunks));
  },
};

async function sourceOf(target: string, io: VerifyCommandIo): Promise<VerifySource> {
  if (target === '-') return { kind: 'bytes', bytes: await io.stdin() };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) return { kind: 'url', url: target };
  const info = await stat(target);
  if (!info.isFile()) throw new Error(`${target} is not a file`);
  if (info.size > MAX_INPUT_BYTES) throw new Error(`${target} is larger than ${MAX_INPUT_BYTES} bytes`);
  return { kind: 'bytes', bytes: new Uint8Array(await readFile(target)) };
}

function badgeName(report: VerifyAnyReport): string | undefined {
  const c = report.credential;
  if (!c) return undefined;
  const subject = c.credentialSubject as { achievement?: { name?: unknown } } | undefined;
  const name = typeof subject?.achievement?.name === 'string' ? subject.achievement.name : typeof c.name === 'string' ? c.name : undefined;
  // Only the issuer the verification bound the badge to, never a name the badge itself carries.
  const issuer = report.issuer;
  const by = issuer ? ` — issued by ${issuer.name ? `${issuer.name} (${issuer.id})` : issuer.id}` : '';
  return name ? `${name}${by}` : undefined;
}

/** The report as a person reads it. */
export function formatReport(report: VerifyAnyReport, recipient: string | undefined): string {
  const unchecked = report.checks.some((c) => c.code === 'status-not-checked');
  const lines = [`${report.valid ? '✓ VALID' : '✗ NOT VALID'}${report.valid && unchecked ? ' (revocation status not checked)' : ''}: ${FORMATS[report.format]}`];
  const attached = report.input.attachment ? `embedded ${report.input.attachment}` : undefined;
  const via = [report.input.kind, report.input.image?.toUpperCase(), attached, report.input.url].filter(Boolean).join(', ');
  lines.push(`  input:     ${via}`);
  const name = badgeName(report);
  if (name) lines.push(`  badge:     ${name}`);
  const width = Math.max(...report.checks.map((c) => c.name.length));
  const symbol = (c: VerifyAnyReport['checks'][number]) => (c.code === 'status-not-checked' ? '–' : c.ok ? '✓' : '✗');
  for (const check of report.checks) lines.push(`  ${symbol(check)} ${check.name.padEnd(width)}  ${check.reason}`);
  if (report.recipient && recipient !== undefined) {
    const mark = report.recipient.matches ? '✓' : '✗';
    lines.push(`  ${mark} recipient: ${report.recipient.reason}`);
  }
  return lines.join('\n');
}

/** 0 valid (and awarded to the recipient, when given), 1 not valid, 2 could not be checked. */
export function exitCodeOf(report: VerifyAnyReport): 0 | 1 | 2 {
  if (report.format === 'unknown' && report.checks.some((c) => c.name === 'source' && !c.ok)) return 2;
  if (!report.valid) return 1;
  return report.recipient && !report.recipient.matches ? 1 : 0;
}

/** `laurel verify <file|url|-> [--recipient EMAIL] [--json] [--offline]` */
export async function runVerifyCommand(args: string[], config: Pick<Config, 'fetchAllowHosts'>, io: VerifyCommandIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: 'boolean' }, recipient: { type: 'string' }, offline: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.err(`laurel verify needs one file, URL or "-"\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const fail = (reason: string): number => {
    if (values.json) io.out(JSON.stringify({ valid: false, error: reason }, null, 2));
    else io.err(`✗ could not be checked: ${reason}`);
    return 2;
  };
  let source: VerifySource;
  try {
    source = await sourceOf(positionals[0]!, io);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const online = createVerifierDeps({ allowHosts: config.fetchAllowHosts }, systemClock);
  const deps = values.offline ? { ...online, remote: OFFLINE } : online;
  let report: VerifyAnyReport;
  try {
    report = await verifyAny(deps, { source, recipient: values.recipient, offline: values.offline === true });
  } catch (error) {
    return fail(isAppError(error) || error instanceof Error ? error.message : String(error));
  }
  io.out(values.json ? JSON.stringify(report, null, 2) : formatReport(report, values.recipient));
  return exitCodeOf(report);
}
