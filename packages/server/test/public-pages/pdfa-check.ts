import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { SRGB_PROFILE } from '../../src/adapters/pdf/pdfa.js';

/**
 * PDF/A-3 requirements checked structurally, with tools that share nothing with the renderer: qpdf
 * (its --check and its JSON view of every object) and poppler's pdffonts. veraPDF does not install
 * here; this covers what a certificate can get wrong: XMP identification and its agreement with the
 * Info dictionary, the output intent and its ICC profile, associated files, embedded fonts, no
 * transparency, encryption or JavaScript, the document ID.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Dict = { [key: string]: Json };
interface Stream {
  dict: Dict;
  data?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'laurel-pdfa-'));

export function writeTemp(bytes: Uint8Array, name = `${Math.random().toString(36).slice(2)}.pdf`): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** The PDF's objects as qpdf reads them (stream data decoded, base64). */
export class QpdfView {
  readonly objects: Record<string, { value?: Json; stream?: Stream }>;
  readonly json: Dict;

  constructor(readonly file: string) {
    this.json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Dict;
    const qpdf = this.json.qpdf as [Dict, Record<string, { value?: Json; stream?: Stream }>];
    this.objects = qpdf[1];
  }

  /** A value with its indirect reference followed (once). */
  resolve(value: Json | undefined): Json | Stream | undefined {
    if (typeof value === 'string' && /^\d+ \d+ R$/.test(value)) {
      const object = this.objects[`obj:${value}`];
      return object?.stream ?? object?.value;
    }
    return value;
  }

  dict(value: Json | undefined): Dict {
    const resolved = this.resolve(value);
    if (resolved && typeof resolved === 'object' && !Array.isArray(resolved)) return ('dict' in resolved && typeof resolved.dict === 'object' ? resolved.dict : resolved) as Dict;
    throw new Error(`not a dictionary: ${JSON.stringify(value)}`);
  }

  stream(value: Json | undefined): Stream {
    const resolved = this.resolve(value);
    if (resolved && typeof resolved === 'object' && 'dict' in resolved) return resolved as Stream;
    throw new Error(`not a stream: ${JSON.stringify(value)}`);
  }

  array(value: Json | undefined): Json[] {
    const resolved = this.resolve(value);
    if (Array.isArray(resolved)) return resolved;
    throw new Error(`not an array: ${JSON.stringify(value)}`);
  }

  get trailer(): Dict {
    return this.objects.trailer!.value as Dict;
  }

  get catalog(): Dict {
    return this.dict(this.trailer['/Root']);
  }

  /** Every dictionary in the file (stream dictionaries too, and dictionaries nested in others). */
  *dictionaries(): Generator<Dict> {
    const walk = function* (value: Json | undefined): Generator<Dict> {
      if (Array.isArray(value)) for (const v of value) yield* walk(v);
      else if (value && typeof value === 'object') {
        yield value;
        for (const v of Object.values(value)) yield* walk(v);
      }
    };
    for (const [key, object] of Object.entries(this.objects)) {
      if (key === 'trailer') continue;
      if (object.stream) yield* walk(object.stream.dict);
      else yield* walk(object.value);
    }
  }
}

/** qpdf's text strings: `u:` Unicode text, `b:` hex bytes. */
export const textOf = (value: Json | undefined): string | undefined => (typeof value === 'string' && value.startsWith('u:') ? value.slice(2) : undefined);

/** A PDF date (D:YYYYMMDDHHmmSSZ, as the Info dictionary holds it) as an instant. */
function pdfDate(value: string | undefined): number {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:Z|([+-])(\d{2})'?(\d{2})'?)?$/.exec(value ?? '');
  if (!m) return Number.NaN;
  const utc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return m[7] ? utc - (m[7] === '+' ? 1 : -1) * (+m[8]! * 60 + +m[9]!) * 60_000 : utc;
}

/** The XMP packet parsed strictly (an error in the XML throws). */
function parseXmp(xml: string) {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`XMP is not well-formed XML: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  const ns = {
    pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
    dc: 'http://purl.org/dc/elements/1.1/',
    xmp: 'http://ns.adobe.com/xap/1.0/',
    pdf: 'http://ns.adobe.com/pdf/1.3/',
  } as const;
  const one = (prefix: keyof typeof ns, name: string): string | undefined => {
    const nodes = doc.getElementsByTagNameNS(ns[prefix], name);
    return nodes.length === 1 ? (nodes[0]!.textContent ?? '') : undefined;
  };
  return { one };
}

const icc = (bytes: Buffer) => ({ signature: bytes.subarray(36, 40).toString('latin1'), colourSpace: bytes.subarray(16, 20).toString('latin1'), deviceClass: bytes.subarray(12, 16).toString('latin1'), major: bytes[8] });

export interface PdfaReport {
  /** Every requirement not met, in words (empty: conforming as far as these checks go). */
  problems: string[];
  part: string | undefined;
  conformance: string | undefined;
  info: Record<string, string | undefined>;
}

/** Checks one PDF file; returns what is wrong rather than throwing, so a test shows every problem at once. */
export function checkPdfA3(file: string): PdfaReport {
  const problems: string[] = [];
  const fail = (problem: string) => problems.push(problem);
  try {
    execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
  } catch (error) {
    fail(`qpdf --check: ${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
  const bytes = readFileSync(file);
  // Header: %PDF-1.n, then a comment of at least four bytes above 127 (ISO 19005-3 6.1.2).
  const header = bytes.subarray(0, 32).toString('latin1');
  if (!/^%PDF-1\.[4-7]\r?\n%[\x80-\xff]{4}/.test(header)) fail(`header ${JSON.stringify(header.slice(0, 16))}`);
  const view = new QpdfView(file);
  const { trailer, catalog } = view;

  // Trailer: a document ID, no encryption.
  const id = trailer['/ID'];
  if (!Array.isArray(id) || id.length !== 2 || !id.every((part) => typeof part === 'string' && /^b:[0-9a-f]{2,}$/i.test(part))) fail(`trailer /ID is ${JSON.stringify(id)}`);
  if ('/Encrypt' in trailer || (view.json.encrypt as Dict).encrypted !== false) fail('the file is encrypted');

  // XMP metadata: an uncompressed stream on the catalogue, identifying PDF/A-3, agreeing with the Info dictionary.
  let xmp: ReturnType<typeof parseXmp> = { one: () => undefined };
  if (!('/Metadata' in catalog)) fail('no /Metadata on the catalogue');
  else {
    const metadata = view.stream(catalog['/Metadata']);
    if (metadata.dict['/Type'] !== '/Metadata' || metadata.dict['/Subtype'] !== '/XML') fail('the /Metadata stream is not /Type /Metadata /Subtype /XML');
    if ('/Filter' in metadata.dict) fail('the /Metadata stream is filtered');
    xmp = parseXmp(Buffer.from(metadata.data ?? '', 'base64').toString('utf8'));
  }
  const part = xmp.one('pdfaid', 'part');
  const conformance = xmp.one('pdfaid', 'conformance');
  if (part !== '3') fail(`pdfaid:part is ${part}`);
  if (!['A', 'B', 'U'].includes(conformance ?? '')) fail(`pdfaid:conformance is ${conformance}`);
  const infoDict = '/Info' in trailer ? view.dict(trailer['/Info']) : {};
  const info = Object.fromEntries(['/Title', '/Author', '/Subject', '/Creator', '/Producer', '/CreationDate', '/ModDate'].map((k) => [k.slice(1), textOf(infoDict[k])]));
  const agree: [string, string | undefined][] = [
    ['Title', xmp.one('dc', 'title')],
    ['Author', xmp.one('dc', 'creator')],
    ['Subject', xmp.one('dc', 'description')],
    ['Creator', xmp.one('xmp', 'CreatorTool')],
    ['Producer', xmp.one('pdf', 'Producer')],
  ];
  for (const [key, inXmp] of agree) if (info[key] !== undefined && info[key] !== inXmp) fail(`Info /${key} ${JSON.stringify(info[key])} but XMP says ${JSON.stringify(inXmp)}`);
  for (const [key, name] of [['CreationDate', 'CreateDate'], ['ModDate', 'ModifyDate']] as const) {
    if (info[key] !== undefined && pdfDate(info[key]) !== Date.parse(xmp.one('xmp', name) ?? '')) fail(`Info /${key} ${info[key]} but XMP xmp:${name} ${xmp.one('xmp', name)}`);
  }

  // Output intent: GTS_PDFA1 with an embedded RGB ICC profile (the bundled sRGB one).
  const intents = '/OutputIntents' in catalog ? view.array(catalog['/OutputIntents']).map((i) => view.dict(i)) : [];
  const pdfa = intents.filter((i) => i['/S'] === '/GTS_PDFA1');
  if (pdfa.length !== 1) fail(`${pdfa.length} GTS_PDFA1 output intents`);
  else {
    const profile = view.stream(pdfa[0]!['/DestOutputProfile']);
    const data = Buffer.from(profile.data ?? '', 'base64');
    const header = icc(data);
    if (profile.dict['/N'] !== 3 || header.signature !== 'acsp' || header.colourSpace !== 'RGB ' || header.deviceClass !== 'mntr' || (header.major ?? 9) > 4) fail(`output intent profile ${JSON.stringify({ N: profile.dict['/N'], ...header })}`);
    if (!data.equals(readFileSync(SRGB_PROFILE))) fail('the output intent profile is not the bundled sRGB profile');
    if (!textOf(pdfa[0]!['/OutputConditionIdentifier'])) fail('the output intent has no OutputConditionIdentifier');
  }

  // Associated files: every embedded file is on the catalogue's /AF, with a relationship, a MIME type and a ModDate.
  const af = '/AF' in catalog ? view.array(catalog['/AF']).map(String) : [];
  for (const [name, attachment] of Object.entries(view.json.attachments as Record<string, Dict>)) {
    const specRef = String(attachment.filespec);
    const spec = view.dict(specRef);
    if (!af.includes(specRef)) fail(`${name} is not in the catalogue's /AF array`);
    if (typeof spec['/AFRelationship'] !== 'string' || !spec['/AFRelationship'].startsWith('/')) fail(`${name} has no /AFRelationship`);
    if (!textOf(spec['/F']) || !textOf(spec['/UF'])) fail(`${name} lacks /F or /UF`);
    const file = view.stream(view.dict(spec['/EF'])['/F']);
    if (file.dict['/Type'] !== '/EmbeddedFile') fail(`${name} is not /Type /EmbeddedFile`);
    if (typeof file.dict['/Subtype'] !== 'string' || !file.dict['/Subtype'].includes('/', 1)) fail(`${name} has no MIME /Subtype`);
    if (!textOf(view.dict(file.dict['/Params'])['/ModDate'])) fail(`${name} has no /Params /ModDate`);
  }

  // Fonts: each embedded (checked by poppler) and each font file reachable from qpdf's view.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
  if (!fonts.length) fail('no fonts');
  for (const line of fonts) if (!/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.test(line)) fail(`font not embedded: ${line}`);
  for (const d of view.dictionaries()) {
    if (d['/Type'] === '/FontDescriptor' && !['/FontFile', '/FontFile2', '/FontFile3'].some((k) => k in d)) fail(`font ${String(d['/FontName'])} has no font file`);
    // No transparency: no soft masks, no constant alpha below 1, no blend mode but Normal, no transparency groups.
    if ('/SMask' in d && d['/SMask'] !== '/None') fail('a soft mask (/SMask)');
    for (const alpha of ['/ca', '/CA']) if (alpha in d && d[alpha] !== 1) fail(`a constant alpha ${alpha} ${String(d[alpha])}`);
    if ('/BM' in d && !['/Normal', '/Compatible'].includes(String(d['/BM']))) fail(`a blend mode ${String(d['/BM'])}`);
    if (d['/S'] === '/Transparency') fail('a transparency group');
    if (d['/Interpolate'] === true) fail('an interpolated image');
    // No JavaScript, actions that run, or launch actions.
    for (const key of ['/JS', '/JavaScript', '/AA', '/OpenAction']) if (key in d) fail(`a ${key} entry`);
    if (d['/S'] === '/JavaScript' || d['/S'] === '/Launch') fail(`an action ${String(d['/S'])}`);
  }
  return { problems, part, conformance, info };
}
