import type { Rule } from '../../src/engine/types.js';
import lockfileDrift from './lockfile-drift.js';
import missingLockfile from './missing-lockfile.js';
import multipleLockfiles from './multiple-lockfiles.js';
import unhashedRequirements from './unhashed-requirements.js';
import unpinned from './unpinned.js';

export default [lockfileDrift, missingLockfile, multipleLockfiles, unhashedRequirements, unpinned] satisfies Rule[];
