import type { CertificateLook } from '../../domain/certificates/ports.js';
import type { CertificateFacts } from '../../domain/public-pages/ports.js';
import sharp from 'sharp';

/** Sample certificates: the script tests, the examples in docs/certificates.md and the bench print these. */
/** Names in every script a certificate must print, each as its holder writes it. */
export const SCRIPT_NAMES = {
  latin: 'Zoë Łukasiewicz-Dupré',
  greek: 'Ελένη Παπαδοπούλου',
  cyrillic: 'Дарья Александровна Иванова',
  chinese: '王小明',
  japanese: '山田 はなこ',
  korean: '김민준',
  arabic: 'محمد عبد الله',
  hebrew: 'דוד בן־גוריון',
  devanagari: 'प्रिया शर्मा क्षत्रिय',
} as const;

/** 120 characters, more than one line can hold at the name's size. */
export const LONG_NAME = 'Anna Guadalupe Alessandra Konstantinopoulou-Vanderbilt de la Santísima Trinidad y Montenegro-Wolfeschlegelsteinhausen Jr';

export async function sampleFacts(recipientName: string): Promise<CertificateFacts> {
  return {
    credentialId: 'urn:uuid:7b8f6c1e-2f4a-4c55-9d4e-0d2b6d1f3a90',
    kind: 'certificate',
    recipientName,
    achievementName: 'Advanced Data Stewardship',
    achievementDescription: 'Completed the twelve-week programme on governance, quality and privacy of research data.',
    issuerName: 'Académie Laurel',
    issuerUrl: 'https://laurel.example',
    issuedOn: '2026-03-01T00:00:00Z',
    expiresAt: '2028-03-01T00:00:00Z',
    status: 'active',
    verificationUrl: 'https://laurel.example/verify?url=x',
    pageUrl: 'https://laurel.example/credentials/7b8f6c1e',
    signedCredential: '{"type":["VerifiableCredential","OpenBadgeCredential"]}',
    badgePng: await sealPng(),
  };
}

const SEAL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240">
<circle cx="120" cy="120" r="112" fill="#2f855a"/><circle cx="120" cy="120" r="92" fill="none" stroke="#fff" stroke-width="6"/>
<path d="M120 62l16 34 37 5-27 26 7 37-33-18-33 18 7-37-27-26 37-5z" fill="#fff"/></svg>`;

let seal: Promise<Uint8Array> | undefined;

/** A plain seal (the badge artwork printed above the signature), drawn once. */
export function sealPng(): Promise<Uint8Array> {
  seal ??= sharp(Buffer.from(SEAL_SVG)).png().toBuffer().then((b) => new Uint8Array(b));
  return seal;
}

const png = async (svg: string) => new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());

/** A branded design: portrait, the organisation's colours and logo, two signatories with their signatures. */
export async function sampleLook(orientation: 'portrait' | 'landscape' = 'portrait'): Promise<CertificateLook> {
  const logo = await png(`<svg xmlns="http://www.w3.org/2000/svg" width="380" height="120"><rect width="120" height="120" rx="24" fill="#5b2a86"/><text x="60" y="84" font-size="72" text-anchor="middle" fill="#fff" font-family="DejaVu Serif" font-weight="bold">N</text><text x="138" y="58" font-size="34" fill="#5b2a86" font-family="DejaVu Sans" font-weight="bold">Northwind</text><text x="138" y="96" font-size="26" fill="#5b2a86" font-family="DejaVu Sans">Institute</text></svg>`);
  const signature = (d: string) => png(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="90"><path d="${d}" fill="none" stroke="#1b2a6b" stroke-width="4" stroke-linecap="round"/></svg>`);
  return {
    orientation,
    pageSize: 'auto',
    accentColor: '#5b2a86',
    inkColor: '#1f1535',
    title: 'Diploma',
    logoPng: logo,
    seal: 'badge',
    sealPng: null,
    signatories: [
      { name: 'Dr. Amara Okafor', title: 'Director of Studies', signaturePng: await signature('M10 60 C40 10 60 80 90 40 S140 20 160 55 S220 70 290 30') },
      { name: 'Jean-Luc Moreau', title: 'President of the Board', signaturePng: await signature('M10 50 Q50 5 80 60 T150 45 Q190 20 210 65 T290 40') },
    ],
  };
}
