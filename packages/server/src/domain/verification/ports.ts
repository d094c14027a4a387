import type { CheckName, CheckReason, CredentialFormat, JsonObject, JwsVerifier, VerifiedIssuer } from '@laurel/core';
import type { Clock } from '../shared/ports.js';

/**
 * The outcome of one outbound GET: never thrown, always a value with a reason when it failed. `reason`
 * is shown to whoever asked for the verification, so it names the URL asked for and a coarse class of
 * failure only; `detail` (resolved addresses, resolver and socket errors, redirect targets) is for the
 * server's log and is never put in a report.
 */
export type Remote<T> = ({ ok: true } & T) | { ok: false; reason: string; status?: number | undefined; detail?: string | undefined };

export interface RemoteResource {
  /** The final URL, after redirects. */
  url: string;
  contentType: string | undefined;
  body: Uint8Array;
}

/**
 * Everything the verifier reads from other servers. The production adapter is the SSRF-guarded
 * fetch (http(s) only, public addresses unless allow-listed, timeouts, size caps, HTTP cache).
 */
export interface RemoteDocuments {
  /** GET a JSON(-LD) document: OB 2.0 assertions, badge classes, issuers, keys; DID documents; status lists. */
  getJson(url: string): Promise<Remote<{ url: string; json: unknown }>>;
  /** GET whatever a badge link may point at: JSON, a compact JWS / VC-JWT, or a baked PNG or SVG. */
  getResource(url: string): Promise<Remote<RemoteResource>>;
}

/** A file embedded in a PDF (catalog /Names /EmbeddedFiles). */
export interface EmbeddedFile {
  name: string;
  mimeType: string | undefined;
  /** Undefined when the file is larger than the reader's `maxFileBytes` (it is then not decoded). */
  bytes: Uint8Array | undefined;
}

/** Why a PDF was not read: each maps to a `source-pdf-*` code. */
export type PdfRefusal = 'unreadable' | 'encrypted' | 'too-complex';

export type PdfReadout = { ok: true; files: EmbeddedFile[] } | { ok: false; refusal: PdfRefusal; detail: string };

/**
 * Reads the embedded files of a PDF (how Laurel's certificates carry their credential). The adapter
 * bounds the work on hostile input: object count, inflated size, name tree depth; it never throws.
 */
export interface PdfReader {
  /** Embedded files larger than this (decoded) are listed without their bytes. */
  readonly maxFileBytes: number;
  embeddedFiles(bytes: Uint8Array): Promise<PdfReadout>;
}

export interface VerifyAnyDeps {
  clock: Clock;
  remote: RemoteDocuments;
  /** Reads PDFs (certificates). Without one, a PDF is reported unreadable. */
  pdf?: PdfReader | undefined;
  /** Ceiling for one whole verification, remote reads included. Default 20 s. */
  deadlineMs?: number | undefined;
  /** The JWS signature primitive (production: node:crypto's synchronous verify). Default: core's WebCrypto one. */
  jwsVerifier?: JwsVerifier | undefined;
}

/** What the user handed over, before anything is recognised. */
export type VerifySource =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'url'; url: string };

/** How the input arrived: an image, a PDF, a link, a JSON document, or a compact JWS / JWT. */
export type InputKind = 'image' | 'pdf' | 'url' | 'json' | 'jws';

/** Checks the core library reports, plus `source` (the input could be fetched) and `hosted` (OB 2.0 hosted verification). */
export type VerifyCheckName = CheckName | 'source' | 'hosted';

/** One check: its stable `code` (+ `params`) for programs and UIs, its English `reason` for people. */
export interface VerifyCheck extends CheckReason {
  name: VerifyCheckName;
  ok: boolean;
}

/** `ob2-hosted`: an OB 2.0 assertion verified the hosted way (fetched at its id). */
export type VerifyFormat = CredentialFormat | 'ob2-hosted';

export interface RecipientFinding extends CheckReason {
  /** False when the badge names no recipient identity that could be compared. */
  checked: boolean;
  matches: boolean;
}

export interface VerifyAnyReport {
  valid: boolean;
  format: VerifyFormat;
  /** `attachment`: the badge was read from this file embedded in a PDF (given, or at `url`). */
  input: { kind: InputKind; image?: 'png' | 'svg' | undefined; attachment?: string | undefined; url?: string | undefined };
  checks: VerifyCheck[];
  credential?: JsonObject | undefined;
  /**
   * The issuer the verification bound the badge to (id and the name its own document gives), present
   * only when that binding held. Show this, not names read from `credential`, which the presenter chose.
   */
  issuer?: VerifiedIssuer | undefined;
  /** Present when a recipient was given. */
  recipient?: RecipientFinding | undefined;
}
