// The catalogue of bad inputs and server misbehaviours: each case says what it does, the typed error it
// must end in and the time it must end within. catalogue.test.ts runs each under the four defect checks.
// The cases live by theme in catalogue-server.ts, catalogue-answers.ts and catalogue-input.ts; what they share
// is in catalogue-kit.ts.

import { ANSWER_CASES } from './catalogue-answers.js';
import { INPUT_CASES } from './catalogue-input.js';
import type { Case } from './catalogue-kit.js';
import { SERVER_CASES } from './catalogue-server.js';

export { BEARER, type Case, type CaseEnv, CREDENTIALS, type ErrorClass } from './catalogue-kit.js';

export const CATALOGUE: readonly Case[] = [...SERVER_CASES, ...ANSWER_CASES, ...INPUT_CASES];
