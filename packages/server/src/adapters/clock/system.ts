import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../../domain/shared/ports.js';

export const systemClock: Clock = { now: () => new Date() };

export const randomIds: IdGenerator = {
  id: () => randomUUID(),
  token: (bytes = 32) => randomBytes(bytes).toString('base64url'),
};
