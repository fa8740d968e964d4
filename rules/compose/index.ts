import type { Rule } from '../../src/engine/types.js';
import defaultCredentials from './default-credentials.js';
import dockerSocket from './docker-socket.js';
import exposedDatastore from './exposed-datastore.js';
import floatingImage from './floating-image.js';
import noLogRotation from './no-log-rotation.js';
import noRestartOrLimits from './no-restart-or-limits.js';
import privileged from './privileged.js';

export default [defaultCredentials, dockerSocket, exposedDatastore, floatingImage, noLogRotation, noRestartOrLimits, privileged] satisfies Rule[];
