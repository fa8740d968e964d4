import type { Reporter } from './types.js';

// Placeholder until the Markdown reporter lands: see issue 2.
export const markdownReporter: Reporter = () => {
  throw new Error('Markdown output is not implemented yet');
};
