import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { credentialInPdf } from '../../domain/verification/pdf-input.js';
import { pdfEmbeddedFilesReader } from './embedded-files.js';

const reader = pdfEmbeddedFilesReader();
const CREDENTIAL = JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'OpenBadgeCredential'] });

async function pdfWith(files: { name: string; data: Uint8Array | string; mimeType?: string }[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage();
  for (const f of files) await doc.attach(typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data, f.name, { mimeType: f.mimeType ?? 'application/ld+json' });
  return doc.save();
}

/** A hand-written PDF: numbered objects, then a trailer (no xref table: pdf-lib scans the objects). */
function rawPdf(objects: (string | Buffer)[], trailer = '<< /Root 1 0 R >>'): Uint8Array {
  const parts = [Buffer.from('%PDF-1.7\n')];
  objects.forEach((o, i) => parts.push(Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(o), Buffer.from('\nendobj\n')));
  parts.push(Buffer.from(`trailer\n${trailer}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}

const stream = (dict: string, data: Buffer): Buffer => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from('\nendstream')]);
const refusal = async (bytes: Uint8Array) => {
  const read = await reader.embeddedFiles(bytes);
  return read.ok ? 'ok' : read.refusal;
};

describe('reading the embedded files of a PDF', () => {
  it('lists the files with their names, media types and bytes', async () => {
    const read = await reader.embeddedFiles(await pdfWith([{ name: 'credential.json', data: CREDENTIAL }, { name: 'notes.txt', data: 'hi', mimeType: 'text/plain' }]));
    expect(read).toEqual({
      ok: true,
      files: [
        { name: 'credential.json', mimeType: 'application/ld+json', bytes: new TextEncoder().encode(CREDENTIAL) },
        { name: 'notes.txt', mimeType: 'text/plain', bytes: new TextEncoder().encode('hi') },
      ],
    });
  });

  it('an embedded file over the cap is listed without its bytes, and reported too large', async () => {
    const big = `{"@context":[],"padding":"${' '.repeat(2 * 1024 * 1024)}"}`;
    const bytes = await pdfWith([{ name: 'credential.json', data: big }]);
    expect(await reader.embeddedFiles(bytes)).toEqual({ ok: true, files: [{ name: 'credential.json', mimeType: 'application/ld+json', bytes: undefined }] });
    expect(await credentialInPdf(reader, bytes)).toMatchObject({ ok: false, why: { code: 'source-pdf-file-too-large', params: { name: 'credential.json', max: '1048576' } } });
  });

  it('refuses encrypted PDFs', async () => {
    const encrypted = rawPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>', '<< /Filter /Standard /V 2 /R 3 /O <00> /U <00> /P -4 >>'], '<< /Root 1 0 R /Encrypt 3 0 R >>');
    expect(await refusal(encrypted)).toBe('encrypted');
    expect(await credentialInPdf(reader, encrypted)).toMatchObject({ ok: false, why: { code: 'source-pdf-encrypted' } });
  });

  it('refuses absurd object counts, inflation bombs, unaccepted or disguised filters before parsing', async () => {
    const catalog = '<< /Type /Catalog >>';
    expect(await refusal(rawPdf([catalog, ...Array.from({ length: 10_001 }, () => 'null')]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, '<< /Type /ObjStm /N 99999 /First 0 >>']))).toBe('too-complex');
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await refusal(rawPdf([catalog, stream('/Type /ObjStm /N 1 /First 2 /Filter /FlateDecode', bomb)]))).toBe('too-complex');
    for (const filter of ['/LZWDecode', '/ASCII85Decode', '[/ASCIIHexDecode /FlateDecode]', '[/FlateDecode /FlateDecode]', '4 0 R']) {
      expect(await refusal(rawPdf([catalog, stream(`/Type /ObjStm /N 1 /First 2 /Filter ${filter}`, Buffer.from('00'))])), filter).toBe('too-complex');
    }
    expect(await refusal(rawPdf([catalog, stream('/Type /ObjStm /N 1 /First 2 /Fil#74er /LZWDecode', Buffer.from('00'))]))).toBe('too-complex');
    const read = await credentialInPdf(reader, rawPdf([catalog, stream('/Filter /FlateDecode', bomb)]));
    expect(read).toMatchObject({ ok: false, why: { code: 'source-pdf-too-complex', params: { detail: 'streams that inflate to more than 8388608 bytes' } } });
  });

  it('refuses, before parsing, object streams whose entries overlap (pdf-lib would parse the same bytes once per entry)', async () => {
    const catalog = '<< /Type /Catalog >>';
    /** An object stream with the given header (`objectNumber offset` pairs) and body after /First. */
    const objStm = (offsets: number[], body: string) => {
      const header = offsets.map((o, i) => `${i + 10} ${o}`).join(' ') + ' ';
      return stream(`/Type /ObjStm /N ${offsets.length} /First ${header.length}`, Buffer.from(header + body));
    };
    // Issue 10: ~1 MB, every entry at the same offset before a megabyte of whitespace (30 s, 1.3 GiB).
    const whitespace = rawPdf([catalog, objStm(Array(9_000).fill(0), ' '.repeat(1_000_000) + '<<>>')]);
    expect(whitespace.length).toBeGreaterThan(1_000_000);
    expect(await credentialInPdf(reader, whitespace)).toMatchObject({ ok: false, why: { code: 'source-pdf-too-complex' } });
    // Increasing offsets, all inside the whitespace before one object.
    expect(await refusal(rawPdf([catalog, objStm([...Array(5_000).keys()], ' '.repeat(200_000) + '<<>>')]))).toBe('too-complex');
    // Each entry inside the one before: nested arrays, a string, a long name.
    expect(await refusal(rawPdf([catalog, objStm([...Array(2_000).keys()], '['.repeat(2_000) + ']'.repeat(2_000))]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, objStm([0, 5], '(abc (de) fgh)')]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, objStm([...Array(2_000).keys()].map((k) => k + 1), '/' + 'a'.repeat(100_000))]))).toBe('too-complex');
    // The same, deflated, and hidden behind a second /N or a comment.
    const deflated = (offsets: number[], body: string) => {
      const header = offsets.map((o, i) => `${i + 10} ${o}`).join(' ') + ' ';
      return stream(`/Type%x\n/ObjStm /N ${offsets.length} /First ${header.length} /Filter /FlateDecode`, deflateSync(Buffer.from(header + body)));
    };
    expect(await refusal(rawPdf([catalog, deflated(Array(2_000).fill(0), ' '.repeat(1_000_000) + '<<>>')]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, stream('/Type /ObjStm /X << /N 1 >> /N 2 /First 8', Buffer.from('10 0 11 0 <<>>'))]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, stream('/Type 3 0 R /N 1 /First 4', Buffer.from('10 0 <<>>')), '/ObjStm']))).toBe('too-complex');
    // Well-formed object streams are read as before.
    expect(await refusal(rawPdf([catalog, objStm([0, 5, 12], '<<>> \n[1 2] (x)')]))).toBe('ok');
  });

  it('refuses cross-reference streams that ask for more entries than the object limit', async () => {
    const catalog = '<< /Type /Catalog >>';
    expect(await refusal(rawPdf([catalog, stream('/Type /XRef /Size 100000000 /W [0 0 0]', Buffer.alloc(0))]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, stream('/Type /XRef /Size 3 /Index [0 1 5 90000000] /W [1 2 1]', Buffer.alloc(0))]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, stream('/Type /XRef /Size 3 /W [1 2000000 1]', Buffer.alloc(0))]))).toBe('too-complex');
    expect(await refusal(rawPdf([catalog, stream('/Type /XRef /Size 4 0 R /W [0 0 0]', Buffer.alloc(0)), '100000000']))).toBe('too-complex');
  });

  it('refuses an /EmbeddedFiles name tree nested too deep (or looping)', async () => {
    const doc = await PDFDocument.load(await pdfWith([{ name: 'credential.json', data: CREDENTIAL }]));
    const names = doc.catalog.lookup(PDFName.of('Names'), PDFDict);
    let tree = names.lookup(PDFName.of('EmbeddedFiles'), PDFDict);
    for (let i = 0; i < 6; i++) tree = doc.context.obj({ Kids: [doc.context.register(tree)] });
    names.set(PDFName.of('EmbeddedFiles'), doc.context.register(tree));
    expect(await credentialInPdf(reader, await doc.save())).toMatchObject({ ok: false, why: { code: 'source-pdf-too-complex' } });
    // A node that is its own kid.
    const loop = doc.context.obj({ Kids: [] });
    const ref = doc.context.register(loop);
    loop.lookup(PDFName.of('Kids'), PDFArray).push(ref);
    names.set(PDFName.of('EmbeddedFiles'), ref);
    expect(await refusal(await doc.save())).toBe('too-complex');
  });

  it('never throws on damaged input: truncated anywhere, bytes flipped, or junk after the header', async () => {
    const good = await pdfWith([{ name: 'credential.json', data: CREDENTIAL }]);
    for (let cut = 0; cut < good.length; cut += Math.ceil(good.length / 60)) {
      const read = await reader.embeddedFiles(good.subarray(0, cut));
      if (read.ok) expect(read.files.every((f) => f.bytes === undefined || f.bytes.length <= reader.maxFileBytes)).toBe(true);
    }
    for (let at = 9; at < good.length; at += Math.ceil(good.length / 60)) {
      const flipped = new Uint8Array(good);
      flipped[at] = flipped[at]! ^ 0xff;
      await reader.embeddedFiles(flipped);
    }
    expect(await refusal(new TextEncoder().encode('%PDF-1.7\n\x00\x01garbage'))).toBe('unreadable');
    expect(await credentialInPdf(reader, await pdfWith([]))).toMatchObject({ ok: false, why: { code: 'source-pdf-no-credential' } });
  });
});
