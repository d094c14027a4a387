import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { PDFHexString, PDFName, PDFRawStream, PDFString, type PDFDocument } from 'pdf-lib';

/** PDF/A-3 part and conformance level the certificate claims (B: the visual appearance is preserved). */
export const PDFA = { part: 3, conformance: 'B' } as const;

/** The sRGB profile of the output intent: `packages/server/color/sRGB.icc` (Debian's icc-profiles-free, zlib licence; see SOURCE.md there). */
export const SRGB_PROFILE = fileURLToPath(new URL('../../../color/sRGB.icc', import.meta.url));

let deflatedProfile: Uint8Array | undefined;
/** The profile, read and deflated once per process (each PDF only copies ~3 KB). */
function srgbProfile(): Uint8Array {
  deflatedProfile ??= new Uint8Array(deflateSync(readFileSync(SRGB_PROFILE)));
  return deflatedProfile;
}

/** What the Info dictionary and the XMP metadata both say (PDF/A requires them to agree). */
export interface PdfaDescription {
  title: string;
  author: string;
  subject: string;
  language: string;
  created: Date;
  /** Seeds the document ID (the same description gives the same ID). */
  idSeed: string;
}

const CREATOR = 'Laurel';
const PRODUCER = 'Laurel (pdf-lib, HarfBuzz)';

/** Text XML 1.0 can hold: no C0 controls (but tab, line feed, carriage return), no lone surrogates, no U+FFFE/FFFF. */
export function xmlSafe(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An XMP date: ISO 8601 to the second, in UTC. */
const xmpDate = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The XMP packet (ISO 16684-1) with the PDF/A identification and the Info dictionary's entries. */
export function xmpPacket(d: PdfaDescription): string {
  const [title, author, subject, language] = [d.title, d.author, d.subject, d.language].map((v) => escapeXml(xmlSafe(v)));
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>${PDFA.part}</pdfaid:part>
   <pdfaid:conformance>${PDFA.conformance}</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>${author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>${language}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>
   <xmp:CreateDate>${xmpDate(d.created)}</xmp:CreateDate>
   <xmp:ModifyDate>${xmpDate(d.created)}</xmp:ModifyDate>
   <xmp:MetadataDate>${xmpDate(d.created)}</xmp:MetadataDate>
   <pdf:Producer>${PRODUCER}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/**
 * Makes a document PDF/A-3b: Info dictionary and XMP metadata saying the same (XML-safe) things, an
 * sRGB output intent with its ICC profile embedded, and a document ID in the trailer. The rest of
 * PDF/A is the renderer's to keep: embedded fonts, no transparency, no JavaScript or encryption, and
 * attachments as associated files (see renderCertificate).
 */
export function makePdfA3(doc: PDFDocument, d: PdfaDescription): void {
  const [title, author, subject] = [d.title, d.author, d.subject].map(xmlSafe) as [string, string, string];
  doc.setTitle(title);
  doc.setAuthor(author);
  doc.setSubject(subject);
  doc.setLanguage(d.language);
  doc.setCreator(CREATOR);
  doc.setProducer(PRODUCER);
  doc.setCreationDate(d.created);
  doc.setModificationDate(d.created);
  const { context, catalog } = doc;
  const xmp = new TextEncoder().encode(xmpPacket(d));
  // Not compressed, so a reader that knows nothing of PDF streams still finds the packet.
  catalog.set(PDFName.of('Metadata'), context.register(PDFRawStream.of(context.obj({ Type: 'Metadata', Subtype: 'XML', Length: xmp.length }), xmp)));
  const icc = srgbProfile();
  const profile = context.register(PDFRawStream.of(context.obj({ N: 3, Filter: 'FlateDecode', Length: icc.length }), icc));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    DestOutputProfile: profile,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([intent]));
  const id = PDFHexString.of(createHash('sha256').update(d.idSeed).digest('hex').slice(0, 32));
  context.trailerInfo.ID = context.obj([id, id]);
}
