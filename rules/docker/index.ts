import type { Rule } from '../../src/engine/types.js';
import addRemoteUrl from './add-remote-url.js';
import curlPipeShell from './curl-pipe-shell.js';
import devServerCmd from './dev-server-cmd.js';
import frontendBuildMissing from './frontend-build-missing.js';
import noHealthcheck from './no-healthcheck.js';
import runsAsRoot from './runs-as-root.js';
import secretInImage from './secret-in-image.js';
import unpinnedBase from './unpinned-base.js';

export default [addRemoteUrl, curlPipeShell, devServerCmd, frontendBuildMissing, noHealthcheck, runsAsRoot, secretInImage, unpinnedBase] satisfies Rule[];
