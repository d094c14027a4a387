/** Sample neutral-model inputs shared by the core tests (pure data, no I/O). */
import type { Achievement, Award, IssuerProfile } from '../model.js';
import type { Ob3Links } from './links.js';

export const sampleIssuer: IssuerProfile = {
  id: 'iss1',
  name: 'Example University',
  url: 'https://uni.example',
  email: 'badges@uni.example',
  description: 'A university',
  image: 'https://uni.example/logo.png',
};

export const sampleAchievement: Achievement = {
  id: 'ach1',
  issuerId: 'iss1',
  kind: 'certificate',
  name: 'Intro to Rust',
  description: 'Completed the course',
  criteria: { narrative: 'Pass all modules', url: 'https://uni.example/criteria/rust' },
  image: 'https://uni.example/rust.png',
  tags: ['rust', 'programming'],
  alignments: [{ targetName: 'Systems', targetUrl: 'https://fw.example/systems', targetFramework: 'FW', targetCode: 'S1' }],
};

export const sampleAward: Award = {
  id: 'cred1',
  achievementId: 'ach1',
  status: 'active',
  issuedOn: '2026-01-02T03:04:05Z',
  expires: '2028-01-02T03:04:05Z',
  narrative: 'Did great',
  evidence: [{ id: 'https://uni.example/evidence/1', name: 'Project', narrative: 'Built a thing' }],
  recipient: {
    type: 'email',
    identityHash: 'sha256$3f5e0b5c16b1d2c1b1f3b1e3b1d1c1a1b1f1e1d1c1b1a191817161514131211',
    salt: 'salty',
  },
};

export function sampleLinks(issuerId: string): Ob3Links {
  return {
    credential: 'https://badges.example.org/ob3/credentials/cred1',
    issuer: issuerId,
    achievement: 'https://badges.example.org/ob3/achievements/ach1',
  };
}
