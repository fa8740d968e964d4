import type { Reporter } from './types.js';

// Placeholder until the SARIF reporter lands: see issue 2.
export const sarifReporter: Reporter = () => {
  throw new Error('SARIF output is not implemented yet');
};
