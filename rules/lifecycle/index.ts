import type { Rule } from '../../src/engine/types.js';
import noGracefulShutdown from './no-graceful-shutdown.js';

export default [noGracefulShutdown] satisfies Rule[];
